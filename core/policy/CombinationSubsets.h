#pragma once

#include "policy/Policy.h"

#include <vector>

namespace scopebench {

// Which combinations of one list need only scopes another combination also needs, judged on the
// scopes as written (implies aside, a repeated scope counted once). Found through an index of
// the combinations each scope is in rather than pair by pair, so a list of thousands of
// combinations stays fast. The linter reports what this finds; the normalizer removes it.
class CombinationSubsets {
public:
    explicit CombinationSubsets(const ScopeAlternatives &alternatives);

    // Distinct scopes of combination `a`.
    int scopeCount(int a) const { return int(m_sets[size_t(a)].size()); }
    // The other combinations whose scopes are all in combination `a` (the empty ones included),
    // in ascending order.
    std::vector<int> subsetsOf(int a) const;
    // The first combination that makes `a` unnecessary: one needing a strict subset of its scopes,
    // or an earlier one needing the same scopes. -1 when there is none.
    int firstCover(int a) const;

private:
    std::vector<std::vector<int>> m_sets;       // per combination: its distinct scope ids
    std::vector<std::vector<int>> m_containing; // per scope id: the combinations needing it
    std::vector<int> m_empty;                   // the empty combinations
    mutable std::vector<int> m_shared;          // scratch for subsetsOf: scopes in common
};

} // namespace scopebench
