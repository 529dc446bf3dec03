#include "ClientTokenIntrospector.h"
#include "DecisionPreview.h"
#include "OutcomeBadge.h"
#include "PolicyDocument.h"
#include "TokenPanel.h"

#include "support/TestAuthorizationServerHost.h"

#include <QSignalSpy>
#include <QTest>

using namespace scopebench;

// Live introspection from the token panel against the built-in test authorization server on
// 127.0.0.1:0, and the preview deciding with what it learnt.
class TestClientTokenIntrospector : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void introspectedTokenDecides_data();
    void introspectedTokenDecides();
    void cancelledLookupReportsNothing();

private:
    void preparePanel(TokenPanel &panel, const QString &token, const QString &secret);

    std::unique_ptr<TestAuthorizationServerHost> m_host;
    ClientTokenIntrospector m_introspector;
};

void TestClientTokenIntrospector::initTestCase() {
    TestAuthorizationServer::Settings settings;
    settings.clientId = QStringLiteral("workbench-test");
    settings.clientSecret = QStringLiteral("workbench-secret");
    settings.catalog = {QStringLiteral("user:read"), QStringLiteral("entries:read"),
                        QStringLiteral("entries:write"), QStringLiteral("tags:read"),
                        QStringLiteral("tags:write")};
    m_host = std::make_unique<TestAuthorizationServerHost>(settings);
    const auto listening = m_host->listen();
    QVERIFY2(listening.ok(), qPrintable(listening.error().toString()));
}

void TestClientTokenIntrospector::preparePanel(TokenPanel &panel, const QString &token,
                                               const QString &secret) {
    panel.setIntrospector(&m_introspector);
    panel.setPastedToken(token);
    IntrospectionSettings request;
    request.url = QUrl(m_host->authorizationServer()->introspectionEndpoint());
    request.clientId = QStringLiteral("workbench-test");
    request.clientSecret = secret;
    panel.setIntrospectionSettings(request);
}

void TestClientTokenIntrospector::introspectedTokenDecides_data() {
    QTest::addColumn<QStringList>("scopes");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("tool");
    QTest::addColumn<int>("outcome");

    QTest::newRow("allowed") << QStringList{QStringLiteral("entries:write")}
                             << QStringLiteral("workbench-secret") << QStringLiteral("create_entry")
                             << int(Outcome::Allow);
    QTest::newRow("too few for the tool")
        << QStringList{QStringLiteral("entries:read")} << QStringLiteral("workbench-secret")
        << QStringLiteral("create_entry") << int(Outcome::Forbidden);
    QTest::newRow("no scopes") << QStringList() << QStringLiteral("workbench-secret") << QString()
                               << int(Outcome::Forbidden);
    // The authorization server refuses the resource server: introspection failed, 503.
    QTest::newRow("wrong client secret")
        << QStringList{QStringLiteral("entries:write")} << QStringLiteral("not-the-secret")
        << QString() << int(Outcome::Unavailable);
}

void TestClientTokenIntrospector::introspectedTokenDecides() {
    QFETCH(QStringList, scopes);
    QFETCH(QString, secret);
    QFETCH(QString, tool);
    QFETCH(int, outcome);

    PolicyDocument document;
    document.openExample();
    TokenPanel panel(&document);
    DecisionPreview preview(&document);
    connect(&panel, &TokenPanel::inputChanged, &preview, &DecisionPreview::setToken);
    const auto issued = m_host->authorizationServer()->mint(scopes, 600, QString());
    preparePanel(panel, issued.accessToken, secret);
    preview.setTool(tool);
    preview.flush();
    QCOMPARE(preview.report().decision.outcome, Outcome::NeedsIntrospection);

    QSignalSpy changed(&panel, &TokenPanel::inputChanged);
    panel.startIntrospection();
    QVERIFY(panel.isBusy());
    QVERIFY(changed.wait(10000));
    QVERIFY(!panel.isBusy());
    preview.flush();
    QCOMPARE(int(preview.report().decision.outcome), outcome);
    QCOMPARE(int(preview.findChild<OutcomeBadge *>(QStringLiteral("outcomeBadge"))->outcome()),
             outcome);
    if (outcome != int(Outcome::Unavailable))
        QCOMPARE(panel.input().knowledge.facts.scopes, scopes);
    // The token itself appears nowhere in what the preview shows.
    QVERIFY(!preview.rawResponse().contains(issued.accessToken));
    QVERIFY(!preview.curlCommand().contains(issued.accessToken));
}

void TestClientTokenIntrospector::cancelledLookupReportsNothing() {
    PolicyDocument document;
    document.openExample();
    TokenPanel panel(&document);
    const auto issued =
        m_host->authorizationServer()->mint({QStringLiteral("tags:read")}, 600, QString());
    preparePanel(panel, issued.accessToken, QStringLiteral("workbench-secret"));
    QSignalSpy finished(&m_introspector, &TokenIntrospector::finished);
    panel.startIntrospection();
    panel.cancelIntrospection();
    QVERIFY(!panel.isBusy());
    // A later lookup still works, and the cancelled one never reports.
    QSignalSpy changed(&panel, &TokenPanel::inputChanged);
    panel.startIntrospection();
    QVERIFY(changed.wait(10000));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(panel.input().knowledge.state, TokenKnowledge::State::Known);
}

QTEST_MAIN(TestClientTokenIntrospector)
#include "tst_ui_clienttokenintrospector.moc"
