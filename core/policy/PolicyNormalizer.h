#pragma once

#include "policy/Policy.h"

namespace scopebench {

// Normalization, an explicit action (docs/policy-format.md): within each list of alternatives, drop
// repeated scopes in a combination, then duplicate combinations, then every combination that is a
// superset of another (absorption). What a token may do is unchanged.
class PolicyNormalizer {
public:
    struct Change {
        QString owner;       // "server level" or "tool NAME"
        QString description; // what was dropped, in a sentence
    };
    struct Outcome {
        Policy policy;
        QList<Change> changes; // empty when the policy was already normal
    };

    static Outcome normalize(const Policy &policy);
    static ScopeAlternatives normalizeAlternatives(const ScopeAlternatives &alternatives,
                                                   QStringList *dropped = nullptr);
};

} // namespace scopebench
