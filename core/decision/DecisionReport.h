#pragma once

#include "decision/CompiledPolicy.h"
#include "decision/Decision.h"
#include "decision/RequestFacts.h"
#include "decision/Simulation.h"
#include "decision/TokenFacts.h"

#include <QJsonObject>

namespace scopebench {

// A decision explained: the trace, what each alternative lacks, the tools the token may call.
// The CLI prints it; the GUI preview shows the same facts.
struct DecisionReport {
    Decision decision;
    QStringList grantedScopes;
    QStringList effectiveScopes;
    QList<AlternativeGap> serverGaps;
    QString tool;
    QList<AlternativeGap> toolGaps;
    QStringList callableTools;

    static DecisionReport make(const CompiledPolicy &policy, const Decision &decision,
                               const QStringList &granted, const QString &tool);
    // Decide, then explain: the one Decider for a request and what is known of its token (the
    // granted scopes are the token's when it is known).
    static DecisionReport decide(const CompiledPolicy &policy, const RequestFacts &request,
                                 const TokenKnowledge &token, const QString &tool, qint64 now);
    // The same for a simulated token (Simulation's request).
    static DecisionReport simulate(const CompiledPolicy &policy, const SimulatedToken &token,
                                   const QString &tool, qint64 now);
    QString toText() const;
    QJsonObject toJson() const;
};

} // namespace scopebench
