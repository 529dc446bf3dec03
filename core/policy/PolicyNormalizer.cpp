#include "policy/PolicyNormalizer.h"

#include "policy/CompiledPolicy.h"

#include <QSet>

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
                note(QStringLiteral("repeated scope %1 in (%2)").arg(s, combination.join(u' ')));
            else
                unique.append(s);
        }
        deduped.append(unique);
    }
    // 2 and 3. Duplicates, then supersets; the first of equal combinations stays.
    QList<QSet<QString>> sets;
    for (const auto &c : deduped)
        sets.append(QSet<QString>(c.cbegin(), c.cend()));
    ScopeAlternatives out;
    for (int a = 0; a < deduped.size(); ++a) {
        bool keep = true;
        for (int b = 0; b < deduped.size() && keep; ++b) {
            if (a == b)
                continue;
            if (sets[a] == sets[b] && b < a) {
                note(QStringLiteral("duplicate %1")
                         .arg(CompiledPolicy::describeAlternatives({deduped[a]})));
                keep = false;
            } else if (sets[b].size() < sets[a].size() && sets[a].contains(sets[b])) {
                note(QStringLiteral("%1, absorbed by %2")
                         .arg(CompiledPolicy::describeAlternatives({deduped[a]}),
                              CompiledPolicy::describeAlternatives({deduped[b]})));
                keep = false;
            }
        }
        if (keep)
            out.append(deduped[a]);
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
