#include "analysis/AnalysisText.h"

namespace scopebench::analysis {

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
