#include "OutcomeBadge.h"

#include <QColor>

namespace scopebench {

OutcomeBadge::OutcomeBadge(QWidget *parent)
    : QLabel(parent) {
    setObjectName(QStringLiteral("outcomeBadge"));
    setAlignment(Qt::AlignCenter);
    setMinimumHeight(64);
    setTextFormat(Qt::RichText);
    setWordWrap(true);
    // Never wider than the dock it sits in.
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

QString OutcomeBadge::textFor(const Decision &decision) {
    switch (decision.outcome) {
    case Outcome::Allow:
        return tr("ALLOW");
    case Outcome::NeedsIntrospection:
        return tr("Introspect to decide");
    default:
        break;
    }
    return QString::number(decision.status()) + u' ' +
           QString::fromLatin1(HttpResponse::reasonPhrase(decision.status()));
}

QColor OutcomeBadge::colorFor(Outcome outcome) {
    switch (outcome) {
    case Outcome::Allow:
        return QColor(0x2e, 0x7d, 0x32);
    case Outcome::BadRequest:
    case Outcome::Unauthorized:
        return QColor(0xe6, 0x9b, 0x00);
    case Outcome::Forbidden:
        return QColor(0xc6, 0x28, 0x28);
    case Outcome::Unavailable:
        return QColor(0x6c, 0x75, 0x7d);
    case Outcome::NeedsIntrospection:
        return QColor(0x45, 0x5a, 0x64);
    }
    return QColor(Qt::gray);
}

void OutcomeBadge::setDecision(const Decision &decision) {
    m_outcome = decision.outcome;
    m_headline = textFor(decision);
    const QString detail = decision.outcome == Outcome::Allow
                               ? tr("the request reaches the MCP server")
                               : decision.errorCode;
    setText(QStringLiteral("<div style='font-size:22pt; font-weight:bold'>%1</div>%2")
                .arg(m_headline.toHtmlEscaped(),
                     detail.isEmpty() ? QString()
                                      : QStringLiteral("<div style='font-size:11pt'>%1</div>")
                                            .arg(detail.toHtmlEscaped())));
    setToolTip(decision.reason);
    const QColor background = colorFor(decision.outcome);
    const bool amber =
        decision.outcome == Outcome::BadRequest || decision.outcome == Outcome::Unauthorized;
    setStyleSheet(
        QStringLiteral("QLabel { background: %1; color: %2; border-radius: 6px; "
                       "padding: 6px 12px; }")
            .arg(background.name(), amber ? QStringLiteral("#1f1f1f") : QStringLiteral("#ffffff")));
}

} // namespace scopebench
