#include "analysis/ScopeClosure.h"

#include <QtAlgorithms>

namespace scopebench {

ScopeClosure::ScopeClosure(const CompiledPolicy &policy)
    : m_policy(policy)
    , m_names(policy.scopeNames())
    , m_words(policy.words()) {
    const int n = size();
    m_closure.reserve(size_t(n));
    m_providers.resize(size_t(n));
    for (int g = 0; g < n; ++g) {
        const CompiledPolicy::Bits bits = policy.effectiveBits({m_names[g]});
        m_closure.emplace_back(bits.cbegin(), bits.cend());
    }
    // Ascending g for every t, since g is the outer loop.
    for (int g = 0; g < n; ++g) {
        for (const int t : indexesOf(m_closure[size_t(g)]))
            m_providers[size_t(t)].push_back(g);
    }
}

ScopeClosure::Set ScopeClosure::bitsOf(const QStringList &scopes) const {
    Set set = empty();
    for (const auto &s : scopes) {
        const int i = m_policy.scopeIndex(s);
        if (i >= 0)
            add(&set, i);
    }
    return set;
}

ScopeClosure::Set ScopeClosure::closed(const Set &granted) const {
    Set out = empty();
    for (const int g : indexesOf(granted)) {
        const Set &c = m_closure[size_t(g)];
        for (size_t w = 0; w < out.size(); ++w)
            out[w] |= c[w];
    }
    return out;
}

QStringList ScopeClosure::namesOf(const Set &set) const {
    QStringList out;
    for (const int i : indexesOf(set))
        out.append(m_names[i]);
    return out;
}

std::vector<int> ScopeClosure::indexesOf(const Set &set) const {
    std::vector<int> out;
    for (size_t w = 0; w < set.size(); ++w) {
        quint64 word = set[w];
        while (word) {
            const int bit = qCountTrailingZeroBits(word);
            out.push_back(int(w * 64) + bit);
            word &= word - 1;
        }
    }
    return out;
}

bool ScopeClosure::isSubset(const Set &a, const Set &b) {
    for (size_t w = 0; w < a.size(); ++w) {
        if (a[w] & ~b[w])
            return false;
    }
    return true;
}

int ScopeClosure::count(const Set &set) {
    int n = 0;
    for (const quint64 w : set)
        n += int(qPopulationCount(w));
    return n;
}

} // namespace scopebench
