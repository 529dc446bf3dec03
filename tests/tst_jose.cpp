#include "jose/Base64Url.h"
#include "jose/Jwk.h"
#include "jose/Jws.h"
#include "jose/SigningKey.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace scopebench;

Q_DECLARE_METATYPE(scopebench::JwsAlgorithm)

namespace {

QJsonObject parseObject(const char *json) {
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

} // namespace

class tst_Jose : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void base64UrlVectors_data() {
        QTest::addColumn<QByteArray>("plain");
        QTest::addColumn<QByteArray>("encoded");
        // RFC 4648 §10, in the URL-safe alphabet without padding.
        QTest::newRow("empty") << QByteArray() << QByteArray();
        QTest::newRow("f") << QByteArray("f") << QByteArray("Zg");
        QTest::newRow("fo") << QByteArray("fo") << QByteArray("Zm8");
        QTest::newRow("foo") << QByteArray("foo") << QByteArray("Zm9v");
        QTest::newRow("foob") << QByteArray("foob") << QByteArray("Zm9vYg");
        QTest::newRow("fooba") << QByteArray("fooba") << QByteArray("Zm9vYmE");
        QTest::newRow("foobar") << QByteArray("foobar") << QByteArray("Zm9vYmFy");
        // The two characters that differ from base64: '+' -> '-', '/' -> '_'.
        QTest::newRow("url-safe") << QByteArray("\xfb\xff\xbf", 3) << QByteArray("-_-_");
        // RFC 7515 appendix A.1's header.
        QTest::newRow("rfc7515") << QByteArray("{\"typ\":\"JWT\",\r\n \"alg\":\"HS256\"}")
                                 << QByteArray("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9");
    }
    void base64UrlVectors() {
        QFETCH(QByteArray, plain);
        QFETCH(QByteArray, encoded);
        QCOMPARE(Base64Url::encode(plain), encoded);
        const auto decoded = Base64Url::decode(encoded);
        QVERIFY(decoded.has_value());
        QCOMPARE(*decoded, plain);
    }

    void base64UrlRefuses_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("padding") << QByteArray("Zg==");
        QTest::newRow("one padding") << QByteArray("Zm8=");
        QTest::newRow("plus") << QByteArray("+_-_");
        QTest::newRow("slash") << QByteArray("-/-_");
        QTest::newRow("space") << QByteArray("Zm9v YmFy");
        QTest::newRow("newline") << QByteArray("Zm9v\nYmFy");
        QTest::newRow("4n+1 length") << QByteArray("Zm9vY");
        QTest::newRow("non-ascii") << QByteArray("Zm9v\xc3\xa9");
        QTest::newRow("dot") << QByteArray("Zm.v");
        // "Zh" decodes to "f" as "Zg" does, with a stray low bit: not canonical.
        QTest::newRow("non-canonical 2") << QByteArray("Zh");
        QTest::newRow("non-canonical 3") << QByteArray("Zm9");
    }
    void base64UrlRefuses() {
        QFETCH(QByteArray, text);
        QVERIFY(!Base64Url::decode(text).has_value());
    }

    void jwkParsing_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("problem"); // empty: accepted; else a word of the error
        // RFC 7517 appendix A.1's EC key and RFC 8037 appendix A.2's Ed25519 key.
        QTest::newRow("rfc7517 EC") << QByteArray(R"({"kty":"EC","crv":"P-256",
            "x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
            "y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM","use":"enc","kid":"1"})")
                                    << QString();
        QTest::newRow("rfc8037 Ed25519") << QByteArray(R"({"kty":"OKP","crv":"Ed25519",
            "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"})")
                                         << QString();
        QTest::newRow("oct") << QByteArray(
                                    R"({"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMko"})")
                             << QStringLiteral("symmetric");
        QTest::newRow("private EC") << QByteArray(R"({"kty":"EC","crv":"P-256",
            "x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
            "y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM",
            "d":"870MB6gfuTJ4HtUnUvYMyJpr5eUZNP4Bk43bVdj3eAE"})")
                                    << QStringLiteral("private");
        QTest::newRow("point off the curve") << QByteArray(R"({"kty":"EC","crv":"P-256",
            "x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
            "y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyQ"})")
                                             << QStringLiteral("OpenSSL");
        QTest::newRow("short coordinate") << QByteArray(R"({"kty":"EC","crv":"P-256",
            "x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM"})")
                                          << QStringLiteral("32 bytes");
        QTest::newRow("unknown curve") << QByteArray(R"({"kty":"EC","crv":"P-192",
            "x":"AA","y":"AA"})") << QStringLiteral("P-192");
        QTest::newRow("Ed448") << QByteArray(R"({"kty":"OKP","crv":"Ed448","x":"AA"})")
                               << QStringLiteral("Ed448");
        QTest::newRow("padded x") << QByteArray(R"({"kty":"OKP","crv":"Ed25519",
            "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo="})")
                                  << QStringLiteral("base64url");
        QTest::newRow("small RSA")
            << QByteArray(R"({"kty":"RSA","n":"AQAB","e":"AQAB"})") << QStringLiteral("bits");
        QTest::newRow("no kty") << QByteArray(R"({"n":"AQAB","e":"AQAB"})")
                                << QStringLiteral("kty");
        QTest::newRow("unknown kty") << QByteArray(R"({"kty":"PQC"})") << QStringLiteral("PQC");
        QTest::newRow("kid not a string") << QByteArray(R"({"kty":"OKP","crv":"Ed25519",
            "x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo","kid":7})")
                                          << QStringLiteral("kid");
    }
    void jwkParsing() {
        QFETCH(QByteArray, json);
        QFETCH(QString, problem);
        const Result<Jwk> jwk = Jwk::fromJson(QJsonDocument::fromJson(json).object());
        if (problem.isEmpty()) {
            QVERIFY2(jwk.ok(), qPrintable(jwk.error().toString()));
            QVERIFY(!jwk->key.isNull());
        } else {
            QVERIFY(!jwk.ok());
            QVERIFY2(jwk.error().message.contains(problem), qPrintable(jwk.error().message));
        }
    }

    void jwkFitsAlgorithm() {
        const Result<SigningKey> ec = SigningKey::generate(JwsAlgorithm::ES256);
        QVERIFY(ec.ok());
        const Result<Jwk> jwk = Jwk::fromJson(ec->publicJwk());
        QVERIFY2(jwk.ok(), qPrintable(jwk.error().toString()));
        QVERIFY(jwk->unfitFor(JwsAlgorithm::ES256).isEmpty());
        QVERIFY(jwk->unfitFor(JwsAlgorithm::ES384).contains(QLatin1String("P-384")));
        QVERIFY(jwk->unfitFor(JwsAlgorithm::RS256).contains(QLatin1String("EC key")));
        QJsonObject other = ec->publicJwk();
        other.remove(QStringLiteral("alg"));
        other.insert(QStringLiteral("use"), QStringLiteral("enc"));
        QVERIFY(Jwk::fromJson(other)->unfitFor(JwsAlgorithm::ES256).contains(QLatin1String("use")));
        other.remove(QStringLiteral("use"));
        other.insert(QStringLiteral("key_ops"), QJsonArray{QStringLiteral("sign")});
        QVERIFY(
            Jwk::fromJson(other)->unfitFor(JwsAlgorithm::ES256).contains(QLatin1String("key_ops")));
    }

    void jwkSetSkipsUnusableKeys() {
        const Result<SigningKey> ed = SigningKey::generate(JwsAlgorithm::EdDSA);
        QVERIFY(ed.ok());
        QJsonArray keys{ed->publicJwk(), parseObject(R"({"kty":"oct","kid":"s","k":"AA"})"),
                        QStringLiteral("not a key")};
        const Result<JwkSet> set = JwkSet::fromJson(QJsonObject{{QStringLiteral("keys"), keys}});
        QVERIFY(set.ok());
        QCOMPARE(set->keys.size(), 1);
        QCOMPARE(set->keys.first().kid, ed->kid());
        QCOMPARE(set->skipped.size(), 2);
        QVERIFY(set->skipped.first().startsWith(QLatin1String("keys[1] (kid \"s\")")));

        QVERIFY(!JwkSet::parse("[]").ok());
        QVERIFY(!JwkSet::parse("{\"keys\":{}}").ok());
        QVERIFY(!JwkSet::parse("not json").ok());
        QJsonArray many;
        for (int i = 0; i <= JwkSet::MaxKeys; ++i)
            many.append(ed->publicJwk());
        QVERIFY(!JwkSet::fromJson(QJsonObject{{QStringLiteral("keys"), many}}).ok());
    }

    void signAndVerifyEveryAlgorithm_data() {
        QTest::addColumn<JwsAlgorithm>("alg");
        for (const JwsAlgorithm alg : jws::allAlgorithms())
            QTest::newRow(qPrintable(jws::algorithmName(alg))) << alg;
    }
    void signAndVerifyEveryAlgorithm() {
        QFETCH(JwsAlgorithm, alg);
        const Result<SigningKey> key = SigningKey::generate(alg, QStringLiteral("k1"));
        QVERIFY2(key.ok(), qPrintable(key.error().toString()));
        QCOMPARE(key->kid(), QStringLiteral("k1"));
        const QByteArray payload = R"({"sub":"alice"})";
        const Result<QByteArray> token = Jws::sign(
            QJsonObject{{QStringLiteral("typ"), QStringLiteral("at+jwt")}}, payload, key.value());
        QVERIFY2(token.ok(), qPrintable(token.error().toString()));

        const Result<CompactJws> parsed = Jws::parse(token.value());
        QVERIFY2(parsed.ok(), qPrintable(parsed.error().toString()));
        QCOMPARE(parsed->header.value(QStringLiteral("alg")).toString(), jws::algorithmName(alg));
        QCOMPARE(parsed->header.value(QStringLiteral("kid")).toString(), QStringLiteral("k1"));
        QCOMPARE(parsed->payload, payload);
        if (const int n = jws::ecCoordinateBytes(alg))
            QCOMPARE(parsed->signature.size(), 2 * n);

        // Through the published JWK, as a verifier gets it.
        const Result<Jwk> jwk = Jwk::fromJson(key->publicJwk());
        QVERIFY2(jwk.ok(), qPrintable(jwk.error().toString()));
        QVERIFY(jwk->unfitFor(alg).isEmpty());
        const Status good = Jws::verify(alg, jwk->key, parsed->signingInput, parsed->signature);
        QVERIFY2(good.ok(), qPrintable(good.error().toString()));

        QByteArray tampered = parsed->signingInput;
        tampered[tampered.size() - 2] = tampered[tampered.size() - 2] == 'A' ? 'B' : 'A';
        QVERIFY(!Jws::verify(alg, jwk->key, tampered, parsed->signature).ok());
        QByteArray badSignature = parsed->signature;
        badSignature[5] = char(badSignature[5] ^ 0x01);
        QVERIFY(!Jws::verify(alg, jwk->key, parsed->signingInput, badSignature).ok());

        // Another key of the same algorithm does not verify it.
        const Result<SigningKey> other = SigningKey::generate(alg);
        QVERIFY(other.ok());
        QVERIFY(
            !Jws::verify(alg, other->publicKey(), parsed->signingInput, parsed->signature).ok());

        // The PEM round trip gives the same key.
        const Result<SigningKey> reread = SigningKey::fromPem(key->toPem(), alg);
        QVERIFY2(reread.ok(), qPrintable(reread.error().toString()));
        QCOMPARE(reread->thumbprint(), key->thumbprint());
    }

    void psAndRsAreNotInterchangeable() {
        const Result<SigningKey> rs = SigningKey::generate(JwsAlgorithm::RS256);
        QVERIFY(rs.ok());
        const QByteArray input = "abc.def";
        const Result<QByteArray> signature = rs->sign(input);
        QVERIFY(signature.ok());
        QVERIFY(Jws::verify(JwsAlgorithm::RS256, rs->publicKey(), input, *signature).ok());
        QVERIFY(!Jws::verify(JwsAlgorithm::PS256, rs->publicKey(), input, *signature).ok());
        QVERIFY(!Jws::verify(JwsAlgorithm::RS384, rs->publicKey(), input, *signature).ok());
    }

    void keyMustFitAlgorithm() {
        const Result<SigningKey> ec = SigningKey::generate(JwsAlgorithm::ES384);
        QVERIFY(ec.ok());
        QVERIFY(!SigningKey::fromPem(ec->toPem(), JwsAlgorithm::ES256).ok());
        QVERIFY(!SigningKey::fromPem(ec->toPem(), JwsAlgorithm::RS256).ok());
        QVERIFY(SigningKey::fromPem(ec->toPem(), JwsAlgorithm::ES384).ok());
        QVERIFY(!SigningKey::fromPem("-----BEGIN NOTHING-----", JwsAlgorithm::ES256).ok());
        // The header may not claim another algorithm than the key's.
        QVERIFY(!Jws::sign(QJsonObject{{QStringLiteral("alg"), QStringLiteral("RS256")}}, "{}",
                           ec.value())
                     .ok());
    }

    void thumbprintRfc7638() {
        // RFC 7638 §3.1's example key and thumbprint, through our canonical form: the public JWK
        // of a key read from these members must give this thumbprint. The example is RSA, so this
        // builds the public key alone and checks the thumbprint's input form instead.
        const Result<Jwk> jwk = Jwk::fromJson(parseObject(R"({"kty":"RSA",
            "n":"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
            "e":"AQAB","alg":"RS256","kid":"2011-04-29"})"));
        QVERIFY2(jwk.ok(), qPrintable(jwk.error().toString()));
        QCOMPARE(jwk->bits, 2048);
        // For a generated key the thumbprint is the default kid and is 43 base64url characters.
        const Result<SigningKey> key = SigningKey::generate(JwsAlgorithm::ES256);
        QVERIFY(key.ok());
        QCOMPARE(key->kid(), key->thumbprint());
        QCOMPARE(key->kid().size(), 43);
        QVERIFY(Base64Url::decode(key->kid().toLatin1()).has_value());
    }

    void derRawConversion_data() {
        QTest::addColumn<int>("bytes");
        QTest::newRow("P-256") << 32;
        QTest::newRow("P-384") << 48;
        QTest::newRow("P-521") << 66;
    }
    void derRawConversion() {
        QFETCH(int, bytes);
        // r with leading zero bytes and s with the high bit set: both DER edge cases.
        QByteArray raw(2 * bytes, '\0');
        raw[2] = '\x01';
        raw[bytes - 1] = '\x7f';
        raw[bytes] = bytes == 66 ? '\x01' : '\xff';
        raw[2 * bytes - 1] = '\x02';
        const Result<QByteArray> der = Jws::ecdsaRawToDer(raw, bytes);
        QVERIFY2(der.ok(), qPrintable(der.error().toString()));
        QCOMPARE(der->at(0), '\x30'); // SEQUENCE
        const Result<QByteArray> back = Jws::ecdsaDerToRaw(der.value(), bytes);
        QVERIFY2(back.ok(), qPrintable(back.error().toString()));
        QCOMPARE(back.value(), raw);

        QVERIFY(!Jws::ecdsaRawToDer(raw.left(raw.size() - 1), bytes).ok());
        QVERIFY(!Jws::ecdsaDerToRaw(der->left(der->size() - 1), bytes).ok());
        QVERIFY(!Jws::ecdsaDerToRaw(QByteArray(der.value() + QByteArray("\0", 1)), bytes).ok());
        QVERIFY(!Jws::ecdsaDerToRaw(raw, bytes).ok());
    }

    void derSignatureIsRefusedByVerify() {
        // A verifier must take only R||S; a DER signature (what some libraries send by mistake)
        // is refused, not converted.
        const Result<SigningKey> key = SigningKey::generate(JwsAlgorithm::ES256);
        QVERIFY(key.ok());
        const Result<QByteArray> raw = key->sign("a.b");
        QVERIFY(raw.ok());
        const Result<QByteArray> der = Jws::ecdsaRawToDer(raw.value(), 32);
        QVERIFY(der.ok());
        QVERIFY(Jws::verify(JwsAlgorithm::ES256, key->publicKey(), "a.b", raw.value()).ok());
        QVERIFY(!Jws::verify(JwsAlgorithm::ES256, key->publicKey(), "a.b", der.value()).ok());
    }

    void compactParsing_data() {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QString>("id"); // empty: parses
        const QByteArray h = Base64Url::encode(R"({"alg":"ES256"})");
        const QByteArray p = Base64Url::encode(R"({"a":1})");
        QTest::newRow("good") << QByteArray(h + '.' + p + ".c2ln") << QString();
        QTest::newRow("jwe") << QByteArray(h + ".a.b.c.d") << QStringLiteral("jws-jwe");
        QTest::newRow("two parts") << QByteArray(h + '.' + p) << QStringLiteral("jws-parts");
        QTest::newRow("four parts")
            << QByteArray(h + '.' + p + ".a.b") << QStringLiteral("jws-parts");
        QTest::newRow("unsigned parses") << QByteArray(h + '.' + p + '.') << QString();
        QTest::newRow("padded") << QByteArray(h + '.' + p + ".c2ln=")
                                << QStringLiteral("jws-base64url");
        QTest::newRow("std alphabet")
            << QByteArray(h + '.' + p + ".c2/n") << QStringLiteral("jws-base64url");
        QTest::newRow("header array") << QByteArray(Base64Url::encode("[1]") + '.' + p + ".c2ln")
                                      << QStringLiteral("jws-header");
        QTest::newRow("header repeats alg")
            << QByteArray(Base64Url::encode(R"({"alg":"ES256","alg":"none"})") + '.' + p + ".c2ln")
            << QStringLiteral("jws-header");
        QTest::newRow("oversize") << QByteArray(h + '.' + QByteArray(Jws::DefaultMaxBytes, 'A') +
                                                ".c2ln")
                                  << QStringLiteral("jws-size");
    }
    void compactParsing() {
        QFETCH(QByteArray, token);
        QFETCH(QString, id);
        const Result<CompactJws> parsed = Jws::parse(token);
        QCOMPARE(parsed.ok(), id.isEmpty());
        if (!id.isEmpty())
            QCOMPARE(parsed.error().id, id);
    }
};

QTEST_GUILESS_MAIN(tst_Jose)
#include "tst_jose.moc"
