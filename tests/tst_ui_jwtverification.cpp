#include "JwtVerificationPanel.h"
#include "PolicyDocument.h"
#include "TokenPanel.h"

#include "decision/CompiledPolicy.h"

#include <QCheckBox>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
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

} // namespace

class TestJwtVerification : public QObject {
    Q_OBJECT

private Q_SLOTS:
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
        const qint64 now = 1700000000;
        const QString text = JwtVerificationPanel::describe(
            QJsonObject{{QStringLiteral("alg"), QStringLiteral("ES256")}},
            QJsonObject{{QStringLiteral("exp"), double(now + 720)},
                        {QStringLiteral("iat"), double(now - 180)}},
            now);
        QVERIFY2(text.contains(QLatin1String("2023-11-14T22:25:20Z, in 12 min")), qPrintable(text));
        QVERIFY2(text.contains(QLatin1String("3 min ago")), qPrintable(text));
    }

    void relativeTime_data() {
        QTest::addColumn<qint64>("delta");
        QTest::addColumn<QString>("expected");
        QTest::newRow("now") << qint64(0) << "now";
        QTest::newRow("seconds ahead") << qint64(42) << "in 42 s";
        QTest::newRow("minutes ago") << qint64(-185) << "3 min ago";
        QTest::newRow("hours ahead") << qint64(7200) << "in 2 h";
        QTest::newRow("days ago") << qint64(-3 * 86400) << "3 days ago";
    }
    void relativeTime() {
        QFETCH(qint64, delta);
        QFETCH(QString, expected);
        QCOMPARE(JwtVerificationPanel::relativeTime(1000000 + delta, 1000000), expected);
    }

private:
    std::unique_ptr<PolicyDocument> m_document;
    std::unique_ptr<TokenPanel> m_panel;
    std::unique_ptr<FakeVerifier> m_verifier;
};

QTEST_MAIN(TestJwtVerification)
#include "tst_ui_jwtverification.moc"
