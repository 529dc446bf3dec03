#pragma once

#include "decision/Decision.h"
#include "policy/LintFinding.h"

#include <QAbstractTableModel>

namespace scopebench {

class PolicyDocument;

// The alternatives of the server level or of one tool as a matrix: a row per alternative, a
// column per scope (the catalog first, then scopes used but not in it), a check box per cell.
// Ticking pushes an undo command; lint findings colour the rows and cells they concern. The row
// the preview's decision rests on (met, or the closest one its 403 names) is tinted over them.
class AlternativesMatrixModel : public QAbstractTableModel {
    Q_OBJECT
public:
    // "met" or "closest" on every cell and the row header of the row the preview's decision
    // rests on at the level shown; nothing elsewhere.
    enum Role { DecisionRole = Qt::UserRole + 1 };

    explicit AlternativesMatrixModel(PolicyDocument *document, QObject *parent = nullptr);

    // The preview's decision, for `tool` (empty: any request): which alternative of the server
    // level and of that tool it rests on (Decision::serverAlternative, toolAlternative).
    void setDecision(const QString &tool, const AlternativeMatch &server,
                     const AlternativeMatch &toolMatch);
    // The decision's alternative at the level shown; index -1: none.
    AlternativeMatch decided() const;

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
    void refreshRow(int row);

    PolicyDocument *m_document;
    QString m_tool;
    QStringList m_columns;
    QString m_decidedTool;
    AlternativeMatch m_decidedServer;
    AlternativeMatch m_decidedToolMatch;
};

} // namespace scopebench
