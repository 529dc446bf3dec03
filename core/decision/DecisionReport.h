#pragma once

#include "decision/Decision.h"
#include "policy/CompiledPolicy.h"

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
    QString toText() const;
    QJsonObject toJson() const;
};

} // namespace scopebench
