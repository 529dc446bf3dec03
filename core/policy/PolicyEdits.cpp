#include "policy/PolicyEdits.h"

#include "policy/ScopeGrammar.h"

#include <QRegularExpression>
#include <QUrl>

namespace scopebench {

namespace {

void renameIn(ScopeAlternatives &alternatives, const QString &from, const QString &to) {
    for (auto &combination : alternatives)
        std::replace(combination.begin(), combination.end(), from, to);
}

} // namespace

QString PolicyEdits::checkScopeName(const Policy &policy, const QString &name,
                                    const QString &current) {
    if (name.isEmpty())
        return QObject::tr("A scope needs a name.");
    const QString grammar = ScopeGrammar::explain(name);
    if (!grammar.isEmpty())
        return grammar;
    if (name != current && policy.hasScope(name))
        return QObject::tr("The catalog already has a scope named %1.").arg(name);
    return QString();
}

Result<Policy> PolicyEdits::addScope(const Policy &policy, const QString &name,
                                     const QString &description) {
    const QString problem = checkScopeName(policy, name);
    if (!problem.isEmpty())
        return Error{problem, name};
    Policy edited = policy;
    edited.scopes.append({name, description});
    return edited;
}

Result<Policy> PolicyEdits::renameScope(const Policy &policy, const QString &from,
                                        const QString &to) {
    const QString problem = checkScopeName(policy, to, from);
    if (!problem.isEmpty())
        return Error{problem, to};
    Policy edited = policy;
    for (auto &scope : edited.scopes) {
        if (scope.name == from)
            scope.name = to;
    }
    for (auto &implication : edited.implies) {
        if (implication.scope == from)
            implication.scope = to;
        std::replace(implication.grants.begin(), implication.grants.end(), from, to);
    }
    renameIn(edited.validScopeCombinations, from, to);
    for (auto &tool : edited.toolScopes)
        renameIn(tool.alternatives, from, to);
    return edited;
}

Policy PolicyEdits::removeScope(const Policy &policy, const QString &name) {
    Policy edited = policy;
    edited.scopes.removeIf([&](const ScopeInfo &s) { return s.name == name; });
    edited.implies.removeIf([&](const Implication &i) { return i.scope == name; });
    for (auto &implication : edited.implies)
        implication.grants.removeAll(name);
    edited.implies.removeIf([](const Implication &i) { return i.grants.isEmpty(); });
    return edited;
}

Result<Policy> PolicyEdits::setImplies(const Policy &policy, const QString &scope,
                                       const QString &grants) {
    static const QRegularExpression separators(QStringLiteral("[\\s,]+"));
    QStringList names = grants.split(separators, Qt::SkipEmptyParts);
    names.removeDuplicates();
    for (const auto &name : std::as_const(names)) {
        const QString problem = ScopeGrammar::explain(name);
        if (!problem.isEmpty())
            return Error{problem, name};
        if (name == scope)
            return Error{QObject::tr("A scope cannot imply itself."), name};
    }
    Policy edited = policy;
    auto it = std::find_if(edited.implies.begin(), edited.implies.end(),
                           [&](const Implication &i) { return i.scope == scope; });
    if (names.isEmpty()) {
        if (it != edited.implies.end())
            edited.implies.erase(it);
    } else if (it != edited.implies.end()) {
        it->grants = names;
    } else {
        edited.implies.append({scope, names});
    }
    return edited;
}

QString PolicyEdits::impliesText(const Policy &policy, const QString &scope) {
    for (const auto &implication : policy.implies) {
        if (implication.scope == scope)
            return implication.grants.join(u' ');
    }
    return QString();
}

Result<Policy> PolicyEdits::addTool(const Policy &policy, const QString &tool) {
    if (tool.trimmed().isEmpty())
        return Error{QObject::tr("A tool needs a name."), tool};
    if (policy.tool(tool))
        return Error{QObject::tr("The policy already has scopes for tool %1.").arg(tool), tool};
    Policy edited = policy;
    edited.toolScopes.append({tool, {}});
    return edited;
}

Policy PolicyEdits::removeTool(const Policy &policy, const QString &tool) {
    Policy edited = policy;
    edited.toolScopes.removeIf([&](const ToolRequirement &t) { return t.tool == tool; });
    return edited;
}

Result<QStringList> PolicyEdits::parseAuthorizationServers(const QString &text) {
    QStringList servers;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (int i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const QUrl url(line, QUrl::StrictMode);
        QString problem;
        if (!url.isValid() || line.contains(QLatin1Char(' ')))
            problem = QObject::tr("not a URL");
        else if (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
            problem = QObject::tr("not an absolute http(s) URL");
        else if (url.host().isEmpty())
            problem = QObject::tr("has no host");
        else if (url.hasFragment() || url.hasQuery())
            problem = QObject::tr("an issuer has no query or fragment (RFC 8414 §2)");
        if (!problem.isEmpty())
            return Error{QObject::tr("Line %1: %2").arg(i + 1).arg(problem), line};
        servers.append(line);
    }
    return servers;
}

} // namespace scopebench
