#include "TokenInput.h"
#include "http/CurlCommand.h"

#include "policy/PolicyFile.h"

#include <QTest>

using namespace scopebench;

// What the preview shows for each kind of token, through the core's one decision.
class TestTokenInput : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pasted_data();
    void pasted();
    void simulated_data();
    void simulated();
    void curlNeverHoldsTheToken_data();
    void curlNeverHoldsTheToken();

private:
    CompiledPolicy m_policy;
};

void TestTokenInput::initTestCase() {
    auto policy = PolicyFile::load(PolicyFile::bundledExample());
    QVERIFY(policy.ok());
    m_policy = CompiledPolicy(policy.value());
}

void TestTokenInput::pasted_data() {
    QTest::addColumn<QString>("token");
    QTest::addColumn<int>("state"); // TokenKnowledge::State
    QTest::addColumn<QStringList>("scopes");
    QTest::addColumn<QString>("tool");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<int>("status");

    const int notLookedUp = int(TokenKnowledge::State::NotLookedUp);
    const int failed = int(TokenKnowledge::State::IntrospectionFailed);
    const int known = int(TokenKnowledge::State::Known);
    QTest::newRow("no token") << QString() << notLookedUp << QStringList() << QString()
                              << int(Outcome::Unauthorized) << 401;
    QTest::newRow("not b64token") << QStringLiteral("a\u00e9b") << notLookedUp << QStringList()
                                  << QString() << int(Outcome::Unauthorized) << 401;
    QTest::newRow("well-formed, unknown")
        << QStringLiteral("abc.def") << notLookedUp << QStringList() << QString()
        << int(Outcome::NeedsIntrospection) << 0;
    QTest::newRow("introspection failed") << QStringLiteral("abc") << failed << QStringList()
                                          << QString() << int(Outcome::Unavailable) << 503;
    QTest::newRow("known, enough")
        << QStringLiteral("abc") << known << QStringList{QStringLiteral("entries:write")}
        << QStringLiteral("create_entry") << int(Outcome::Allow) << 200;
    QTest::newRow("known, not enough for the tool")
        << QStringLiteral("abc") << known << QStringList{QStringLiteral("entries:read")}
        << QStringLiteral("create_entry") << int(Outcome::Forbidden) << 403;
}

void TestTokenInput::pasted() {
    QFETCH(QString, token);
    QFETCH(int, state);
    QFETCH(QStringList, scopes);
    QFETCH(QString, tool);
    QFETCH(int, outcome);
    QFETCH(int, status);
    TokenInput input;
    input.kind = TokenInput::Kind::Pasted;
    input.token = token;
    if (state == int(TokenKnowledge::State::IntrospectionFailed)) {
        input.knowledge = TokenKnowledge::failed(QStringLiteral("timeout"));
    } else if (state == int(TokenKnowledge::State::Known)) {
        TokenFacts facts;
        facts.active = true;
        facts.scopes = scopes;
        input.knowledge = TokenKnowledge::known(facts);
    }
    const DecisionReport report = input.decide(m_policy, tool, 1700000000);
    QCOMPARE(int(report.decision.outcome), outcome);
    if (status)
        QCOMPARE(report.decision.status(), status);
    QCOMPARE(report.grantedScopes, scopes);
    QVERIFY(!report.decision.response.toRaw().contains(token.toUtf8()) || token.isEmpty());
}

void TestTokenInput::simulated_data() {
    QTest::addColumn<bool>("present");
    QTest::addColumn<QStringList>("scopes");
    QTest::addColumn<int>("status");
    QTest::newRow("no header") << false << QStringList() << 401;
    QTest::newRow("no scopes") << true << QStringList() << 403;
    QTest::newRow("one scope") << true << QStringList{QStringLiteral("tags:read")} << 200;
}

void TestTokenInput::simulated() {
    QFETCH(bool, present);
    QFETCH(QStringList, scopes);
    QFETCH(int, status);
    TokenInput input;
    input.simulated.present = present;
    input.simulated.scopes = scopes;
    QCOMPARE(input.decide(m_policy, QString(), 1700000000).decision.status(), status);
}

void TestTokenInput::curlNeverHoldsTheToken_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("tool");
    QTest::newRow("discover") << QStringLiteral("http://127.0.0.1:8787/mcp") << QString();
    QTest::newRow("tool call") << QStringLiteral("http://127.0.0.1:8787/mcp")
                               << QStringLiteral("create_entry");
    QTest::newRow("quote in url") << QStringLiteral("http://127.0.0.1:1/it's") << QString();
}

void TestTokenInput::curlNeverHoldsTheToken() {
    QFETCH(QString, url);
    QFETCH(QString, tool);
    const QString command = CurlCommand::build(url, tool);
    QVERIFY(command.contains(QStringLiteral("\"Authorization: Bearer $TOKEN\"")));
    QVERIFY(command.contains(tool.isEmpty() ? QStringLiteral("\"server/discover\"")
                                            : QStringLiteral("\"name\":\"") + tool + u'"'));
    if (url.contains(u'\''))
        QVERIFY(command.contains(QStringLiteral("'\\''")));
}

QTEST_MAIN(TestTokenInput)
#include "tst_ui_tokeninput.moc"
