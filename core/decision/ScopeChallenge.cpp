#include "decision/ScopeChallenge.h"

#include <QSet>

namespace scopebench {

namespace {

// Appends the scopes of `more` that `list` does not hold yet, in order; linear, since a token
// may carry thousands of scopes.
void appendMissing(QStringList *list, const QStringList &more) {
    QSet<QString> held(list->cbegin(), list->cend());
    for (const auto &s : more) {
        if (!held.contains(s)) {
            held.insert(s);
            list->append(s);
        }
    }
}

const quint64 *rowOf(const CompiledPolicy::AlternativeSet &set, int index, int words) {
    return set.rows.data() + size_t(index) * size_t(words);
}

// Scopes of (a | b) the effective bits lack; b may be null.
int missing(const quint64 *a, const quint64 *b, const CompiledPolicy::Bits &effective, int words) {
    int count = 0;
    for (int w = 0; w < words; ++w)
        count += int(qPopulationCount((a[w] | (b ? b[w] : 0)) & ~effective[w]));
    return count;
}

} // namespace

QStringList ScopeChallenge::withoutRefreshScope(const QStringList &scopes) {
    if (!scopes.contains(QStringLiteral("offline_access")))
        return scopes;
    QStringList out;
    for (const auto &s : scopes) {
        if (!isRefreshScope(s))
            out.append(s);
    }
    return out;
}

QStringList ScopeChallenge::forUnauthorized(const CompiledPolicy &policy, const QString &tool) {
    if (policy.policy().challenge.scopeHint == ScopeHint::Omit)
        return {};
    QStringList hint;
    const auto &server = policy.serverAlternatives().combinations;
    if (!server.isEmpty())
        hint = server.first();
    if (const auto *set = tool.isEmpty() ? nullptr : policy.toolAlternatives(tool)) {
        if (!set->combinations.isEmpty())
            appendMissing(&hint, set->combinations.first());
    }
    return withoutRefreshScope(hint);
}

ScopeChallenge::Choice ScopeChallenge::choose(const CompiledPolicy &policy, const QString &tool,
                                              const CompiledPolicy::Bits &effective) {
    const int words = policy.words();
    const auto &server = policy.serverAlternatives();
    const auto *toolSet = tool.isEmpty() ? nullptr : policy.toolAlternatives(tool);
    Choice choice;
    // A met level: its first met alternative (none when it has no alternatives).
    choice.server.index = policy.firstMet(server, effective);
    choice.server.met = server.combinations.isEmpty() || choice.server.index >= 0;
    if (toolSet) {
        choice.tool.index = policy.firstMet(*toolSet, effective);
        choice.tool.met = toolSet->combinations.isEmpty() || choice.tool.index >= 0;
    } else {
        choice.tool.met = true;
    }
    const bool serverUnmet = !choice.server.met;
    const bool toolUnmet = !choice.tool.met;

    if (serverUnmet && toolUnmet) {
        const qsizetype pairs = server.combinations.size() * toolSet->combinations.size();
        int bestServer = -1;
        int bestTool = -1;
        if (pairs <= MaxPairs) {
            int bestMissing = 0;
            for (int i = 0; i < server.combinations.size(); ++i) {
                const quint64 *s = rowOf(server, i, words);
                for (int j = 0; j < toolSet->combinations.size(); ++j) {
                    const int m = missing(s, rowOf(*toolSet, j, words), effective, words);
                    if (bestServer < 0 || m < bestMissing) {
                        bestServer = i;
                        bestTool = j;
                        bestMissing = m;
                    }
                }
            }
        } else {
            bestTool = policy.closest(*toolSet, effective);
            CompiledPolicy::Bits withTool = effective;
            const quint64 *t = rowOf(*toolSet, bestTool, words);
            for (int w = 0; w < words; ++w)
                withTool[w] |= t[w];
            bestServer = policy.closest(server, withTool);
        }
        choice.server.index = bestServer;
        choice.tool.index = bestTool;
    } else if (serverUnmet) {
        choice.server.index = policy.closest(server, effective);
    } else if (toolUnmet) {
        choice.tool.index = policy.closest(*toolSet, effective);
    }
    return choice;
}

QStringList ScopeChallenge::forForbidden(const CompiledPolicy &policy, const QString &tool,
                                         const CompiledPolicy::Bits &effective,
                                         const QStringList &granted) {
    if (policy.policy().challenge.scopeHint == ScopeHint::Omit)
        return {};
    return forForbidden(policy, tool, choose(policy, tool, effective), granted);
}

QStringList ScopeChallenge::forForbidden(const CompiledPolicy &policy, const QString &tool,
                                         const Choice &choice, const QStringList &granted) {
    const ScopeHint mode = policy.policy().challenge.scopeHint;
    if (mode == ScopeHint::Omit)
        return {};
    // An unmet level adds its chosen alternative in full, server-level scopes first; a met one
    // adds nothing.
    QStringList hint;
    if (!choice.server.met && choice.server.index >= 0)
        hint = policy.serverAlternatives().combinations[choice.server.index];
    const auto *toolSet = tool.isEmpty() ? nullptr : policy.toolAlternatives(tool);
    if (toolSet && !choice.tool.met && choice.tool.index >= 0) {
        const ScopeCombination &wanted = toolSet->combinations[choice.tool.index];
        if (hint.isEmpty())
            hint = wanted;
        else
            appendMissing(&hint, wanted);
    }
    if (choice.server.met && choice.tool.met)
        return {};
    if (mode == ScopeHint::ClosestPlusGranted)
        appendMissing(&hint, granted);
    return withoutRefreshScope(hint);
}

} // namespace scopebench
