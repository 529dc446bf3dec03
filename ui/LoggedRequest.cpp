#include "LoggedRequest.h"

namespace scopebench {

DecisionReport LoggedRequest::decide(const CompiledPolicy &policy, const QString &tool) const {
    RequestFacts request = decision.request;
    if (request.toolName != tool) {
        request.toolName = tool;
        request.rpcMethod = tool.isEmpty() ? QString() : QStringLiteral("tools/call");
    }
    return DecisionReport::decide(policy, request, decision.token, tool, decision.decidedAt);
}

} // namespace scopebench
