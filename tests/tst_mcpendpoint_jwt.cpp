#include "jose/Jws.h"
#include "jose/SigningKey.h"
#include "jwt/JwksProvider.h"
#include "jwt/JwtTokenLookup.h"
#include "mcp/EndpointRunner.h"
#include "mcp/VerifyingTokenLookup.h"
#include "policy/PolicyFile.h"
#include "support/JwtIssuerHost.h"
#include "support/McpRequests.h"
#include "support/TestAuthorizationServerHost.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTest>

#include <functional>
#include <memory>
#include <optional>

using namespace scopebench;

namespace {

fixtures::McpAnswer post(QNetworkAccessManager &network, const QUrl &url, const QByteArray &token) {
    return fixtures::exchangeMcp(network, url,
                                 QStringLiteral("Bearer ") + QString::fromLatin1(token));
}

QString deadIssuer() {
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return QString();
    return QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort());
}

} // namespace

// The endpoint with local JWT verification: a JWT signed by a trusted issuer for this resource
// is decided from its claims; every other JWT gets 401 naming the failed check; opaque tokens go
// to introspection when there is one, else 401; an issuer whose keys cannot be had gives 503.
class tst_McpEndpointJwt : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<JwtIssuerHost> issuer;
    SigningKey key;
    SigningKey stranger;
    QNetworkAccessManager network;

    QByteArray token(const QString &resource, const QString &scope,
                     const std::function<void(QJsonObject &, QJsonObject &)> &change = {},
                     const SigningKey *with = nullptr) const {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QJsonObject header{{QStringLiteral("typ"), QStringLiteral("at+jwt")}};
        QJsonObject claims{{QStringLiteral("iss"), issuer->issuer()},
                           {QStringLiteral("sub"), QStringLiteral("alice")},
                           {QStringLiteral("client_id"), QStringLiteral("c1")},
                           {QStringLiteral("aud"), resource},
                           {QStringLiteral("scope"), scope},
                           {QStringLiteral("iat"), double(now)},
                           {QStringLiteral("exp"), double(now + 600)}};
        if (change)
            change(header, claims);
        return Jws::sign(header, QJsonDocument(claims).toJson(QJsonDocument::Compact),
                         with ? *with : key)
            .value();
    }

    static Policy epicMe() { return PolicyFile::load(PolicyFile::bundledExample()).value(); }

private Q_SLOTS:
    void initTestCase() {
        issuer = std::make_unique<JwtIssuerHost>();
        key = SigningKey::generate(JwsAlgorithm::ES256, QStringLiteral("k1")).value();
        stranger = SigningKey::generate(JwsAlgorithm::ES256, QStringLiteral("k1")).value();
        issuer->publish(key);
    }

    void jwtOnly_data() {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("check"); // named in the challenge
        QTest::newRow("verified") << "good" << 200 << "";
        QTest::newRow("signature") << "stranger" << 401 << "signature";
        QTest::newRow("audience") << "audience" << 401 << "audience";
        QTest::newRow("issuer") << "issuer" << 401 << "issuer";
        QTest::newRow("expired") << "expired" << 401 << "expiry";
        QTest::newRow("alg none") << "none" << 401 << "algorithm";
        QTest::newRow("opaque, no introspection") << "opaque" << 401 << "format";
    }
    void jwtOnly() {
        QFETCH(QString, kind);
        QFETCH(int, status);
        QFETCH(QString, check);
        RunnerSettings settings;
        settings.endpoint.port = 0;
        settings.policy = epicMe();
        settings.jwtIssuers = QStringList{issuer->issuer()};
        EndpointRunner runner;
        QSignalSpy started(&runner, &EndpointRunner::started);
        runner.start(settings);
        QVERIFY(started.wait(10000));
        // Issuers given without an introspection URL: no built-in server.
        QVERIFY(runner.tokenEndpoint().isEmpty());
        QCOMPARE(runner.addresses().jwtIssuers, QStringList{issuer->issuer()});
        const QString resource = runner.resource();
        const QString read = QStringLiteral("user:read");
        QByteArray jwt;
        if (kind == QLatin1String("good"))
            jwt = token(resource, read);
        else if (kind == QLatin1String("stranger"))
            jwt = token(resource, read, {}, &stranger);
        else if (kind == QLatin1String("audience"))
            jwt = token(QStringLiteral("https://other.example/mcp"), read);
        else if (kind == QLatin1String("issuer"))
            jwt = token(resource, read, [](QJsonObject &, QJsonObject &c) {
                c[QStringLiteral("iss")] = QStringLiteral("https://evil.example");
            });
        else if (kind == QLatin1String("expired"))
            jwt = token(resource, read, [](QJsonObject &, QJsonObject &c) {
                c[QStringLiteral("exp")] = double(QDateTime::currentSecsSinceEpoch() - 3600);
            });
        else if (kind == QLatin1String("none"))
            jwt = QJsonDocument(QJsonObject{{QStringLiteral("alg"), QStringLiteral("none")},
                                            {QStringLiteral("typ"), QStringLiteral("at+jwt")}})
                      .toJson(QJsonDocument::Compact)
                      .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals) +
                  '.' + token(resource, read).split('.').at(1) + '.';
        else
            jwt = QByteArrayLiteral("an-opaque-token");
        const fixtures::McpAnswer a = post(network, runner.endpointUrl(), jwt);
        QCOMPARE(a.status, status);
        if (!check.isEmpty()) {
            QVERIFY2(a.challenge.contains("invalid_token"), a.challenge.constData());
            if (kind != QLatin1String("opaque"))
                QVERIFY2(a.challenge.contains(QByteArray("(" + check.toLatin1() + ")")),
                         a.challenge.constData());
        }
        runner.stop();
    }

    void unreachableKeysGive503() {
        const QString dead = deadIssuer();
        RunnerSettings settings;
        settings.endpoint.port = 0;
        settings.policy = epicMe();
        settings.jwtIssuers = QStringList{dead};
        EndpointRunner runner;
        QSignalSpy started(&runner, &EndpointRunner::started);
        runner.start(settings);
        QVERIFY(started.wait(10000));
        const QByteArray jwt =
            token(runner.resource(), QStringLiteral("user:read"),
                  [&](QJsonObject &, QJsonObject &c) { c[QStringLiteral("iss")] = dead; });
        QCOMPARE(post(network, runner.endpointUrl(), jwt).status, 503);
        runner.stop();
    }

    // With an external introspection URL, the policy's authorizationServers are the default
    // JWT issuers, and opaque tokens still go to introspection.
    void jwtBesideIntrospection() {
        TestAuthorizationServer::Settings as;
        as.clientSecret = QStringLiteral("secret");
        as.catalog = epicMe().catalogNames();
        TestAuthorizationServerHost host(as);
        QVERIFY(host.listen().ok());
        RunnerSettings settings;
        settings.endpoint.port = 0;
        settings.policy = epicMe();
        settings.policy.authorizationServers = QStringList{issuer->issuer()};
        IntrospectionSettings is;
        is.url = QUrl(host.authorizationServer()->introspectionEndpoint());
        is.authMethod = IntrospectionSettings::AuthMethod::ClientSecretBasic;
        is.clientId = host.authorizationServer()->clientId();
        is.clientSecret = QStringLiteral("secret");
        settings.introspection = is;
        EndpointRunner runner;
        QSignalSpy started(&runner, &EndpointRunner::started);
        runner.start(settings);
        QVERIFY(started.wait(10000));
        QCOMPARE(runner.addresses().jwtIssuers, QStringList{issuer->issuer()});
        const QString resource = runner.resource();
        QCOMPARE(post(network, runner.endpointUrl(), token(resource, QStringLiteral("user:read")))
                     .status,
                 200);
        const Result<MintedToken> opaque =
            host.authorizationServer()->mint({QStringLiteral("user:read")}, 300, resource);
        QVERIFY(opaque.ok());
        QCOMPARE(post(network, runner.endpointUrl(), opaque->accessToken.toLatin1()).status, 200);
        QCOMPARE(post(network, runner.endpointUrl(), QByteArrayLiteral("unknown-opaque")).status,
                 401);
        runner.stop();
    }

    // Results are cached by token hash: a verified token until min(exp, now + maxTtl), a
    // refused one for the negative TTL.
    void cacheUntilExpiry() {
        JwksProvider provider;
        JwtVerifierOptions options;
        options.trustedIssuers = {issuer->issuer()};
        options.resource = QStringLiteral("http://127.0.0.1:8787/mcp");
        JwtTokenLookup jwt(&provider, options);
        qint64 verifierNow = QDateTime::currentSecsSinceEpoch();
        jwt.setClock([&] { return verifierNow; });
        VerifyingTokenLookup::Settings vs;
        vs.maxTtlSeconds = 3600;
        vs.negativeTtlSeconds = 5;
        VerifyingTokenLookup lookup(&jwt, nullptr, vs);
        qint64 cacheNow = verifierNow;
        lookup.setClock([&] { return cacheNow; });
        const QByteArray good = token(options.resource, QStringLiteral("user:read"));
        const auto ask = [&](const QByteArray &t) {
            std::optional<TokenKnowledge> answer;
            QObject context;
            lookup.lookup(t, &context, [&](const TokenKnowledge &k) { answer = k; });
            if (!QTest::qWaitFor([&] { return answer.has_value(); }, 10000))
                return TokenKnowledge::State::NotLookedUp;
            return answer->state;
        };
        QCOMPARE(ask(good), TokenKnowledge::State::Known);
        QCOMPARE(lookup.size(), 1);
        // The verifier alone would now refuse it as expired; the cache still knows it...
        verifierNow += 3000;
        QCOMPARE(ask(good), TokenKnowledge::State::Known);
        // ...until its exp (600 s after issue), when it is verified again.
        cacheNow += 601;
        QCOMPARE(ask(good), TokenKnowledge::State::Refused);
        // Refused answers live for the negative TTL only: the verifier alone would now accept
        // the token again, the cache says no for 5 s, then the token is verified again.
        verifierNow -= 3000;
        cacheNow += 1;
        QCOMPARE(ask(good), TokenKnowledge::State::Refused);
        cacheNow += 5;
        QCOMPARE(ask(good), TokenKnowledge::State::Known);
        // Failures are never cached.
        const QString dead = deadIssuer();
        JwtVerifierOptions deadOptions = options;
        deadOptions.trustedIssuers = {dead};
        JwtTokenLookup deadJwt(&provider, deadOptions);
        VerifyingTokenLookup deadLookup(&deadJwt, nullptr, vs);
        std::optional<TokenKnowledge> failed;
        QObject context;
        deadLookup.lookup(
            token(options.resource, QStringLiteral("user:read"),
                  [&](QJsonObject &, QJsonObject &c) { c[QStringLiteral("iss")] = dead; }),
            &context, [&](const TokenKnowledge &k) { failed = k; });
        QVERIFY(QTest::qWaitFor([&] { return failed.has_value(); }, 10000));
        QCOMPARE(failed->state, TokenKnowledge::State::IntrospectionFailed);
        QCOMPARE(deadLookup.size(), 0);
    }
};

QTEST_MAIN(tst_McpEndpointJwt)
#include "tst_mcpendpoint_jwt.moc"
