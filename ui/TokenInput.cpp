#include "TokenInput.h"

namespace scopebench {

DecisionReport TokenInput::decide(const CompiledPolicy &policy, const QString &tool,
                                  qint64 now) const {
    if (kind == Kind::Simulated)
        return DecisionReport::simulate(policy, simulated, tool, now);
    const QString trimmed = token.trimmed();
    std::optional<QByteArray> bearer;
    if (!trimmed.isEmpty())
        bearer = trimmed.toUtf8();
    return DecisionReport::decide(policy, Simulation::request(policy, bearer, tool), knowledge,
                                  tool, now);
}

} // namespace scopebench
