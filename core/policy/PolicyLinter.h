#pragma once

#include "policy/LintFinding.h"
#include "policy/Policy.h"

namespace scopebench {

// Reviews a policy and lists what is wrong or suspicious (behaviour §2), in document order.
class PolicyLinter {
public:
    static QList<LintFinding> lint(const Policy &policy);
    static bool hasErrors(const QList<LintFinding> &findings);
};

} // namespace scopebench
