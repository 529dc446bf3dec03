#pragma once

#include "common/NameIndex.h"
#include "policy/Policy.h"

#include <QVarLengthArray>

#include <vector>

namespace scopebench {

// What one combination lacks, for explanations.
struct AlternativeGap {
    QStringList combination;
    QStringList missing;
};

// The policy's alternatives as bitsets: every scope the policy names gets a bit, the implication
// closure is precomputed per scope, and each alternative is a row of words, so asking whether a
// token's scopes meet a list costs a few hash lookups and word compares, never string compares
// per alternative. What the policy *means* for a set of scopes, with nothing of HTTP in it: the
// linter and the analyses ask it, and the decision side's CompiledPolicy builds on it.
class ScopeSets {
public:
    using Bits = QVarLengthArray<quint64, 4>;
    struct AlternativeSet {
        ScopeAlternatives combinations; // as written, for messages
        std::vector<quint64> rows;      // combinations.size() rows of `words` words
    };

    explicit ScopeSets(const Policy &policy);

    const Policy &policy() const { return m_policy; }
    // Words per row: one for every 64 scopes the policy names.
    int words() const { return m_words; }

    // Every scope the policy names, in Policy::allScopeNames() order; a scope's index is its bit.
    const QStringList &scopeNames() const { return m_names; }
    // The bit of a scope; -1 when the policy does not name it.
    int scopeIndex(QStringView scope) const { return indexOf(scope); }

    // The granted scopes closed under `implies`; scopes the policy never names are ignored.
    Bits effectiveBits(const QStringList &granted) const;
    // The effective scopes by name: the granted ones in their order, then what they imply.
    QStringList effectiveScopes(const QStringList &granted) const;

    const AlternativeSet &serverAlternatives() const { return m_server; }
    // Null when the tool has no entry of its own.
    const AlternativeSet *toolAlternatives(QStringView tool) const;
    // The position of the tool's entry among the tools with one (the last entry when the policy
    // lists the tool twice); -1 when it has none.
    int toolIndex(QStringView tool) const { return m_toolIndex.indexOf(tool); }
    // The set of policy.toolScopes[index], as compiled.
    const AlternativeSet &toolSet(int index) const { return m_tools[size_t(index)]; }

    // Index of the first combination the bits satisfy; -1 when none. An empty set is always met.
    int firstMet(const AlternativeSet &set, const Bits &effective) const;
    bool isMet(const AlternativeSet &set, const Bits &effective) const {
        return set.combinations.isEmpty() || firstMet(set, effective) >= 0;
    }
    // The combination missing the fewest scopes (ties: the first); -1 when the set is empty.
    int closest(const AlternativeSet &set, const Bits &effective) const;
    QList<AlternativeGap> gaps(const AlternativeSet &set, const QStringList &granted) const;
    // Server access and, when the tool has an entry, one of its combinations.
    bool toolAllowed(const QString &tool, const Bits &effective) const;
    // The tools with an entry in toolScopes that these scopes may call, in policy order. Tools
    // without an entry need server access only, so they are not listed here.
    QStringList callableTools(const QStringList &granted) const;

    // "a, (b c)": the alternatives as the default 403 description lists them.
    static QString describeAlternatives(const ScopeAlternatives &alternatives);

private:
    void computeClosure();
    AlternativeSet compileSet(const ScopeAlternatives &alternatives) const;
    int indexOf(QStringView scope) const { return m_index.indexOf(scope); }

    Policy m_policy;
    NameIndex m_index;
    QStringList m_names;
    int m_words = 1;
    // Scopes that imply each other share one row: per strongly connected component of implies,
    // its scopes and everything they imply.
    std::vector<int> m_componentOf;
    std::vector<quint64> m_closure;
    AlternativeSet m_server;
    NameIndex m_toolIndex;               // over the names of policy.toolScopes
    std::vector<AlternativeSet> m_tools; // per entry of policy.toolScopes
};

} // namespace scopebench
