#include "policy/CombinationSubsets.h"

#include <QHash>

#include <algorithm>

namespace scopebench {

CombinationSubsets::CombinationSubsets(const ScopeAlternatives &alternatives)
    : m_sets(size_t(alternatives.size()))
    , m_shared(size_t(alternatives.size()), 0) {
    QHash<QString, int> ids;
    for (int a = 0; a < alternatives.size(); ++a) {
        for (const auto &scope : alternatives[a]) {
            auto it = ids.constFind(scope);
            if (it == ids.constEnd()) {
                it = ids.insert(scope, int(ids.size()));
                m_containing.emplace_back();
            }
            std::vector<int> &holders = m_containing[size_t(*it)];
            if (holders.empty() || holders.back() != a) {
                holders.push_back(a);
                m_sets[size_t(a)].push_back(*it);
            }
        }
        if (m_sets[size_t(a)].empty())
            m_empty.push_back(a);
    }
}

std::vector<int> CombinationSubsets::subsetsOf(int a) const {
    std::vector<int> touched;
    for (const int id : m_sets[size_t(a)]) {
        for (const int b : m_containing[size_t(id)]) {
            if (m_shared[size_t(b)]++ == 0)
                touched.push_back(b);
        }
    }
    std::vector<int> out;
    for (const int b : touched) {
        if (b != a && size_t(m_shared[size_t(b)]) == m_sets[size_t(b)].size())
            out.push_back(b);
        m_shared[size_t(b)] = 0;
    }
    for (const int b : m_empty) {
        if (b != a)
            out.push_back(b);
    }
    std::sort(out.begin(), out.end());
    return out;
}

int CombinationSubsets::firstCover(int a) const {
    for (const int b : subsetsOf(a)) {
        if (scopeCount(b) < scopeCount(a) || b < a)
            return b;
    }
    return -1;
}

} // namespace scopebench
