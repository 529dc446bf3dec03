#include "decision/Decider.h"

#include "decision/ChallengeBuilder.h"
#include "decision/ScopeChallenge.h"
#include "decision/TokenClaimChecks.h"
#include "http/HttpVocabulary.h"

#include <QSet>

namespace scopebench {

namespace {

const QString InvalidRequest = QStringLiteral("invalid_request");
const QString InvalidToken = QStringLiteral("invalid_token");
const QString InsufficientScope = QStringLiteral("insufficient_scope");

class Run {
public:
    explicit Run(const CompiledPolicy &policy)
        : m_policy(policy) {
        m_decision.trace.reserve(10);
    }

    Decision finish(Outcome outcome) {
        // Every check not yet run is listed as not reached, so the trace always has all steps.
        static const Check all[] = {Check::QueryToken,  Check::Credentials,   Check::HeaderSyntax,
                                    Check::TokenSyntax, Check::Introspection, Check::Active,
                                    Check::Lifetime,    Check::Audience,      Check::ServerScopes,
                                    Check::ToolScopes};
        for (size_t i = size_t(m_decision.trace.size()); i < std::size(all); ++i)
            m_decision.trace.append({all[i], Verdict::NotReached, QString()});
        m_decision.outcome = outcome;
        return std::move(m_decision);
    }

    void pass(Check check, const QString &detail = QString()) {
        m_decision.trace.append({check, Verdict::Passed, detail});
    }
    void notApplicable(Check check, const QString &detail) {
        m_decision.trace.append({check, Verdict::NotApplicable, detail});
    }

    // A failed check with its response: a challenge for 400/401/403 (none for 503), a JSON body
    // for all. `traceDetail`, when given, is what the trace and the log reason say instead of
    // the description the client is told.
    Decision deny(Check check, int status, const QString &error, const QString &description,
                  const QStringList &scopeHint = {}, const QString &traceDetail = QString()) {
        HttpResponse &r = m_decision.response;
        r.status = status;
        if (status != 503) {
            ChallengeParams c;
            c.realm = m_policy.policy().realm;
            c.error = error;
            c.errorDescription = error.isEmpty() ? QString() : description;
            c.scope = scopeHint;
            c.resourceMetadata = m_policy.resourceMetadataUrl();
            r.headers.append({QByteArrayLiteral("WWW-Authenticate"), ChallengeBuilder::build(c)});
        } else {
            r.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("5")});
        }
        const QString bodyError = !error.isEmpty() ? error
                                  : status == 503  ? QStringLiteral("temporarily_unavailable")
                                                   : QStringLiteral("unauthorized");
        const QString sanitized = ChallengeBuilder::sanitizeDescription(description);
        // Why introspection failed is for the operator (trace, log), not for whoever sent the
        // token: it can name the authorization server's answer.
        const QString told = status == 503 ? QStringLiteral("The access token cannot be checked "
                                                            "right now; try again later")
                                           : sanitized;
        return respond(check, status, error, sanitized, HttpResponse::errorBody(bodyError, told),
                       traceDetail);
    }

    // A 403 for one alternative set: the body is the set's own, and so is the challenge when no
    // scope hint varies it.
    Decision forbid(Check check, const CompiledPolicy::AlternativeSet &set,
                    const QStringList &scopeHint) {
        HttpResponse &r = m_decision.response;
        r.status = 403;
        QByteArray challenge = set.forbiddenChallenge;
        if (challenge.isEmpty()) {
            ChallengeParams c;
            c.realm = m_policy.policy().realm;
            c.error = InsufficientScope;
            c.errorDescription = set.description;
            c.scope = scopeHint;
            c.resourceMetadata = m_policy.resourceMetadataUrl();
            challenge = ChallengeBuilder::build(c);
        }
        r.headers.append({QByteArrayLiteral("WWW-Authenticate"), std::move(challenge)});
        return respond(check, 403, InsufficientScope, set.description, set.forbiddenBody);
    }

    Decision &decision() { return m_decision; }

private:
    Decision respond(Check check, int status, const QString &error, const QString &description,
                     const QByteArray &body, const QString &traceDetail = QString()) {
        const QString &detail = traceDetail.isEmpty() ? description : traceDetail;
        m_decision.trace.append({check, Verdict::Failed, detail});
        HttpResponse &r = m_decision.response;
        r.headers.append({QByteArray(HeaderName::ContentType), QByteArray(ContentType::Json)});
        r.body = body;
        m_decision.errorCode = error;
        m_decision.reason = detail;
        const Outcome outcome = status == 400   ? Outcome::BadRequest
                                : status == 401 ? Outcome::Unauthorized
                                : status == 403 ? Outcome::Forbidden
                                                : Outcome::Unavailable;
        return finish(outcome);
    }

    const CompiledPolicy &m_policy;
    Decision m_decision;
};

int hexValue(char c) {
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Does this query-string field name, percent-decoded, read "access_token"?
bool isAccessTokenName(QByteArrayView name) {
    static constexpr char wanted[] = "access_token";
    qsizetype w = 0;
    for (qsizetype i = 0; i < name.size(); ++i, ++w) {
        char c = name[i];
        if (c == '%' && i + 2 < name.size() && hexValue(name[i + 1]) >= 0 &&
            hexValue(name[i + 2]) >= 0) {
            c = char(hexValue(name[i + 1]) * 16 + hexValue(name[i + 2]));
            i += 2;
        }
        if (w >= qsizetype(sizeof(wanted)) - 1 || c != wanted[w])
            return false;
    }
    return w == qsizetype(sizeof(wanted)) - 1;
}

// RFC 6750 §2.3 is not supported: any field named access_token in the query is refused. Both '&'
// and ';' separate fields, as some servers split on either.
bool queryCarriesToken(const QByteArray &query) {
    qsizetype start = 0;
    while (start <= query.size()) {
        qsizetype end = start;
        while (end < query.size() && query[end] != '&' && query[end] != ';')
            ++end;
        qsizetype nameEnd = start;
        while (nameEnd < end && query[nameEnd] != '=')
            ++nameEnd;
        if (isAccessTokenName(QByteArrayView(query).sliced(start, nameEnd - start)))
            return true;
        start = end + 1;
    }
    return false;
}

bool isBlank(char c) {
    return c == ' ' || c == '\t';
}

QByteArrayView trimmedView(QByteArrayView v) {
    while (!v.isEmpty() && isBlank(v.front()))
        v = v.sliced(1);
    while (!v.isEmpty() && isBlank(v.back()))
        v.chop(1);
    return v;
}

// RFC 6750 §2.1 b64token.
bool isB64Token(QStringView token) {
    qsizetype i = 0;
    const qsizetype n = token.size();
    for (; i < n; ++i) {
        const char16_t c = token[i].unicode();
        const bool ok = (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') ||
                        (c >= u'0' && c <= u'9') || c == u'-' || c == u'.' || c == u'_' ||
                        c == u'~' || c == u'+' || c == u'/';
        if (!ok)
            break;
    }
    if (i == 0)
        return false;
    for (; i < n; ++i) {
        if (token[i] != u'=')
            return false;
    }
    return true;
}

} // namespace

Decision Decider::decide(const CompiledPolicy &policy, const RequestFacts &request,
                         const TokenKnowledge &token, qint64 now) {
    Run run(policy);
    const QString &tool = request.toolName;

    // 1. A token in the query string is refused outright.
    if (!request.query.isEmpty() && queryCarriesToken(request.query))
        return run.deny(Check::QueryToken, 400, InvalidRequest,
                        QStringLiteral("Send the access token in the Authorization header, not in "
                                       "the query string"));
    run.pass(Check::QueryToken);

    // 2. Credentials with the Bearer scheme; without them, a challenge with no error code.
    int authorizationCount = 0;
    QByteArrayView first;
    static constexpr QByteArrayView authorization("Authorization");
    for (const auto &h : request.headers) {
        if (h.first.size() == authorization.size() &&
            h.first.compare(authorization, Qt::CaseInsensitive) == 0) {
            if (authorizationCount++ == 0)
                first = trimmedView(h.second);
        }
    }
    const qsizetype space = first.indexOf(' ');
    const QByteArrayView scheme = space < 0 ? first : first.first(space);
    if (authorizationCount == 0)
        return run.deny(Check::Credentials, 401, QString(),
                        QStringLiteral("No Authorization header: an access token is required"),
                        ScopeChallenge::forUnauthorized(policy, tool));
    if (authorizationCount == 1 && scheme.compare("Bearer", Qt::CaseInsensitive) != 0)
        return run.deny(Check::Credentials, 401, QString(),
                        QStringLiteral("The Authorization header does not use the Bearer scheme"),
                        ScopeChallenge::forUnauthorized(policy, tool));
    run.pass(Check::Credentials);

    // 3. One Authorization value, carrying a token.
    if (authorizationCount > 1)
        return run.deny(Check::HeaderSyntax, 400, InvalidRequest,
                        QStringLiteral("The request has more than one Authorization header"));
    const QByteArrayView credentials =
        space < 0 ? QByteArrayView() : trimmedView(first.sliced(space + 1));
    if (credentials.isEmpty())
        return run.deny(Check::HeaderSyntax, 400, InvalidRequest,
                        QStringLiteral("The Bearer scheme is given without a token"));
    run.pass(Check::HeaderSyntax);

    // 4. The token is a b64token (RFC 6750 §2.1).
    const QString bearer = QString::fromLatin1(credentials);
    if (!isB64Token(bearer))
        return run.deny(Check::TokenSyntax, 401, InvalidToken,
                        QStringLiteral("The access token is malformed"),
                        ScopeChallenge::forUnauthorized(policy, tool));
    run.pass(Check::TokenSyntax);
    run.decision().bearerToken = bearer;

    // 5. Introspection.
    if (token.state == TokenKnowledge::State::NotLookedUp)
        return run.finish(Outcome::NeedsIntrospection);
    if (token.state == TokenKnowledge::State::IntrospectionFailed)
        return run.deny(Check::Introspection, 503, QString(),
                        QStringLiteral("Token introspection failed: ") + token.failure);
    if (token.state == TokenKnowledge::State::Refused) {
        // Local verification (of a JWT) answered: the token is invalid, as an inactive one is.
        // The client learns which check failed; the details are for the trace and the log.
        run.pass(Check::Introspection, QStringLiteral("the token was verified locally"));
        return run.deny(
            Check::Active, 401, InvalidToken,
            QStringLiteral("The access token failed verification (%1)").arg(token.refusedCheck),
            ScopeChallenge::forUnauthorized(policy, tool),
            QStringLiteral("Verification refused the token at the %1 check: %2")
                .arg(token.refusedCheck, token.failure));
    }
    run.pass(Check::Introspection);
    const TokenFacts &facts = token.facts;

    // 6. Active.
    if (!facts.active)
        return run.deny(Check::Active, 401, InvalidToken,
                        QStringLiteral("The access token is invalid or expired"),
                        ScopeChallenge::forUnauthorized(policy, tool));
    run.pass(Check::Active);

    // 7. Lifetime, before scope: an expired token gets 401, never 403.
    const ValidationSettings &v = policy.policy().validation;
    switch (tokenchecks::lifetime(facts.nbf, facts.exp, now, v.leewaySeconds, v.requireExpiry)) {
    case tokenchecks::Lifetime::NotYetValid:
        return run.deny(Check::Lifetime, 401, InvalidToken,
                        QStringLiteral("The access token is not valid yet (nbf)"),
                        ScopeChallenge::forUnauthorized(policy, tool));
    case tokenchecks::Lifetime::Expired:
        return run.deny(Check::Lifetime, 401, InvalidToken,
                        QStringLiteral("The access token has expired (exp)"),
                        ScopeChallenge::forUnauthorized(policy, tool));
    case tokenchecks::Lifetime::NoExpiry:
        return run.deny(Check::Lifetime, 401, InvalidToken,
                        QStringLiteral("The access token has no expiry (exp), which this resource "
                                       "requires"),
                        ScopeChallenge::forUnauthorized(policy, tool));
    case tokenchecks::Lifetime::Valid:
        break;
    }
    // Only a token that needed the leeway gets a note, so the common case formats nothing.
    if ((facts.exp && *facts.exp < now) || (facts.nbf && *facts.nbf > now))
        run.pass(Check::Lifetime,
                 tokenchecks::leewayNote(facts.nbf, facts.exp, now, v.leewaySeconds));
    else
        run.pass(Check::Lifetime);

    // 8. Audience (RFC 8707): compared after canonicalizing both sides. A listed audience counts
    // even when the caller did not set audPresent: fail closed.
    // The client is told only that the token is not for this resource; the trace and the log
    // say what was expected and what the token has.
    if (facts.audPresent || !facts.aud.isEmpty()) {
        if (!tokenchecks::audienceNamesResource(facts.aud, policy.canonicalResource()))
            return run.deny(Check::Audience, 401, InvalidToken,
                            QStringLiteral("The access token was not issued for this resource"),
                            ScopeChallenge::forUnauthorized(policy, tool),
                            tokenchecks::audienceMismatch(facts.aud, policy.canonicalResource()));
        run.pass(Check::Audience);
    } else if (v.requireAudience) {
        return run.deny(Check::Audience, 401, InvalidToken,
                        QStringLiteral("The access token was not issued for this resource"),
                        ScopeChallenge::forUnauthorized(policy, tool),
                        tokenchecks::audienceMismatch({}, policy.canonicalResource()));
    } else {
        run.notApplicable(Check::Audience, QStringLiteral("the token names no audience"));
    }

    // 9. Server-level combinations. Which alternative each level rests on (met, or the closest
    // one the 403's hint names) is chosen once for both levels and kept in the decision.
    const CompiledPolicy::Bits effective = policy.effectiveBits(facts.scopes);
    const ScopeChallenge::Choice choice = ScopeChallenge::choose(policy, tool, effective);
    run.decision().serverAlternative = choice.server;
    run.decision().toolAlternative = choice.tool;
    const auto &server = policy.serverAlternatives();
    if (server.combinations.isEmpty()) {
        run.pass(Check::ServerScopes, QStringLiteral("no server-level combinations: any token"));
    } else {
        if (!choice.server.met)
            // On a tools/call the hint covers the tool too, when it is unmet as well: one
            // challenge for the whole operation (ScopeChallenge).
            return run.forbid(Check::ServerScopes, server,
                              ScopeChallenge::forForbidden(policy, tool, choice, facts.scopes));
        run.pass(Check::ServerScopes, server.metBy[choice.server.index]);
    }

    // 10. The tool's own combinations, on tools/call.
    const auto *toolSet = tool.isEmpty() ? nullptr : policy.toolAlternatives(tool);
    if (!toolSet) {
        run.notApplicable(Check::ToolScopes, tool.isEmpty()
                                                 ? QStringLiteral("not a tool call")
                                                 : QStringLiteral("the tool has no entry"));
    } else if (toolSet->combinations.isEmpty()) {
        run.pass(Check::ToolScopes, QStringLiteral("the tool's entry is empty: any token"));
    } else {
        if (!choice.tool.met)
            return run.forbid(Check::ToolScopes, *toolSet,
                              ScopeChallenge::forForbidden(policy, tool, choice, facts.scopes));
        run.pass(Check::ToolScopes, toolSet->metBy[choice.tool.index]);
    }

    // 11. Allow.
    run.decision().reason = QStringLiteral("Allowed");
    return run.finish(Outcome::Allow);
}

RequestFacts Decider::withoutCredentials(const RequestFacts &request) {
    RequestFacts kept;
    kept.method = request.method;
    kept.path = request.path;
    kept.rpcMethod = request.rpcMethod;
    kept.toolName = request.toolName;
    if (!request.query.isEmpty() && queryCarriesToken(request.query))
        kept.query = QByteArrayLiteral("access_token=") + RedactedToken;
    static constexpr QByteArrayView authorization("Authorization");
    for (const auto &h : request.headers) {
        if (h.first.size() != authorization.size() ||
            h.first.compare(authorization, Qt::CaseInsensitive) != 0)
            continue;
        // Steps 2-4 read the scheme, whether credentials follow and whether they are a b64token.
        const QByteArrayView value = trimmedView(h.second);
        const qsizetype space = value.indexOf(' ');
        // A scheme other than Bearer is not kept: without a space, "scheme" is the whole value.
        const QByteArrayView scheme = space < 0 ? value : value.first(space);
        QByteArray redacted = scheme.compare("Bearer", Qt::CaseInsensitive) == 0
                                  ? scheme.toByteArray()
                                  : QByteArrayLiteral("Other");
        const QByteArrayView credentials =
            space < 0 ? QByteArrayView() : trimmedView(value.sliced(space + 1));
        if (!credentials.isEmpty())
            redacted += isB64Token(QString::fromLatin1(credentials))
                            ? QByteArrayLiteral(" ") + RedactedToken
                            : QByteArrayLiteral(" (not a b64token)");
        kept.headers.append({h.first, redacted});
    }
    return kept;
}

QString TraceStep::checkName(Check check) {
    switch (check) {
    case Check::QueryToken:
        return QStringLiteral("No token in the query string");
    case Check::Credentials:
        return QStringLiteral("Bearer credentials present");
    case Check::HeaderSyntax:
        return QStringLiteral("One Authorization header with a token");
    case Check::TokenSyntax:
        return QStringLiteral("Token is a b64token");
    case Check::Introspection:
        return QStringLiteral("Introspection answered");
    case Check::Active:
        return QStringLiteral("Token is active");
    case Check::Lifetime:
        return QStringLiteral("Within nbf / exp");
    case Check::Audience:
        return QStringLiteral("Audience names this resource");
    case Check::ServerScopes:
        return QStringLiteral("Server-level scopes");
    case Check::ToolScopes:
        return QStringLiteral("Tool scopes");
    }
    return QString();
}

QString TraceStep::verdictName(Verdict verdict) {
    switch (verdict) {
    case Verdict::Passed:
        return QStringLiteral("pass");
    case Verdict::Failed:
        return QStringLiteral("fail");
    case Verdict::NotReached:
        return QStringLiteral("not reached");
    case Verdict::NotApplicable:
        return QStringLiteral("n/a");
    }
    return QString();
}

QString Decision::outcomeName(Outcome outcome) {
    switch (outcome) {
    case Outcome::Allow:
        return QStringLiteral("allow");
    case Outcome::BadRequest:
        return QStringLiteral("400");
    case Outcome::Unauthorized:
        return QStringLiteral("401");
    case Outcome::Forbidden:
        return QStringLiteral("403");
    case Outcome::Unavailable:
        return QStringLiteral("503");
    case Outcome::NeedsIntrospection:
        return QStringLiteral("needs introspection");
    }
    return QString();
}

} // namespace scopebench
