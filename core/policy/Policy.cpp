#include "policy/Policy.h"

#include <QSet>

namespace scopebench {

QStringList Policy::catalogNames() const {
    QStringList names;
    names.reserve(scopes.size());
    for (const auto &s : scopes)
        names.append(s.name);
    return names;
}

bool Policy::hasScope(const QString &scope) const {
    for (const auto &s : scopes) {
        if (s.name == scope)
            return true;
    }
    return false;
}

const ToolRequirement *Policy::tool(const QString &name) const {
    for (const auto &t : toolScopes) {
        if (t.tool == name)
            return &t;
    }
    return nullptr;
}

QStringList Policy::allScopeNames() const {
    // The set keeps this linear: a policy file may name thousands of scopes.
    QStringList names;
    QSet<QString> seen;
    auto add = [&names, &seen](const QString &s) {
        if (!seen.contains(s)) {
            seen.insert(s);
            names.append(s);
        }
    };
    for (const auto &s : scopes)
        add(s.name);
    for (const auto &imp : implies) {
        add(imp.scope);
        for (const auto &g : imp.grants)
            add(g);
    }
    for (const auto &combination : validScopeCombinations) {
        for (const auto &s : combination)
            add(s);
    }
    for (const auto &t : toolScopes) {
        for (const auto &combination : t.alternatives) {
            for (const auto &s : combination)
                add(s);
        }
    }
    return names;
}

QString Policy::combinationText(const ScopeCombination &combination) {
    return QLatin1Char('(') + combination.join(QLatin1Char(' ')) + QLatin1Char(')');
}

QString Policy::scopeHintName(ScopeHint hint) {
    switch (hint) {
    case ScopeHint::Omit:
        return QStringLiteral("omit");
    case ScopeHint::Closest:
        return QStringLiteral("closest");
    case ScopeHint::ClosestPlusGranted:
        return QStringLiteral("closest+granted");
    }
    return QString();
}

bool Policy::parseScopeHint(const QString &text, ScopeHint *hint) {
    for (ScopeHint h : {ScopeHint::Omit, ScopeHint::Closest, ScopeHint::ClosestPlusGranted}) {
        if (text == scopeHintName(h)) {
            *hint = h;
            return true;
        }
    }
    return false;
}

QStringList Policy::publishedScopes() const {
    QStringList chosen = scopesSupported                    ? *scopesSupported
                         : validScopeCombinations.isEmpty() ? QStringList()
                                                            : validScopeCombinations.first();
    chosen.removeAll(QStringLiteral("offline_access"));
    chosen.removeDuplicates();
    return chosen;
}

bool Policy::operator==(const Policy &o) const {
    return name == o.name && realm == o.realm && resource == o.resource &&
           authorizationServers == o.authorizationServers && scopes == o.scopes &&
           implies == o.implies && validScopeCombinations == o.validScopeCombinations &&
           toolScopes == o.toolScopes && challenge == o.challenge && validation == o.validation &&
           scopesSupported == o.scopesSupported;
}

} // namespace scopebench
