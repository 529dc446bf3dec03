#include "decision/StepUpForecast.h"

#include "decision/ChallengeParser.h"

#include <QSet>

namespace scopebench {

namespace {

bool passesScopeChecks(const CompiledPolicy &policy, const QString &tool,
                       const QStringList &granted) {
    const CompiledPolicy::Bits bits = policy.effectiveBits(granted);
    return tool.isEmpty() ? policy.isMet(policy.serverAlternatives(), bits)
                          : policy.toolAllowed(tool, bits);
}

} // namespace

StepUpForecast StepUpForecast::forecast(const CompiledPolicy &policy, const RequestFacts &request,
                                        const Decision &decision,
                                        const QStringList &previouslyRequested) {
    StepUpForecast f;
    const int status = decision.status();
    if (decision.outcome != Outcome::Unauthorized && decision.outcome != Outcome::Forbidden)
        return f;
    const auto parsed =
        ChallengeParser::parse(decision.response.header(QByteArrayLiteral("WWW-Authenticate")));
    if (!parsed.ok())
        return f;
    const Challenge *bearer = nullptr;
    for (const auto &c : parsed.value()) {
        if (c.isScheme(QStringLiteral("Bearer"))) {
            bearer = &c;
            break;
        }
    }
    if (!bearer || (status != 401 && status != 403))
        return f;
    f.asksAgain = true;
    f.challenged = bearer->param(QStringLiteral("scope")).split(u' ', Qt::SkipEmptyParts);
    f.fromChallenge = !f.challenged.isEmpty();
    const QStringList asked = f.fromChallenge ? f.challenged : policy.policy().publishedScopes();
    f.replaceClient = asked;
    f.unionClient = previouslyRequested;
    QSet<QString> held(f.unionClient.cbegin(), f.unionClient.cend());
    for (const auto &s : asked) {
        if (!held.contains(s)) {
            held.insert(s);
            f.unionClient.append(s);
        }
    }
    f.unionPasses = passesScopeChecks(policy, request.toolName, f.unionClient);
    f.replacePasses = passesScopeChecks(policy, request.toolName, f.replaceClient);
    return f;
}

} // namespace scopebench
