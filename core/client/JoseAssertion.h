#pragma once

#include "client/ClientAuth.h"
#include "common/Result.h"
#include "jose/SigningKey.h"

#include <QString>

namespace scopebench {

// private_key_jwt (RFC 7523 §2.2) signed by core/jose: the AssertionSettings whose signer makes
// a compact JWS of the claims with `key`, "alg" the key's algorithm and "kid" its key id (the
// RFC 7638 thumbprint unless the key was given one), so the authorization server can pick the
// registered key.
class JoseAssertion {
public:
    static AssertionSettings settingsFor(const SigningKey &key);
    // A PEM private key file for "ES256" or "RS256" (what --client-key-alg accepts). The file is
    // read with a bound: a key is a few kilobytes. Errors: [client-key-alg], [client-key-file],
    // or core/jose's reason why the key does not fit the algorithm.
    static Result<AssertionSettings> fromPemFile(const QString &path, const QString &algorithm);
};

} // namespace scopebench
