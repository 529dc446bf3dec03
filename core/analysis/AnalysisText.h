#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace scopebench::analysis {

// "`a`", "`a` and `b`", "`a`, `b` and `c`".
QString quotedList(const QStringList &items);
// Scopes as a set, for tables: "a b c", or "(none)".
QString scopeText(const QStringList &scopes);

} // namespace scopebench::analysis
