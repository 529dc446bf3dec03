#pragma once

#include "decision/DecisionReport.h"
#include "decision/Simulation.h"
#include "decision/TokenFacts.h"

namespace scopebench {

// What the token panel hands the preview: a simulated token, or a pasted one with what live
// introspection learnt of it. The pasted token lives in memory only.
struct TokenInput {
    enum class Kind { Simulated, Pasted };
    Kind kind = Kind::Simulated;
    SimulatedToken simulated;
    QString token;
    TokenKnowledge knowledge;
    // Not empty while `knowledge` is no answer for the token as it stands: introspection is
    // running, was cancelled, or its settings changed since. Says so in words.
    QString staleNote;

    // The one decision for this token on a POST to the policy's resource (tools/call `tool` when
    // `tool` is not empty), explained.
    DecisionReport decide(const CompiledPolicy &policy, const QString &tool, qint64 now) const;
};

} // namespace scopebench
