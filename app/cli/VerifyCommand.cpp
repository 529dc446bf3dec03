#include "cli/VerifyCommand.h"

#include "common/TokenFingerprint.h"
#include "decision/DecisionReport.h"
#include "jwt/JwksProvider.h"
#include "jwt/JwtTokenLookup.h"
#include "policy/ResourceUri.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <optional>

namespace scopebench {

namespace {

QJsonObject verificationJson(const JwtLookupResult &r) {
    const JwtVerification &v = r.verification;
    QJsonArray passed;
    for (const JwtCheck check : v.passed)
        passed.append(JwtVerification::checkId(check));
    QJsonObject o{{QStringLiteral("ok"), v.ok}, {QStringLiteral("passed"), passed}};
    if (!v.notes.isEmpty()) {
        QJsonObject notes;
        for (auto it = v.notes.cbegin(); it != v.notes.cend(); ++it)
            notes.insert(JwtVerification::checkId(it.key()), it.value());
        o.insert(QStringLiteral("notes"), notes);
    }
    if (!v.alg.isEmpty())
        o.insert(QStringLiteral("alg"), v.alg);
    if (!v.kid.isEmpty())
        o.insert(QStringLiteral("kid"), v.kid);
    if (!v.issuer.isEmpty())
        o.insert(QStringLiteral("issuer"), v.issuer);
    if (r.knowledge.state == TokenKnowledge::State::IntrospectionFailed) {
        // No check ran to its end: the issuer's keys could not be had.
        o.insert(QStringLiteral("failed"), QStringLiteral("keys-unavailable"));
        o.insert(QStringLiteral("reason"), r.knowledge.failure);
    } else if (!v.ok) {
        o.insert(QStringLiteral("failed"), v.failedId());
        o.insert(QStringLiteral("reason"), v.reason);
    }
    if (!v.header.isEmpty())
        o.insert(QStringLiteral("header"), v.header);
    if (v.ok)
        o.insert(QStringLiteral("facts"), v.facts.toJson());
    return o;
}

QString verificationText(const JwtLookupResult &r) {
    const JwtVerification &v = r.verification;
    QString text;
    if (!v.alg.isEmpty() || !v.kid.isEmpty())
        text += QStringLiteral("Header: alg %1, kid %2\n")
                    .arg(v.alg.isEmpty() ? QStringLiteral("-") : v.alg,
                         v.kid.isEmpty() ? QStringLiteral("-") : v.kid);
    if (!v.issuer.isEmpty())
        text += QStringLiteral("Issuer: ") + v.issuer + u'\n';
    for (const JwtCheck check : v.passed) {
        text += QStringLiteral("  passed  ") + JwtVerification::checkName(check);
        if (v.notes.contains(check))
            text += QStringLiteral(" — ") + v.notes.value(check);
        text += u'\n';
    }
    if (r.knowledge.state == TokenKnowledge::State::IntrospectionFailed)
        text += QStringLiteral("Verification could not run (keys-unavailable): ") +
                r.knowledge.failure + u'\n';
    else if (!v.ok)
        text += QStringLiteral("  FAILED  %1 (%2): %3\n")
                    .arg(JwtVerification::checkName(v.failed), v.failedId(), v.reason);
    else
        text += QStringLiteral("Verified.\n") + v.facts.toText();
    return text;
}

} // namespace

VerifyCommand::VerifyCommand()
    : Command(QStringLiteral("verify"),
              QStringLiteral("local verification of a JWT access token, and the decision")) {}

QString VerifyCommand::description() const {
    return QStringLiteral(
        "Verify a JWT access token (RFC 9068) locally: its signature against the issuer's JWK "
        "Set (found through the issuer's metadata, or given with --jwks-url), its issuer, "
        "audience, lifetime and type (docs/jwt-verification.md); with --policy, also the "
        "decision the server makes from the verified claims.\n"
        "The issuer is trusted only when named with --issuer or, without it, when it is one of "
        "the policy's authorizationServers. The token is read from a file or standard input "
        "and shown only as its fingerprint.\n"
        "Exit status: 0 allow (without --policy: verified), 1 deny (an invalid token "
        "included), 2 usage error or a policy that cannot be loaded.\n\n"
        "Example: scopebench verify --token-file token.jwt --issuer https://as.example "
        "--policy epicme.json --tool create_entry");
}

void VerifyCommand::declare() {
    m_tokenFile = option(QStringLiteral("token-file"),
                         QStringLiteral("The file holding the token (- for standard input)."),
                         QStringLiteral("FILE"));
    m_issuer = option(QStringLiteral("issuer"),
                      QStringLiteral("A trusted issuer; the token's iss must equal it exactly. "
                                     "Repeatable. Default: the policy's authorizationServers."),
                      QStringLiteral("URL"));
    m_jwksUrl = option(QStringLiteral("jwks-url"),
                       QStringLiteral("The issuer's JWK Set, instead of finding it in the "
                                      "issuer's metadata (needs exactly one --issuer)."),
                       QStringLiteral("URL"));
    m_audience = option(QStringLiteral("audience"),
                        QStringLiteral("This resource's URI, which aud must name. Default: the "
                                       "policy's resource (required without --policy)."),
                        QStringLiteral("URI"));
    m_acceptTyp = option(QStringLiteral("accept-typ"),
                         QStringLiteral("JWT: also accept typ JWT (or none) besides at+jwt, for "
                                        "issuers that send it."),
                         QStringLiteral("TYP"));
    m_timeout = option(QStringLiteral("timeout-ms"),
                       QStringLiteral("Give up on the issuer after this many milliseconds "
                                      "(default 5000)."),
                       QStringLiteral("N"), QStringLiteral("5000"));
    policyOption(QStringLiteral("Also decide with this policy file (- for standard input)."));
    toolOption(QStringLiteral("With --policy: decide a tools/call of this tool."));
    formatOption({QStringLiteral("text"), QStringLiteral("json"), QStringLiteral("http")},
                 QStringLiteral("text (default), json, or http (with --policy: the exact "
                                "response)."));
}

Result<int> VerifyCommand::run() {
    if (!isSet(m_tokenFile))
        return usage(QStringLiteral("--token-file is required (the token is never taken as an "
                                    "argument)"));
    if (policyFile() == QLatin1String("-") && value(m_tokenFile) == QLatin1String("-"))
        return usage(QStringLiteral("--policy and --token-file cannot both read standard input"));
    if (!policyIsSet() && !tool().isEmpty())
        return usage(QStringLiteral("--tool needs --policy"));
    if (!policyIsSet() && format() == QLatin1String("http"))
        return usage(QStringLiteral("--format http needs --policy"));
    if (!policyIsSet() && !isSet(m_issuer))
        return usage(QStringLiteral("--issuer is required without --policy"));
    if (!policyIsSet() && !isSet(m_audience))
        return usage(QStringLiteral("--audience is required without --policy"));
    if (isSet(m_acceptTyp) && value(m_acceptTyp) != QLatin1String("JWT"))
        return usage(
            QStringLiteral("--accept-typ takes only JWT, not \"%1\"").arg(value(m_acceptTyp)));
    if (isSet(m_jwksUrl) && values(m_issuer).size() != 1)
        return usage(QStringLiteral("--jwks-url needs exactly one --issuer"));
    bool timeoutOk = false;
    const int timeoutMs = value(m_timeout).toInt(&timeoutOk);
    if (!timeoutOk || timeoutMs <= 0)
        return usage(QStringLiteral("--timeout-ms must be a positive number"));
    const QString audience = value(m_audience);
    if (isSet(m_audience)) {
        const QString problem = ResourceUri::problem(audience);
        if (!problem.isEmpty())
            return usage(QStringLiteral("--audience: ") + problem);
    }
    for (const QString &issuer : values(m_issuer)) {
        const QString problem = JwksProvider::urlProblem(QUrl(issuer, QUrl::StrictMode));
        if (!problem.isEmpty())
            return usage(QStringLiteral("--issuer: ") + problem);
    }
    if (isSet(m_jwksUrl)) {
        const QString problem = JwksProvider::urlProblem(QUrl(value(m_jwksUrl), QUrl::StrictMode));
        if (!problem.isEmpty())
            return usage(QStringLiteral("--jwks-url: ") + problem);
    }

    JwtVerifierOptions options;
    options.acceptTypJwt = isSet(m_acceptTyp);
    options.trustedIssuers = values(m_issuer);
    std::optional<CompiledPolicy> policy;
    if (policyIsSet()) {
        const Result<Policy> loaded = loadPolicy();
        if (!loaded)
            return loaded.error();
        policy.emplace(loaded.value(), audience);
        if (!policy->resourceProblem().isEmpty())
            warn(policy->resourceProblem());
        if (options.trustedIssuers.isEmpty())
            options.trustedIssuers = loaded->authorizationServers;
        if (options.trustedIssuers.isEmpty())
            return usage(QStringLiteral("the policy names no authorizationServers: give the "
                                        "trusted issuer with --issuer"));
        options.resource = policy->resource();
        options.leewaySeconds = loaded->validation.leewaySeconds;
    } else {
        options.resource = audience;
    }
    const Result<QByteArray> token = readToken(value(m_tokenFile));
    if (!token)
        return token.error();

    JwksProviderSettings providerSettings;
    providerSettings.timeoutMs = timeoutMs;
    JwksProvider provider(providerSettings);
    if (isSet(m_jwksUrl))
        provider.setJwksUrl(options.trustedIssuers.constFirst(),
                            QUrl(value(m_jwksUrl), QUrl::StrictMode));
    JwtTokenLookup lookup(&provider, options);
    std::optional<JwtLookupResult> result;
    QEventLoop loop;
    lookup.lookupDetailed(token.value(), &loop, [&](const JwtLookupResult &r) {
        result = r;
        loop.quit();
    });
    // The provider's own timeouts bound every request; this only guards against a lost answer.
    QTimer::singleShot(4 * timeoutMs + 1000, &loop, &QEventLoop::quit);
    if (!result)
        loop.exec();
    if (!result)
        result = JwtLookupResult{
            TokenKnowledge::failed(QStringLiteral("verification gave no answer in time")), {}};
    const TokenKnowledge &knowledge = result->knowledge;
    const bool verified = knowledge.state == TokenKnowledge::State::Known;

    std::optional<DecisionReport> report;
    if (policy)
        report =
            DecisionReport::decide(*policy, Simulation::request(*policy, token.value(), tool()),
                                   knowledge, tool(), QDateTime::currentSecsSinceEpoch());

    const QString fingerprint = tokenFingerprint(token.value());
    const QString outcome =
        report ? Decision::outcomeName(report->decision.outcome)
               : (verified ? QStringLiteral("verified") : QStringLiteral("refused"));
    if (format() == QLatin1String("http")) {
        out() << QString::fromLatin1(report->decision.response.toRaw());
    } else if (format() == QLatin1String("json")) {
        QJsonObject o{
            {QStringLiteral("token_fingerprint"), fingerprint},
            {QStringLiteral("outcome"), outcome},
            {QStringLiteral("trusted_issuers"), QJsonArray::fromStringList(options.trustedIssuers)},
            {QStringLiteral("audience"), options.resource},
            {QStringLiteral("verification"), verificationJson(*result)}};
        if (report) {
            o.insert(QStringLiteral("status"), report->decision.response.status);
            o.insert(QStringLiteral("decision"), report->toJson());
        }
        out() << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
    } else {
        out() << "Token " << fingerprint << " for " << options.resource << '\n'
              << verificationText(*result);
        if (report)
            out() << '\n' << report->toText();
    }
    if (report)
        return report->decision.outcome == Outcome::Allow ? Success : Denied;
    return verified ? Success : Denied;
}

} // namespace scopebench
