#include "policy/PolicyNormalizer.h"

#include "policy/CombinationSubsets.h"

#include <vector>

namespace scopebench {

ScopeAlternatives PolicyNormalizer::normalizeAlternatives(const ScopeAlternatives &alternatives,
                                                          QStringList *dropped) {
    auto note = [dropped](const QString &text) {
        if (dropped)
            dropped->append(text);
    };
    // 1. Repeated scopes within a combination.
    ScopeAlternatives deduped;
    for (const auto &combination : alternatives) {
        QStringList unique;
        for (const auto &s : combination) {
            if (unique.contains(s))
                note(QStringLiteral("dropped the repeated scope %1 from %2")
                         .arg(s, Policy::combinationText(combination)));
            else
                unique.append(s);
        }
        deduped.append(unique);
    }
    // 2 and 3. Duplicates (the first stays), then supersets of another combination.
    const CombinationSubsets subsets(deduped);
    const int count = int(deduped.size());
    std::vector<bool> keep(static_cast<size_t>(count));
    for (int a = 0; a < count; ++a)
        keep[size_t(a)] = subsets.firstCover(a) < 0;
    ScopeAlternatives out;
    for (int a = 0; a < count; ++a) {
        if (keep[size_t(a)]) {
            out.append(deduped[a]);
            continue;
        }
        // Name a survivor that makes this one unnecessary; a minimal subset always survives.
        int by = -1;
        for (const int b : subsets.subsetsOf(a)) {
            if (keep[size_t(b)]) {
                by = b;
                break;
            }
        }
        if (by < 0) { // cannot happen; keeping a combination never changes a decision
            out.append(deduped[a]);
            continue;
        }
        const QString survivor = deduped[by].isEmpty() ? QStringLiteral("the empty combination ()")
                                                       : Policy::combinationText(deduped[by]);
        if (subsets.scopeCount(a) == subsets.scopeCount(by))
            note(QStringLiteral("dropped %1, a duplicate of %2")
                     .arg(Policy::combinationText(deduped[a]), survivor));
        else
            note(QStringLiteral("dropped %1, absorbed by %2: it is enough on its own")
                     .arg(Policy::combinationText(deduped[a]), survivor));
    }
    return out;
}

PolicyNormalizer::Outcome PolicyNormalizer::normalize(const Policy &policy) {
    Outcome result{policy, {}};
    QStringList dropped;
    result.policy.validScopeCombinations =
        normalizeAlternatives(policy.validScopeCombinations, &dropped);
    for (const auto &d : dropped)
        result.changes.append({QStringLiteral("server level"), d});
    for (auto &tool : result.policy.toolScopes) {
        dropped.clear();
        tool.alternatives = normalizeAlternatives(tool.alternatives, &dropped);
        for (const auto &d : dropped)
            result.changes.append({QStringLiteral("tool ") + tool.tool, d});
    }
    return result;
}

} // namespace scopebench
