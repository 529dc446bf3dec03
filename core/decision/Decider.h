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

    // The request as the checks see it, without its credentials, so it can be kept and decided
    // again (the desktop app's preview of a logged request): method, path, JSON-RPC method and
    // tool as they are; of the query only whether it carries an access_token (a placeholder
    // does); every Authorization field with its scheme when that is Bearer ("Other" when not)
    // and, for its credentials, a placeholder that is a b64token exactly when they were. Every
    // other header is left out. Decided with the same token knowledge and clock it gets the
    // same response; only bearerToken differs.
    static RequestFacts withoutCredentials(const RequestFacts &request);
    // What withoutCredentials puts where a token was.
    static constexpr char RedactedToken[] = "redacted";
};

} // namespace scopebench
