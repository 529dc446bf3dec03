#include "LintMarks.h"

#include <QApplication>
#include <QColor>
#include <QIcon>
#include <QStyle>

namespace scopebench {

Severity LintMarks::worst(const QList<LintFinding> &findings) {
    Severity worst = Severity::Info;
    for (const auto &finding : findings) {
        if (static_cast<int>(finding.severity) < static_cast<int>(worst))
            worst = finding.severity;
    }
    return worst;
}

QVariant LintMarks::background(const QList<LintFinding> &findings) {
    if (findings.isEmpty())
        return QVariant();
    switch (worst(findings)) {
    case Severity::Error:
        return QColor(0xf8, 0xd7, 0xda);
    case Severity::Warning:
        return QColor(0xff, 0xf3, 0xcd);
    case Severity::Info:
        return QColor(0xdb, 0xea, 0xfe);
    }
    return QVariant();
}

QVariant LintMarks::icon(Severity severity) {
    QStyle *style = QApplication::style();
    switch (severity) {
    case Severity::Error:
        return style->standardIcon(QStyle::SP_MessageBoxCritical);
    case Severity::Warning:
        return style->standardIcon(QStyle::SP_MessageBoxWarning);
    case Severity::Info:
        return style->standardIcon(QStyle::SP_MessageBoxInformation);
    }
    return QVariant();
}

QVariant LintMarks::icon(const QList<LintFinding> &findings) {
    return findings.isEmpty() ? QVariant() : icon(worst(findings));
}

QVariant LintMarks::toolTip(const QList<LintFinding> &findings) {
    if (findings.isEmpty())
        return QVariant();
    QStringList lines;
    for (const auto &finding : findings)
        lines.append(LintFinding::severityName(finding.severity) + QStringLiteral(": ") +
                     finding.message);
    return lines.join(u'\n');
}

} // namespace scopebench
