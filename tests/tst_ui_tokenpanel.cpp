#include "PolicyDocument.h"
#include "TokenPanel.h"

#include "common/TokenFingerprint.h"
#include "decision/CompiledPolicy.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QToolButton>

using namespace scopebench;

namespace {

// Answers when told to, so the test sees the busy state in between.
class FakeIntrospector : public TokenIntrospector {
public:
    using TokenIntrospector::TokenIntrospector;
    void introspect(const IntrospectionSettings &request, const QString &token) override {
        lastRequest = request;
        lastToken = token;
        ++started;
    }
    void cancel() override { ++cancelled; }
    void answer(const TokenKnowledge &knowledge, const QByteArray &raw) {
        Q_EMIT finished(knowledge, raw);
    }

    IntrospectionSettings lastRequest;
    QString lastToken;
    int started = 0;
    int cancelled = 0;
};

// A fixed instant: the panel's clock is set to it.
constexpr qint64 Now = 1700000000;

QByteArray part(const QJsonObject &o) {
    return QJsonDocument(o)
        .toJson(QJsonDocument::Compact)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// Decoded for display only: nothing here verifies it.
QString unsignedJwt(const QJsonObject &claims) {
    return QString::fromLatin1(
        part(QJsonObject{{QStringLiteral("alg"), QStringLiteral("ES256")},
                         {QStringLiteral("typ"), QStringLiteral("at+jwt")}}) +
        '.' + part(claims) + ".c2ln");
}

} // namespace

class TestTokenPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void simulatedScopesFollowTheCatalog();
    void pastedTokenIsMaskedUntilShown();
    void jwtIsDecodedAndMarkedUnverified_data();
    void jwtIsDecodedAndMarkedUnverified();
    void introspectionBusyThenKnown();
    void cancelIgnoresALateAnswer();
    void editingTheTokenForgetsWhatWasLearnt();
    void urlWithUserInfoIsRefused_data();
    void urlWithUserInfoIsRefused();
    void introspectionShowsReadableTimes();
    void copyButtonsCopyTheClaims();
    void claimsGoToSimulation_data();
    void claimsGoToSimulation();

private:
    void click(const char *name);
    void introspectAndAnswer(const TokenFacts &facts);

private:
    std::unique_ptr<PolicyDocument> m_document;
    std::unique_ptr<TokenPanel> m_panel;
    std::unique_ptr<FakeIntrospector> m_introspector;
};

void TestTokenPanel::init() {
    m_panel.reset();
    m_document = std::make_unique<PolicyDocument>();
    m_document->openExample();
    m_panel = std::make_unique<TokenPanel>(m_document.get());
    m_introspector = std::make_unique<FakeIntrospector>();
    m_panel->setIntrospector(m_introspector.get());
    m_panel->show();
}

void TestTokenPanel::simulatedScopesFollowTheCatalog() {
    QSignalSpy changed(m_panel.get(), &TokenPanel::inputChanged);
    m_panel->simulateScopes({QStringLiteral("tags:read"), QStringLiteral("not:in:catalog")});
    QVERIFY(!changed.isEmpty());
    TokenInput input = m_panel->input();
    QCOMPARE(input.kind, TokenInput::Kind::Simulated);
    QCOMPARE(input.simulated.scopes, QStringList{QStringLiteral("tags:read")});
    QVERIFY(input.simulated.present);
    m_panel->simulateScopes({}, false);
    QVERIFY(!m_panel->input().simulated.present);
}

void TestTokenPanel::pastedTokenIsMaskedUntilShown() {
    const QString token = QStringLiteral("opaque-token-value-123");
    m_panel->setPastedToken(token);
    QCOMPARE(m_panel->findChild<QLineEdit *>(QStringLiteral("tokenEdit"))->echoMode(),
             QLineEdit::Password);
    QCOMPARE(m_panel->findChild<QLineEdit *>(QStringLiteral("clientSecret"))->echoMode(),
             QLineEdit::Password);
    QCOMPARE(m_panel->input().kind, TokenInput::Kind::Pasted);
    QCOMPARE(m_panel->input().token, token);
    auto *fingerprint = m_panel->findChild<QLabel *>(QStringLiteral("tokenFingerprint"));
    QVERIFY(fingerprint->text().contains(tokenFingerprint(token)));
    QVERIFY(!fingerprint->text().contains(token));
    m_panel->findChild<QToolButton *>()->click();
    QCOMPARE(m_panel->findChild<QLineEdit *>(QStringLiteral("tokenEdit"))->echoMode(),
             QLineEdit::Normal);
}

void TestTokenPanel::jwtIsDecodedAndMarkedUnverified_data() {
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("shown");
    // {"alg":"none"}.{"scope":"tags:read","sub":"user-1"}.sig
    QTest::newRow("jwt")
        << QStringLiteral(
               "eyJhbGciOiJub25lIn0.eyJzY29wZSI6InRhZ3M6cmVhZCIsInN1YiI6InVzZXItMSJ9.c2ln")
        << QStringLiteral("\"sub\": \"user-1\"");
    QTest::newRow("opaque") << QStringLiteral("abc.def") << QStringLiteral("not a JWT");
    QTest::newRow("bad json") << QStringLiteral("bm90anNvbg.bm90anNvbg.c2ln")
                              << QStringLiteral("not a JWT");
}

void TestTokenPanel::jwtIsDecodedAndMarkedUnverified() {
    QFETCH(QString, token);
    QFETCH(QString, shown);
    m_panel->setPastedToken(token);
    const QString text =
        m_panel->findChild<QPlainTextEdit *>(QStringLiteral("jwtView"))->toPlainText();
    QVERIFY2(text.contains(shown), qPrintable(text));
    const bool jwt = shown.contains(QLatin1String("sub"));
    QCOMPARE(!m_panel->findChild<QLabel *>(QStringLiteral("jwtMark"))->isHidden(), jwt);
}

void TestTokenPanel::introspectionBusyThenKnown() {
    m_panel->setPastedToken(QStringLiteral("tok-1"));
    IntrospectionSettings request;
    request.url = QUrl(QStringLiteral("http://127.0.0.1:1/introspect"));
    request.clientId = QStringLiteral("rs");
    request.clientSecret = QStringLiteral("pw");
    request.timeoutMs = 1500;
    m_panel->setIntrospectionSettings(request);
    m_panel->startIntrospection();
    QCOMPARE(m_introspector->started, 1);
    QCOMPARE(m_introspector->lastToken, QStringLiteral("tok-1"));
    QCOMPARE(m_introspector->lastRequest.clientSecret, QStringLiteral("pw"));
    QCOMPARE(m_introspector->lastRequest.timeoutMs, 1500);
    QVERIFY(m_panel->isBusy());
    m_panel->startIntrospection(); // one at a time
    QCOMPARE(m_introspector->started, 1);

    QSignalSpy changed(m_panel.get(), &TokenPanel::inputChanged);
    TokenFacts facts;
    facts.active = true;
    facts.scopes = {QStringLiteral("entries:read")};
    m_introspector->answer(TokenKnowledge::known(facts),
                           QByteArrayLiteral("{\"active\":true,\"scope\":\"entries:read\"}"));
    QVERIFY(!m_panel->isBusy());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_panel->input().knowledge.state, TokenKnowledge::State::Known);
    QCOMPARE(m_panel->input().knowledge.facts.scopes, facts.scopes);
    auto *result = m_panel->findChild<QPlainTextEdit *>(QStringLiteral("introspectionResult"));
    QVERIFY(result->toPlainText().contains(QStringLiteral("scope: entries:read")));
    QVERIFY(result->toPlainText().contains(QStringLiteral("\"active\": true")));
}

void TestTokenPanel::cancelIgnoresALateAnswer() {
    m_panel->setPastedToken(QStringLiteral("tok-2"));
    m_panel->findChild<QLineEdit *>(QStringLiteral("introspectionUrl"))
        ->setText(QStringLiteral("http://127.0.0.1:1/introspect"));
    m_panel->startIntrospection();
    QVERIFY(m_panel->isBusy());
    m_panel->cancelIntrospection();
    QCOMPARE(m_introspector->cancelled, 1);
    QVERIFY(!m_panel->isBusy());
    m_introspector->answer(TokenKnowledge::failed(QStringLiteral("timeout")), QByteArray());
    QCOMPARE(m_panel->input().knowledge.state, TokenKnowledge::State::NotLookedUp);
}

void TestTokenPanel::editingTheTokenForgetsWhatWasLearnt() {
    m_panel->setPastedToken(QStringLiteral("tok-3"));
    m_panel->findChild<QLineEdit *>(QStringLiteral("introspectionUrl"))
        ->setText(QStringLiteral("http://127.0.0.1:1/introspect"));
    m_panel->startIntrospection();
    m_introspector->answer(TokenKnowledge::failed(QStringLiteral("HTTP 500")), QByteArray());
    QCOMPARE(m_panel->input().knowledge.state, TokenKnowledge::State::IntrospectionFailed);
    QTest::keyClick(m_panel->findChild<QLineEdit *>(QStringLiteral("tokenEdit")), Qt::Key_X);
    QCOMPARE(m_panel->input().knowledge.state, TokenKnowledge::State::NotLookedUp);
    QCOMPARE(m_panel->input().token, QStringLiteral("tok-3x"));
}

void TestTokenPanel::urlWithUserInfoIsRefused_data() {
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("sent");
    QTest::newRow("user and password")
        << QStringLiteral("https://alice:pa55word@as.example/introspect") << false;
    QTest::newRow("user only") << QStringLiteral("https://alice@as.example/introspect") << false;
    QTest::newRow("none") << QStringLiteral("https://as.example/introspect") << true;
}

void TestTokenPanel::urlWithUserInfoIsRefused() {
    QFETCH(QString, url);
    QFETCH(bool, sent);
    m_panel->setPastedToken(QStringLiteral("tok-4"));
    IntrospectionSettings request;
    request.url = QUrl(url);
    request.clientId = QStringLiteral("rs");
    m_panel->setIntrospectionSettings(request);
    m_panel->startIntrospection();
    QCOMPARE(m_introspector->started, sent ? 1 : 0);
    QCOMPARE(m_panel->isBusy(), sent);
    const QString status =
        m_panel->findChild<QLabel *>(QStringLiteral("introspectionStatus"))->text();
    if (!sent)
        QVERIFY2(status.contains(QStringLiteral("user name or password")), qPrintable(status));
    QVERIFY(!status.contains(QStringLiteral("pa55word")));
}

void TestTokenPanel::click(const char *name) {
    auto *button = m_panel->findChild<QAbstractButton *>(QLatin1String(name));
    QVERIFY2(button, name);
    QVERIFY2(button->isEnabled(), name);
    QTest::mouseClick(button, Qt::LeftButton);
}

void TestTokenPanel::introspectAndAnswer(const TokenFacts &facts) {
    m_panel->findChild<QLineEdit *>(QStringLiteral("introspectionUrl"))
        ->setText(QStringLiteral("http://127.0.0.1:1/introspect"));
    click("introspectButton");
    QVERIFY(m_panel->isBusy());
    m_introspector->answer(TokenKnowledge::known(facts), QByteArray());
}

// "What users of jwt.io expect": every NumericDate as a date and how far away it is.
void TestTokenPanel::introspectionShowsReadableTimes() {
    m_panel->setClock([] { return Now; });
    m_panel->setPastedToken(QStringLiteral("opaque-1"));
    TokenFacts facts;
    facts.active = true;
    facts.exp = Now + 720;
    facts.iat = Now - 180;
    facts.nbf = Now - 180;
    facts.raw = QJsonObject{{QStringLiteral("auth_time"), double(Now - 3 * 86400)}};
    introspectAndAnswer(facts);
    const QString text =
        m_panel->findChild<QPlainTextEdit *>(QStringLiteral("introspectionResult"))->toPlainText();
    for (const char *line :
         {"exp: 2023-11-14 22:25:20 UTC (in 12 min)", "iat: 2023-11-14 22:10:20 UTC (3 min ago)",
          "nbf: 2023-11-14 22:10:20 UTC (3 min ago)",
          "auth_time: 2023-11-11 22:13:20 UTC (3 days ago)"})
        QVERIFY2(text.contains(QLatin1String(line)), qPrintable(text));
}

void TestTokenPanel::copyButtonsCopyTheClaims() {
    QClipboard *clipboard = QGuiApplication::clipboard();
    // Nothing pasted: nothing to copy.
    m_panel->setPastedToken(QString());
    for (const char *name : {"copyToken", "copyScope", "copyAud", "copyExp", "useInSimulation"})
        QVERIFY2(!m_panel->findChild<QToolButton *>(QLatin1String(name))->isEnabled(), name);

    // A JWT: its claims as decoded.
    const QString token = unsignedJwt(
        QJsonObject{{QStringLiteral("scope"), QStringLiteral("tags:read entries:read")},
                    {QStringLiteral("aud"), QJsonArray{QStringLiteral("https://a.example/mcp"),
                                                       QStringLiteral("https://b.example/mcp")}},
                    {QStringLiteral("exp"), double(Now + 720)}});
    m_panel->setPastedToken(token);
    click("copyToken");
    QCOMPARE(clipboard->text(), token);
    click("copyScope");
    QCOMPARE(clipboard->text(), QStringLiteral("tags:read entries:read"));
    click("copyAud");
    QCOMPARE(clipboard->text(), QStringLiteral("https://a.example/mcp https://b.example/mcp"));
    click("copyExp");
    QCOMPARE(clipboard->text(), QString::number(Now + 720));

    // Once introspected, what the authorization server said.
    TokenFacts facts;
    facts.active = true;
    facts.scopes = {QStringLiteral("user:read")};
    facts.aud = {QStringLiteral("https://c.example/mcp")};
    facts.audPresent = true;
    introspectAndAnswer(facts);
    click("copyScope");
    QCOMPARE(clipboard->text(), QStringLiteral("user:read"));
    click("copyAud");
    QCOMPARE(clipboard->text(), QStringLiteral("https://c.example/mcp"));
    QVERIFY(!m_panel->findChild<QToolButton *>(QStringLiteral("copyExp"))->isEnabled());

    // An opaque token not looked up has only itself to copy.
    m_panel->setPastedToken(QStringLiteral("opaque-2"));
    QVERIFY(m_panel->findChild<QToolButton *>(QStringLiteral("copyToken"))->isEnabled());
    QVERIFY(!m_panel->findChild<QToolButton *>(QStringLiteral("copyScope"))->isEnabled());
    QVERIFY(!m_panel->findChild<QToolButton *>(QStringLiteral("useInSimulation"))->isEnabled());
}

void TestTokenPanel::claimsGoToSimulation_data() {
    QTest::addColumn<bool>("introspected"); // else decoded from the JWT
    QTest::addColumn<bool>("active");
    QTest::newRow("introspected, active") << true << true;
    QTest::newRow("introspected, inactive") << true << false;
    QTest::newRow("decoded JWT") << false << true;
}

// "Use these claims in Simulate scopes": one click, and the simulation decides as the pasted
// token was decided, ready to be played with.
void TestTokenPanel::claimsGoToSimulation() {
    QFETCH(bool, introspected);
    QFETCH(bool, active);
    m_panel->setClock([] { return Now; });
    const QStringList scopes{QStringLiteral("entries:read"), QStringLiteral("not:in:catalog")};
    const QString resource = CompiledPolicy(m_document->policy()).resource();
    if (introspected) {
        m_panel->setPastedToken(QStringLiteral("opaque-3"));
        TokenFacts facts;
        facts.active = active;
        facts.scopes = scopes;
        facts.exp = Now + 600;
        facts.nbf = Now - 60;
        facts.aud = {resource};
        facts.audPresent = true;
        introspectAndAnswer(facts);
    } else {
        m_panel->setPastedToken(
            unsignedJwt(QJsonObject{{QStringLiteral("scope"), scopes.join(u' ')},
                                    {QStringLiteral("aud"), resource},
                                    {QStringLiteral("exp"), double(Now + 600)},
                                    {QStringLiteral("nbf"), double(Now - 60)}}));
    }
    const CompiledPolicy compiled(m_document->policy());
    const QString tool = QStringLiteral("list_entries");
    const Decision pasted = m_panel->input().decide(compiled, tool, Now).decision;
    if (!introspected)
        QCOMPARE(pasted.outcome, Outcome::NeedsIntrospection);

    click("useInSimulation");
    QCOMPARE(m_panel->findChild<QTabWidget *>(QStringLiteral("tokenTabs"))->currentIndex(), 0);
    const TokenInput input = m_panel->input();
    QCOMPARE(input.kind, TokenInput::Kind::Simulated);
    QVERIFY(input.simulated.present);
    QCOMPARE(input.simulated.active, active);
    QCOMPARE(input.simulated.scopes, QStringList{QStringLiteral("entries:read")});
    QCOMPARE(input.simulated.exp, std::optional<qint64>(Now + 600));
    QCOMPARE(input.simulated.nbf, std::optional<qint64>(Now - 60));
    QCOMPARE(input.simulated.aud, QStringList{resource});
    const QString note = m_panel->findChild<QLabel *>(QStringLiteral("simulateNote"))->text();
    QVERIFY2(note.contains(QLatin1String("not:in:catalog")), qPrintable(note));
    const Decision simulated = input.decide(compiled, tool, Now).decision;
    QCOMPARE(simulated.outcome, active ? Outcome::Allow : Outcome::Unauthorized);
    if (introspected)
        QCOMPARE(simulated.outcome, pasted.outcome);
}

QTEST_MAIN(TestTokenPanel)
#include "tst_ui_tokenpanel.moc"
