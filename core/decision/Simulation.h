#pragma once

#include "decision/Decision.h"
#include "decision/RequestFacts.h"
#include "decision/TokenFacts.h"
#include "policy/CompiledPolicy.h"

#include <optional>

namespace scopebench {

// A token described rather than pasted: what the operator ticks in the GUI or passes to `check`.
struct SimulatedToken {
    bool present = true; // false: the request carries no Authorization header
    bool active = true;
    QStringList scopes;
    std::optional<qint64> exp;
    std::optional<qint64> nbf;
    QStringList aud; // empty: no aud claim
};

// Runs the one decision on a simulated request (POST to the resource's path, with a placeholder
// token) so the preview and `check` answer exactly as the endpoint would.
class Simulation {
public:
    static Decision decide(const CompiledPolicy &policy, const SimulatedToken &token,
                           const QString &tool, qint64 now);
    static TokenFacts factsOf(const SimulatedToken &token);
    // The simulated request: a JSON POST to the resource's path (tools/call `tool` when not
    // empty), with `authorization` as its Authorization header when not empty.
    static RequestFacts request(const CompiledPolicy &policy, const QByteArray &authorization,
                                const QString &tool);
};

} // namespace scopebench
