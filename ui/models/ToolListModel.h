#pragma once

#include "policy/LintFinding.h"

#include <QAbstractListModel>

namespace scopebench {

class PolicyDocument;

// What owns a list of alternatives: the server level (row 0, tool name empty) and every tool
// with its own entry in toolScopes.
class ToolListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { ToolRole = Qt::UserRole + 1 };

    explicit ToolListModel(PolicyDocument *document, QObject *parent = nullptr);

    QString toolAt(int row) const;
    int rowOf(const QString &tool) const;
    QList<LintFinding> findingsAt(int row) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

private:
    PolicyDocument *m_document;
};

} // namespace scopebench
