#include "jose/Jws.h"

#include "common/OrderedJson.h"
#include "jose/Base64Url.h"
#include "jose/OpenSslSupport.h"

#include <QJsonDocument>

#include <openssl/core_names.h>
#include <openssl/ec.h>

namespace scopebench {

namespace {

Error jwsError(const QString &message, const char *id) {
    return Error(message, QString(), QString::fromLatin1(id));
}

// Given JSON that QJsonDocument accepted: does an object in it repeat a member name? QJsonDocument
// alone would silently keep one of two "alg"s (RFC 7515 §5.2 asks to refuse them).
bool hasRepeatedMember(const QByteArray &json) {
    // OrderedJson refuses a member name that appears twice in one object, at any depth.
    return !OrderedJson::parse(json).ok();
}

bool isPss(JwsAlgorithm alg) {
    return alg == JwsAlgorithm::PS256 || alg == JwsAlgorithm::PS384 || alg == JwsAlgorithm::PS512;
}

} // namespace

Result<CompactJws> Jws::parse(QByteArrayView token, qsizetype maxBytes) {
    if (token.size() > maxBytes)
        return jwsError(QStringLiteral("the token is %1 bytes; at most %2 are accepted")
                            .arg(token.size())
                            .arg(maxBytes),
                        "jws-size");
    const qsizetype dots = token.count('.');
    if (dots == 4)
        return jwsError(QStringLiteral("the token has five parts: an encrypted JWT (JWE), which "
                                       "is not accepted"),
                        "jws-jwe");
    if (dots != 2)
        return jwsError(
            QStringLiteral("the token has %1 parts; a compact JWS has three").arg(dots + 1),
            "jws-parts");
    const qsizetype first = token.indexOf('.');
    const qsizetype second = token.lastIndexOf('.');
    const QByteArrayView headerText = token.first(first);
    const QByteArrayView payloadText = token.sliced(first + 1, second - first - 1);
    const QByteArrayView signatureText = token.sliced(second + 1);

    CompactJws jws;
    const auto header = Base64Url::decode(headerText);
    const auto payload = Base64Url::decode(payloadText);
    const auto signature = Base64Url::decode(signatureText);
    if (!header || !payload || !signature)
        return jwsError(QStringLiteral("the %1 is not strict base64url")
                            .arg(!header    ? QStringLiteral("header")
                                 : !payload ? QStringLiteral("payload")
                                            : QStringLiteral("signature")),
                        "jws-base64url");
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(*header, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return jwsError(QStringLiteral("the header is not a JSON object"), "jws-header");
    if (hasRepeatedMember(*header))
        return jwsError(QStringLiteral("the header repeats a member name"), "jws-header");
    jws.signingInput = token.first(second).toByteArray();
    jws.headerBytes = *header;
    jws.header = doc.object();
    jws.payload = *payload;
    jws.signature = *signature;
    return jws;
}

Status Jws::verify(JwsAlgorithm alg, const PublicKey &key, QByteArrayView signingInput,
                   QByteArrayView signature) {
    if (key.isNull())
        return jwsError(QStringLiteral("no key"), "jws-signature");
    if (signature.isEmpty())
        return jwsError(QStringLiteral("the token is not signed (empty signature)"),
                        "jws-signature");
    QByteArray native = signature.toByteArray();
    if (jws::keyFamily(alg) == jws::KeyFamily::Ec) {
        // A DER signature or one of the wrong length is refused here, never handed to OpenSSL.
        Result<QByteArray> der = ecdsaRawToDer(signature, jws::ecCoordinateBytes(alg));
        if (!der)
            return der.error();
        native = der.value();
    }
    ossl::Owned<EVP_MD_CTX> md(EVP_MD_CTX_new());
    EVP_PKEY_CTX *pctx = nullptr;
    ossl::PssParams pss;
    if (!md || EVP_DigestVerifyInit_ex(md.get(), &pctx, jws::digestName(alg), nullptr, nullptr,
                                       key.handle(), isPss(alg) ? pss.params : nullptr) != 1) {
        return jwsError(QStringLiteral("the key cannot verify %1: ").arg(jws::algorithmName(alg)) +
                            ossl::lastError(),
                        "jws-signature");
    }
    const int verdict = EVP_DigestVerify(
        md.get(), reinterpret_cast<const unsigned char *>(native.constData()),
        size_t(native.size()), reinterpret_cast<const unsigned char *>(signingInput.data()),
        size_t(signingInput.size()));
    ERR_clear_error();
    if (verdict != 1)
        return jwsError(QStringLiteral("the signature does not verify"), "jws-signature");
    return Status::success();
}

Result<QByteArray> Jws::sign(QJsonObject header, const QByteArray &payload, const SigningKey &key) {
    if (key.isNull())
        return jwsError(QStringLiteral("no signing key"), "signing-key");
    const QString alg = jws::algorithmName(key.algorithm());
    const QJsonValue given = header.value(QStringLiteral("alg"));
    if (!given.isUndefined() && given.toString() != alg)
        return jwsError(QStringLiteral("the header says alg %1 but the key signs %2")
                            .arg(given.toString(), alg),
                        "signing-key");
    header.insert(QStringLiteral("alg"), alg);
    if (!header.contains(QStringLiteral("kid")) && !key.kid().isEmpty())
        header.insert(QStringLiteral("kid"), key.kid());
    return signExactHeader(QJsonDocument(header).toJson(QJsonDocument::Compact), payload, key);
}

Result<QByteArray> Jws::signExactHeader(const QByteArray &headerJson, const QByteArray &payload,
                                        const SigningKey &key) {
    const QByteArray input = Base64Url::encode(headerJson) + '.' + Base64Url::encode(payload);
    const Result<QByteArray> signature = key.sign(input);
    if (!signature)
        return signature.error();
    return QByteArray(input + '.' + Base64Url::encode(signature.value()));
}

Result<QByteArray> Jws::ecdsaDerToRaw(QByteArrayView der, int coordinateBytes) {
    const auto *p = reinterpret_cast<const unsigned char *>(der.data());
    ECDSA_SIG *raw = d2i_ECDSA_SIG(nullptr, &p, long(der.size()));
    if (!raw || p != reinterpret_cast<const unsigned char *>(der.data()) + der.size()) {
        ECDSA_SIG_free(raw);
        ERR_clear_error();
        return jwsError(QStringLiteral("not a DER ECDSA signature"), "jws-signature");
    }
    const BIGNUM *r = nullptr;
    const BIGNUM *s = nullptr;
    ECDSA_SIG_get0(raw, &r, &s);
    QByteArray out(2 * coordinateBytes, Qt::Uninitialized);
    auto *o = reinterpret_cast<unsigned char *>(out.data());
    const bool ok = BN_bn2binpad(r, o, coordinateBytes) == coordinateBytes &&
                    BN_bn2binpad(s, o + coordinateBytes, coordinateBytes) == coordinateBytes;
    ECDSA_SIG_free(raw);
    if (!ok)
        return jwsError(QStringLiteral("the ECDSA signature does not fit %1-byte coordinates")
                            .arg(coordinateBytes),
                        "jws-signature");
    return out;
}

Result<QByteArray> Jws::ecdsaRawToDer(QByteArrayView raw, int coordinateBytes) {
    if (coordinateBytes <= 0 || raw.size() != 2 * coordinateBytes)
        return jwsError(QStringLiteral("an ECDSA signature of %1 bytes, not %2")
                            .arg(raw.size())
                            .arg(2 * coordinateBytes),
                        "jws-signature");
    const auto *in = reinterpret_cast<const unsigned char *>(raw.data());
    BIGNUM *r = BN_bin2bn(in, coordinateBytes, nullptr);
    BIGNUM *s = BN_bin2bn(in + coordinateBytes, coordinateBytes, nullptr);
    ECDSA_SIG *sig = ECDSA_SIG_new();
    if (!r || !s || !sig || ECDSA_SIG_set0(sig, r, s) != 1) {
        BN_free(r);
        BN_free(s);
        ECDSA_SIG_free(sig);
        return jwsError(ossl::lastError(), "jws-signature");
    }
    unsigned char *der = nullptr;
    const int length = i2d_ECDSA_SIG(sig, &der);
    ECDSA_SIG_free(sig);
    if (length <= 0)
        return jwsError(ossl::lastError(), "jws-signature");
    QByteArray out(reinterpret_cast<const char *>(der), length);
    OPENSSL_free(der);
    return out;
}

} // namespace scopebench
