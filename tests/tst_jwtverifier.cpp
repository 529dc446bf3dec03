#include "decision/Decider.h"
#include "jose/Base64Url.h"
#include "jose/Jws.h"
#include "jose/SigningKey.h"
#include "jwt/JwtAccessTokenVerifier.h"
#include "jwt/JwtTokenLookup.h"
#include "support/DecisionFixtures.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMessageAuthenticationCode>
#include <QTest>

using namespace scopebench;
using namespace scopebench::fixtures;

namespace {

const QString Issuer = QStringLiteral("https://as.example/tenant");
const QString Resource = QStringLiteral("http://127.0.0.1:8787/mcp"); // EpicMe's resource

enum Flags { AcceptTypJwt = 1, OnlyEs256 = 2 };

// One key per algorithm, made once: RSA key generation is the slow part of this test.
struct Keys {
    QHash<JwsAlgorithm, SigningKey> byAlg;
    JwkSet set;
    QJsonObject setJson;
};

Keys &keys() {
    static Keys k = [] {
        Keys made;
        QJsonArray published;
        for (const JwsAlgorithm alg : jws::allAlgorithms()) {
            const Result<SigningKey> key =
                SigningKey::generate(alg, QStringLiteral("kid-") + jws::algorithmName(alg));
            if (!key)
                qFatal("%s", qPrintable(key.error().toString()));
            made.byAlg.insert(alg, key.value());
            published.append(key->publicJwk());
        }
        made.setJson = QJsonObject{{QStringLiteral("keys"), published}};
        made.set = JwkSet::fromJson(made.setJson).value();
        return made;
    }();
    return k;
}

QJsonObject baseClaims() {
    return QJsonObject{{QStringLiteral("iss"), Issuer},
                       {QStringLiteral("sub"), QStringLiteral("alice")},
                       {QStringLiteral("aud"), Resource},
                       {QStringLiteral("client_id"), QStringLiteral("client-1")},
                       {QStringLiteral("scope"), QStringLiteral("user:read entries:read")},
                       {QStringLiteral("iat"), double(Now - 10)},
                       {QStringLiteral("exp"), double(Now + 600)},
                       {QStringLiteral("jti"), QStringLiteral("jti-1")}};
}

QByteArray json(const QJsonObject &o) {
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// A token signed by the key of `alg`, its header and claims changed by the two objects (a
// member set to null is removed).
QByteArray mint(JwsAlgorithm alg, const QJsonObject &headerChanges = {},
                const QJsonObject &claimChanges = {}) {
    const SigningKey &key = keys().byAlg.value(alg);
    QJsonObject header{{QStringLiteral("alg"), jws::algorithmName(alg)},
                       {QStringLiteral("typ"), QStringLiteral("at+jwt")},
                       {QStringLiteral("kid"), key.kid()}};
    QJsonObject claims = baseClaims();
    for (auto it = headerChanges.begin(); it != headerChanges.end(); ++it) {
        if (it->isNull())
            header.remove(it.key());
        else
            header.insert(it.key(), it.value());
    }
    for (auto it = claimChanges.begin(); it != claimChanges.end(); ++it) {
        if (it->isNull())
            claims.remove(it.key());
        else
            claims.insert(it.key(), it.value());
    }
    const Result<QByteArray> token = Jws::signExactHeader(json(header), json(claims), key);
    if (!token)
        qFatal("%s", qPrintable(token.error().toString()));
    return token.value();
}

QByteArray withPart(const QByteArray &token, int index, const QByteArray &part) {
    QList<QByteArray> parts = token.split('.');
    parts[index] = part;
    return parts.join('.');
}

JwtVerifierOptions optionsFor(int flags) {
    JwtVerifierOptions o;
    o.trustedIssuers = {Issuer, QStringLiteral("https://other.example")};
    o.resource = Resource;
    o.leewaySeconds = 60;
    o.acceptTypJwt = flags & AcceptTypJwt;
    if (flags & OnlyEs256)
        o.allowedAlgorithms = {JwsAlgorithm::ES256};
    return o;
}

} // namespace

class tst_JwtVerifier : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void vectors_data();
    void vectors();
    void factsOfAGoodToken();
    void hmacWithThePublicKeyIsRefused();
    void refusalNamesTheTypSwitch();
    void leewayAndAudienceAreExplained();
    void decidedLikeIntrospection_data();
    void decidedLikeIntrospection();
    void refusedTokenGets401NamingTheCheck();
    void lookupMapsResults();
};

void tst_JwtVerifier::vectors_data() {
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("flags");
    QTest::addColumn<QString>("failed"); // the check id; empty: verified

    using A = JwsAlgorithm;
    const QJsonValue drop = QJsonValue::Null;
    auto h = [](const char *name, const QJsonValue &v) {
        return QJsonObject{{QString::fromLatin1(name), v}};
    };
    for (const A alg : jws::allAlgorithms())
        QTest::newRow(qPrintable(QStringLiteral("good ") + jws::algorithmName(alg)))
            << mint(alg) << 0 << QString();

    const QByteArray good = mint(A::ES256);
    const QByteArray goodHeader = good.split('.').at(0);
    const QByteArray goodPayload = good.split('.').at(1);
    const QByteArray goodSignature = good.split('.').at(2);

    // format
    QTest::newRow("jwe 5 parts") << QByteArray(goodHeader + ".a.b.c.d") << 0
                                 << QStringLiteral("format");
    QTest::newRow("two parts") << QByteArray(goodHeader + '.' + goodPayload) << 0
                               << QStringLiteral("format");
    QTest::newRow("padded base64") << QByteArray(good + '=') << 0 << QStringLiteral("format");
    QTest::newRow("std base64 char")
        << withPart(good, 2, goodSignature.left(4) + '+' + goodSignature.mid(5)) << 0
        << QStringLiteral("format");
    QTest::newRow("oversize") << mint(A::ES256, {},
                                      h("pad", QString(JwtVerifierOptions::DefaultMaxTokenBytes,
                                                       QLatin1Char('x'))))
                              << 0 << QStringLiteral("format");
    QTest::newRow("claims not json")
        << withPart(good, 1, Base64Url::encode("nope")) << 0 << QStringLiteral("format");
    QTest::newRow("claims repeat iss")
        << withPart(good, 1,
                    Base64Url::encode(QByteArray(json(baseClaims()).chopped(1) +
                                                 ",\"iss\":\"https://other.example\"}")))
        << 0 << QStringLiteral("format");
    QTest::newRow("nested jwt") << mint(A::ES256, h("cty", QStringLiteral("JWT"))) << 0
                                << QStringLiteral("format");

    // algorithm
    const QByteArray noneHeader = Base64Url::encode(R"({"alg":"none","typ":"at+jwt"})");
    QTest::newRow("alg none unsigned")
        << QByteArray(noneHeader + '.' + goodPayload + '.') << 0 << QStringLiteral("algorithm");
    QTest::newRow("alg none with a signature")
        << QByteArray(noneHeader + '.' + goodPayload + '.' + goodSignature) << 0
        << QStringLiteral("algorithm");
    QTest::newRow("alg None") << mint(A::ES256, h("alg", QStringLiteral("None"))) << 0
                              << QStringLiteral("algorithm");
    QTest::newRow("alg unknown") << mint(A::ES256, h("alg", QStringLiteral("ES256K"))) << 0
                                 << QStringLiteral("algorithm");
    QTest::newRow("alg missing") << mint(A::ES256, h("alg", drop)) << 0
                                 << QStringLiteral("algorithm");
    QTest::newRow("alg not allowed")
        << mint(A::RS256) << int(OnlyEs256) << QStringLiteral("algorithm");
    QTest::newRow("allowed alg still verifies") << mint(A::ES256) << int(OnlyEs256) << QString();

    // type
    QTest::newRow("typ JWT refused by default")
        << mint(A::ES256, h("typ", QStringLiteral("JWT"))) << 0 << QStringLiteral("type");
    QTest::newRow("typ JWT with the switch")
        << mint(A::ES256, h("typ", QStringLiteral("JWT"))) << int(AcceptTypJwt) << QString();
    QTest::newRow("no typ refused")
        << mint(A::ES256, h("typ", drop)) << 0 << QStringLiteral("type");
    QTest::newRow("no typ with the switch")
        << mint(A::ES256, h("typ", drop)) << int(AcceptTypJwt) << QString();
    QTest::newRow("typ application/at+jwt")
        << mint(A::ES256, h("typ", QStringLiteral("application/at+JWT"))) << 0 << QString();
    QTest::newRow("typ id token") << mint(A::ES256, h("typ", QStringLiteral("id_token+jwt")))
                                  << int(AcceptTypJwt) << QStringLiteral("type");

    // critical
    QTest::newRow("crit unknown") << mint(A::ES256, QJsonObject{{QStringLiteral("crit"),
                                                                 QJsonArray{QStringLiteral("x-b")}},
                                                                {QStringLiteral("x-b"), true}})
                                  << 0 << QStringLiteral("critical");
    QTest::newRow("crit b64") << mint(A::ES256, QJsonObject{{QStringLiteral("crit"),
                                                             QJsonArray{QStringLiteral("b64")}},
                                                            {QStringLiteral("b64"), false}})
                              << 0 << QStringLiteral("critical");

    // issuer
    QTest::newRow("wrong issuer") << mint(A::ES256, {},
                                          h("iss", QStringLiteral("https://evil.example")))
                                  << 0 << QStringLiteral("issuer");
    QTest::newRow("issuer with a slash")
        << mint(A::ES256, {}, h("iss", QString(Issuer + QLatin1Char('/')))) << 0
        << QStringLiteral("issuer");
    QTest::newRow("no issuer") << mint(A::ES256, {}, h("iss", drop)) << 0
                               << QStringLiteral("issuer");

    // key
    QTest::newRow("unknown kid") << mint(A::ES256, h("kid", QStringLiteral("rotated"))) << 0
                                 << QStringLiteral("key");
    QTest::newRow("no kid, one key fits") << mint(A::ES256, h("kid", drop)) << 0 << QString();
    QTest::newRow("kty/alg mismatch: RS256 names the EC key")
        << mint(A::RS256, h("kid", QStringLiteral("kid-ES256"))) << 0 << QStringLiteral("key");
    QTest::newRow("key alg mismatch: RS256 names the PS256 key")
        << mint(A::RS256, h("kid", QStringLiteral("kid-PS256"))) << 0 << QStringLiteral("key");
    QTest::newRow("curve mismatch: ES384 names the ES256 key")
        << mint(A::ES384, h("kid", QStringLiteral("kid-ES256"))) << 0 << QStringLiteral("key");

    // signature
    QTest::newRow("tampered payload")
        << withPart(good, 1,
                    Base64Url::encode(json(QJsonObject(baseClaims()))
                                          .replace("user:read entries:read", "user:read admin")))
        << 0 << QStringLiteral("signature");
    QTest::newRow("signature of another token")
        << withPart(good, 2, mint(A::ES256, {}, h("sub", QStringLiteral("bob"))).split('.').at(2))
        << 0 << QStringLiteral("signature");
    QTest::newRow("truncated signature")
        << withPart(good, 2, goodSignature.left(40)) << 0 << QStringLiteral("signature");
    QTest::newRow("header alg swapped after signing")
        << withPart(mint(A::PS256), 0,
                    Base64Url::encode(R"({"alg":"RS256","typ":"at+jwt","kid":"kid-PS256"})"))
        << 0 << QStringLiteral("key");

    // lifetime
    QTest::newRow("expired") << mint(A::ES256, {}, h("exp", double(Now - 61))) << 0
                             << QStringLiteral("expiry");
    QTest::newRow("expired within leeway")
        << mint(A::ES256, {}, h("exp", double(Now - 59))) << 0 << QString();
    QTest::newRow("no exp") << mint(A::ES256, {}, h("exp", drop)) << 0 << QStringLiteral("expiry");
    QTest::newRow("exp a string") << mint(A::ES256, {}, h("exp", QStringLiteral("soon"))) << 0
                                  << QStringLiteral("expiry");
    QTest::newRow("nbf in the future")
        << mint(A::ES256, {}, h("nbf", double(Now + 61))) << 0 << QStringLiteral("not-before");
    QTest::newRow("nbf within leeway")
        << mint(A::ES256, {}, h("nbf", double(Now + 59))) << 0 << QString();
    QTest::newRow("iat in the future")
        << mint(A::ES256, {}, h("iat", double(Now + 3600))) << 0 << QStringLiteral("issued-at");

    // audience
    QTest::newRow("wrong audience")
        << mint(A::ES256, {}, h("aud", QStringLiteral("https://other.example/mcp"))) << 0
        << QStringLiteral("audience");
    QTest::newRow("no audience") << mint(A::ES256, {}, h("aud", drop)) << 0
                                 << QStringLiteral("audience");
    QTest::newRow("audience array, canonically equal")
        << mint(A::ES256, {},
                h("aud", QJsonArray{QStringLiteral("https://x.example"),
                                    QStringLiteral("HTTP://127.0.0.1:8787/mcp/")}))
        << 0 << QString();

    // claims
    QTest::newRow("scp as array") << mint(A::EdDSA, {},
                                          QJsonObject{{QStringLiteral("scope"), drop},
                                                      {QStringLiteral("scp"),
                                                       QJsonArray{QStringLiteral("a"),
                                                                  QStringLiteral("b")}}})
                                  << 0 << QString();
    QTest::newRow("scp as string")
        << mint(A::EdDSA, {},
                QJsonObject{{QStringLiteral("scope"), drop},
                            {QStringLiteral("scp"), QStringLiteral("a b")}})
        << 0 << QString();
    QTest::newRow("scope not a string")
        << mint(A::ES256, {}, h("scope", QJsonArray{1})) << 0 << QStringLiteral("claims");
    QTest::newRow("sub not a string")
        << mint(A::ES256, {}, h("sub", 7)) << 0 << QStringLiteral("claims");
}

void tst_JwtVerifier::vectors() {
    QFETCH(QByteArray, token);
    QFETCH(int, flags);
    QFETCH(QString, failed);

    const JwtVerification v =
        JwtAccessTokenVerifier::verify(token, keys().set, optionsFor(flags), Now);
    QVERIFY2(v.ok == failed.isEmpty(), qPrintable(v.failedId() + QStringLiteral(": ") + v.reason));
    QCOMPARE(v.failedId(), failed);
    // The checks before the failing one passed, in order; on success all of them.
    const QList<JwtCheck> all = JwtVerification::allChecks();
    const qsizetype end = v.ok ? all.size() : all.indexOf(v.failed);
    QCOMPARE(v.passed, all.mid(0, end));
    if (!v.ok) {
        QVERIFY(!v.reason.isEmpty());
        // The token never appears in the reason.
        const QByteArray signature = token.split('.').last();
        QVERIFY(signature.size() < 16 || !v.reason.contains(QString::fromLatin1(signature)));
    } else {
        QVERIFY(v.facts.active);
        QCOMPARE(v.facts.iss, Issuer);
    }
}

void tst_JwtVerifier::factsOfAGoodToken() {
    const QByteArray token =
        mint(JwsAlgorithm::PS384, {}, QJsonObject{{QStringLiteral("nbf"), double(Now - 5)}});
    const JwtVerification v = JwtAccessTokenVerifier::verify(token, keys().set, optionsFor(0), Now);
    QVERIFY2(v.ok, qPrintable(v.reason));
    QCOMPARE(v.alg, QStringLiteral("PS384"));
    QCOMPARE(v.kid, QStringLiteral("kid-PS384"));
    QCOMPARE(v.issuer, Issuer);
    const TokenFacts &f = v.facts;
    QCOMPARE(f.scopes, (QStringList{QStringLiteral("user:read"), QStringLiteral("entries:read")}));
    QCOMPARE(f.clientId, QStringLiteral("client-1"));
    QCOMPARE(f.sub, QStringLiteral("alice"));
    QCOMPARE(f.aud, QStringList{Resource});
    QVERIFY(f.audPresent);
    QCOMPARE(f.exp, std::optional<qint64>(Now + 600));
    QCOMPARE(f.iat, std::optional<qint64>(Now - 10));
    QCOMPARE(f.nbf, std::optional<qint64>(Now - 5));
    QCOMPARE(f.jti, QStringLiteral("jti-1"));
    QCOMPARE(f.raw, v.claims);

    const QByteArray scp = mint(
        JwsAlgorithm::ES256, {},
        QJsonObject{{QStringLiteral("scope"), QJsonValue::Null},
                    {QStringLiteral("scp"), QJsonArray{QStringLiteral("a"), QStringLiteral("b c")}},
                    {QStringLiteral("client_id"), QJsonValue::Null},
                    {QStringLiteral("azp"), QStringLiteral("spa")}});
    const JwtVerification s = JwtAccessTokenVerifier::verify(scp, keys().set, optionsFor(0), Now);
    QVERIFY2(s.ok, qPrintable(s.reason));
    QCOMPARE(s.facts.scopes,
             (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    QCOMPARE(s.facts.clientId, QStringLiteral("spa"));
}

void tst_JwtVerifier::hmacWithThePublicKeyIsRefused() {
    // The classic key-confusion attack (RFC 8725 §2.1): HS256 with the verifier's public key, in
    // each form an attacker could guess, as the secret.
    const SigningKey &rsa = keys().byAlg.value(JwsAlgorithm::RS256);
    const QList<QByteArray> secrets = {
        json(rsa.publicJwk()), rsa.publicJwk().value(QStringLiteral("n")).toString().toLatin1()};
    for (const QByteArray &secret : secrets) {
        const QByteArray input =
            Base64Url::encode(R"({"alg":"HS256","typ":"at+jwt","kid":"kid-RS256"})") + '.' +
            Base64Url::encode(json(baseClaims()));
        const QByteArray mac =
            QMessageAuthenticationCode::hash(input, secret, QCryptographicHash::Sha256);
        const QByteArray token = input + '.' + Base64Url::encode(mac);
        const JwtVerification v =
            JwtAccessTokenVerifier::verify(token, keys().set, optionsFor(0), Now);
        QVERIFY(!v.ok);
        QCOMPARE(v.failedId(), QStringLiteral("algorithm"));
        QVERIFY(v.reason.contains(QLatin1String("HMAC")));
    }
}

void tst_JwtVerifier::refusalNamesTheTypSwitch() {
    const JwtVerification v = JwtAccessTokenVerifier::verify(
        mint(JwsAlgorithm::ES256, QJsonObject{{QStringLiteral("typ"), QStringLiteral("JWT")}}),
        keys().set, optionsFor(0), Now);
    QCOMPARE(v.failedId(), QStringLiteral("type"));
    QVERIFY2(v.reason.contains(QLatin1String("accept typ JWT")), qPrintable(v.reason));
}

// Defect 11 of the desktop app: a token that passes only thanks to the leeway says so, and an
// audience failure names what was expected and what the token has.
void tst_JwtVerifier::leewayAndAudienceAreExplained() {
    const JwtVerification late =
        JwtAccessTokenVerifier::verify(mint(JwsAlgorithm::ES256, {},
                                            QJsonObject{{QStringLiteral("exp"), double(Now - 20)},
                                                        {QStringLiteral("nbf"), double(Now + 7)}}),
                                       keys().set, optionsFor(0), Now);
    QVERIFY2(late.ok, qPrintable(late.reason));
    QCOMPARE(late.notes.value(JwtCheck::Expiry),
             QStringLiteral("expired 20 s ago, accepted within the 60 s leeway"));
    QCOMPARE(late.notes.value(JwtCheck::NotBefore),
             QStringLiteral("valid only in 7 s (nbf), accepted within the 60 s leeway"));
    // The Decider, given the verified facts, says the same in its trace.
    const Decision d = Decider::decide(CompiledPolicy(epicMe()), requestWith({"Bearer abc"}),
                                       JwtTokenLookup::knowledgeFrom(late), Now);
    QCOMPARE(d.outcome, Outcome::Allow);
    QCOMPARE(d.trace.at(int(Check::Lifetime)).detail,
             QStringLiteral("expired 20 s ago, valid only in 7 s (nbf), accepted within the 60 s "
                            "leeway"));

    const JwtVerification fresh =
        JwtAccessTokenVerifier::verify(mint(JwsAlgorithm::ES256), keys().set, optionsFor(0), Now);
    QVERIFY2(fresh.ok, qPrintable(fresh.reason));
    QVERIFY(fresh.notes.isEmpty());

    const JwtVerification other = JwtAccessTokenVerifier::verify(
        mint(JwsAlgorithm::ES256, {},
             QJsonObject{{QStringLiteral("aud"),
                          QJsonArray{QStringLiteral("https://a.example"), QStringLiteral("b")}}}),
        keys().set, optionsFor(0), Now);
    QCOMPARE(other.failedId(), QStringLiteral("audience"));
    QCOMPARE(other.reason, QStringLiteral("audience mismatch: expected ") + Resource +
                               QStringLiteral(", token has [https://a.example, b]"));
}

void tst_JwtVerifier::decidedLikeIntrospection_data() {
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QString>("tool");
    QTest::newRow("server scopes") << QStringLiteral("user:read") << QString();
    QTest::newRow("too few") << QStringLiteral("nothing:useful") << QString();
    QTest::newRow("tool allowed") << QStringLiteral("user:read entries:write")
                                  << QStringLiteral("create_entry");
    QTest::newRow("tool forbidden")
        << QStringLiteral("user:read") << QStringLiteral("create_entry");
}

void tst_JwtVerifier::decidedLikeIntrospection() {
    QFETCH(QString, scope);
    QFETCH(QString, tool);
    const CompiledPolicy policy(epicMe());
    const QByteArray token =
        mint(JwsAlgorithm::ES256, {}, QJsonObject{{QStringLiteral("scope"), scope}});
    const JwtVerification v = JwtAccessTokenVerifier::verify(token, keys().set, optionsFor(0), Now);
    QVERIFY2(v.ok, qPrintable(v.reason));

    // What introspection of the same token would say (RFC 7662 §2.2).
    TokenFacts introspected;
    introspected.active = true;
    introspected.scopes = scope.split(QLatin1Char(' '));
    introspected.clientId = QStringLiteral("client-1");
    introspected.sub = QStringLiteral("alice");
    introspected.aud = {Resource};
    introspected.audPresent = true;
    introspected.exp = Now + 600;
    introspected.iat = Now - 10;

    const RequestFacts request = requestWith({QByteArray("Bearer " + token)}, tool);
    const Decision fromJwt =
        Decider::decide(policy, request, JwtTokenLookup::knowledgeFrom(v), Now);
    const Decision fromIntrospection =
        Decider::decide(policy, request, TokenKnowledge::known(introspected), Now);
    QCOMPARE(fromJwt.outcome, fromIntrospection.outcome);
    QCOMPARE(fromJwt.response.toRaw(), fromIntrospection.response.toRaw());
    QCOMPARE(fromJwt.trace.size(), fromIntrospection.trace.size());
    for (qsizetype i = 0; i < fromJwt.trace.size(); ++i) {
        QCOMPARE(fromJwt.trace[i].verdict, fromIntrospection.trace[i].verdict);
        QCOMPARE(fromJwt.trace[i].detail, fromIntrospection.trace[i].detail);
    }
}

void tst_JwtVerifier::refusedTokenGets401NamingTheCheck() {
    const CompiledPolicy policy(epicMe());
    const QByteArray token =
        withPart(mint(JwsAlgorithm::ES256), 1,
                 Base64Url::encode(json(baseClaims()).replace("alice", "mallory")));
    const JwtVerification v = JwtAccessTokenVerifier::verify(token, keys().set, optionsFor(0), Now);
    QCOMPARE(v.failedId(), QStringLiteral("signature"));
    const Decision d = Decider::decide(policy, requestWith({QByteArray("Bearer " + token)}),
                                       JwtTokenLookup::knowledgeFrom(v), Now);
    QCOMPARE(d.outcome, Outcome::Unauthorized);
    QCOMPARE(d.errorCode, QStringLiteral("invalid_token"));
    QCOMPARE(d.trace[int(Check::Active)].verdict, Verdict::Failed);
    QVERIFY(d.trace[int(Check::Active)].detail.contains(QLatin1String("signature")));
    QVERIFY(d.response.header("WWW-Authenticate").contains("error=\"invalid_token\""));
    QVERIFY(d.response.header("WWW-Authenticate").contains("(signature)"));
}

void tst_JwtVerifier::lookupMapsResults() {
    QCOMPARE(JwtTokenLookup::knowledgeFrom(JwtVerification()).state,
             TokenKnowledge::State::Refused);
    QVERIFY(JwtAccessTokenVerifier::looksLikeJwt(mint(JwsAlgorithm::ES256)));
    QVERIFY(!JwtAccessTokenVerifier::looksLikeJwt("opaque-token"));
    QVERIFY(!JwtAccessTokenVerifier::looksLikeJwt("a.b.c"));
}

QTEST_GUILESS_MAIN(tst_JwtVerifier)
#include "tst_jwtverifier.moc"
