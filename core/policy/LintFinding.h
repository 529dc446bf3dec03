#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace scopebench {

enum class Severity { Error, Warning, Info };

// Where in a policy something is. `jsonPath` is for people; the other fields are for the editor
// to mark the row or cell.
struct PolicyLocation {
    enum class Area { Policy, Catalog, Implies, Server, Tool, Resource, Challenge };
    Area area = Area::Policy;
    QString tool;         // with Area::Tool
    int combination = -1; // the row within the server's or the tool's alternatives
    QString scope;        // the scope concerned, when one is
    QString jsonPath;

    // "policy", "catalog", "implies", "server", "tool", "resource", "challenge".
    static QString areaName(Area area);

    static PolicyLocation at(Area area, const QString &path, const QString &scope = QString(),
                             const QString &tool = QString(), int combination = -1) {
        PolicyLocation l;
        l.area = area;
        l.jsonPath = path;
        l.scope = scope;
        l.tool = tool;
        l.combination = combination;
        return l;
    }
};

// A change that removes a finding, as data: the app (or a script) applies it with
// PolicyLinter::applyFix. The finding's location says where; see docs/policy-format.md.
struct LintFix {
    enum class Action {
        None,
        RemoveScope,        // the location's scope: from that catalog entry, scopesSupported
                            // (area policy), that combination (server/tool), or all of implies
        RemoveCombination,  // the location's combination of the server level or its tool
        AddToCatalog,       // `scopes`, appended to the catalog
        SetScopesSupported, // scopesSupported = `scopes`
        SetScopeHint,       // challenge.scopeHint = `value`
    };
    Action action = Action::None;
    QStringList scopes;
    QString value;
    QString summary; // one line, for a button or a CI log

    static LintFix make(Action action, const QString &summary, const QStringList &scopes = {},
                        const QString &value = QString()) {
        LintFix f;
        f.action = action;
        f.summary = summary;
        f.scopes = scopes;
        f.value = value;
        return f;
    }

    // "none", "remove-scope", "remove-combination", "add-to-catalog", "set-scopes-supported",
    // "set-scope-hint".
    static QString actionName(Action action);
};

struct LintFinding {
    QString id; // stable, documented in docs/policy-format.md
    Severity severity = Severity::Warning;
    QString message;
    PolicyLocation location;
    // The sentence of the MCP specification or the RFC the finding rests on, with where it is;
    // empty for findings that are about the file itself.
    QString rationale;
    LintFix fix;

    static QString severityName(Severity severity);
};

} // namespace scopebench
