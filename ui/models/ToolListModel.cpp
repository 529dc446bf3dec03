#include "ToolListModel.h"

#include "LintMarks.h"
#include "PolicyDocument.h"

namespace scopebench {

ToolListModel::ToolListModel(PolicyDocument *document, QObject *parent)
    : QAbstractListModel(parent)
    , m_document(document) {
    connect(document, &PolicyDocument::aboutToReset, this, [this] { beginResetModel(); });
    connect(document, &PolicyDocument::reset, this, [this] { endResetModel(); });
    connect(document, &PolicyDocument::changed, this,
            [this] { Q_EMIT dataChanged(index(0), index(rowCount() - 1)); });
}

QString ToolListModel::toolAt(int row) const {
    if (row <= 0 || row > m_document->policy().toolScopes.size())
        return QString();
    return m_document->policy().toolScopes.at(row - 1).tool;
}

int ToolListModel::rowOf(const QString &tool) const {
    if (tool.isEmpty())
        return 0;
    const auto &tools = m_document->policy().toolScopes;
    for (int i = 0; i < tools.size(); ++i) {
        if (tools.at(i).tool == tool)
            return i + 1;
    }
    return -1;
}

QList<LintFinding> ToolListModel::findingsAt(int row) const {
    QList<LintFinding> found;
    const QString tool = toolAt(row);
    const auto area = row == 0 ? PolicyLocation::Area::Server : PolicyLocation::Area::Tool;
    for (const auto &finding : m_document->findings()) {
        if (finding.location.area == area && finding.location.tool == tool)
            found.append(finding);
    }
    return found;
}

int ToolListModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_document->policy().toolScopes.size()) + 1;
}

QVariant ToolListModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const QString tool = toolAt(index.row());
    switch (role) {
    case Qt::DisplayRole: {
        const auto *alternatives = m_document->alternatives(tool);
        const int count = alternatives ? int(alternatives->size()) : 0;
        const QString name = index.row() == 0 ? tr("Server level") : tool;
        return QStringLiteral("%1 (%2)").arg(name).arg(count);
    }
    case ToolRole:
        return tool;
    case Qt::DecorationRole:
        return LintMarks::icon(findingsAt(index.row()));
    case Qt::ToolTipRole: {
        const QVariant lint = LintMarks::toolTip(findingsAt(index.row()));
        if (lint.isValid())
            return lint;
        return index.row() == 0 ? tr("Every request needs one of these combinations")
                                : tr("tools/call %1 also needs one of these").arg(tool);
    }
    default:
        return QVariant();
    }
}

} // namespace scopebench
