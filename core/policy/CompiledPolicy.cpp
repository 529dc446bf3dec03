#include "policy/CompiledPolicy.h"

#include "decision/ChallengeBuilder.h"
#include "policy/ResourceUri.h"

#include <QSet>

#include <QtAlgorithms>

namespace scopebench {

CompiledPolicy::CompiledPolicy(const Policy &policy, const QString &resource)
    : m_policy(policy) {
    m_resource = !resource.isEmpty()          ? resource
                 : !policy.resource.isEmpty() ? policy.resource
                                              : QString::fromLatin1(Policy::DefaultResource);
    m_canonicalResource = ResourceUri::canonical(m_resource);
    m_metadataUrl = ResourceUri::metadataUrl(m_resource);

    m_names = policy.allScopeNames();
    for (int i = 0; i < m_names.size(); ++i)
        m_index.insert(m_names[i], i);
    m_words = std::max(1, int((m_names.size() + 63) / 64));

    QHash<QString, QStringList> direct;
    for (const auto &imp : policy.implies)
        direct[imp.scope] += imp.grants;
    m_closure.assign(size_t(m_names.size()) * size_t(m_words), 0);
    for (int i = 0; i < m_names.size(); ++i) {
        quint64 *row = &m_closure[size_t(i) * size_t(m_words)];
        QStringList queue{m_names[i]};
        QSet<QString> seen;
        while (!queue.isEmpty()) {
            const QString s = queue.takeFirst();
            if (seen.contains(s))
                continue;
            seen.insert(s);
            const int idx = indexOf(s);
            row[idx / 64] |= quint64(1) << (idx % 64);
            queue += direct.value(s);
        }
    }

    m_server = compileSet(policy.validScopeCombinations);
    for (const auto &tool : policy.toolScopes)
        m_tools.insert(tool.tool, compileSet(tool.alternatives));
}

CompiledPolicy::AlternativeSet
CompiledPolicy::compileSet(const ScopeAlternatives &alternatives) const {
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
    QString text = m_policy.challenge.descriptionTemplate;
    if (text.isEmpty())
        text =
            QStringLiteral("Any of the following combinations of scopes is valid: {alternatives}");
    text.replace(QStringLiteral("{alternatives}"), describeAlternatives(alternatives));
    set.description = ChallengeBuilder::sanitizeDescription(text);

    // What every decision against this set would otherwise rebuild.
    set.metBy.reserve(alternatives.size());
    for (const auto &combination : alternatives)
        set.metBy.append(QStringLiteral("met by ") + (combination.isEmpty()
                                                          ? QStringLiteral("(the empty set)")
                                                          : combination.join(QLatin1Char(' '))));
    const QString insufficientScope = QStringLiteral("insufficient_scope");
    set.forbiddenBody = HttpResponse::errorBody(insufficientScope, set.description);
    if (m_policy.challenge.scopeHint == ScopeHint::Omit) {
        ChallengeParams c;
        c.realm = m_policy.realm;
        c.error = insufficientScope;
        c.errorDescription = set.description;
        c.resourceMetadata = m_metadataUrl;
        set.forbiddenChallenge = ChallengeBuilder::build(c);
    }
    return set;
}

QString CompiledPolicy::describeAlternatives(const ScopeAlternatives &alternatives) {
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

CompiledPolicy::Bits CompiledPolicy::effectiveBits(const QStringList &granted) const {
    Bits bits(m_words, 0);
    for (const auto &scope : granted) {
        const int idx = indexOf(scope);
        if (idx < 0)
            continue;
        const quint64 *row = &m_closure[size_t(idx) * size_t(m_words)];
        for (int w = 0; w < m_words; ++w)
            bits[w] |= row[w];
    }
    return bits;
}

QStringList CompiledPolicy::effectiveScopes(const QStringList &granted) const {
    QStringList out;
    for (const auto &s : granted) {
        if (!out.contains(s))
            out.append(s);
    }
    const Bits bits = effectiveBits(granted);
    for (int i = 0; i < m_names.size(); ++i) {
        if ((bits[i / 64] >> (i % 64)) & 1u) {
            if (!out.contains(m_names[i]))
                out.append(m_names[i]);
        }
    }
    return out;
}

const CompiledPolicy::AlternativeSet *CompiledPolicy::toolAlternatives(const QString &tool) const {
    const auto it = m_tools.constFind(tool);
    return it == m_tools.constEnd() ? nullptr : &it.value();
}

int CompiledPolicy::firstMet(const AlternativeSet &set, const Bits &effective) const {
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

int CompiledPolicy::closest(const AlternativeSet &set, const Bits &effective) const {
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

QList<AlternativeGap> CompiledPolicy::gaps(const AlternativeSet &set,
                                           const QStringList &granted) const {
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

bool CompiledPolicy::toolAllowed(const QString &tool, const Bits &effective) const {
    if (!isMet(m_server, effective))
        return false;
    const AlternativeSet *set = toolAlternatives(tool);
    return !set || isMet(*set, effective);
}

QStringList CompiledPolicy::callableTools(const QStringList &granted) const {
    const Bits bits = effectiveBits(granted);
    QStringList out;
    for (const auto &tool : m_policy.toolScopes) {
        if (toolAllowed(tool.tool, bits))
            out.append(tool.tool);
    }
    return out;
}

} // namespace scopebench
