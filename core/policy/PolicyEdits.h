#pragma once

#include "common/Result.h"
#include "policy/Policy.h"

namespace scopebench {

// The reshaping edits of the editor as pure functions: each returns the edited policy, or says
// why the edit is refused (a bad scope name, a duplicate), leaving the caller's policy alone.
class PolicyEdits {
public:
    // Empty when `name` may become a new catalog scope (or `current` may be renamed to it).
    static QString checkScopeName(const Policy &policy, const QString &name,
                                  const QString &current = QString());
    static Result<Policy> addScope(const Policy &policy, const QString &name,
                                   const QString &description = QString());
    // Every reference (alternatives, implies) follows the new name.
    static Result<Policy> renameScope(const Policy &policy, const QString &from, const QString &to);
    // Drops the scope from the catalog and the implications, which can only narrow what a token
    // may do. Alternatives that require it keep requiring it (lint then marks it as not in the
    // catalog): taking a scope out of an alternative lets more tokens through, and that is an
    // edit the user makes explicitly, cell by cell.
    static Policy removeScope(const Policy &policy, const QString &name);
    // `grants` as typed: space- or comma-separated scope names.
    static Result<Policy> setImplies(const Policy &policy, const QString &scope,
                                     const QString &grants);
    static QString impliesText(const Policy &policy, const QString &scope);
    static Result<Policy> addTool(const Policy &policy, const QString &tool);
    static Policy removeTool(const Policy &policy, const QString &tool);
    // Issuer URLs as typed, one per line (blank lines ignored): every one an absolute http(s)
    // URL with a host, else the first bad line and why.
    static Result<QStringList> parseAuthorizationServers(const QString &text);
};

} // namespace scopebench
