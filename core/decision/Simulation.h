#pragma once

#include "decision/CompiledPolicy.h"
#include "decision/Decision.h"
#include "decision/RequestFacts.h"
#include "decision/TokenFacts.h"

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
    // The request every simulated or single-token decision is made for: POST to the resource's
    // path with a JSON content type, "Authorization: Bearer <bearerToken>" unless it is nullopt,
    // and a tools/call of `tool` when it is not empty.
    static RequestFacts request(const CompiledPolicy &policy,
                                const std::optional<QByteArray> &bearerToken, const QString &tool);
    static TokenFacts factsOf(const SimulatedToken &token);
};

} // namespace scopebench
