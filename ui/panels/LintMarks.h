#pragma once

#include "policy/LintFinding.h"

#include <QVariant>

namespace scopebench {

// How a lint finding looks on the row or cell it concerns: the same tint, icon and tooltip in
// every model.
class LintMarks {
public:
    // The most severe of the findings; Severity::Info when there are none.
    static Severity worst(const QList<LintFinding> &findings);
    static QVariant background(const QList<LintFinding> &findings);
    static QVariant icon(const QList<LintFinding> &findings);
    static QVariant icon(Severity severity);
    static QVariant toolTip(const QList<LintFinding> &findings);
};

} // namespace scopebench
