#include "jose/Jwk.h"

#include "jose/Base64Url.h"
#include "jose/OpenSslSupport.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <openssl/core_names.h>

namespace scopebench {

namespace {

Error keyError(const QString &message) {
    return Error(message, QString(), QStringLiteral("jwk-invalid"));
}

// A base64url member that must be there, of `exactBytes` length when that is not 0.
Result<QByteArray> member(const QJsonObject &json, const char *name, int exactBytes = 0) {
    const QString key = QString::fromLatin1(name);
    const QJsonValue v = json.value(key);
    if (!v.isString())
        return keyError(QStringLiteral("\"%1\" is missing or not a string").arg(key));
    const auto bytes = Base64Url::decode(v.toString().toLatin1());
    if (!bytes || v.toString().toLatin1() != v.toString().toUtf8())
        return keyError(QStringLiteral("\"%1\" is not base64url").arg(key));
    if (bytes->isEmpty())
        return keyError(QStringLiteral("\"%1\" is empty").arg(key));
    if (exactBytes && bytes->size() != exactBytes)
        return keyError(QStringLiteral("\"%1\" must be %2 bytes, not %3")
                            .arg(key)
                            .arg(exactBytes)
                            .arg(bytes->size()));
    return *bytes;
}

Result<PublicKey> fromParams(const char *type, OSSL_PARAM_BLD *builder) {
    ossl::Owned<OSSL_PARAM> params(OSSL_PARAM_BLD_to_param(builder));
    ossl::Owned<EVP_PKEY_CTX> ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY *raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
        return keyError(QStringLiteral("OpenSSL refused the key: ") + ossl::lastError());
    ossl::Owned<EVP_PKEY> key(raw);
    // fromdata does not check that an EC point lies on the curve; an invalid point must never
    // reach a verification (RFC 8725 §3.4).
    ossl::Owned<EVP_PKEY_CTX> check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1)
        return keyError(QStringLiteral("the public key does not pass OpenSSL's check: ") +
                        ossl::lastError());
    return PublicKey(ossl::share(key.release()));
}

Result<PublicKey> rsaKey(const QJsonObject &json, int *bits) {
    const Result<QByteArray> n = member(json, "n");
    if (!n)
        return n.error();
    const Result<QByteArray> e = member(json, "e");
    if (!e)
        return e.error();
    if (e->size() > 8)
        return keyError(QStringLiteral("\"e\" is implausibly large"));
    ossl::Owned<BIGNUM> bn(BN_bin2bn(reinterpret_cast<const unsigned char *>(n->constData()),
                                     int(n->size()), nullptr));
    ossl::Owned<BIGNUM> be(BN_bin2bn(reinterpret_cast<const unsigned char *>(e->constData()),
                                     int(e->size()), nullptr));
    if (!bn || !be)
        return keyError(ossl::lastError());
    *bits = BN_num_bits(bn.get());
    if (*bits < Jwk::MinRsaBits || *bits > Jwk::MaxRsaBits)
        return keyError(QStringLiteral("an RSA modulus of %1 bits is outside %2..%3")
                            .arg(*bits)
                            .arg(Jwk::MinRsaBits)
                            .arg(Jwk::MaxRsaBits));
    ossl::Owned<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
    if (!builder || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, bn.get()) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, be.get()))
        return keyError(ossl::lastError());
    return fromParams("RSA", builder.get());
}

Result<PublicKey> ecKey(const QJsonObject &json, const QString &crv) {
    int bytes = 0;
    const char *group = nullptr;
    if (crv == QLatin1String("P-256")) {
        bytes = 32;
        group = "P-256";
    } else if (crv == QLatin1String("P-384")) {
        bytes = 48;
        group = "P-384";
    } else if (crv == QLatin1String("P-521")) {
        bytes = 66;
        group = "P-521";
    } else {
        return keyError(QStringLiteral("the EC curve \"%1\" is not supported").arg(crv));
    }
    // RFC 7518 §6.2.1.2-3: x and y are the full length of a coordinate.
    const Result<QByteArray> x = member(json, "x", bytes);
    if (!x)
        return x.error();
    const Result<QByteArray> y = member(json, "y", bytes);
    if (!y)
        return y.error();
    const QByteArray point = QByteArray(1, '\x04') + *x + *y; // SEC 1 uncompressed
    ossl::Owned<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
    if (!builder ||
        !OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
        !OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                          size_t(point.size())))
        return keyError(ossl::lastError());
    return fromParams("EC", builder.get());
}

Result<PublicKey> okpKey(const QJsonObject &json, const QString &crv) {
    if (crv != QLatin1String("Ed25519"))
        return keyError(
            QStringLiteral("the OKP curve \"%1\" is not supported (only Ed25519)").arg(crv));
    const Result<QByteArray> x = member(json, "x", 32);
    if (!x)
        return x.error();
    ossl::Owned<OSSL_PARAM_BLD> builder(OSSL_PARAM_BLD_new());
    if (!builder || !OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                                      x->constData(), size_t(x->size())))
        return keyError(ossl::lastError());
    return fromParams("ED25519", builder.get());
}

// An optional member that, when present, must be a string.
bool optionalString(const QJsonObject &json, const QString &name, QString *out) {
    const QJsonValue v = json.value(name);
    if (v.isUndefined())
        return true;
    if (!v.isString())
        return false;
    *out = v.toString();
    return true;
}

} // namespace

Result<Jwk> Jwk::fromJson(const QJsonObject &json) {
    Jwk jwk;
    jwk.json = json;
    if (!json.value(QStringLiteral("kty")).isString())
        return keyError(QStringLiteral("\"kty\" is missing or not a string"));
    jwk.kty = json.value(QStringLiteral("kty")).toString();
    for (const char *name : {"kid", "alg", "use", "crv"}) {
        QString *target = qstrcmp(name, "kid") == 0   ? &jwk.kid
                          : qstrcmp(name, "alg") == 0 ? &jwk.alg
                          : qstrcmp(name, "use") == 0 ? &jwk.use
                                                      : &jwk.crv;
        if (!optionalString(json, QString::fromLatin1(name), target))
            return keyError(QStringLiteral("\"%1\" is not a string").arg(QLatin1String(name)));
    }
    const QJsonValue ops = json.value(QStringLiteral("key_ops"));
    if (!ops.isUndefined()) {
        if (!ops.isArray())
            return keyError(QStringLiteral("\"key_ops\" is not an array"));
        jwk.hasKeyOps = true;
        for (const auto &op : ops.toArray()) {
            if (!op.isString())
                return keyError(QStringLiteral("\"key_ops\" holds a non-string"));
            jwk.keyOps.append(op.toString());
        }
    }
    if (jwk.kty == QLatin1String("oct"))
        return keyError(QStringLiteral("symmetric (\"oct\") keys are never used to verify"));
    // RSA "d"/"p"/"q"/..., EC and OKP "d": a published private key is a compromised key.
    for (const char *secret : {"d", "p", "q", "dp", "dq", "qi", "oth", "k"}) {
        if (json.contains(QString::fromLatin1(secret)))
            return keyError(QStringLiteral("the key holds the private member \"%1\"")
                                .arg(QLatin1String(secret)));
    }

    Result<PublicKey> key = keyError(QString());
    if (jwk.kty == QLatin1String("RSA"))
        key = rsaKey(json, &jwk.bits);
    else if (jwk.kty == QLatin1String("EC"))
        key = ecKey(json, jwk.crv);
    else if (jwk.kty == QLatin1String("OKP"))
        key = okpKey(json, jwk.crv);
    else
        return keyError(QStringLiteral("the key type \"%1\" is not supported").arg(jwk.kty));
    if (!key)
        return key.error();
    jwk.key = key.value();
    return jwk;
}

QString Jwk::unfitFor(JwsAlgorithm alg) const {
    const QString name = jws::algorithmName(alg);
    if (kty != jws::keyType(alg))
        return QStringLiteral("a %1 key cannot verify %2").arg(kty, name);
    const QString wantedCurve = jws::curve(alg);
    if (!wantedCurve.isEmpty() && crv != wantedCurve)
        return QStringLiteral("%1 needs curve %2, the key is on %3").arg(name, wantedCurve, crv);
    if (!this->alg.isEmpty() && this->alg != name)
        return QStringLiteral("the key is for %1, not %2").arg(this->alg, name);
    if (!use.isEmpty() && use != QLatin1String("sig"))
        return QStringLiteral("the key's use is \"%1\", not \"sig\"").arg(use);
    if (hasKeyOps && !keyOps.contains(QLatin1String("verify")))
        return QStringLiteral("the key's key_ops do not include \"verify\"");
    return QString();
}

Result<JwkSet> JwkSet::parse(const QByteArray &json, const QString &where) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError)
        return Error(QStringLiteral("the JWK Set is not JSON: ") + error.errorString(), where,
                     QStringLiteral("jwks-invalid"));
    if (!doc.isObject())
        return Error(QStringLiteral("the JWK Set is not a JSON object"), where,
                     QStringLiteral("jwks-invalid"));
    return fromJson(doc.object(), where);
}

Result<JwkSet> JwkSet::fromJson(const QJsonObject &json, const QString &where) {
    const QJsonValue keys = json.value(QStringLiteral("keys"));
    if (!keys.isArray())
        return Error(QStringLiteral("the JWK Set has no \"keys\" array"), where,
                     QStringLiteral("jwks-invalid"));
    const QJsonArray array = keys.toArray();
    if (array.size() > MaxKeys)
        return Error(QStringLiteral("the JWK Set holds %1 keys; at most %2 are read")
                         .arg(array.size())
                         .arg(MaxKeys),
                     where, QStringLiteral("jwks-invalid"));
    JwkSet set;
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject entry = array.at(i).toObject();
        const QString label = QStringLiteral("keys[%1]").arg(i) +
                              (entry.value(QStringLiteral("kid")).isString()
                                   ? QStringLiteral(" (kid \"%1\")")
                                         .arg(entry.value(QStringLiteral("kid")).toString())
                                   : QString());
        if (!array.at(i).isObject()) {
            set.skipped.append(label + QStringLiteral(": not an object"));
            continue;
        }
        Result<Jwk> jwk = Jwk::fromJson(entry);
        if (!jwk) {
            set.skipped.append(label + QStringLiteral(": ") + jwk.error().message);
            continue;
        }
        set.keys.append(std::move(jwk).value());
    }
    return set;
}

} // namespace scopebench
