#include "common/Csv.h"

namespace scopebench {

QByteArray csvField(const QString &text) {
    QByteArray utf8 = text.toUtf8();
    if (!utf8.isEmpty() && QByteArrayLiteral("=+-@\t\r").contains(utf8.at(0)))
        utf8.prepend('\'');
    if (utf8.contains(',') || utf8.contains('"') || utf8.contains('\n') || utf8.contains('\r')) {
        utf8.replace('"', QByteArrayLiteral("\"\""));
        return '"' + utf8 + '"';
    }
    return utf8;
}

} // namespace scopebench
