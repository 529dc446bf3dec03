#include "policy/ScopeSets.h"

#include <QSet>

#include <QtAlgorithms>

#include <algorithm>

namespace scopebench {

ScopeSets::ScopeSets(const Policy &policy)
    : m_policy(policy) {
    m_names = policy.allScopeNames();
    m_index = NameIndex(m_names);
    m_words = std::max(1, int((m_names.size() + 63) / 64));

    computeClosure();

    m_server = compileSet(policy.validScopeCombinations);
    QStringList tools;
    for (const auto &tool : policy.toolScopes) {
        tools.append(tool.tool);
        m_tools.push_back(compileSet(tool.alternatives));
    }
    m_toolIndex = NameIndex(tools);
}

// Tarjan's strongly connected components, iterative so a long implies chain cannot overflow the
// stack. Tarjan emits a component only after every component it reaches, so each component's
// closure is its own scopes ORed with the finished closures of its direct successors: one pass,
// O(scopes + implications x words), and one row per component rather than per scope.
void ScopeSets::computeClosure() {
    const int n = int(m_names.size());
    const size_t words = size_t(m_words);
    std::vector<std::vector<int>> edges(static_cast<size_t>(n));
    for (const auto &imp : m_policy.implies) {
        const int from = indexOf(imp.scope);
        for (const auto &g : imp.grants) {
            const int to = indexOf(g);
            if (to != from)
                edges[size_t(from)].push_back(to);
        }
    }

    std::vector<int> order(size_t(n), -1); // discovery index; -1: not yet visited
    std::vector<int> low(size_t(n), 0);
    std::vector<bool> onStack(size_t(n), false);
    std::vector<int> stack;
    std::vector<std::pair<int, size_t>> frames; // scope, next edge to follow
    m_componentOf.assign(size_t(n), -1);
    m_closure.assign(size_t(n) * words, 0); // at most n components
    int discovered = 0;
    int components = 0;

    auto visit = [&](int v) {
        order[size_t(v)] = low[size_t(v)] = discovered++;
        stack.push_back(v);
        onStack[size_t(v)] = true;
        frames.emplace_back(v, 0);
    };
    for (int root = 0; root < n; ++root) {
        if (order[size_t(root)] >= 0)
            continue;
        visit(root);
        while (!frames.empty()) {
            const int v = frames.back().first;
            const std::vector<int> &out = edges[size_t(v)];
            if (frames.back().second < out.size()) {
                const int w = out[frames.back().second++];
                if (order[size_t(w)] < 0)
                    visit(w);
                else if (onStack[size_t(w)])
                    low[size_t(v)] = std::min(low[size_t(v)], order[size_t(w)]);
                continue;
            }
            frames.pop_back();
            if (!frames.empty()) {
                const size_t parent = size_t(frames.back().first);
                low[parent] = std::min(low[parent], low[size_t(v)]);
            }
            if (low[size_t(v)] != order[size_t(v)])
                continue;
            const int c = components++;
            quint64 *row = &m_closure[size_t(c) * words];
            const size_t first =
                size_t(std::find(stack.rbegin(), stack.rend(), v).base() - stack.begin()) - 1;
            for (size_t i = first; i < stack.size(); ++i) {
                const int u = stack[i];
                onStack[size_t(u)] = false;
                m_componentOf[size_t(u)] = c;
                row[u / 64] |= quint64(1) << (u % 64);
            }
            for (size_t i = first; i < stack.size(); ++i) {
                for (const int x : edges[size_t(stack[i])]) {
                    const int cx = m_componentOf[size_t(x)];
                    if (cx == c)
                        continue;
                    const quint64 *done = &m_closure[size_t(cx) * words];
                    for (size_t w = 0; w < words; ++w)
                        row[w] |= done[w];
                }
            }
            stack.resize(first);
        }
    }
    m_closure.resize(size_t(components) * words);
}

ScopeSets::AlternativeSet ScopeSets::compileSet(const ScopeAlternatives &alternatives) const {
    AlternativeSet set;
    set.combinations = alternatives;
    set.rows.assign(size_t(alternatives.size()) * size_t(m_words), 0);
    for (int a = 0; a < alternatives.size(); ++a) {
        quint64 *row = &set.rows[size_t(a) * size_t(m_words)];
        for (const auto &scope : alternatives[a]) {
            const int idx = indexOf(scope);
            row[idx / 64] |= quint64(1) << (idx % 64);
        }
    }
    return set;
}

QString ScopeSets::describeAlternatives(const ScopeAlternatives &alternatives) {
    QStringList parts;
    parts.reserve(alternatives.size());
    for (const auto &combination : alternatives) {
        if (combination.size() == 1)
            parts.append(combination.first());
        else
            parts.append(QLatin1Char('(') + combination.join(QLatin1Char(' ')) + QLatin1Char(')'));
    }
    return parts.join(QStringLiteral(", "));
}

ScopeSets::Bits ScopeSets::effectiveBits(const QStringList &granted) const {
    Bits bits(m_words, 0);
    for (const auto &scope : granted) {
        const int idx = indexOf(scope);
        if (idx < 0)
            continue;
        const quint64 *row = &m_closure[size_t(m_componentOf[size_t(idx)]) * size_t(m_words)];
        for (int w = 0; w < m_words; ++w)
            bits[w] |= row[w];
    }
    return bits;
}

QStringList ScopeSets::effectiveScopes(const QStringList &granted) const {
    QStringList out;
    QSet<QString> seen;
    auto add = [&out, &seen](const QString &s) {
        if (!seen.contains(s)) {
            seen.insert(s);
            out.append(s);
        }
    };
    for (const auto &s : granted)
        add(s);
    const Bits bits = effectiveBits(granted);
    for (int i = 0; i < m_names.size(); ++i) {
        if ((bits[i / 64] >> (i % 64)) & 1u)
            add(m_names[i]);
    }
    return out;
}

const ScopeSets::AlternativeSet *ScopeSets::toolAlternatives(QStringView tool) const {
    const int i = toolIndex(tool);
    return i < 0 ? nullptr : &m_tools[size_t(i)];
}

int ScopeSets::firstMet(const AlternativeSet &set, const Bits &effective) const {
    const int count = int(set.combinations.size());
    const quint64 *row = set.rows.data();
    const quint64 *have = effective.constData();
    // The hot loop of every decision: one or two words cover up to 128 scopes.
    if (m_words == 1) {
        const quint64 h0 = have[0];
        for (int a = 0; a < count; ++a) {
            if (!(row[a] & ~h0))
                return a;
        }
        return -1;
    }
    if (m_words == 2) {
        const quint64 h0 = have[0];
        const quint64 h1 = have[1];
        for (int a = 0; a < count; ++a, row += 2) {
            if (!((row[0] & ~h0) | (row[1] & ~h1)))
                return a;
        }
        return -1;
    }
    for (int a = 0; a < count; ++a, row += m_words) {
        int w = 0;
        while (w < m_words && !(row[w] & ~have[w]))
            ++w;
        if (w == m_words)
            return a;
    }
    return -1;
}

int ScopeSets::closest(const AlternativeSet &set, const Bits &effective) const {
    int best = -1;
    int bestMissing = 0;
    const quint64 *row = set.rows.data();
    for (int a = 0; a < set.combinations.size(); ++a, row += m_words) {
        int missing = 0;
        for (int w = 0; w < m_words; ++w)
            missing += int(qPopulationCount(row[w] & ~effective[w]));
        if (best < 0 || missing < bestMissing) {
            best = a;
            bestMissing = missing;
        }
    }
    return best;
}

QList<AlternativeGap> ScopeSets::gaps(const AlternativeSet &set, const QStringList &granted) const {
    const Bits bits = effectiveBits(granted);
    QList<AlternativeGap> out;
    for (const auto &combination : set.combinations) {
        AlternativeGap gap{combination, {}};
        for (const auto &scope : combination) {
            const int idx = indexOf(scope);
            if (!((bits[idx / 64] >> (idx % 64)) & 1u))
                gap.missing.append(scope);
        }
        out.append(gap);
    }
    return out;
}

bool ScopeSets::toolAllowed(const QString &tool, const Bits &effective) const {
    if (!isMet(m_server, effective))
        return false;
    const AlternativeSet *set = toolAlternatives(tool);
    return !set || isMet(*set, effective);
}

QStringList ScopeSets::callableTools(const QStringList &granted) const {
    const Bits bits = effectiveBits(granted);
    QStringList out;
    for (const auto &tool : m_policy.toolScopes) {
        if (toolAllowed(tool.tool, bits))
            out.append(tool.tool);
    }
    return out;
}

} // namespace scopebench
