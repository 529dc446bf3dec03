#include "policy/PolicyLinter.h"

#include "policy/CombinationSubsets.h"
#include "policy/PolicyFile.h"
#include "policy/PolicyLinterSpec.h"
#include "policy/ResourceUri.h"
#include "policy/ScopeGrammar.h"

#include <QHash>
#include <QSet>

#include <vector>

namespace scopebench {

QString LintFinding::severityName(Severity severity) {
    switch (severity) {
    case Severity::Error:
        return QStringLiteral("error");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Info:
        return QStringLiteral("info");
    }
    return QString();
}

QString PolicyLocation::areaName(Area area) {
    switch (area) {
    case Area::Policy:
        return QStringLiteral("policy");
    case Area::Catalog:
        return QStringLiteral("catalog");
    case Area::Implies:
        return QStringLiteral("implies");
    case Area::Server:
        return QStringLiteral("server");
    case Area::Tool:
        return QStringLiteral("tool");
    case Area::Resource:
        return QStringLiteral("resource");
    case Area::Challenge:
        return QStringLiteral("challenge");
    }
    return QString();
}

namespace {

class Linter {
public:
    explicit Linter(const Policy &policy)
        : m_policy(policy) {
        for (const auto &scope : policy.scopes)
            m_catalog.insert(scope.name);
    }

    QList<LintFinding> run() {
        checkResource();
        checkScopesSupported();
        checkCatalog();
        checkImplies();
        checkAlternatives(m_policy.validScopeCombinations, PolicyLocation::Area::Server, QString(),
                          QStringLiteral("$.validScopeCombinations"));
        for (const auto &tool : m_policy.toolScopes)
            checkAlternatives(tool.alternatives, PolicyLocation::Area::Tool, tool.tool,
                              PolicyFile::memberPath(QStringLiteral("$.toolScopes"), tool.tool));
        appendSpecFindings(m_policy, &m_findings);
        for (auto &f : m_findings)
            f.rationale = PolicyLinter::rationale(f.id);
        return m_findings;
    }

private:
    void add(const char *id, Severity severity, const QString &message, PolicyLocation location,
             LintFix fix = LintFix()) {
        m_findings.append(
            {QLatin1String(id), severity, message, std::move(location), QString(), std::move(fix)});
    }

    // offline_access where a resource must not name it: anywhere in a policy (MCP 2026-07-28,
    // Authorization, "Refresh Tokens").
    void checkOfflineAccess(const QString &scope, const PolicyLocation &where,
                            const QString &place) {
        if (!isRefreshScope(scope))
            return;
        add("offline-access", Severity::Warning,
            QStringLiteral("offline_access asks the authorization server for refresh tokens; it "
                           "grants nothing on this resource and does not belong in %1")
                .arg(place),
            where,
            LintFix::make(LintFix::Action::RemoveScope,
                          QStringLiteral("Remove offline_access from %1").arg(place)));
    }

    static bool isRefreshScope(const QString &scope) {
        return scope == QLatin1String("offline_access");
    }

    void checkScopesSupported() {
        if (!m_policy.scopesSupported)
            return;
        const QStringList &list = *m_policy.scopesSupported;
        for (int i = 0; i < list.size(); ++i) {
            const auto where = PolicyLocation::at(
                PolicyLocation::Area::Policy,
                PolicyFile::indexPath(QStringLiteral("$.scopesSupported"), i), list[i]);
            checkScopeName(list[i], where, false);
            if (isOmnibusScope(list[i]))
                add("omnibus-scope", Severity::Warning,
                    QStringLiteral("\"%1\" is an omnibus scope and scopesSupported publishes it "
                                   "to every new client")
                        .arg(list[i]),
                    where);
            checkOfflineAccess(list[i], where, QStringLiteral("scopesSupported"));
        }
    }

    // The checks every scope name gets, wherever it appears.
    void checkScopeName(const QString &scope, const PolicyLocation &where, bool inCatalog) {
        const QString problem = ScopeGrammar::explain(scope);
        if (!problem.isEmpty()) {
            add("scope-grammar", Severity::Error, QStringLiteral("\"%1\": %2").arg(scope, problem),
                where);
            return;
        }
        if (scope.contains(u','))
            add("scope-comma", Severity::Warning,
                QStringLiteral("\"%1\" contains a comma: scopes are separated by spaces, so this "
                               "is one scope, not several")
                    .arg(scope),
                where);
        if (!inCatalog && !m_catalog.contains(scope))
            add("scope-not-in-catalog", Severity::Warning,
                QStringLiteral("\"%1\" is used but not in the scope catalog").arg(scope), where);
    }

    void checkResource() {
        const QString &resource = m_policy.resource;
        if (resource.isEmpty())
            return;
        const auto where =
            PolicyLocation::at(PolicyLocation::Area::Resource, QStringLiteral("$.resource"));
        const qsizetype hash = resource.indexOf(u'#');
        // Judged without its fragment, so a relative URI with a fragment gets both findings.
        const QString problem = ResourceUri::problem(resource.left(hash));
        if (!problem.isEmpty())
            add("resource-not-absolute", Severity::Error,
                QStringLiteral("resource \"%1\": %2").arg(resource, problem), where);
        if (hash >= 0)
            add("resource-fragment", Severity::Error,
                QStringLiteral("resource \"%1\": a resource URI must not have a fragment "
                               "(RFC 8707 §2); remove everything from '#'")
                    .arg(resource),
                where);
    }

    void checkCatalog() {
        QSet<QString> seen;
        for (int i = 0; i < m_policy.scopes.size(); ++i) {
            const QString &name = m_policy.scopes[i].name;
            const QString path = PolicyFile::indexPath(QStringLiteral("$.scopes"), i);
            const auto where = PolicyLocation::at(PolicyLocation::Area::Catalog, path, name);
            checkScopeName(name, where, true);
            if (seen.contains(name))
                add("catalog-duplicate", Severity::Error,
                    QStringLiteral("\"%1\" is in the catalog twice").arg(name), where);
            seen.insert(name);
            if (isOmnibusScope(name))
                add("omnibus-scope", Severity::Warning,
                    QStringLiteral("\"%1\" is an omnibus scope: grant narrow scopes that say what "
                                   "they allow")
                        .arg(name),
                    where);
            if (name == QLatin1String("offline_access"))
                add("offline-access", Severity::Warning,
                    QStringLiteral("offline_access asks the authorization server for refresh "
                                   "tokens; it grants nothing on this resource"),
                    where,
                    LintFix::make(LintFix::Action::RemoveScope,
                                  QStringLiteral("Remove offline_access from the catalog")));
        }
    }

    void checkImplies() {
        QHash<QString, QStringList> graph;
        for (const auto &imp : m_policy.implies) {
            const QString path = PolicyFile::memberPath(QStringLiteral("$.implies"), imp.scope);
            checkScopeName(imp.scope,
                           PolicyLocation::at(PolicyLocation::Area::Implies, path, imp.scope),
                           false);
            checkOfflineAccess(imp.scope,
                               PolicyLocation::at(PolicyLocation::Area::Implies, path, imp.scope),
                               QStringLiteral("implies"));
            for (int g = 0; g < imp.grants.size(); ++g) {
                const auto where = PolicyLocation::at(
                    PolicyLocation::Area::Implies, PolicyFile::indexPath(path, g), imp.grants[g]);
                checkScopeName(imp.grants[g], where, false);
                checkOfflineAccess(imp.grants[g], where, QStringLiteral("implies"));
            }
            graph[imp.scope] += imp.grants;
        }
        // Depth-first search with an explicit stack (a long chain must not exhaust the call
        // stack); each cycle is reported once, at the scope where the search first entered it.
        enum Mark { White, Grey, Black };
        struct Frame {
            QString node;
            int next;
        };
        QHash<QString, Mark> mark;
        QHash<QString, int> depthOf; // position of a grey node on the current path
        QStringList path;
        QSet<QString> reported;
        int unlisted = 0; // back edges past the cap: more cycles, or the listed ones again
        std::vector<Frame> stack;
        auto enter = [&](const QString &node) {
            mark.insert(node, Grey);
            depthOf.insert(node, int(path.size()));
            path.append(node);
            stack.push_back({node, 0});
        };
        for (const auto &imp : m_policy.implies) {
            if (mark.value(imp.scope, White) != White)
                continue;
            enter(imp.scope);
            while (!stack.empty()) {
                const auto successors = graph.constFind(stack.back().node);
                if (successors == graph.constEnd() || stack.back().next >= successors->size()) {
                    mark.insert(stack.back().node, Black);
                    depthOf.remove(stack.back().node);
                    path.removeLast();
                    stack.pop_back();
                    continue;
                }
                const QString next = successors->at(stack.back().next++);
                const Mark m = mark.value(next, White);
                if (m == White) {
                    enter(next);
                } else if (m == Grey) {
                    if (reported.size() < MaxCycleFindings)
                        reportCycle(path.mid(depthOf.value(next)), &reported);
                    else
                        ++unlisted;
                }
            }
        }
        if (unlisted > 0 && reported.size() >= MaxCycleFindings)
            add("implies-cycle", Severity::Warning,
                QStringLiteral("implies has more cycles than the first %1 listed here; break "
                               "those and lint again")
                    .arg(MaxCycleFindings),
                PolicyLocation::at(PolicyLocation::Area::Implies, QStringLiteral("$.implies")));
    }

    // A densely connected implies has more cycles than anyone reads; listing them all would
    // cost time quadratic in the policy's size.
    static constexpr int MaxCycleFindings = 20;

    void reportCycle(QStringList cycle, QSet<QString> *reported) {
        QStringList key = cycle;
        key.sort();
        if (reported->contains(key.join(u' ')))
            return;
        reported->insert(key.join(u' '));
        const QString entry = cycle.first();
        cycle.append(entry);
        add("implies-cycle", Severity::Warning,
            QStringLiteral("implies has a cycle: %1; these scopes all grant each other")
                .arg(cycle.join(QStringLiteral(" → "))),
            PolicyLocation::at(PolicyLocation::Area::Implies,
                               PolicyFile::memberPath(QStringLiteral("$.implies"), entry), entry));
    }

    void checkAlternatives(const ScopeAlternatives &alternatives, PolicyLocation::Area area,
                           const QString &tool, const QString &path) {
        const QString owner = area == PolicyLocation::Area::Server
                                  ? QStringLiteral("the server level")
                                  : QStringLiteral("tool %1").arg(tool);
        if (alternatives.isEmpty()) {
            add("empty-alternatives", Severity::Warning,
                QStringLiteral("%1 lists no combinations: any valid token passes").arg(owner),
                PolicyLocation::at(area, path, QString(), tool));
            return;
        }
        for (int a = 0; a < alternatives.size(); ++a) {
            const QStringList &combination = alternatives[a];
            const QString rowPath = PolicyFile::indexPath(path, a);
            const auto row = PolicyLocation::at(area, rowPath, QString(), tool, a);
            if (combination.isEmpty()) {
                add("empty-combination", Severity::Warning,
                    QStringLiteral("combination %1 of %2 is empty: any valid token passes")
                        .arg(a + 1)
                        .arg(owner),
                    row);
                continue;
            }
            QSet<QString> inRow;
            for (int s = 0; s < combination.size(); ++s) {
                const QString &scope = combination[s];
                const auto cell =
                    PolicyLocation::at(area, PolicyFile::indexPath(rowPath, s), scope, tool, a);
                checkScopeName(scope, cell, false);
                checkOfflineAccess(scope, cell,
                                   QStringLiteral("a combination: challenges never name it, so "
                                                  "clients are never told to ask for it"));
                if (isOmnibusScope(scope) && !m_catalog.contains(scope))
                    add("omnibus-scope", Severity::Warning,
                        QStringLiteral("\"%1\" is an omnibus scope: require narrow scopes")
                            .arg(scope),
                        cell);
                if (inRow.contains(scope))
                    add("repeated-scope", Severity::Warning,
                        QStringLiteral("\"%1\" appears twice in combination %2")
                            .arg(scope)
                            .arg(a + 1),
                        cell);
                inRow.insert(scope);
            }
        }
        // Duplicates and supersets, judged on the scopes as written (implies aside); the empty
        // combination is reported above, not as what makes the others redundant.
        const CombinationSubsets subsets(alternatives);
        for (int a = 0; a < alternatives.size(); ++a) {
            if (subsets.scopeCount(a) == 0)
                continue;
            int found = -1;
            for (const int b : subsets.subsetsOf(a)) {
                if (subsets.scopeCount(b) > 0 &&
                    (subsets.scopeCount(b) < subsets.scopeCount(a) || b < a)) {
                    found = b;
                    break;
                }
            }
            if (found < 0)
                continue;
            const auto row =
                PolicyLocation::at(area, PolicyFile::indexPath(path, a), QString(), tool, a);
            const LintFix remove =
                LintFix::make(LintFix::Action::RemoveCombination,
                              QStringLiteral("Remove combination %1 %2 of %3")
                                  .arg(a + 1)
                                  .arg(Policy::combinationText(alternatives[a]), owner));
            if (subsets.scopeCount(found) == subsets.scopeCount(a))
                add("duplicate-combination", Severity::Warning,
                    QStringLiteral("combination %1 of %2 repeats combination %3 %4")
                        .arg(a + 1)
                        .arg(owner)
                        .arg(found + 1)
                        .arg(Policy::combinationText(alternatives[found])),
                    row, remove);
            else
                add("redundant-combination", Severity::Warning,
                    QStringLiteral("combination %1 of %2 is redundant: combination %3 %4 "
                                   "needs less and is enough")
                        .arg(a + 1)
                        .arg(owner)
                        .arg(found + 1)
                        .arg(Policy::combinationText(alternatives[found])),
                    row, remove);
        }
    }

    const Policy &m_policy;
    QSet<QString> m_catalog;
    QList<LintFinding> m_findings;
};

} // namespace

QList<LintFinding> PolicyLinter::lint(const Policy &policy) {
    return Linter(policy).run();
}

bool PolicyLinter::hasErrors(const QList<LintFinding> &findings) {
    for (const auto &f : findings) {
        if (f.severity == Severity::Error)
            return true;
    }
    return false;
}

} // namespace scopebench
