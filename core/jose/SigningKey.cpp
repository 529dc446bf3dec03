#include "jose/SigningKey.h"

#include "jose/Base64Url.h"
#include "jose/Jws.h"
#include "jose/OpenSslSupport.h"

#include <QCryptographicHash>

#include <openssl/core_names.h>
#include <openssl/pem.h>

namespace scopebench {

namespace {

Error signingError(const QString &message) {
    return Error(message, QString(), QStringLiteral("signing-key"));
}

// Does the OpenSSL key's type and curve belong to `alg`?
QString keyProblem(EVP_PKEY *key, JwsAlgorithm alg) {
    const QString name = jws::algorithmName(alg);
    switch (jws::keyFamily(alg)) {
    case jws::KeyFamily::Rsa:
        if (!EVP_PKEY_is_a(key, "RSA"))
            return QStringLiteral("%1 needs an RSA key").arg(name);
        if (EVP_PKEY_get_bits(key) < 2048)
            return QStringLiteral("%1 needs an RSA key of at least 2048 bits").arg(name);
        return QString();
    case jws::KeyFamily::Ec: {
        if (!EVP_PKEY_is_a(key, "EC"))
            return QStringLiteral("%1 needs an EC key").arg(name);
        char group[64] = {};
        size_t length = 0;
        if (!EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group,
                                            &length))
            return QStringLiteral("the EC key names no curve");
        // OpenSSL reports the curve by its SEC name.
        const QLatin1String wanted = alg == JwsAlgorithm::ES256   ? QLatin1String("prime256v1")
                                     : alg == JwsAlgorithm::ES384 ? QLatin1String("secp384r1")
                                                                  : QLatin1String("secp521r1");
        if (QLatin1String(group) != wanted && QString::fromLatin1(group) != jws::curve(alg))
            return QStringLiteral("%1 needs curve %2").arg(name, jws::curve(alg));
        return QString();
    }
    case jws::KeyFamily::Okp:
        if (!EVP_PKEY_is_a(key, "ED25519"))
            return QStringLiteral("EdDSA needs an Ed25519 key");
        return QString();
    }
    return QString();
}

QByteArray bnMember(EVP_PKEY *key, const char *name, int padTo = 0) {
    BIGNUM *raw = nullptr;
    if (!EVP_PKEY_get_bn_param(key, name, &raw))
        return QByteArray();
    ossl::Owned<BIGNUM> bn(raw);
    const int size = padTo ? padTo : BN_num_bytes(bn.get());
    QByteArray out(size, Qt::Uninitialized);
    if (BN_bn2binpad(bn.get(), reinterpret_cast<unsigned char *>(out.data()), size) != size)
        return QByteArray();
    return out;
}

} // namespace

Result<SigningKey> SigningKey::generate(JwsAlgorithm alg, const QString &kid) {
    EVP_PKEY *raw = nullptr;
    switch (jws::keyFamily(alg)) {
    case jws::KeyFamily::Rsa:
        raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048));
        break;
    case jws::KeyFamily::Ec:
        raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC",
                                jws::curve(alg) == QLatin1String("P-256")   ? "P-256"
                                : jws::curve(alg) == QLatin1String("P-384") ? "P-384"
                                                                            : "P-521");
        break;
    case jws::KeyFamily::Okp:
        raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
        break;
    }
    if (!raw)
        return signingError(QStringLiteral("OpenSSL could not make a key: ") + ossl::lastError());
    return makeKey(raw, alg, kid);
}

Result<SigningKey> SigningKey::fromPem(const QByteArray &pem, JwsAlgorithm alg,
                                       const QString &kid) {
    ossl::Owned<BIO> bio(BIO_new_mem_buf(pem.constData(), int(pem.size())));
    if (!bio)
        return signingError(ossl::lastError());
    EVP_PKEY *raw = PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr);
    if (!raw)
        return signingError(QStringLiteral("not a PEM private key: ") + ossl::lastError());
    return makeKey(raw, alg, kid);
}

Result<SigningKey> SigningKey::makeKey(evp_pkey_st *raw, JwsAlgorithm alg, const QString &kid) {
    ossl::Owned<EVP_PKEY> owned(raw);
    const QString problem = keyProblem(raw, alg);
    if (!problem.isEmpty())
        return signingError(problem);
    SigningKey k;
    k.m_key = PublicKey(ossl::share(owned.release()));
    k.m_alg = alg;
    k.m_kid = kid.isEmpty() ? k.thumbprint() : kid;
    return k;
}

QByteArray SigningKey::toPem() const {
    if (isNull())
        return QByteArray();
    ossl::Owned<BIO> bio(BIO_new(BIO_s_mem()));
    if (!bio ||
        !PEM_write_bio_PrivateKey(bio.get(), m_key.handle(), nullptr, nullptr, 0, nullptr, nullptr))
        return QByteArray();
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(size));
}

QJsonObject SigningKey::publicJwk() const {
    if (isNull())
        return QJsonObject();
    EVP_PKEY *key = m_key.handle();
    QJsonObject jwk;
    auto put = [&](const char *name, const QByteArray &bytes) {
        jwk.insert(QString::fromLatin1(name), QString::fromLatin1(Base64Url::encode(bytes)));
    };
    jwk.insert(QStringLiteral("kty"), jws::keyType(m_alg));
    switch (jws::keyFamily(m_alg)) {
    case jws::KeyFamily::Rsa:
        put("n", bnMember(key, OSSL_PKEY_PARAM_RSA_N));
        put("e", bnMember(key, OSSL_PKEY_PARAM_RSA_E));
        break;
    case jws::KeyFamily::Ec: {
        const int bytes = jws::ecCoordinateBytes(m_alg);
        jwk.insert(QStringLiteral("crv"), jws::curve(m_alg));
        put("x", bnMember(key, OSSL_PKEY_PARAM_EC_PUB_X, bytes));
        put("y", bnMember(key, OSSL_PKEY_PARAM_EC_PUB_Y, bytes));
        break;
    }
    case jws::KeyFamily::Okp: {
        QByteArray x(32, Qt::Uninitialized);
        size_t length = size_t(x.size());
        if (EVP_PKEY_get_raw_public_key(key, reinterpret_cast<unsigned char *>(x.data()),
                                        &length) != 1)
            x.clear();
        x.truncate(qsizetype(length));
        jwk.insert(QStringLiteral("crv"), jws::curve(m_alg));
        put("x", x);
        break;
    }
    }
    if (!m_kid.isEmpty())
        jwk.insert(QStringLiteral("kid"), m_kid);
    jwk.insert(QStringLiteral("alg"), jws::algorithmName(m_alg));
    jwk.insert(QStringLiteral("use"), QStringLiteral("sig"));
    return jwk;
}

QString SigningKey::thumbprint() const {
    if (isNull())
        return QString();
    const QJsonObject jwk = publicJwk();
    // RFC 7638 §3.2: the required members only, in lexical order, no white space. The values are
    // base64url or fixed names, so they need no JSON escaping.
    QStringList names;
    switch (jws::keyFamily(m_alg)) {
    case jws::KeyFamily::Rsa:
        names = {QStringLiteral("e"), QStringLiteral("kty"), QStringLiteral("n")};
        break;
    case jws::KeyFamily::Ec:
        names = {QStringLiteral("crv"), QStringLiteral("kty"), QStringLiteral("x"),
                 QStringLiteral("y")};
        break;
    case jws::KeyFamily::Okp:
        names = {QStringLiteral("crv"), QStringLiteral("kty"), QStringLiteral("x")};
        break;
    }
    QString text = QStringLiteral("{");
    for (const auto &name : names) {
        if (text.size() > 1)
            text += QLatin1Char(',');
        text += QLatin1Char('"') + name + QStringLiteral("\":\"") + jwk.value(name).toString() +
                QLatin1Char('"');
    }
    text += QLatin1Char('}');
    return QString::fromLatin1(
        Base64Url::encode(QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha256)));
}

Result<QByteArray> SigningKey::sign(QByteArrayView signingInput) const {
    if (isNull())
        return signingError(QStringLiteral("no key"));
    ossl::Owned<EVP_MD_CTX> md(EVP_MD_CTX_new());
    EVP_PKEY_CTX *pctx = nullptr;
    const bool pss = m_alg == JwsAlgorithm::PS256 || m_alg == JwsAlgorithm::PS384 ||
                     m_alg == JwsAlgorithm::PS512;
    ossl::PssParams pssParams;
    if (!md || EVP_DigestSignInit_ex(md.get(), &pctx, jws::digestName(m_alg), nullptr, nullptr,
                                     m_key.handle(), pss ? pssParams.params : nullptr) != 1)
        return signingError(QStringLiteral("cannot sign: ") + ossl::lastError());
    const auto *input = reinterpret_cast<const unsigned char *>(signingInput.data());
    size_t length = 0;
    if (EVP_DigestSign(md.get(), nullptr, &length, input, size_t(signingInput.size())) != 1)
        return signingError(QStringLiteral("cannot sign: ") + ossl::lastError());
    QByteArray signature(qsizetype(length), Qt::Uninitialized);
    if (EVP_DigestSign(md.get(), reinterpret_cast<unsigned char *>(signature.data()), &length,
                       input, size_t(signingInput.size())) != 1)
        return signingError(QStringLiteral("cannot sign: ") + ossl::lastError());
    signature.truncate(qsizetype(length));
    if (jws::keyFamily(m_alg) == jws::KeyFamily::Ec)
        return Jws::ecdsaDerToRaw(signature, jws::ecCoordinateBytes(m_alg));
    return signature;
}

} // namespace scopebench
