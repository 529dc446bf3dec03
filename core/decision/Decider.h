#pragma once

#include "decision/CompiledPolicy.h"
#include "decision/Decision.h"
#include "decision/RequestFacts.h"
#include "decision/TokenFacts.h"

namespace scopebench {

// The one decision of docs/decision.md. The GUI preview, the CLI and the endpoint all call this;
// none of them builds an authorization response of its own.
//
// It is pure: the clock comes in as `now` (seconds since the epoch). When the token has not been
// looked up yet, steps 1-4 run and a well-formed token gives Outcome::NeedsIntrospection with the
// token in Decision::bearerToken; the caller introspects and asks again with what it learnt.
class Decider {
public:
    static Decision decide(const CompiledPolicy &policy, const RequestFacts &request,
                           const TokenKnowledge &token, qint64 now);
};

} // namespace scopebench
