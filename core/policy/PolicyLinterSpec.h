#pragma once

#include "policy/LintFinding.h"
#include "policy/Policy.h"

namespace scopebench {

// The linter's checks against the MCP specification's common mistakes (MCP 2026-07-28,
// Authorization; Security Best Practices, "Scope Minimization"). Part of PolicyLinter; its own
// file because these checks decide with CompiledPolicy (effective scopes) rather than the scopes
// as written.

// `*`, `all`, `admin`, `full-access`, `full_access`, `root`, `superuser`, `everything` in any
// case, and any scope ending in `*` (`notes:*`): names that grant everything.
bool isOmnibusScope(const QString &scope);

// Appends: scopes-supported-catalogue, challenge-lists-catalogue, challenge-without-scope,
// unreachable-server, unreachable-tool, scope-grants-nothing, implied-redundant-combination.
void appendSpecFindings(const Policy &policy, QList<LintFinding> *findings);

} // namespace scopebench
