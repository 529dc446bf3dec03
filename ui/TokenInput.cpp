#include "TokenInput.h"

#include "decision/Decider.h"

namespace scopebench {

DecisionReport TokenInput::decide(const CompiledPolicy &policy, const QString &tool,
                                  qint64 now) const {
    if (kind == Kind::Simulated) {
        const Decision decision = Simulation::decide(policy, simulated, tool, now);
        return DecisionReport::make(policy, decision,
                                    simulated.present ? simulated.scopes : QStringList(), tool);
    }
    const QString trimmed = token.trimmed();
    std::optional<QByteArray> bearer;
    if (!trimmed.isEmpty())
        bearer = trimmed.toUtf8();
    const RequestFacts request = Simulation::request(policy, bearer, tool);
    const Decision decision = Decider::decide(policy, request, knowledge, now);
    const QStringList granted =
        knowledge.state == TokenKnowledge::State::Known ? knowledge.facts.scopes : QStringList();
    return DecisionReport::make(policy, decision, granted, tool);
}

} // namespace scopebench
