#include "DecisionPreview.h"
#include "JwtVerificationPanel.h"
#include "MainWindow.h"
#include "PolicyDocument.h"
#include "ServerPanel.h"
#include "TokenPanel.h"

#include "decision/CompiledPolicy.h"
#include "jose/Jws.h"
#include "jose/SigningKey.h"
#include "jwt/JwtAccessTokenVerifier.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QGuiApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace scopebench;

namespace {

const QString Issuer = QStringLiteral("https://as.example");

// Answers when told to; remembers what it was asked.
class FakeVerifier : public TokenVerifier {
public:
    using TokenVerifier::TokenVerifier;
    void verify(const QString &token, const JwtVerifierOptions &options) override {
        lastToken = token;
        lastOptions = options;
        ++started;
    }
    void cancel() override { ++cancelled; }
    void answer(const JwtLookupResult &result) { Q_EMIT finished(result); }

    QString lastToken;
    JwtVerifierOptions lastOptions;
    int started = 0;
    int cancelled = 0;
};

QByteArray part(const QJsonObject &o) {
    return QJsonDocument(o)
        .toJson(QJsonDocument::Compact)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

// Decoded only: the fake verifier decides what verification says.
QString jwt(const QString &iss, const QString &scope, qint64 exp) {
    return QString::fromLatin1(part(QJsonObject{{QStringLiteral("alg"), QStringLiteral("ES256")},
                                                {QStringLiteral("typ"), QStringLiteral("at+jwt")},
                                                {QStringLiteral("kid"), QStringLiteral("k1")}}) +
                               '.' +
                               part(QJsonObject{{QStringLiteral("iss"), iss},
                                                {QStringLiteral("sub"), QStringLiteral("alice")},
                                                {QStringLiteral("scope"), scope},
                                                {QStringLiteral("exp"), double(exp)}}) +
                               ".c2ln");
}

// A fixed instant: the real verifier and the views take the clock as a parameter.
constexpr qint64 Now = 1700000000;

} // namespace

class TestJwtVerification : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_settingsDir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("ScopebenchTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_jwtverification"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    }

    void init() {
        m_panel.reset();
        m_document = std::make_unique<PolicyDocument>();
        m_document->openExample();
        Policy policy = m_document->policy();
        policy.authorizationServers = {Issuer};
        m_document->replacePolicy(policy);
        m_panel = std::make_unique<TokenPanel>(m_document.get());
        m_verifier = std::make_unique<FakeVerifier>();
        m_panel->setTokenVerifier(m_verifier.get());
        m_panel->show();
    }

    // The policy's issuer is taken from iss and the token verified at once; a refusal makes the
    // preview's decision the 401 and says which check failed.
    void policyIssuerVerifiesAtOnce() {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QString token = jwt(Issuer, QStringLiteral("tags:read"), now + 720);
        m_panel->setPastedToken(token);
        QCOMPARE(m_verifier->started, 1);
        QCOMPARE(m_verifier->lastToken, token);
        QCOMPARE(m_verifier->lastOptions.trustedIssuers, QStringList{Issuer});
        const CompiledPolicy compiled(m_document->policy());
        QCOMPARE(m_verifier->lastOptions.resource, compiled.resource());
        QCOMPARE(m_panel->findChild<QLineEdit *>(QStringLiteral("jwtIssuer"))->text(), Issuer);
        // Before the answer nothing is known: the preview says the token must be looked up.
        QCOMPARE(m_panel->input().knowledge.state, TokenKnowledge::State::NotLookedUp);

        JwtLookupResult refused;
        refused.verification.failed = JwtCheck::Signature;
        refused.verification.reason = QStringLiteral("the signature does not verify");
        refused.verification.passed = {JwtCheck::Format, JwtCheck::Algorithm};
        refused.knowledge = JwtTokenLookup::knowledgeFrom(refused.verification);
        m_verifier->answer(refused);
        QCOMPARE(m_panel->input().knowledge.state, TokenKnowledge::State::Refused);
        QCOMPARE(m_panel->input().decide(compiled, QString(), now).decision.status(), 401);
        const QString status =
            m_panel->findChild<QLabel *>(QStringLiteral("jwtVerificationStatus"))->text();
        QVERIFY2(status.contains(QLatin1String("signature")) &&
                     status.contains(QLatin1String("401")),
                 qPrintable(status));
        const QString checks =
            m_panel->findChild<QPlainTextEdit *>(QStringLiteral("jwtChecks"))->toPlainText();
        QVERIFY2(checks.contains(JwtVerification::checkName(JwtCheck::Algorithm)),
                 qPrintable(checks));
        QVERIFY(!m_panel->findChild<QLabel *>(QStringLiteral("jwtMark"))->isHidden());

        // The what-if decides from the claims as if they were true, and says so.
        auto *whatIf = m_panel->findChild<QCheckBox *>(QStringLiteral("jwtWhatIf"));
        QVERIFY(whatIf->text().contains(QLatin1String("UNVERIFIED")));
        whatIf->setChecked(true);
        QCOMPARE(m_panel->input().knowledge.state, TokenKnowledge::State::Known);
        QCOMPARE(m_panel->input().knowledge.facts.scopes, QStringList{QStringLiteral("tags:read")});
        whatIf->setChecked(false);
        QCOMPARE(m_panel->input().knowledge.state, TokenKnowledge::State::Refused);
    }

    void verifiedTokenIsDecidedFromItsClaims() {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        m_panel->setPastedToken(jwt(Issuer, QStringLiteral("tags:read"), now + 720));
        JwtLookupResult ok;
        ok.verification.ok = true;
        ok.verification.alg = QStringLiteral("ES256");
        ok.verification.kid = QStringLiteral("k1");
        ok.verification.issuer = Issuer;
        ok.verification.passed = JwtVerification::allChecks();
        ok.verification.facts = JwtVerificationPanel::unverifiedFacts(
            QJsonObject{{QStringLiteral("scope"), QStringLiteral("entries:read")},
                        {QStringLiteral("aud"), CompiledPolicy(m_document->policy()).resource()},
                        {QStringLiteral("exp"), double(now + 720)}});
        ok.knowledge = JwtTokenLookup::knowledgeFrom(ok.verification);
        m_verifier->answer(ok);
        const CompiledPolicy compiled(m_document->policy());
        QCOMPARE(
            m_panel->input().decide(compiled, QStringLiteral("list_entries"), now).decision.outcome,
            Outcome::Allow);
        QCOMPARE(m_panel->input()
                     .decide(compiled, QStringLiteral("create_entry"), now)
                     .decision.status(),
                 403);
        QVERIFY(m_panel->findChild<QLabel *>(QStringLiteral("jwtMark"))->isHidden());
        QVERIFY(m_panel->findChild<QLabel *>(QStringLiteral("jwtVerificationStatus"))
                    ->text()
                    .startsWith(QLatin1String("VERIFIED")));
    }

    // An issuer the policy does not list is never trusted on the token's word: it is typed.
    void otherIssuerIsTyped() {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        m_panel->setPastedToken(
            jwt(QStringLiteral("https://evil.example"), QStringLiteral("tags:read"), now + 60));
        QCOMPARE(m_verifier->started, 0);
        auto *issuer = m_panel->findChild<QLineEdit *>(QStringLiteral("jwtIssuer"));
        QVERIFY(issuer->text() != QLatin1String("https://evil.example"));
        issuer->setText(QStringLiteral("https://typed.example"));
        m_panel->findChild<QPushButton *>(QStringLiteral("jwtVerifyButton"))->click();
        QCOMPARE(m_verifier->started, 1);
        QCOMPARE(m_verifier->lastOptions.trustedIssuers,
                 QStringList{QStringLiteral("https://typed.example")});
        // A new token cancels the verification under way and forgets it.
        m_panel->setPastedToken(QStringLiteral("opaque"));
        QCOMPARE(m_verifier->cancelled, 1);
        m_verifier->answer(JwtLookupResult{TokenKnowledge::known(TokenFacts()), {}});
        QCOMPARE(m_panel->input().knowledge.state, TokenKnowledge::State::NotLookedUp);
    }

    void claimsShowHumanTimes() {
        const QString text = JwtVerificationPanel::describe(
            QJsonObject{{QStringLiteral("alg"), QStringLiteral("ES256")}},
            QJsonObject{{QStringLiteral("exp"), double(Now + 720)},
                        {QStringLiteral("iat"), double(Now - 180)},
                        {QStringLiteral("auth_time"), double(Now - 7200)}},
            Now);
        QVERIFY2(text.contains(QLatin1String("// 2023-11-14 22:25:20 UTC (in 12 min)")),
                 qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("// 2023-11-14 22:10:20 UTC (3 min ago)")),
                 qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("// 2023-11-14 20:13:20 UTC (2 h ago)")),
                 qPrintable(text));
    }

    // Defect 11: a token that passes only thanks to the clock-skew leeway says so, in the
    // verification and in the preview's trace; the words are the core's.
    void leewayIsNamed() {
        m_panel->setClock([] { return Now; });
        const QString token = paste(signedJwt({{QStringLiteral("exp"), double(Now - 20)}}));
        answerWithTheRealVerifier(token);
        const QString status =
            m_panel->findChild<QLabel *>(QStringLiteral("jwtVerificationStatus"))->text();
        const QString note = QStringLiteral("expired 20 s ago, accepted within the 60 s leeway");
        QVERIFY2(status.startsWith(QLatin1String("VERIFIED")) && status.contains(note),
                 qPrintable(status));
        const QString checks =
            m_panel->findChild<QPlainTextEdit *>(QStringLiteral("jwtChecks"))->toPlainText();
        QVERIFY2(checks.contains(QStringLiteral("✓ Not expired (exp) — ") + note),
                 qPrintable(checks));
        // The other lifetime check shows its time as people read it.
        QVERIFY2(checks.contains(
                     QStringLiteral("✓ Not issued in the future (iat) — 2023-11-14 22:03:20 UTC "
                                    "(10 min ago)")),
                 qPrintable(checks));
        const DecisionReport report =
            m_panel->input().decide(CompiledPolicy(m_document->policy()), QString(), Now);
        QCOMPARE(report.decision.outcome, Outcome::Allow);
        QCOMPARE(report.decision.trace.at(int(Check::Lifetime)).detail, note);
    }

    // Defect 11: an audience failure shows what was expected and what the token has.
    void audienceMismatchShowsExpectedAndActual() {
        m_panel->setClock([] { return Now; });
        const QString token = paste(
            signedJwt({{QStringLiteral("aud"), QJsonArray{QStringLiteral("https://a.example/mcp"),
                                                          QStringLiteral("b")}}}));
        answerWithTheRealVerifier(token);
        const QString expected = QStringLiteral("audience mismatch: expected ") +
                                 CompiledPolicy(m_document->policy()).canonicalResource() +
                                 QStringLiteral(", token has [https://a.example/mcp, b]");
        const QString status =
            m_panel->findChild<QLabel *>(QStringLiteral("jwtVerificationStatus"))->text();
        QVERIFY2(status.startsWith(QLatin1String("REFUSED at the audience check: ") + expected),
                 qPrintable(status));
        const QString checks =
            m_panel->findChild<QPlainTextEdit *>(QStringLiteral("jwtChecks"))->toPlainText();
        QVERIFY2(checks.contains(expected), qPrintable(checks));
        const DecisionReport report =
            m_panel->input().decide(CompiledPolicy(m_document->policy()), QString(), Now);
        QCOMPARE(report.decision.status(), 401);
        QVERIFY2(report.decision.reason.contains(expected), qPrintable(report.decision.reason));
    }

    // The panel checked the audience against the policy's resource while the preview decides
    // for the running endpoint's: with the server on another port than the policy names, a JWT
    // minted for the server was refused by the panel (401) and allowed by the preview. The real
    // window, server, minted JWT and verifier (the issuer's keys fetched over HTTP).
    void audienceIsTheResourceThePreviewUses() {
        QSettings().clear();
        MainWindow window;
        window.setUnsavedQuestion([](const QString &) { return QMessageBox::Discard; });
        window.restoreSession(); // the EpicMe example: no resource of its own
        window.resize(1366, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        const QString policyResource = CompiledPolicy(window.document()->policy()).resource();

        ServerPanel *server = window.serverPanel();
        server->findChild<QComboBox *>(QStringLiteral("testTokenFormat"))->setCurrentIndex(1);
        server->setListenAddress(QStringLiteral("127.0.0.1"), 0);
        QSignalSpy running(server, &ServerPanel::runningChanged);
        QTest::mouseClick(server->findChild<QPushButton *>(QStringLiteral("startStop")),
                          Qt::LeftButton);
        QVERIFY(running.wait(10000));
        const EndpointAddresses endpoints = server->backend()->endpoints();
        QVERIFY2(endpoints.resource != policyResource, qPrintable(endpoints.resource));
        QVERIFY(!endpoints.jwtIssuers.isEmpty());

        // A JWT for the server's resource, minted as the user does; it lands in the token panel.
        auto *scopes = server->findChild<QLineEdit *>(QStringLiteral("mintScopes"));
        QTest::mouseClick(scopes, Qt::LeftButton);
        QTest::keyClicks(scopes, QStringLiteral("entries:read"));
        auto *audience = server->findChild<QLineEdit *>(QStringLiteral("mintAudience"));
        QTest::mouseClick(audience, Qt::LeftButton);
        QTest::keyClicks(audience, endpoints.resource);
        QTest::mouseClick(server->findChild<QPushButton *>(QStringLiteral("mintButton")),
                          Qt::LeftButton);

        // The built-in issuer is not among the policy's: the user types it and presses Verify.
        TokenPanel *panel = window.tokenPanel();
        auto *issuer = panel->findChild<QLineEdit *>(QStringLiteral("jwtIssuer"));
        QTRY_VERIFY(issuer->isVisible());
        QTest::mouseClick(issuer, Qt::LeftButton);
        issuer->selectAll();
        QTest::keyClicks(issuer, endpoints.jwtIssuers.constFirst());
        QTest::mouseClick(panel->findChild<QPushButton *>(QStringLiteral("jwtVerifyButton")),
                          Qt::LeftButton);
        auto *status = panel->findChild<QLabel *>(QStringLiteral("jwtVerificationStatus"));
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QLatin1String("VERIFIED")) ||
                                     status->text().startsWith(QLatin1String("REFUSED")) ||
                                     status->text().startsWith(QLatin1String("Could not")),
                                 10000);
        QVERIFY2(status->text().startsWith(QLatin1String("VERIFIED")), qPrintable(status->text()));
        window.preview()->setTool(QStringLiteral("list_entries"));
        // Introspection of the minted token may answer after the verification; both agree.
        QTRY_VERIFY(!panel->isBusy());
        window.preview()->flush();
        QCOMPARE(window.preview()->report().decision.outcome, Outcome::Allow);

        // Stopped, the preview decides for the policy's resource again, and so does the panel:
        // the token minted for the server's is now refused by both.
        QTest::mouseClick(server->findChild<QPushButton *>(QStringLiteral("startStop")),
                          Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().startsWith(QLatin1String("REFUSED")), 10000);
        QVERIFY2(status->text().contains(policyResource), qPrintable(status->text()));
        window.preview()->flush();
        QCOMPARE(window.preview()->report().decision.status(), 401);
    }

private:
    // A JWT signed by this test's key for the policy's issuer and resource, with `changes`.
    QString signedJwt(const QJsonObject &changes) {
        QJsonObject claims{{QStringLiteral("iss"), Issuer},
                           {QStringLiteral("sub"), QStringLiteral("alice")},
                           {QStringLiteral("aud"), CompiledPolicy(m_document->policy()).resource()},
                           {QStringLiteral("scope"), QStringLiteral("user:read")},
                           {QStringLiteral("iat"), double(Now - 600)},
                           {QStringLiteral("exp"), double(Now + 600)}};
        for (auto it = changes.begin(); it != changes.end(); ++it)
            claims.insert(it.key(), it.value());
        return QString::fromLatin1(
            Jws::sign(QJsonObject{{QStringLiteral("typ"), QStringLiteral("at+jwt")}},
                      QJsonDocument(claims).toJson(QJsonDocument::Compact), key())
                .value());
    }

    // Pastes `token` into the token field as a user does: the Real token tab, Ctrl+V.
    QString paste(const QString &token) {
        auto *tabs = m_panel->findChild<QTabWidget *>(QStringLiteral("tokenTabs"));
        QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(1).center());
        auto *edit = m_panel->findChild<QLineEdit *>(QStringLiteral("tokenEdit"));
        QGuiApplication::clipboard()->setText(token);
        edit->setFocus();
        QTest::keyClick(edit, Qt::Key_V, Qt::ControlModifier);
        return edit->text();
    }

    // The fake verifier answers what the real core verifier says of `token` with the options
    // the panel asked for, at Now and with this test's key.
    void answerWithTheRealVerifier(const QString &token) {
        QCOMPARE(m_verifier->lastToken, token);
        JwkSet keys;
        keys.keys.append(Jwk::fromJson(key().publicJwk()).value());
        JwtLookupResult result;
        result.verification =
            JwtAccessTokenVerifier::verify(token.toLatin1(), keys, m_verifier->lastOptions, Now);
        result.knowledge = JwtTokenLookup::knowledgeFrom(result.verification);
        m_verifier->answer(result);
    }

    static const SigningKey &key() {
        static const SigningKey made =
            SigningKey::generate(JwsAlgorithm::ES256, QStringLiteral("k1")).value();
        return made;
    }

    QTemporaryDir m_settingsDir;
    std::unique_ptr<PolicyDocument> m_document;
    std::unique_ptr<TokenPanel> m_panel;
    std::unique_ptr<FakeVerifier> m_verifier;
};

QTEST_MAIN(TestJwtVerification)
#include "tst_ui_jwtverification.moc"
