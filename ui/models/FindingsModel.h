#pragma once

#include "policy/LintFinding.h"

#include <QAbstractTableModel>

namespace scopebench {

class PolicyDocument;

// The lint findings of the policy being edited, refreshed on every edit.
class FindingsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { SeverityColumn, Where, Message, ColumnCount };

    explicit FindingsModel(PolicyDocument *document, QObject *parent = nullptr);

    LintFinding findingAt(int row) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    static QString whereText(const PolicyLocation &location);

private:
    PolicyDocument *m_document;
    QList<LintFinding> m_findings;
};

} // namespace scopebench
