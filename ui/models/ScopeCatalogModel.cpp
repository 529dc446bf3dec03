#include "ScopeCatalogModel.h"

#include "LintMarks.h"
#include "PolicyDocument.h"
#include "PolicySnapshotCommand.h"
#include "ScopeDescriptionCommand.h"
#include "policy/PolicyEdits.h"

#include <QUndoStack>

namespace scopebench {

ScopeCatalogModel::ScopeCatalogModel(PolicyDocument *document, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(document) {
    // A reshaping edit (rename, Implies, add or remove a scope) replaces the whole policy. A
    // model reset would close the editor the user is typing in ("closeEditor called with an
    // editor that does not belong to this view") and scroll the view back to the top; rows are
    // a list of scopes, so the change is told as rows added or removed at the end and the rest
    // changed, and the view keeps its current row and scroll position.
    m_rows = int(document->policy().scopes.size());
    connect(document, &PolicyDocument::reset, this, [this] {
        const int rows = int(m_document->policy().scopes.size());
        if (rows > m_rows) {
            beginInsertRows(QModelIndex(), m_rows, rows - 1);
            m_rows = rows;
            endInsertRows();
        } else if (rows < m_rows) {
            beginRemoveRows(QModelIndex(), rows, m_rows - 1);
            m_rows = rows;
            endRemoveRows();
        }
        if (rows > 0)
            Q_EMIT dataChanged(index(0, 0), index(rows - 1, ColumnCount - 1));
    });
    connect(document, &PolicyDocument::scopeDescriptionChanged, this, [this](int row) {
        Q_EMIT dataChanged(index(row, Description), index(row, Description));
    });
    connect(document, &PolicyDocument::changed, this, [this] {
        if (rowCount() > 0)
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                               {Qt::BackgroundRole, Qt::ToolTipRole, Qt::DecorationRole});
    });
}

QList<LintFinding> ScopeCatalogModel::findingsAt(int row) const {
    QList<LintFinding> found;
    if (row < 0 || row >= rowCount())
        return found;
    const QString &name = m_document->policy().scopes.at(row).name;
    for (const auto &finding : m_document->findings()) {
        const auto area = finding.location.area;
        if ((area == PolicyLocation::Area::Catalog || area == PolicyLocation::Area::Implies) &&
            finding.location.scope == name)
            found.append(finding);
    }
    return found;
}

int ScopeCatalogModel::rowOf(const QString &scope) const {
    return int(m_document->policy().catalogNames().indexOf(scope));
}

int ScopeCatalogModel::rowCount(const QModelIndex &parent) const {
    // The rows the views were told of: between the policy's change and the signals that say so,
    // the views must not see a count they were not told.
    return parent.isValid() ? 0 : m_rows;
}

int ScopeCatalogModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScopeCatalogModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    if (index.row() >= m_document->policy().scopes.size())
        return QVariant();
    const ScopeInfo &scope = m_document->policy().scopes.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case Name:
            return scope.name;
        case Description:
            return scope.description;
        case Implies:
            return PolicyEdits::impliesText(m_document->policy(), scope.name);
        }
    }
    if (role == Qt::ToolTipRole) {
        const QVariant lint = LintMarks::toolTip(findingsAt(index.row()));
        if (lint.isValid())
            return lint;
        return index.column() == Implies ? tr("Scopes granted along with %1").arg(scope.name)
                                         : QVariant(scope.description);
    }
    if (role == Qt::BackgroundRole)
        return LintMarks::background(findingsAt(index.row()));
    if (role == Qt::DecorationRole && index.column() == Name)
        return LintMarks::icon(findingsAt(index.row()));
    return QVariant();
}

bool ScopeCatalogModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    if (role != Qt::EditRole ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const Policy &policy = m_document->policy();
    const QString name = policy.scopes.at(index.row()).name;
    const QString text = value.toString();
    if (text == data(index, Qt::EditRole).toString())
        return false;
    switch (index.column()) {
    case Name: {
        auto renamed = PolicyEdits::renameScope(policy, name, text.trimmed());
        if (!renamed) {
            Q_EMIT editRefused(renamed.error().message);
            return false;
        }
        m_document->undoStack()->push(new PolicySnapshotCommand(
            m_document, tr("Rename %1 to %2").arg(name, text.trimmed()), renamed.value()));
        return true;
    }
    case Description:
        m_document->undoStack()->push(new ScopeDescriptionCommand(m_document, index.row(), text));
        return true;
    case Implies: {
        auto implied = PolicyEdits::setImplies(policy, name, text);
        if (!implied) {
            Q_EMIT editRefused(implied.error().toString());
            return false;
        }
        m_document->undoStack()->push(new PolicySnapshotCommand(
            m_document, tr("Change what %1 implies").arg(name), implied.value()));
        return true;
    }
    }
    return false;
}

QVariant ScopeCatalogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Name:
        return tr("Scope");
    case Description:
        return tr("Description");
    case Implies:
        return tr("Implies");
    }
    return QVariant();
}

Qt::ItemFlags ScopeCatalogModel::flags(const QModelIndex &index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
}

} // namespace scopebench
