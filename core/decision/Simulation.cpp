#include "decision/Simulation.h"

#include "decision/Decider.h"
#include "http/HttpVocabulary.h"

#include <QUrl>

namespace scopebench {

TokenFacts Simulation::factsOf(const SimulatedToken &token) {
    TokenFacts facts;
    facts.active = token.active;
    facts.scopes = token.scopes;
    facts.exp = token.exp;
    facts.nbf = token.nbf;
    facts.aud = token.aud;
    facts.audPresent = !token.aud.isEmpty();
    facts.tokenType = QStringLiteral("Bearer");
    return facts;
}

RequestFacts Simulation::request(const CompiledPolicy &policy,
                                 const std::optional<QByteArray> &bearerToken,
                                 const QString &tool) {
    RequestFacts request;
    request.path = QUrl(policy.resource()).path(QUrl::FullyEncoded).toLatin1();
    if (request.path.isEmpty())
        request.path = "/";
    request.headers.append({QByteArray(HeaderName::ContentType), QByteArray(ContentType::Json)});
    if (bearerToken)
        request.headers.append(
            {QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + *bearerToken});
    if (!tool.isEmpty()) {
        request.rpcMethod = QStringLiteral("tools/call");
        request.toolName = tool;
    }
    return request;
}

Decision Simulation::decide(const CompiledPolicy &policy, const SimulatedToken &token,
                            const QString &tool, qint64 now) {
    std::optional<QByteArray> bearer;
    if (token.present)
        bearer = QByteArrayLiteral("simulated-token");
    return Decider::decide(policy, request(policy, bearer, tool),
                           TokenKnowledge::known(factsOf(token)), now);
}

} // namespace scopebench
