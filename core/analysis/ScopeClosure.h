#pragma once

#include "decision/CompiledPolicy.h"

#include <QStringList>

#include <vector>

namespace scopebench {

// The implies closure of a compiled policy as plain bitsets over its scope indexes, with the
// inverse relation the analyses need: which granted scopes make a scope effective. Built from
// CompiledPolicy::effectiveBits, so it is the very closure decisions use.
class ScopeClosure {
public:
    using Set = std::vector<quint64>;

    explicit ScopeClosure(const CompiledPolicy &policy);

    int size() const { return int(m_names.size()); }
    const QStringList &names() const { return m_names; }
    Set empty() const { return Set(size_t(m_words), 0); }

    // What granting scope `index` alone makes effective (itself included).
    const Set &closureOf(int index) const { return m_closure[size_t(index)]; }
    // The scopes whose closure holds scope `index` (itself included), ascending.
    const std::vector<int> &providersOf(int index) const { return m_providers[size_t(index)]; }

    // The named scopes as a set, not closed; scopes the policy does not name are left out.
    Set bitsOf(const QStringList &scopes) const;
    Set closed(const Set &granted) const;
    QStringList namesOf(const Set &set) const; // in index order
    std::vector<int> indexesOf(const Set &set) const;

    static bool has(const Set &set, int index) {
        return (set[size_t(index / 64)] >> (index % 64)) & 1u;
    }
    static void add(Set *set, int index) {
        (*set)[size_t(index / 64)] |= quint64(1) << (index % 64);
    }
    static bool isSubset(const Set &a, const Set &b); // a ⊆ b
    static int count(const Set &set);

private:
    const CompiledPolicy &m_policy;
    QStringList m_names;
    int m_words = 1;
    std::vector<Set> m_closure;
    std::vector<std::vector<int>> m_providers;
};

} // namespace scopebench
