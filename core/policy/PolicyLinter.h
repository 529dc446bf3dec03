#pragma once

#include "policy/LintFinding.h"
#include "policy/Policy.h"

namespace scopebench {

// Reviews a policy and lists what is wrong or suspicious (docs/policy-format.md), in document order.
class PolicyLinter {
public:
    static QList<LintFinding> lint(const Policy &policy);
    static bool hasErrors(const QList<LintFinding> &findings);
};

} // namespace scopebench
