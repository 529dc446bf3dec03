#pragma once

#include "decision/Decision.h"

#include <QLabel>

namespace scopebench {

// The outcome, large and coloured: allow green, 400/401 amber, 403 red, 503 grey.
class OutcomeBadge : public QLabel {
    Q_OBJECT
public:
    explicit OutcomeBadge(QWidget *parent = nullptr);
    void setDecision(const Decision &decision);
    Outcome outcome() const { return m_outcome; }
    // "403 Forbidden", "ALLOW", ...: the large line.
    const QString &headline() const { return m_headline; }

    static QString textFor(const Decision &decision);
    static QColor colorFor(Outcome outcome);

private:
    Outcome m_outcome = Outcome::Allow;
    QString m_headline;
};

} // namespace scopebench
