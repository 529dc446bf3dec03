#pragma once

#include "decision/CompiledPolicy.h"
#include "decision/Decision.h"
#include "decision/RequestFacts.h"

#include <QStringList>

namespace scopebench {

// What an MCP client will ask the authorization server for after this decision, for the two
// kinds of client there are (docs/decision.md "What the client asks for next"):
// - a union-client (MCP 2026-07-28, Authorization, "Step-Up Authorization Flow", SEP-2350; the
//   TypeScript SDK 2.x) asks for the union of the scopes it asked for before and the
//   challenge's scope;
// - a replace-client (the TypeScript SDK 1.x) asks for the challenge's scope alone.
// Both fall back to the resource metadata's scopes_supported when the challenge has no scope
// ("Scope Selection Strategy"). Pure, like the decision; the preview shows it.
struct StepUpForecast {
    bool asksAgain = false;     // a 401 or 403 with a Bearer challenge: the client re-authorizes
    bool fromChallenge = false; // the challenge had a scope; false: from scopes_supported
    QStringList challenged;     // the challenge's scope parameter, in order
    QStringList unionClient;    // previously requested first, then what is new
    QStringList replaceClient;
    // Would a token granted exactly that list pass this request's scope checks (9 and 10)? A
    // "no" means the client needs another round trip, or never gets there.
    bool unionPasses = false;
    bool replacePasses = false;

    static StepUpForecast forecast(const CompiledPolicy &policy, const RequestFacts &request,
                                   const Decision &decision,
                                   const QStringList &previouslyRequested);
};

} // namespace scopebench
