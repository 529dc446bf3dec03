#pragma once

#include "common/Result.h"
#include "policy/LintFinding.h"
#include "policy/Policy.h"

namespace scopebench {

// Reviews a policy and lists what is wrong or suspicious (docs/policy-format.md), in document
// order.
class PolicyLinter {
public:
    static QList<LintFinding> lint(const Policy &policy);
    static bool hasErrors(const QList<LintFinding> &findings);
    // The sentence a finding id rests on (LintFinding::rationale); empty for an unknown id.
    static QString rationale(const QString &id);
    // Applies the finding's fix to the policy; an error when it has none or no longer fits.
    static Status applyFix(Policy *policy, const LintFinding &finding);
};

} // namespace scopebench
