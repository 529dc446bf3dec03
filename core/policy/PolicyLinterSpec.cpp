#include "policy/PolicyLinterSpec.h"

#include "policy/CombinationSubsets.h"
#include "policy/PolicyFile.h"
#include "policy/PolicyLinter.h"
#include "policy/ScopeSets.h"

#include <QHash>
#include <QSet>

namespace scopebench {

namespace {

using Area = PolicyLocation::Area;

// Past this many combinations in one list the implies-aware redundancy check (pair by pair) is
// skipped: it is quadratic, and the linter runs on every edit in the app.
constexpr int MaxCombinationsForImpliedCheck = 2000;

bool isRefreshScope(const QString &scope) {
    return scope == QLatin1String("offline_access");
}

class SpecChecks {
public:
    SpecChecks(const Policy &policy, QList<LintFinding> *out)
        : m_policy(policy)
        , m_out(out)
        , m_compiled(policy) {
        QSet<QString> seen;
        for (const auto &s : policy.scopes) {
            if (!isRefreshScope(s.name) && !seen.contains(s.name)) {
                seen.insert(s.name);
                m_catalogue.append(s.name);
            }
        }
    }

    void run() {
        scopesSupported();
        challenge();
        reachability();
        scopesThatGrantNothing();
        impliedRedundancy(m_compiled.serverAlternatives(), Area::Server, QString(),
                          QStringLiteral("$.validScopeCombinations"));
        for (const auto &tool : m_policy.toolScopes) {
            if (const auto *set = m_compiled.toolAlternatives(tool.tool))
                impliedRedundancy(
                    *set, Area::Tool, tool.tool,
                    PolicyFile::memberPath(QStringLiteral("$.toolScopes"), tool.tool));
        }
    }

private:
    void add(const char *id, Severity severity, const QString &message, PolicyLocation where,
             LintFix fix = LintFix()) {
        m_out->append(
            {QLatin1String(id), severity, message, std::move(where), QString(), std::move(fix)});
    }

    // Does this list name every scope of the catalogue (two or more, offline_access aside)?
    bool coversCatalogue(const QStringList &scopes) const {
        if (m_catalogue.size() < 2)
            return false;
        const QSet<QString> have(scopes.cbegin(), scopes.cend());
        for (const auto &s : m_catalogue) {
            if (!have.contains(s))
                return false;
        }
        return true;
    }

    QStringList defaultPublished() const {
        Policy p = m_policy;
        p.scopesSupported.reset();
        return p.publishedScopes();
    }

    void scopesSupported() {
        if (!m_policy.scopesSupported || !coversCatalogue(*m_policy.scopesSupported))
            return;
        const QStringList instead = defaultPublished();
        add("scopes-supported-catalogue", Severity::Warning,
            QStringLiteral("scopesSupported lists the whole catalogue: every new client asks for "
                           "every scope; publish what basic use needs (%1) and let step-up add "
                           "the rest")
                .arg(instead.isEmpty() ? QStringLiteral("nothing")
                                       : instead.join(QLatin1Char(' '))),
            PolicyLocation::at(Area::Policy, QStringLiteral("$.scopesSupported")),
            LintFix::make(LintFix::Action::SetScopesSupported,
                          QStringLiteral("Publish the first server-level alternative instead"),
                          instead));
    }

    void challenge() {
        const ScopeHint hint = m_policy.challenge.scopeHint;
        const auto where =
            PolicyLocation::at(Area::Challenge, QStringLiteral("$.challenge.scopeHint"));
        if (hint == ScopeHint::Omit) {
            add("challenge-without-scope", Severity::Info,
                QStringLiteral("challenges carry no scope (scopeHint omit): the MCP specification "
                               "asks for the scopes of the current operation; clients fall back "
                               "to scopes_supported"),
                where,
                LintFix::make(LintFix::Action::SetScopeHint,
                              QStringLiteral("Use scopeHint closest"), {},
                              QStringLiteral("closest")));
            return;
        }
        // Alternatives a challenge names in full (closest); pairs chosen together for a tools/call
        // are not searched here.
        bool any = false;
        auto row = [&](const ScopeAlternatives &alternatives, Area area, const QString &tool,
                       const QString &path) {
            for (int a = 0; a < alternatives.size(); ++a) {
                if (!coversCatalogue(alternatives[a]))
                    continue;
                any = true;
                add("challenge-lists-catalogue", Severity::Warning,
                    QStringLiteral("combination %1 %2 names the whole catalogue, and so does every "
                                   "challenge that asks for it")
                        .arg(a + 1)
                        .arg(Policy::combinationText(alternatives[a])),
                    PolicyLocation::at(area, PolicyFile::indexPath(path, a), QString(), tool, a));
            }
        };
        row(m_policy.validScopeCombinations, Area::Server, QString(),
            QStringLiteral("$.validScopeCombinations"));
        for (const auto &t : m_policy.toolScopes)
            row(t.alternatives, Area::Tool, t.tool,
                PolicyFile::memberPath(QStringLiteral("$.toolScopes"), t.tool));
        if (any)
            return;
        // The 401's hint: the first server-level alternative and, on a tools/call, the tool's.
        const QStringList first = m_policy.validScopeCombinations.isEmpty()
                                      ? QStringList()
                                      : m_policy.validScopeCombinations.first();
        for (const auto &t : m_policy.toolScopes) {
            QStringList hint = first;
            if (!t.alternatives.isEmpty())
                hint += t.alternatives.first();
            if (coversCatalogue(hint)) {
                add("challenge-lists-catalogue", Severity::Warning,
                    QStringLiteral("the 401 challenge for a call of tool %1 names the whole "
                                   "catalogue (the first server-level alternative with the tool's "
                                   "first)")
                        .arg(t.tool),
                    PolicyLocation::at(
                        Area::Tool, PolicyFile::memberPath(QStringLiteral("$.toolScopes"), t.tool),
                        QString(), t.tool, 0));
                return;
            }
        }
    }

    QStringList missingFrom(const QStringList &combination, const QSet<QString> &effective) const {
        QStringList out;
        for (const auto &s : combination) {
            if (!effective.contains(s) && !out.contains(s))
                out.append(s);
        }
        return out;
    }

    // A token granted the whole catalogue holds everything an authorization server that issues
    // the catalogue (the built-in one does exactly that) can give; what it cannot do, no token
    // can.
    void reachability() {
        if (m_policy.scopes.isEmpty())
            return;
        const QStringList everything = m_policy.catalogNames();
        const ScopeSets::Bits bits = m_compiled.effectiveBits(everything);
        const QStringList effectiveList = m_compiled.effectiveScopes(everything);
        const QSet<QString> effective(effectiveList.cbegin(), effectiveList.cend());
        if (!m_compiled.isMet(m_compiled.serverAlternatives(), bits)) {
            const QStringList missing =
                missingFrom(m_policy.validScopeCombinations.first(), effective);
            add("unreachable-server", Severity::Warning,
                QStringLiteral("no token of catalogue scopes meets any server-level combination, "
                               "so no client can connect; missing from the catalogue: %1")
                    .arg(missing.join(QLatin1Char(' '))),
                PolicyLocation::at(Area::Server, QStringLiteral("$.validScopeCombinations")),
                LintFix::make(
                    LintFix::Action::AddToCatalog,
                    QStringLiteral("Add %1 to the catalog").arg(missing.join(QLatin1Char(' '))),
                    missing));
            return;
        }
        for (const auto &t : m_policy.toolScopes) {
            const auto *set = m_compiled.toolAlternatives(t.tool);
            if (!set || m_compiled.isMet(*set, bits))
                continue;
            const QStringList missing = missingFrom(t.alternatives.first(), effective);
            add("unreachable-tool", Severity::Warning,
                QStringLiteral("no token of catalogue scopes can call tool %1; missing from the "
                               "catalogue: %2")
                    .arg(t.tool, missing.join(QLatin1Char(' '))),
                PolicyLocation::at(Area::Tool,
                                   PolicyFile::memberPath(QStringLiteral("$.toolScopes"), t.tool),
                                   QString(), t.tool),
                LintFix::make(
                    LintFix::Action::AddToCatalog,
                    QStringLiteral("Add %1 to the catalog").arg(missing.join(QLatin1Char(' '))),
                    missing));
        }
    }

    void scopesThatGrantNothing() {
        QSet<QString> used;
        for (const auto &c : m_policy.validScopeCombinations)
            used.unite(QSet<QString>(c.cbegin(), c.cend()));
        for (const auto &t : m_policy.toolScopes) {
            for (const auto &c : t.alternatives)
                used.unite(QSet<QString>(c.cbegin(), c.cend()));
        }
        // With no combination anywhere every valid token may do everything; empty-alternatives
        // says so, and every scope would be reported here.
        if (used.isEmpty())
            return;
        for (int i = 0; i < m_policy.scopes.size(); ++i) {
            const QString &name = m_policy.scopes[i].name;
            if (isRefreshScope(name))
                continue; // offline-access
            bool grants = false;
            for (const auto &s : m_compiled.effectiveScopes({name})) {
                if (used.contains(s)) {
                    grants = true;
                    break;
                }
            }
            if (grants)
                continue;
            add("scope-grants-nothing", Severity::Warning,
                QStringLiteral("\"%1\" is in no combination and implies none that is: holding it "
                               "changes no decision, yet clients may ask users to consent to it")
                    .arg(name),
                PolicyLocation::at(Area::Catalog,
                                   PolicyFile::indexPath(QStringLiteral("$.scopes"), i), name),
                LintFix::make(LintFix::Action::RemoveScope,
                              QStringLiteral("Remove %1 from the catalog").arg(name)));
        }
    }

    // Combination a is never needed when another one, b, is held by every token that holds a
    // (b ⊆ implies-closure of a). What the scopes as written already show (redundant-combination,
    // duplicate-combination) is not repeated; of two equivalent ones the later is reported.
    void impliedRedundancy(const ScopeSets::AlternativeSet &set, Area area, const QString &tool,
                           const QString &path) {
        const int n = int(set.combinations.size());
        if (m_policy.implies.isEmpty() || n < 2 || n > MaxCombinationsForImpliedCheck)
            return;
        const int words = m_compiled.words();
        std::vector<ScopeSets::Bits> closure;
        closure.reserve(size_t(n));
        for (const auto &c : set.combinations)
            closure.push_back(m_compiled.effectiveBits(c));
        auto within = [&](int b, int a) { // row b ⊆ closure(a)
            const quint64 *row = set.rows.data() + size_t(b) * size_t(words);
            for (int w = 0; w < words; ++w) {
                if (row[w] & ~closure[size_t(a)][w])
                    return false;
            }
            return true;
        };
        const CombinationSubsets written(set.combinations);
        for (int a = 0; a < n; ++a) {
            if (set.combinations[a].isEmpty() || written.firstCover(a) >= 0)
                continue;
            for (int b = 0; b < n; ++b) {
                if (b == a || set.combinations[b].isEmpty() || !within(b, a))
                    continue;
                if (within(a, b) && b > a)
                    continue; // equivalent: the later one is reported
                const QString owner = area == Area::Server ? QStringLiteral("the server level")
                                                           : QStringLiteral("tool %1").arg(tool);
                add("implied-redundant-combination", Severity::Warning,
                    QStringLiteral("combination %1 %2 of %3 is redundant through implies: every "
                                   "token holding it also holds combination %4 %5")
                        .arg(a + 1)
                        .arg(Policy::combinationText(set.combinations[a]), owner)
                        .arg(b + 1)
                        .arg(Policy::combinationText(set.combinations[b])),
                    PolicyLocation::at(area, PolicyFile::indexPath(path, a), QString(), tool, a),
                    LintFix::make(LintFix::Action::RemoveCombination,
                                  QStringLiteral("Remove combination %1 %2 of %3")
                                      .arg(a + 1)
                                      .arg(Policy::combinationText(set.combinations[a]), owner)));
                break;
            }
        }
    }

    const Policy &m_policy;
    QList<LintFinding> *m_out;
    ScopeSets m_compiled;
    QStringList m_catalogue; // distinct catalog names, offline_access aside
};

} // namespace

bool isOmnibusScope(const QString &scope) {
    static const QStringList names = {
        QStringLiteral("*"),           QStringLiteral("all"),         QStringLiteral("admin"),
        QStringLiteral("full-access"), QStringLiteral("full_access"), QStringLiteral("fullaccess"),
        QStringLiteral("root"),        QStringLiteral("superuser"),   QStringLiteral("everything")};
    return names.contains(scope.toLower()) || scope.endsWith(u'*');
}

void appendSpecFindings(const Policy &policy, QList<LintFinding> *findings) {
    SpecChecks(policy, findings).run();
}

QString LintFix::actionName(Action action) {
    switch (action) {
    case Action::None:
        return QStringLiteral("none");
    case Action::RemoveScope:
        return QStringLiteral("remove-scope");
    case Action::RemoveCombination:
        return QStringLiteral("remove-combination");
    case Action::AddToCatalog:
        return QStringLiteral("add-to-catalog");
    case Action::SetScopesSupported:
        return QStringLiteral("set-scopes-supported");
    case Action::SetScopeHint:
        return QStringLiteral("set-scope-hint");
    }
    return QString();
}

QString PolicyLinter::rationale(const QString &id) {
    // The sentences, quoted, with where they are. MCP = the MCP specification, revision
    // 2026-07-28; "Security Best Practices" is its page of that name.
    static const QHash<QString, QString> sentences = {
        {QStringLiteral("scopes-supported-catalogue"),
         QStringLiteral("MCP Security Best Practices, Scope Minimization, common mistakes: "
                        "\"Publishing all possible scopes in scopes_supported\"; MCP "
                        "Authorization, Scope Selection Strategy: \"The scopes_supported field is "
                        "intended to represent the minimal set of scopes necessary for basic "
                        "functionality\"")},
        {QStringLiteral("omnibus-scope"),
         QStringLiteral("MCP Security Best Practices, Scope Minimization, common mistakes: "
                        "\"Using wildcard or omnibus scopes (*, all, full-access)\"")},
        {QStringLiteral("offline-access"),
         QStringLiteral("MCP Authorization, Refresh Tokens: \"MCP Servers (Protected Resources) "
                        "SHOULD NOT include offline_access in WWW-Authenticate scope or Protected "
                        "Resource Metadata scopes_supported, as refresh tokens are not a resource "
                        "requirement.\"")},
        {QStringLiteral("challenge-lists-catalogue"),
         QStringLiteral("MCP Security Best Practices, Scope Minimization, common mistakes: "
                        "\"Returning entire scope catalog in every challenge\"")},
        {QStringLiteral("challenge-without-scope"),
         QStringLiteral("MCP Authorization, Runtime Insufficient Scope Errors: \"servers SHOULD "
                        "include the scopes needed to satisfy the current operation in the scope "
                        "parameter\"; Scope Selection Strategy: \"MCP servers SHOULD include a "
                        "scope parameter in the WWW-Authenticate header\"")},
        {QStringLiteral("unreachable-server"),
         QStringLiteral("RFC 6749 §3.3: \"The authorization server MAY fully or partially ignore "
                        "the scope requested by the client\"; the catalogue is what the "
                        "authorization server issues (the built-in one issues exactly it)")},
        {QStringLiteral("unreachable-tool"),
         QStringLiteral("RFC 6749 §3.3: \"The authorization server MAY fully or partially ignore "
                        "the scope requested by the client\"; the catalogue is what the "
                        "authorization server issues (the built-in one issues exactly it)")},
        {QStringLiteral("scope-grants-nothing"),
         QStringLiteral("MCP Authorization, Scope Selection Strategy: \"following the principle "
                        "of least privilege and preventing clients from requesting excessive "
                        "permissions\"")},
        {QStringLiteral("implied-redundant-combination"),
         QStringLiteral("MCP Authorization, Step-Up Authorization Flow: \"Servers MUST account "
                        "for scope hierarchies, where a broader scope implies narrower ones, when "
                        "deciding whether a token is sufficient for an operation.\"")},
        {QStringLiteral("scope-grammar"),
         QStringLiteral("RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )")},
        {QStringLiteral("scope-comma"),
         QStringLiteral("RFC 6749 §3.3: \"a list of space-delimited, case-sensitive strings\"")},
        {QStringLiteral("resource-fragment"),
         QStringLiteral("RFC 8707 §2: the resource \"MUST NOT include a fragment component\"")},
        {QStringLiteral("resource-not-absolute"),
         QStringLiteral("RFC 8707 §2: the resource \"MUST be an absolute URI\"")},
    };
    return sentences.value(id);
}

Status PolicyLinter::applyFix(Policy *policy, const LintFinding &finding) {
    const LintFix &fix = finding.fix;
    const PolicyLocation &where = finding.location;
    auto alternativesAt = [&]() -> ScopeAlternatives * {
        if (where.area == Area::Server)
            return &policy->validScopeCombinations;
        for (auto &t : policy->toolScopes) {
            if (where.area == Area::Tool && t.tool == where.tool)
                return &t.alternatives;
        }
        return nullptr;
    };
    const Error stale{QStringLiteral("the fix no longer fits the policy"), where.jsonPath};
    switch (fix.action) {
    case LintFix::Action::None:
        return Error{QStringLiteral("this finding has no automatic fix"), where.jsonPath};
    case LintFix::Action::RemoveScope: {
        bool removed = false;
        if (where.area == Area::Catalog) {
            for (int i = 0; i < policy->scopes.size(); ++i) {
                if (policy->scopes[i].name == where.scope) {
                    policy->scopes.removeAt(i);
                    removed = true;
                    break;
                }
            }
        } else if (where.area == Area::Policy && policy->scopesSupported) {
            removed = policy->scopesSupported->removeAll(where.scope) > 0;
        } else if (where.area == Area::Implies) {
            for (int i = int(policy->implies.size()) - 1; i >= 0; --i) {
                removed |= policy->implies[i].grants.removeAll(where.scope) > 0;
                if (policy->implies[i].scope == where.scope) {
                    policy->implies.removeAt(i);
                    removed = true;
                }
            }
        } else if (ScopeAlternatives *alts = alternativesAt()) {
            if (where.combination >= 0 && where.combination < alts->size())
                removed = (*alts)[where.combination].removeAll(where.scope) > 0;
        }
        return removed ? Status::success() : Status(stale);
    }
    case LintFix::Action::RemoveCombination: {
        ScopeAlternatives *alts = alternativesAt();
        if (!alts || where.combination < 0 || where.combination >= alts->size())
            return stale;
        alts->removeAt(where.combination);
        return Status::success();
    }
    case LintFix::Action::AddToCatalog:
        for (const auto &s : fix.scopes) {
            if (!policy->hasScope(s))
                policy->scopes.append({s, QString()});
        }
        return Status::success();
    case LintFix::Action::SetScopesSupported:
        policy->scopesSupported = fix.scopes;
        return Status::success();
    case LintFix::Action::SetScopeHint:
        if (!Policy::parseScopeHint(fix.value, &policy->challenge.scopeHint))
            return stale;
        return Status::success();
    }
    return stale;
}

} // namespace scopebench
