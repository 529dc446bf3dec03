#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace scopebench {

// The JWS algorithms Scopebench verifies and signs with (RFC 7518 §3, RFC 8037 for EdDSA with
// Ed25519). HMAC ("HS*") and "none" are deliberately absent: a verifier that knows only public
// keys must never accept them (RFC 8725 §3.1, §3.2).
enum class JwsAlgorithm { RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384, ES512, EdDSA };

namespace jws {

QString algorithmName(JwsAlgorithm alg);
std::optional<JwsAlgorithm> algorithmFromName(const QString &name);
QList<JwsAlgorithm> allAlgorithms();

enum class KeyFamily { Rsa, Ec, Okp };
KeyFamily keyFamily(JwsAlgorithm alg);
// The JWK "kty" the algorithm needs ("RSA", "EC", "OKP") and, for EC and OKP, the "crv".
QString keyType(JwsAlgorithm alg);
QString curve(JwsAlgorithm alg);
// OpenSSL's digest name ("SHA256"); empty for EdDSA, which hashes internally.
const char *digestName(JwsAlgorithm alg);
// Bytes of one coordinate of the ECDSA curve (32, 48, 66); 0 for the others.
int ecCoordinateBytes(JwsAlgorithm alg);

} // namespace jws

} // namespace scopebench
