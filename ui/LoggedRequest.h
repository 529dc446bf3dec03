#pragma once

#include "decision/DecisionReport.h"
#include "mcp/DecisionMemory.h"
#include "observability/RequestRecord.h"

#include <QMetaType>

namespace scopebench {

// A request from the server log with what the endpoint decided it with, for the preview to
// decide it again and explain it (docs/desktop-app.md). Holds no token.
struct LoggedRequest {
    RequestRecord record;
    RememberedDecision decision;

    // The one decision again, under `policy` (compiled for decision.resource), with the token
    // knowledge and the clock of the logged decision, for `tool` (the logged tool, or another
    // one chosen in the preview; empty: no tools/call).
    DecisionReport decide(const CompiledPolicy &policy, const QString &tool) const;
};

} // namespace scopebench

Q_DECLARE_METATYPE(scopebench::LoggedRequest)
