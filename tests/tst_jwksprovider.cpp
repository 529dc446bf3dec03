#include "decision/Decider.h"
#include "jose/Jws.h"
#include "jose/SigningKey.h"
#include "jwt/JwksProvider.h"
#include "jwt/JwtTokenLookup.h"
#include "support/DecisionFixtures.h"
#include "support/JwtIssuerHost.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace scopebench;

namespace {

// Every issuer here is a tenant: /tenant ends its identifier (RFC 8414 section 3.1).
class FakeIssuer : public JwtIssuerHost {
public:
    FakeIssuer()
        : JwtIssuerHost(QStringLiteral("/tenant")) {}
};

SigningKey makeKey(const QString &kid) {
    return SigningKey::generate(JwsAlgorithm::ES256, kid).value();
}

QByteArray tokenFor(const SigningKey &key, const QString &issuer, const QString &kid = QString()) {
    QJsonObject header{{QStringLiteral("typ"), QStringLiteral("at+jwt")}};
    if (!kid.isEmpty())
        header.insert(QStringLiteral("kid"), kid);
    const QJsonObject claims{{QStringLiteral("iss"), issuer},
                             {QStringLiteral("aud"), QStringLiteral("http://127.0.0.1:8787/mcp")},
                             {QStringLiteral("scope"), QStringLiteral("user:read")},
                             {QStringLiteral("exp"), double(fixtures::Now + 300)}};
    return Jws::sign(header, QJsonDocument(claims).toJson(QJsonDocument::Compact), key).value();
}

// Waits for one answer of the provider.
Result<JwkSet> keysOf(JwksProvider &provider, const QString &issuer, bool refresh = false) {
    std::optional<Result<JwkSet>> answer;
    QObject context;
    auto done = [&](const Result<JwkSet> &r) { answer = r; };
    if (refresh)
        provider.refreshKeys(issuer, &context, done);
    else
        provider.keys(issuer, &context, done);
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 10000))
        return Error(QStringLiteral("no answer"), QString());
    return *answer;
}

TokenKnowledge lookUp(JwtTokenLookup &lookup, const QByteArray &token) {
    std::optional<TokenKnowledge> answer;
    QObject context;
    lookup.lookup(token, &context, [&](const TokenKnowledge &k) { answer = k; });
    if (!QTest::qWaitFor([&] { return answer.has_value(); }, 10000))
        return TokenKnowledge::failed(QStringLiteral("no answer"));
    return *answer;
}

} // namespace

class tst_JwksProvider : public QObject {
    Q_OBJECT
private:
    qint64 m_clock = 1'700'000'000'000;

    std::unique_ptr<JwksProvider> provider(JwksProviderSettings s = {}) {
        auto p = std::make_unique<JwksProvider>(s);
        p->setClock([this] { return m_clock; });
        return p;
    }

private Q_SLOTS:
    void init() { m_clock = 1'700'000'000'000; }

    void wellKnownUrls() {
        const QUrl issuer(QStringLiteral("https://as.example/tenant/"));
        QCOMPARE(
            JwksProvider::authorizationServerMetadataUrl(issuer).toString(),
            QStringLiteral("https://as.example/.well-known/oauth-authorization-server/tenant"));
        QCOMPARE(JwksProvider::openIdConfigurationUrl(issuer).toString(),
                 QStringLiteral("https://as.example/tenant/.well-known/openid-configuration"));
        QCOMPARE(
            JwksProvider::authorizationServerMetadataUrl(QUrl(QStringLiteral("https://as.example")))
                .toString(),
            QStringLiteral("https://as.example/.well-known/oauth-authorization-server"));
        QVERIFY(JwksProvider::urlProblem(QUrl(QStringLiteral("http://as.example/jwks")))
                    .contains(QLatin1String("https")));
        QVERIFY(
            JwksProvider::urlProblem(QUrl(QStringLiteral("http://127.0.0.1:9/jwks"))).isEmpty());
        QVERIFY(JwksProvider::urlProblem(QUrl(QStringLiteral("http://[::1]:9/jwks"))).isEmpty());
        QVERIFY(!JwksProvider::urlProblem(QUrl(QStringLiteral("jwks.json"))).isEmpty());
    }

    void cacheSeconds_data() {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<int>("seconds");
        QTest::newRow("absent: default") << QByteArray() << 300;
        QTest::newRow("max-age") << QByteArray("public, max-age=600") << 600;
        QTest::newRow("clamped low") << QByteArray("max-age=5") << 60;
        QTest::newRow("clamped high") << QByteArray("max-age=9999999") << 86400;
        QTest::newRow("no-store: minimum") << QByteArray("no-store") << 60;
        QTest::newRow("garbage: default") << QByteArray("max-age=soon") << 300;
        QTest::newRow("case and blanks") << QByteArray(" Max-Age=120 ") << 120;
    }
    void cacheSeconds() {
        QFETCH(QByteArray, header);
        QFETCH(int, seconds);
        QCOMPARE(JwksProvider::cacheSecondsFor(header, JwksProviderSettings()), seconds);
    }

    void discoveryPrefersRfc8414() {
        FakeIssuer as;
        as.publish({makeKey(QStringLiteral("a"))});
        auto p = provider();
        const Result<JwkSet> keys = keysOf(*p, as.issuer());
        QVERIFY2(keys.ok(), qPrintable(keys.error().toString()));
        QCOMPARE(keys->keys.first().kid, QStringLiteral("a"));
        QCOMPARE(as.hits.value(QStringLiteral("rfc8414")), 1);
        QCOMPARE(as.hits.value(QStringLiteral("openid")), 0);
        QCOMPARE(as.hits.value(QStringLiteral("/jwks")), 1);
    }

    void discoveryFallsBackToOpenId() {
        FakeIssuer as;
        as.rfc8414 = false;
        as.publish({makeKey(QStringLiteral("a"))});
        auto p = provider();
        const Result<JwkSet> keys = keysOf(*p, as.issuer());
        QVERIFY2(keys.ok(), qPrintable(keys.error().toString()));
        QCOMPARE(as.hits.value(QStringLiteral("rfc8414")), 1);
        QCOMPARE(as.hits.value(QStringLiteral("openid")), 1);
        QCOMPARE(as.hits.value(QStringLiteral("/jwks-openid")), 1);
    }

    void noMetadataAtAll() {
        FakeIssuer as;
        as.rfc8414 = false;
        as.openId = false;
        auto p = provider();
        const Result<JwkSet> keys = keysOf(*p, as.issuer());
        QVERIFY(!keys.ok());
        QCOMPARE(keys.error().id, QStringLiteral("metadata-unavailable"));
        QVERIFY(keys.error().message.contains(QLatin1String("HTTP 404")));
    }

    void issuerMismatchIsRefused() {
        FakeIssuer as;
        as.metadataIssuer = QStringLiteral("https://attacker.example/tenant");
        as.publish({makeKey(QStringLiteral("a"))});
        auto p = provider();
        const Result<JwkSet> keys = keysOf(*p, as.issuer());
        QVERIFY(!keys.ok());
        QCOMPARE(keys.error().id, QStringLiteral("metadata-issuer-mismatch"));
        QCOMPARE(as.hits.value(QStringLiteral("/jwks")), 0);
    }

    void givenJwksUrlSkipsDiscovery() {
        FakeIssuer as;
        as.publish({makeKey(QStringLiteral("a"))});
        auto p = provider();
        p->setJwksUrl(as.issuer(), QUrl(as.url(QStringLiteral("/jwks"))));
        QVERIFY(keysOf(*p, as.issuer()).ok());
        QCOMPARE(as.hits.value(QStringLiteral("rfc8414")), 0);
        QCOMPARE(as.hits.value(QStringLiteral("/jwks")), 1);
    }

    void maxAgeCaching() {
        FakeIssuer as;
        as.publish({makeKey(QStringLiteral("a"))});
        as.cacheControl = "max-age=120";
        auto p = provider();
        QVERIFY(keysOf(*p, as.issuer()).ok());
        m_clock += 119'000;
        QVERIFY(keysOf(*p, as.issuer()).ok());
        QCOMPARE(as.hits.value(QStringLiteral("/jwks")), 1);
        m_clock += 2'000;
        QVERIFY(keysOf(*p, as.issuer()).ok());
        QCOMPARE(as.hits.value(QStringLiteral("/jwks")), 2);
        // The discovered jwks_uri is kept for the refresh.
        QCOMPARE(as.hits.value(QStringLiteral("rfc8414")), 1);
    }

    void maxAgeBelowTheMinimumIsRaised() {
        FakeIssuer as;
        as.publish({makeKey(QStringLiteral("a"))});
        as.cacheControl = "no-cache";
        auto p = provider();
        QVERIFY(keysOf(*p, as.issuer()).ok());
        m_clock += 59'000;
        QVERIFY(keysOf(*p, as.issuer()).ok());
        QCOMPARE(as.hits.value(QStringLiteral("/jwks")), 1);
    }

    void concurrentRequestsShareOneFetch() {
        FakeIssuer as;
        as.publish({makeKey(QStringLiteral("a"))});
        auto p = provider();
        int answers = 0;
        QObject context;
        for (int i = 0; i < 5; ++i)
            p->keys(as.issuer(), &context, [&](const Result<JwkSet> &r) { answers += r.ok(); });
        QVERIFY(QTest::qWaitFor([&] { return answers == 5; }, 10000));
        QCOMPARE(as.hits.value(QStringLiteral("/jwks")), 1);
        QCOMPARE(as.hits.value(QStringLiteral("rfc8414")), 1);
    }

    void rotationAndTheRefetchRateLimit() {
        FakeIssuer as;
        const SigningKey oldKey = makeKey(QStringLiteral("old"));
        const SigningKey newKey = makeKey(QStringLiteral("new"));
        as.publish({oldKey});
        auto p = provider();
        JwtVerifierOptions options;
        options.trustedIssuers = {as.issuer()};
        options.resource = QStringLiteral("http://127.0.0.1:8787/mcp");
        JwtTokenLookup lookup(p.get(), options);
        lookup.setClock([] { return fixtures::Now; });

        QCOMPARE(lookUp(lookup, tokenFor(oldKey, as.issuer())).state, TokenKnowledge::State::Known);
        QCOMPARE(as.hits.value(QStringLiteral("/jwks")), 1);

        // The issuer rotates: a token with the new kid makes one refetch, and verifies.
        as.publish({oldKey, newKey});
        m_clock += 61'000; // past the refetch interval since the first fetch, within max-age
        const TokenKnowledge rotated = lookUp(lookup, tokenFor(newKey, as.issuer()));
        QCOMPARE(rotated.state, TokenKnowledge::State::Known);
        QCOMPARE(as.hits.value(QStringLiteral("/jwks")), 2);

        // Random kids right after: no request reaches the issuer; each is refused at "key".
        for (int i = 0; i < 5; ++i) {
            const TokenKnowledge k =
                lookUp(lookup, tokenFor(newKey, as.issuer(), QStringLiteral("random-%1").arg(i)));
            QCOMPARE(k.state, TokenKnowledge::State::Refused);
            QCOMPARE(k.refusedCheck, QStringLiteral("key"));
        }
        QCOMPARE(as.hits.value(QStringLiteral("/jwks")), 2);

        // After the interval one more refetch is allowed.
        m_clock += 61'000;
        QCOMPARE(lookUp(lookup, tokenFor(newKey, as.issuer(), QStringLiteral("random-x"))).state,
                 TokenKnowledge::State::Refused);
        QCOMPARE(as.hits.value(QStringLiteral("/jwks")), 3);
        QCOMPARE(as.hits.value(QStringLiteral("rfc8414")), 1);
    }

    void untrustedIssuerIsNeverFetched() {
        FakeIssuer as;
        auto p = provider();
        JwtVerifierOptions options;
        options.trustedIssuers = {QStringLiteral("https://trusted.example")};
        options.resource = QStringLiteral("http://127.0.0.1:8787/mcp");
        JwtTokenLookup lookup(p.get(), options);
        const TokenKnowledge k =
            lookUp(lookup, tokenFor(makeKey(QStringLiteral("a")), as.issuer()));
        QCOMPARE(k.state, TokenKnowledge::State::Refused);
        QCOMPARE(k.refusedCheck, QStringLiteral("issuer"));
        QCOMPARE(p->requestCount(), 0);
    }

    void unreachableIsAFailureAnd503() {
        // A port nothing listens on: bind one, note it, close it.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const QString issuer = QStringLiteral("http://127.0.0.1:%1/tenant").arg(probe.serverPort());
        probe.close();

        JwksProviderSettings s;
        s.timeoutMs = 3000;
        auto p = provider(s);
        JwtVerifierOptions options;
        options.trustedIssuers = {issuer};
        options.resource = QStringLiteral("http://127.0.0.1:8787/mcp");
        JwtTokenLookup lookup(p.get(), options);
        const TokenKnowledge k = lookUp(lookup, tokenFor(makeKey(QStringLiteral("a")), issuer));
        QCOMPARE(k.state, TokenKnowledge::State::IntrospectionFailed);
        QVERIFY(!k.failure.isEmpty());

        const CompiledPolicy policy(fixtures::epicMe());
        const Decision d =
            Decider::decide(policy, fixtures::requestWith({"Bearer a.b.c"}), k, fixtures::Now);
        QCOMPARE(d.outcome, Outcome::Unavailable);
        QCOMPARE(d.status(), 503);

        // Right after, the failure is the answer: the issuer is not asked again at once.
        const int requests = p->requestCount();
        QVERIFY(!keysOf(*p, issuer).ok());
        QCOMPARE(p->requestCount(), requests);
    }

    void oversizeJwksIsRefused() {
        FakeIssuer as;
        as.jwks = "{\"keys\":[],\"pad\":\"" + QByteArray(4096, 'x') + "\"}";
        JwksProviderSettings s;
        s.maxBytes = 1024;
        auto p = provider(s);
        const Result<JwkSet> keys = keysOf(*p, as.issuer());
        QVERIFY(!keys.ok());
        QCOMPARE(keys.error().id, QStringLiteral("jwks-unavailable"));
        QVERIFY2(keys.error().message.contains(QLatin1String("1024")),
                 qPrintable(keys.error().message));
    }

    void notAJwkSetIsAFailure() {
        FakeIssuer as;
        as.jwks = "<html>";
        auto p = provider();
        const Result<JwkSet> keys = keysOf(*p, as.issuer());
        QVERIFY(!keys.ok());
        QCOMPARE(keys.error().id, QStringLiteral("jwks-invalid"));
    }
};

QTEST_GUILESS_MAIN(tst_JwksProvider)
#include "tst_jwksprovider.moc"
