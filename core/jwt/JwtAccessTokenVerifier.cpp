#include "jwt/JwtAccessTokenVerifier.h"

#include "common/OrderedJson.h"
#include "decision/TokenClaimChecks.h"
#include "jose/Base64Url.h"
#include "jose/Jws.h"
#include "policy/ResourceUri.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace scopebench {

namespace {

// One verification as it runs: each check passes or ends it.
class Run {
public:
    JwtVerification result;

    void pass(JwtCheck check) { result.passed.append(check); }
    void mark(JwtCheck check, const QString &reason) {
        result.ok = false;
        result.failed = check;
        result.reason = reason;
    }
    JwtVerification fail(JwtCheck check, const QString &reason) {
        mark(check, reason);
        return std::move(result);
    }
};

bool repeatsMember(const QByteArray &json) {
    // OrderedJson refuses a member name that appears twice in one object, at any depth.
    return !OrderedJson::parse(json).ok();
}

// A short, printable rendering of an attacker-chosen string for a reason sentence.
QString shown(const QString &value) {
    QString out;
    for (const QChar c : value.left(80)) {
        if (c.unicode() >= 0x20 && c.unicode() < 0x7f && c != QLatin1Char('"'))
            out += c;
        else
            out += QLatin1Char('?');
    }
    return value.size() > 80 ? out + QStringLiteral("...") : out;
}

bool isAtJwt(const QString &typ) {
    return typ.compare(QLatin1String("at+jwt"), Qt::CaseInsensitive) == 0 ||
           typ.compare(QLatin1String("application/at+jwt"), Qt::CaseInsensitive) == 0;
}

bool isPlainJwt(const QString &typ) {
    return typ.compare(QLatin1String("JWT"), Qt::CaseInsensitive) == 0 ||
           typ.compare(QLatin1String("application/jwt"), Qt::CaseInsensitive) == 0;
}

// A NumericDate (RFC 7519 §2): a JSON number of seconds, fractions floored.
enum class DateState { Absent, Valid, Invalid };
DateState numericDate(const QJsonObject &claims, const QString &name, qint64 *out) {
    const QJsonValue v = claims.value(name);
    if (v.isUndefined())
        return DateState::Absent;
    if (!v.isDouble())
        return DateState::Invalid;
    const double d = v.toDouble();
    // Up to the year 33658: anything larger is not a date but an attempt at overflow.
    if (!std::isfinite(d) || d < 0 || d > 1e12)
        return DateState::Invalid;
    *out = qint64(std::floor(d));
    return DateState::Valid;
}

// Everything up to and including the issuer check, shared by precheck() and verify().
bool runKeylessChecks(Run &run, QByteArrayView token, const JwtVerifierOptions &options,
                      CompactJws *jws, JwsAlgorithm *alg) {
    JwtVerification &r = run.result;
    // Format.
    const Result<CompactJws> parsed = Jws::parse(token, options.maxTokenBytes);
    if (!parsed) {
        run.mark(JwtCheck::Format, parsed.error().message);
        return false;
    }
    *jws = parsed.value();
    r.header = jws->header;
    QJsonParseError error;
    const QJsonDocument claimsDoc = QJsonDocument::fromJson(jws->payload, &error);
    if (error.error != QJsonParseError::NoError || !claimsDoc.isObject()) {
        run.mark(JwtCheck::Format, QStringLiteral("the claims are not a JSON object"));
        return false;
    }
    if (repeatsMember(jws->payload)) {
        run.mark(JwtCheck::Format, QStringLiteral("the claims repeat a member name"));
        return false;
    }
    r.claims = claimsDoc.object();
    const QJsonValue kid = r.header.value(QStringLiteral("kid"));
    r.kid = kid.toString();
    r.issuer = r.claims.value(QStringLiteral("iss")).toString();
    const QString cty = r.header.value(QStringLiteral("cty")).toString();
    if (cty.compare(QLatin1String("JWT"), Qt::CaseInsensitive) == 0) {
        run.mark(JwtCheck::Format, QStringLiteral("nested JWTs (cty JWT) are not accepted"));
        return false;
    }
    if (!kid.isUndefined() && !kid.isString()) {
        run.mark(JwtCheck::Format, QStringLiteral("the header's kid is not a string"));
        return false;
    }
    run.pass(JwtCheck::Format);

    // Algorithm (RFC 8725 §3.1, §3.2).
    const QJsonValue algValue = r.header.value(QStringLiteral("alg"));
    if (!algValue.isString()) {
        run.mark(JwtCheck::Algorithm, QStringLiteral("the header has no alg string"));
        return false;
    }
    r.alg = algValue.toString();
    if (r.alg.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0) {
        run.mark(JwtCheck::Algorithm, QStringLiteral("unsecured tokens (alg none) are refused"));
        return false;
    }
    if (r.alg.startsWith(QLatin1String("HS"), Qt::CaseInsensitive)) {
        run.mark(JwtCheck::Algorithm,
                 QStringLiteral("HMAC (%1) is refused: this verifier holds only public keys, and "
                                "a public key is never used as a shared secret")
                     .arg(shown(r.alg)));
        return false;
    }
    const std::optional<JwsAlgorithm> known = jws::algorithmFromName(r.alg);
    if (!known) {
        run.mark(JwtCheck::Algorithm,
                 QStringLiteral("the algorithm \"%1\" is not supported").arg(shown(r.alg)));
        return false;
    }
    if (!options.allowedAlgorithms.contains(*known)) {
        run.mark(JwtCheck::Algorithm,
                 QStringLiteral("the algorithm %1 is not among the allowed ones").arg(r.alg));
        return false;
    }
    *alg = *known;
    run.pass(JwtCheck::Algorithm);

    // Type (RFC 9068 §4, RFC 8725 §3.11).
    const QJsonValue typValue = r.header.value(QStringLiteral("typ"));
    const QString typ = typValue.toString();
    const bool typOk =
        isAtJwt(typ) || (options.acceptTypJwt && (typValue.isUndefined() || isPlainJwt(typ)));
    if (!typValue.isUndefined() && !typValue.isString()) {
        run.mark(JwtCheck::Type, QStringLiteral("the header's typ is not a string"));
        return false;
    }
    if (!typOk) {
        const QString given = typValue.isUndefined()
                                  ? QStringLiteral("the token has no typ")
                                  : QStringLiteral("the token's typ is \"%1\"").arg(shown(typ));
        QString reason = given + QStringLiteral(", not \"at+jwt\" (RFC 9068)");
        if (!options.acceptTypJwt && (typValue.isUndefined() || isPlainJwt(typ)))
            reason += QStringLiteral("; for issuers that send plain JWT (Keycloak, for one), "
                                     "accept typ JWT explicitly");
        run.mark(JwtCheck::Type, reason);
        return false;
    }
    run.pass(JwtCheck::Type);

    // Critical headers (RFC 7515 §4.1.11): this verifier understands none.
    const QJsonValue crit = r.header.value(QStringLiteral("crit"));
    if (!crit.isUndefined()) {
        QStringList names;
        for (const auto &v : crit.toArray())
            names.append(shown(v.toString()));
        run.mark(JwtCheck::Critical,
                 crit.isArray() && !names.isEmpty()
                     ? QStringLiteral("the header marks extensions this verifier does not "
                                      "understand as critical: %1")
                           .arg(names.join(QStringLiteral(", ")))
                     : QStringLiteral("the header's crit is malformed"));
        return false;
    }
    run.pass(JwtCheck::Critical);

    // Issuer: exact string comparison, before any key is looked for.
    const QJsonValue iss = r.claims.value(QStringLiteral("iss"));
    if (!iss.isString() || iss.toString().isEmpty()) {
        run.mark(JwtCheck::Issuer, QStringLiteral("the token names no issuer (iss)"));
        return false;
    }
    if (!options.trustedIssuers.contains(iss.toString())) {
        run.mark(JwtCheck::Issuer,
                 QStringLiteral("the issuer \"%1\" is not trusted").arg(shown(iss.toString())));
        return false;
    }
    run.pass(JwtCheck::Issuer);
    return true;
}

QStringList splitScopes(const QString &text) {
    return text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
}

} // namespace

JwtVerification JwtAccessTokenVerifier::precheck(QByteArrayView token,
                                                 const JwtVerifierOptions &options) {
    Run run;
    CompactJws jws;
    JwsAlgorithm alg = JwsAlgorithm::ES256;
    if (!runKeylessChecks(run, token, options, &jws, &alg))
        return std::move(run.result);
    run.result.ok = true;
    return std::move(run.result);
}

JwtVerification JwtAccessTokenVerifier::verify(QByteArrayView token, const JwkSet &keys,
                                               const JwtVerifierOptions &options, qint64 now) {
    Run run;
    CompactJws jws;
    JwsAlgorithm alg = JwsAlgorithm::ES256;
    if (!runKeylessChecks(run, token, options, &jws, &alg))
        return std::move(run.result);
    JwtVerification &r = run.result;

    // Key: chosen by kid; without a kid only when exactly one key fits.
    const bool hasKid = r.header.contains(QStringLiteral("kid"));
    const Jwk *key = nullptr;
    QString unfit;
    int fitting = 0;
    for (const auto &candidate : keys.keys) {
        if (hasKid && candidate.kid != r.kid)
            continue;
        const QString problem = candidate.unfitFor(alg);
        if (!problem.isEmpty()) {
            if (unfit.isEmpty())
                unfit = problem;
            continue;
        }
        if (!key)
            key = &candidate;
        ++fitting;
    }
    if (!key) {
        if (!unfit.isEmpty() && hasKid)
            return run.fail(JwtCheck::Key, QStringLiteral("the key with kid \"%1\" does not fit "
                                                          "%2: %3")
                                               .arg(shown(r.kid), r.alg, unfit));
        return run.fail(JwtCheck::Key,
                        hasKid ? QStringLiteral("the issuer's JWK Set has no key with kid \"%1\"")
                                     .arg(shown(r.kid))
                               : QStringLiteral("the token has no kid and the issuer's JWK Set "
                                                "has no key for %1")
                                     .arg(r.alg));
    }
    if (!hasKid && fitting > 1)
        return run.fail(JwtCheck::Key,
                        QStringLiteral("the token has no kid and the issuer's JWK Set has %1 keys "
                                       "for %2")
                            .arg(fitting)
                            .arg(r.alg));
    run.pass(JwtCheck::Key);

    // Signature.
    const Status signature = Jws::verify(alg, key->key, jws.signingInput, jws.signature);
    if (!signature)
        return run.fail(JwtCheck::Signature, signature.error().message);
    run.pass(JwtCheck::Signature);

    // Lifetime, as the Decider's step 7 judges it.
    const QJsonObject &claims = r.claims;
    qint64 exp = 0;
    qint64 nbf = 0;
    qint64 iat = 0;
    const DateState expState = numericDate(claims, QStringLiteral("exp"), &exp);
    const DateState nbfState = numericDate(claims, QStringLiteral("nbf"), &nbf);
    const DateState iatState = numericDate(claims, QStringLiteral("iat"), &iat);
    if (expState == DateState::Invalid)
        return run.fail(JwtCheck::Expiry, QStringLiteral("exp is not a NumericDate"));
    const auto lifetime = tokenchecks::lifetime(
        nbfState == DateState::Valid ? std::optional<qint64>(nbf) : std::nullopt,
        expState == DateState::Valid ? std::optional<qint64>(exp) : std::nullopt, now,
        options.leewaySeconds, options.requireExpiry);
    if (lifetime == tokenchecks::Lifetime::Expired)
        return run.fail(JwtCheck::Expiry, QStringLiteral("the token expired %1 s ago (exp; "
                                                         "leeway %2 s)")
                                              .arg(now - exp)
                                              .arg(options.leewaySeconds));
    if (lifetime == tokenchecks::Lifetime::NoExpiry)
        return run.fail(JwtCheck::Expiry, QStringLiteral("the token has no expiry (exp)"));
    run.pass(JwtCheck::Expiry);
    if (expState == DateState::Valid && exp < now)
        r.notes.insert(JwtCheck::Expiry,
                       tokenchecks::leewayNote(std::nullopt, exp, now, options.leewaySeconds));
    if (nbfState == DateState::Invalid)
        return run.fail(JwtCheck::NotBefore, QStringLiteral("nbf is not a NumericDate"));
    if (lifetime == tokenchecks::Lifetime::NotYetValid)
        return run.fail(JwtCheck::NotBefore, QStringLiteral("the token is valid only in %1 s "
                                                            "(nbf; leeway %2 s)")
                                                 .arg(nbf - now)
                                                 .arg(options.leewaySeconds));
    run.pass(JwtCheck::NotBefore);
    if (nbfState == DateState::Valid && nbf > now)
        r.notes.insert(JwtCheck::NotBefore,
                       tokenchecks::leewayNote(nbf, std::nullopt, now, options.leewaySeconds));
    if (iatState == DateState::Invalid)
        return run.fail(JwtCheck::IssuedAt, QStringLiteral("iat is not a NumericDate"));
    if (iatState == DateState::Valid && iat > now + options.leewaySeconds)
        return run.fail(JwtCheck::IssuedAt, QStringLiteral("the token was issued %1 s in the "
                                                           "future (iat; leeway %2 s)")
                                                .arg(iat - now)
                                                .arg(options.leewaySeconds));
    run.pass(JwtCheck::IssuedAt);

    // Audience, as the Decider's step 8 compares it.
    QStringList audiences;
    const QJsonValue aud = claims.value(QStringLiteral("aud"));
    if (aud.isString()) {
        audiences.append(aud.toString());
    } else if (aud.isArray()) {
        for (const auto &a : aud.toArray()) {
            if (!a.isString())
                return run.fail(JwtCheck::Audience, QStringLiteral("aud holds a non-string"));
            audiences.append(a.toString());
        }
    } else if (aud.isUndefined()) {
        return run.fail(JwtCheck::Audience,
                        QStringLiteral("the token names no audience (aud), which RFC 9068 "
                                       "requires"));
    } else {
        return run.fail(JwtCheck::Audience, QStringLiteral("aud is neither a string nor an array"));
    }
    const QString resource = ResourceUri::canonical(options.resource);
    if (options.resource.isEmpty())
        return run.fail(JwtCheck::Audience, QStringLiteral("no resource is set to compare the "
                                                           "audience with"));
    if (!tokenchecks::audienceNamesResource(audiences, resource))
        return run.fail(JwtCheck::Audience, tokenchecks::audienceMismatch(audiences, resource));
    run.pass(JwtCheck::Audience);

    // The remaining claims, by type.
    TokenFacts facts;
    facts.active = true;
    const QJsonValue scope = claims.value(QStringLiteral("scope"));
    const QJsonValue scp = claims.value(QStringLiteral("scp"));
    if (!scope.isUndefined()) {
        if (!scope.isString())
            return run.fail(JwtCheck::Claims, QStringLiteral("scope is not a string"));
        facts.scopes = splitScopes(scope.toString());
    } else if (scp.isString()) {
        facts.scopes = splitScopes(scp.toString());
    } else if (scp.isArray()) {
        for (const auto &s : scp.toArray()) {
            if (!s.isString())
                return run.fail(JwtCheck::Claims, QStringLiteral("scp holds a non-string"));
            facts.scopes.append(splitScopes(s.toString()));
        }
    } else if (!scp.isUndefined()) {
        return run.fail(JwtCheck::Claims, QStringLiteral("scp is neither a string nor an array"));
    }
    for (const char *name : {"sub", "client_id", "azp", "jti"}) {
        const QJsonValue v = claims.value(QString::fromLatin1(name));
        if (!v.isUndefined() && !v.isString())
            return run.fail(JwtCheck::Claims,
                            QStringLiteral("%1 is not a string").arg(QLatin1String(name)));
    }
    facts.sub = claims.value(QStringLiteral("sub")).toString();
    // RFC 9068 names the client client_id; OpenID Connect style issuers put it in azp.
    facts.clientId = claims.contains(QStringLiteral("client_id"))
                         ? claims.value(QStringLiteral("client_id")).toString()
                         : claims.value(QStringLiteral("azp")).toString();
    facts.jti = claims.value(QStringLiteral("jti")).toString();
    facts.iss = r.issuer;
    facts.aud = audiences;
    facts.audPresent = true;
    if (expState == DateState::Valid)
        facts.exp = exp;
    if (nbfState == DateState::Valid)
        facts.nbf = nbf;
    if (iatState == DateState::Valid)
        facts.iat = iat;
    facts.raw = claims;
    run.pass(JwtCheck::Claims);

    r.facts = facts;
    r.ok = true;
    return std::move(r);
}

bool JwtAccessTokenVerifier::looksLikeJwt(QByteArrayView token) {
    if (token.count('.') != 2)
        return false;
    const auto header = Base64Url::decode(token.first(token.indexOf('.')));
    return header && QJsonDocument::fromJson(*header).isObject();
}

QList<JwtCheck> JwtVerification::allChecks() {
    return {JwtCheck::Format,    JwtCheck::Algorithm, JwtCheck::Type,      JwtCheck::Critical,
            JwtCheck::Issuer,    JwtCheck::Key,       JwtCheck::Signature, JwtCheck::Expiry,
            JwtCheck::NotBefore, JwtCheck::IssuedAt,  JwtCheck::Audience,  JwtCheck::Claims};
}

QString JwtVerification::checkId(JwtCheck check) {
    switch (check) {
    case JwtCheck::Format:
        return QStringLiteral("format");
    case JwtCheck::Algorithm:
        return QStringLiteral("algorithm");
    case JwtCheck::Type:
        return QStringLiteral("type");
    case JwtCheck::Critical:
        return QStringLiteral("critical");
    case JwtCheck::Issuer:
        return QStringLiteral("issuer");
    case JwtCheck::Key:
        return QStringLiteral("key");
    case JwtCheck::Signature:
        return QStringLiteral("signature");
    case JwtCheck::Expiry:
        return QStringLiteral("expiry");
    case JwtCheck::NotBefore:
        return QStringLiteral("not-before");
    case JwtCheck::IssuedAt:
        return QStringLiteral("issued-at");
    case JwtCheck::Audience:
        return QStringLiteral("audience");
    case JwtCheck::Claims:
        return QStringLiteral("claims");
    }
    return QString();
}

QString JwtVerification::checkName(JwtCheck check) {
    switch (check) {
    case JwtCheck::Format:
        return QStringLiteral("Compact JWS, well formed");
    case JwtCheck::Algorithm:
        return QStringLiteral("Algorithm allowed");
    case JwtCheck::Type:
        return QStringLiteral("Type at+jwt");
    case JwtCheck::Critical:
        return QStringLiteral("No unknown critical headers");
    case JwtCheck::Issuer:
        return QStringLiteral("Issuer trusted");
    case JwtCheck::Key:
        return QStringLiteral("Key found by kid");
    case JwtCheck::Signature:
        return QStringLiteral("Signature verifies");
    case JwtCheck::Expiry:
        return QStringLiteral("Not expired (exp)");
    case JwtCheck::NotBefore:
        return QStringLiteral("Valid already (nbf)");
    case JwtCheck::IssuedAt:
        return QStringLiteral("Not issued in the future (iat)");
    case JwtCheck::Audience:
        return QStringLiteral("Audience names this resource");
    case JwtCheck::Claims:
        return QStringLiteral("Claims well typed");
    }
    return QString();
}

} // namespace scopebench
