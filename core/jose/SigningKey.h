#pragma once

#include "common/Result.h"
#include "jose/JwsAlgorithm.h"
#include "jose/PublicKey.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

namespace scopebench {

// A private key bound to one JWS algorithm, for the test authorization server's access tokens
// and a client's private_key_jwt. Keys are made by OpenSSL; the "kid" is the RFC 7638 thumbprint
// of the public key unless one is given. Copies share the key.
class SigningKey {
public:
    SigningKey() = default;

    // RSA keys are 2048 bits for RS*/PS*; EC keys are on the algorithm's curve.
    static Result<SigningKey> generate(JwsAlgorithm alg, const QString &kid = QString());
    // A PEM private key (PKCS#8 or the traditional forms OpenSSL reads) that must fit `alg`.
    static Result<SigningKey> fromPem(const QByteArray &pem, JwsAlgorithm alg,
                                      const QString &kid = QString());

    bool isNull() const { return m_key.isNull(); }
    JwsAlgorithm algorithm() const { return m_alg; }
    const QString &kid() const { return m_kid; }

    // Unencrypted PKCS#8 PEM: a secret, for files the caller protects.
    QByteArray toPem() const;
    // The public half as a JWK with "kty", the key members, "kid", "alg" and "use": "sig".
    QJsonObject publicJwk() const;
    // RFC 7638: base64url(SHA-256) of the required public members in lexical order.
    QString thumbprint() const;
    PublicKey publicKey() const { return m_key; }

    // The JWS signature of `signingInput` in its JOSE form (raw R||S for ECDSA).
    Result<QByteArray> sign(QByteArrayView signingInput) const;

private:
    // Takes ownership of `key`.
    static Result<SigningKey> makeKey(evp_pkey_st *key, JwsAlgorithm alg, const QString &kid);

    PublicKey m_key;
    JwsAlgorithm m_alg = JwsAlgorithm::ES256;
    QString m_kid;
};

} // namespace scopebench
