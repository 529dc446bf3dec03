#pragma once

#include "policy/LintFinding.h"

#include <QAbstractTableModel>

namespace scopebench {

class PolicyDocument;

// The alternatives of the server level or of one tool as a matrix: a row per alternative, a
// column per scope (the catalog first, then scopes used but not in it), a check box per cell.
// Ticking pushes an undo command; lint findings colour the rows and cells they concern.
class AlternativesMatrixModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit AlternativesMatrixModel(PolicyDocument *document, QObject *parent = nullptr);

    // Empty for the server level.
    const QString &tool() const { return m_tool; }
    void setTool(const QString &tool);
    QString scopeAt(int column) const;
    int columnOf(const QString &scope) const { return m_columns.indexOf(scope); }
    QList<LintFinding> findingsAt(int row, const QString &scope = QString()) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    bool mine(const QString &tool) const { return tool == m_tool; }

    PolicyDocument *m_document;
    QString m_tool;
    QStringList m_columns;
};

} // namespace scopebench
