#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace scopebench::analysis {

// One CSV field (RFC 4180), safe to open in a spreadsheet: a field that starts like a formula
// is made text with a leading apostrophe (tool and scope names come from policy files, which are
// shared and reviewed as data, not as formulas).
QByteArray csvField(const QString &text);
// "`a`", "`a` and `b`", "`a`, `b` and `c`".
QString quotedList(const QStringList &items);
// Scopes as a set, for tables: "a b c", or "(none)".
QString scopeText(const QStringList &scopes);

} // namespace scopebench::analysis
