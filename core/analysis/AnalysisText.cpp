#include "analysis/AnalysisText.h"

namespace scopebench::analysis {

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

QString quotedList(const QStringList &items) {
    QStringList quoted;
    for (const auto &i : items)
        quoted.append(QLatin1Char('`') + i + QLatin1Char('`'));
    if (quoted.size() <= 1)
        return quoted.join(QString());
    const QString last = quoted.takeLast();
    return quoted.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last;
}

QString scopeText(const QStringList &scopes) {
    return scopes.isEmpty() ? QStringLiteral("(none)") : scopes.join(QLatin1Char(' '));
}

} // namespace scopebench::analysis
