#pragma once

#include "policy/LintFinding.h"

#include <QAbstractTableModel>

namespace scopebench {

class PolicyDocument;

// The scope catalog: name, description and what each scope implies. Editing a name renames the
// scope everywhere; a name that breaks the grammar or repeats one is refused with a reason
// (editRefused) and the policy stays as it was.
class ScopeCatalogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Description, Implies, ColumnCount };

    explicit ScopeCatalogModel(PolicyDocument *document, QObject *parent = nullptr);

    QList<LintFinding> findingsAt(int row) const;
    int rowOf(const QString &scope) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

Q_SIGNALS:
    void editRefused(const QString &reason);

private:
    PolicyDocument *m_document;
    int m_rows = 0;
};

} // namespace scopebench
