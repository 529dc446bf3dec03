#include "TokenInput.h"

#include "decision/Decider.h"

#include <QUrl>

namespace scopebench {

DecisionReport TokenInput::decide(const CompiledPolicy &policy, const QString &tool,
                                  qint64 now) const {
    if (kind == Kind::Simulated) {
        const Decision decision = Simulation::decide(policy, simulated, tool, now);
        return DecisionReport::make(policy, decision,
                                    simulated.present ? simulated.scopes : QStringList(), tool);
    }
    RequestFacts request;
    request.path = QUrl(policy.resource()).path(QUrl::FullyEncoded).toLatin1();
    if (request.path.isEmpty())
        request.path = "/";
    request.headers.append(
        {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    const QString trimmed = token.trimmed();
    if (!trimmed.isEmpty())
        request.headers.append(
            {QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + trimmed.toUtf8()});
    if (!tool.isEmpty()) {
        request.rpcMethod = QStringLiteral("tools/call");
        request.toolName = tool;
    }
    const Decision decision = Decider::decide(policy, request, knowledge, now);
    const QStringList granted =
        knowledge.state == TokenKnowledge::State::Known ? knowledge.facts.scopes : QStringList();
    return DecisionReport::make(policy, decision, granted, tool);
}

} // namespace scopebench
