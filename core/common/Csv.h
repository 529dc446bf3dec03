#pragma once

#include <QByteArray>
#include <QString>

namespace scopebench {

// One CSV field (RFC 4180), safe to open in a spreadsheet. What goes into Scopebench's CSV files
// comes from others (a client chooses method and tool names; policy files are shared): a field
// that starts like a formula is made text with a leading apostrophe, so a spreadsheet never runs
// it.
QByteArray csvField(const QString &text);

} // namespace scopebench
