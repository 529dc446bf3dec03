#pragma once

#include "policy/PolicyNormalizer.h"

#include <QDialog>

class QListWidget;

namespace scopebench {

// Normalize is never silent: this lists what it would remove before anything changes.
class NormalizeDialog : public QDialog {
    Q_OBJECT
public:
    explicit NormalizeDialog(const QList<PolicyNormalizer::Change> &changes,
                             QWidget *parent = nullptr);
    QStringList changeTexts() const;

private:
    QListWidget *m_list;
};

} // namespace scopebench
