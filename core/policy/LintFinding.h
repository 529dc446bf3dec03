#pragma once

#include <QList>
#include <QString>

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
};

struct LintFinding {
    QString id; // stable, documented in docs/policy-format.md
    Severity severity = Severity::Warning;
    QString message;
    PolicyLocation location;

    static QString severityName(Severity severity);
};

} // namespace scopebench
