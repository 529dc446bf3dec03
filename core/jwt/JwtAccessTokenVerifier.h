#pragma once

#include "decision/TokenFacts.h"
#include "jose/Jwk.h"
#include "jose/JwsAlgorithm.h"

#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace scopebench {

// What a JWT access token (RFC 9068) must satisfy. Every bound is explicit.
struct JwtVerifierOptions {
    static constexpr qsizetype DefaultMaxTokenBytes = 16 * 1024;

    // The JWS algorithms accepted (default: all that JwsAlgorithm lists). HMAC and "none" are
    // not JwsAlgorithms and so are never accepted.
    QList<JwsAlgorithm> allowedAlgorithms = jws::allAlgorithms();
    // `iss` must equal one of these exactly (no normalization: RFC 8414 §3.3, RFC 9068 §4).
    QStringList trustedIssuers;
    // This resource server's URI; `aud` must name it (compared canonically, as the Decider does
    // at step 8). Empty: every token is refused at the audience check.
    QString resource;
    int leewaySeconds = 60; // for exp, nbf and iat: the policy's validation.leewaySeconds
    // RFC 9068 §2.2 makes exp REQUIRED; a policy may say so for introspection too.
    bool requireExpiry = true;
    // RFC 9068 §4 requires typ "at+jwt" (or "application/at+jwt"); some issuers (Keycloak)
    // send "JWT". This accepts "JWT" (and no typ at all) as well.
    bool acceptTypJwt = false;
    qsizetype maxTokenBytes = DefaultMaxTokenBytes;
};

// The checks, in the order they run. Their ids (checkId) are stable: the trace, the log and
// `scopebench verify` name them, and docs/jwt-verification.md lists them.
enum class JwtCheck {
    Format,    // "format": compact JWS, strict base64url, JSON header and claims, size
    Algorithm, // "algorithm": header alg allowed (never none, never HMAC)
    Type,      // "type": typ at+jwt (or JWT with the switch)
    Critical,  // "critical": no crit header this verifier does not understand
    Issuer,    // "issuer": iss equals a trusted issuer
    Key,       // "key": a key with the header's kid that fits alg
    Signature, // "signature": the signature verifies
    Expiry,    // "expiry": exp present (when required) and not past
    NotBefore, // "not-before": nbf not in the future
    IssuedAt,  // "issued-at": iat, when present, not in the future
    Audience,  // "audience": aud names this resource
    Claims,    // "claims": claims of the wrong JSON type (scope, scp, sub, client_id, jti)
};

struct JwtVerification {
    bool ok = false;
    JwtCheck failed = JwtCheck::Format; // meaningful when !ok
    QString reason;                     // a sentence; never the token
    QList<JwtCheck> passed;             // the checks that passed, in order
    // What the trace adds to a check that passed: the expiry and not-before checks name the
    // leeway when only the leeway let the token pass ("expired 20 s ago, accepted within the
    // 60 s leeway").
    QMap<JwtCheck, QString> notes;

    QJsonObject header; // decoded, when the token could be decoded
    QJsonObject claims; // decoded (unverified unless ok)
    QString alg;
    QString kid;
    QString issuer;   // the `iss` claim as given
    TokenFacts facts; // on success: active, scopes, client_id, sub, aud, iss, exp/iat/nbf, jti

    QString failedId() const { return ok ? QString() : checkId(failed); }
    static QString checkId(JwtCheck check);
    static QString checkName(JwtCheck check); // for people: "Signature verifies"
    static QList<JwtCheck> allChecks();
};

// Verifies a JWT access token as RFC 9068 §4 and RFC 8725 ask. Pure: the key set and the clock
// are parameters. The issuer is checked before any key is looked for, so that a caller that
// fetches JWK Sets by issuer (JwtTokenLookup) fetches only those of trusted issuers.
class JwtAccessTokenVerifier {
public:
    static JwtVerification verify(QByteArrayView token, const JwkSet &keys,
                                  const JwtVerifierOptions &options, qint64 now);

    // The checks that need no key (format, algorithm, type, critical, issuer): on success the
    // result names the issuer whose JWK Set verify() needs.
    static JwtVerification precheck(QByteArrayView token, const JwtVerifierOptions &options);

    // Whether `token` looks like a JWS at all (three base64url parts with a JSON header), so a
    // caller can send other tokens to introspection instead.
    static bool looksLikeJwt(QByteArrayView token);
};

} // namespace scopebench
