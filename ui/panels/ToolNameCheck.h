#pragma once

#include "policy/Policy.h"

#include <QString>

namespace scopebench {

// Whether `name` may become a tool's own entry, checked as it is typed: empty when it may (or
// nothing is typed yet), else why not. MCP tool names are 1 to 128 characters of ASCII letters,
// digits, '_', '-' and '.' (the MCP specification's tool names section), so a space or a comma
// can never match a tools/call.
QString toolNameProblem(const Policy &policy, const QString &name);

} // namespace scopebench
