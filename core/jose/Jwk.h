#pragma once

#include "common/Result.h"
#include "jose/JwsAlgorithm.h"
#include "jose/PublicKey.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace scopebench {

// One public JSON Web Key (RFC 7517) that can verify signatures: RSA (2048 to 8192 bits), EC on
// P-256, P-384 or P-521 (the point checked to be on the curve), or OKP Ed25519 (RFC 8037).
// Symmetric ("oct") keys and keys that carry private members are refused: a verifier of access
// tokens must never hold a secret the issuer also signs with.
struct Jwk {
    static constexpr int MinRsaBits = 2048; // RFC 7518 §3.3
    static constexpr int MaxRsaBits = 8192; // a bound on the work one key can cause

    QString kty;
    QString crv; // EC and OKP
    QString kid;
    QString alg; // empty when the key does not say
    QString use; // empty when the key does not say
    QStringList keyOps;
    bool hasKeyOps = false;
    int bits = 0; // RSA modulus size
    PublicKey key;
    QJsonObject json; // the key as published

    static Result<Jwk> fromJson(const QJsonObject &json);

    // Empty when this key may verify a JWS with `alg` (RFC 7517 §4, RFC 8725 §3.1): its kty/crv
    // belong to the algorithm, its "alg" (if any) is that algorithm, its "use" (if any) is "sig"
    // and its "key_ops" (if any) include "verify". Otherwise a sentence saying why not.
    QString unfitFor(JwsAlgorithm alg) const;
};

// A JWK Set (RFC 7517 §5). Keys that cannot be used (another kty, a bad member, a private key)
// are left out and said so in `skipped`, as §5 asks of unknown key types; the set itself fails
// only when it is not a JSON object with a "keys" array, or holds too many keys.
struct JwkSet {
    static constexpr int MaxKeys = 64;

    QList<Jwk> keys;
    QStringList skipped; // "keys[2] (kid "x"): why"

    static Result<JwkSet> parse(const QByteArray &json, const QString &where = QString());
    static Result<JwkSet> fromJson(const QJsonObject &json, const QString &where = QString());
};

} // namespace scopebench
