#pragma once

// Seeded random policies for the analysis tests: small catalogues (so brute force over every
// subset stays cheap) with implies (cycles included), empty lists and empty combinations, odd
// tool and policy names when asked for.

#include "policy/Policy.h"

#include <QRandomGenerator>

namespace scopebench::randompolicies {

struct Options {
    int maxScopes = 6;
    int maxTools = 4;
    bool oddNames = false; // tool and policy names with quotes, backslashes, non-ASCII
};

inline QStringList scopePool(int n) {
    static const QStringList names = {QStringLiteral("a:read"), QStringLiteral("a:write"),
                                      QStringLiteral("b"),      QStringLiteral("c.admin"),
                                      QStringLiteral("d/x"),    QStringLiteral("e!"),
                                      QStringLiteral("f"),      QStringLiteral("g")};
    return names.mid(0, n);
}

inline QStringList pick(QRandomGenerator &rng, const QStringList &pool, int max) {
    QStringList out;
    const int n = int(rng.bounded(max + 1));
    for (int i = 0; i < n; ++i)
        out.append(pool[int(rng.bounded(int(pool.size())))]); // repeats allowed, as users write
    return out;
}

inline ScopeAlternatives alternatives(QRandomGenerator &rng, const QStringList &pool) {
    ScopeAlternatives alts;
    const int n = int(rng.bounded(4)); // 0..3; an empty list is "any token"
    for (int i = 0; i < n; ++i) {
        QStringList c = pick(rng, pool, 3);
        if (c.isEmpty() && rng.bounded(3) != 0)
            c = pick(rng, pool, 1) + QStringList{pool.first()};
        alts.append(c);
    }
    return alts;
}

inline Policy generate(quint32 seed, const Options &o = Options()) {
    QRandomGenerator rng(seed);
    Policy p;
    const int nScopes = 2 + int(rng.bounded(o.maxScopes - 1));
    const QStringList pool = scopePool(nScopes);
    p.name = o.oddNames ? QStringLiteral("Policy \"%1\" \\ ü\n").arg(seed)
                        : QStringLiteral("random %1").arg(seed);
    if (rng.bounded(2))
        p.realm = QStringLiteral("Realm %1").arg(seed);
    // The catalogue: usually all, sometimes a part or none.
    const int catalog = int(rng.bounded(4));
    for (int i = 0; i < nScopes; ++i) {
        if (catalog == 0 || (catalog == 1 && rng.bounded(3) == 0))
            continue;
        p.scopes.append({pool[i], QString()});
    }
    const int edges = int(rng.bounded(nScopes + 1));
    for (int e = 0; e < edges; ++e) {
        const QString from = pool[int(rng.bounded(nScopes))];
        const QString to = pool[int(rng.bounded(nScopes))];
        if (from == to)
            continue;
        bool merged = false;
        for (auto &imp : p.implies) {
            if (imp.scope == from) {
                imp.grants.append(to);
                merged = true;
            }
        }
        if (!merged)
            p.implies.append({from, {to}});
    }
    p.validScopeCombinations = alternatives(rng, pool);
    const int tools = int(rng.bounded(o.maxTools + 1));
    static const QStringList odd = {QStringLiteral("say \"hi\""), QStringLiteral("back\\slash"),
                                    QStringLiteral("ünïcode"), QStringLiteral("=formula"),
                                    QStringLiteral("__proto__")};
    for (int t = 0; t < tools; ++t) {
        const QString name =
            o.oddNames && rng.bounded(2) ? odd[t % odd.size()] : QStringLiteral("tool_%1").arg(t);
        p.toolScopes.append({name, alternatives(rng, pool)});
    }
    const int hint = int(rng.bounded(3));
    p.challenge.scopeHint = hint == 0   ? ScopeHint::Omit
                            : hint == 1 ? ScopeHint::Closest
                                        : ScopeHint::ClosestPlusGranted;
    if (rng.bounded(4) == 0)
        p.challenge.descriptionTemplate = QStringLiteral("Needs one of: {alternatives}");
    return p;
}

// Every subset of `scopes` (at most 2^12 of them).
inline QList<QStringList> allSubsets(const QStringList &scopes) {
    QList<QStringList> out;
    const int n = int(scopes.size());
    for (int mask = 0; mask < (1 << n); ++mask) {
        QStringList s;
        for (int i = 0; i < n; ++i) {
            if (mask & (1 << i))
                s.append(scopes[i]);
        }
        out.append(s);
    }
    return out;
}

} // namespace scopebench::randompolicies
