#include "AlternativesMatrixModel.h"

#include "LintMarks.h"
#include "PolicyDocument.h"
#include "SetCellCommand.h"

#include <QColor>
#include <QFont>
#include <QUndoStack>

namespace scopebench {

namespace {

QString decisionName(const AlternativeMatch &match) {
    return match.met ? QStringLiteral("met") : QStringLiteral("closest");
}

// Green for the alternative that lets the request through; orange for the one a 403 names.
QColor decisionColor(const AlternativeMatch &match) {
    return match.met ? QColor(0xc3, 0xe6, 0xcb) : QColor(0xff, 0xd8, 0xa8);
}

QString decisionNote(const AlternativeMatch &match) {
    return match.met ? AlternativesMatrixModel::tr("The preview's request is allowed by this "
                                                   "alternative")
                     : AlternativesMatrixModel::tr("The preview's request is refused; its 403 "
                                                   "names this alternative, the closest one");
}

} // namespace

AlternativesMatrixModel::AlternativesMatrixModel(PolicyDocument *document, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(document) {
    m_columns = document->policy().allScopeNames();
    connect(document, &PolicyDocument::aboutToReset, this, [this] { beginResetModel(); });
    connect(document, &PolicyDocument::reset, this, [this] {
        if (!m_document->alternatives(m_tool))
            m_tool.clear();
        m_columns = m_document->policy().allScopeNames();
        endResetModel();
    });
    connect(document, &PolicyDocument::combinationChanged, this,
            [this](const QString &tool, int row) {
                if (mine(tool) && !m_columns.isEmpty())
                    Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
            });
    connect(document, &PolicyDocument::alternativeAboutToBeInserted, this,
            [this](const QString &tool, int row) {
                if (mine(tool))
                    beginInsertRows(QModelIndex(), row, row);
            });
    connect(document, &PolicyDocument::alternativeInserted, this, [this](const QString &tool) {
        if (mine(tool))
            endInsertRows();
    });
    connect(document, &PolicyDocument::alternativeAboutToBeRemoved, this,
            [this](const QString &tool, int row) {
                if (mine(tool))
                    beginRemoveRows(QModelIndex(), row, row);
            });
    connect(document, &PolicyDocument::alternativeRemoved, this, [this](const QString &tool) {
        if (mine(tool))
            endRemoveRows();
    });
    connect(document, &PolicyDocument::alternativeAboutToBeMoved, this,
            [this](const QString &tool, int from, int to) {
                if (mine(tool))
                    beginMoveRows(QModelIndex(), from, from, QModelIndex(),
                                  to > from ? to + 1 : to);
            });
    connect(document, &PolicyDocument::alternativeMoved, this, [this](const QString &tool) {
        if (mine(tool))
            endMoveRows();
    });
    // Findings follow every edit: refresh the marks and the row headers.
    connect(document, &PolicyDocument::changed, this, [this] {
        const int rows = rowCount();
        if (rows > 0 && !m_columns.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rows - 1, columnCount() - 1),
                               {Qt::BackgroundRole, Qt::ToolTipRole});
        if (rows > 0)
            Q_EMIT headerDataChanged(Qt::Vertical, 0, rows - 1);
    });
}

void AlternativesMatrixModel::setDecision(const QString &tool, const AlternativeMatch &server,
                                          const AlternativeMatch &toolMatch) {
    const AlternativeMatch before = decided();
    m_decidedTool = tool;
    m_decidedServer = server;
    m_decidedToolMatch = toolMatch;
    const AlternativeMatch after = decided();
    if (before == after)
        return;
    refreshRow(before.index);
    if (after.index != before.index)
        refreshRow(after.index);
}

AlternativeMatch AlternativesMatrixModel::decided() const {
    AlternativeMatch match = m_tool.isEmpty()          ? m_decidedServer
                             : m_tool == m_decidedTool ? m_decidedToolMatch
                                                       : AlternativeMatch();
    // The document may have lost the row since the preview decided; it decides again soon.
    if (match.index >= rowCount())
        match = AlternativeMatch();
    return match;
}

void AlternativesMatrixModel::refreshRow(int row) {
    if (row < 0 || row >= rowCount())
        return;
    if (!m_columns.isEmpty())
        Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1),
                           {Qt::BackgroundRole, Qt::ToolTipRole, DecisionRole});
    Q_EMIT headerDataChanged(Qt::Vertical, row, row);
}

void AlternativesMatrixModel::setTool(const QString &tool) {
    if (tool == m_tool || !m_document->alternatives(tool))
        return;
    beginResetModel();
    m_tool = tool;
    endResetModel();
}

QString AlternativesMatrixModel::scopeAt(int column) const {
    return m_columns.value(column);
}

QList<LintFinding> AlternativesMatrixModel::findingsAt(int row, const QString &scope) const {
    QList<LintFinding> found;
    const auto area = m_tool.isEmpty() ? PolicyLocation::Area::Server : PolicyLocation::Area::Tool;
    for (const auto &finding : m_document->findings()) {
        const auto &where = finding.location;
        if (where.area != area || where.tool != m_tool || where.combination != row)
            continue;
        if (scope.isEmpty() || where.scope.isEmpty() || where.scope == scope)
            found.append(finding);
    }
    return found;
}

int AlternativesMatrixModel::rowCount(const QModelIndex &parent) const {
    if (parent.isValid())
        return 0;
    const ScopeAlternatives *list = m_document->alternatives(m_tool);
    return list ? int(list->size()) : 0;
}

int AlternativesMatrixModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant AlternativesMatrixModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const ScopeCombination &combination = m_document->alternatives(m_tool)->at(index.row());
    const QString &scope = m_columns.at(index.column());
    const AlternativeMatch match = decided();
    const bool isDecided = match.index == index.row();
    switch (role) {
    case Qt::CheckStateRole:
        return combination.contains(scope) ? Qt::Checked : Qt::Unchecked;
    case Qt::ToolTipRole: {
        const QVariant lint = LintMarks::toolTip(findingsAt(index.row(), scope));
        QString what =
            combination.contains(scope)
                ? tr("Alternative %1 requires %2").arg(index.row() + 1).arg(scope)
                : tr("Alternative %1 does not require %2").arg(index.row() + 1).arg(scope);
        if (isDecided)
            what += u'\n' + decisionNote(match);
        return lint.isValid() ? QVariant(what + u'\n' + lint.toString()) : QVariant(what);
    }
    case DecisionRole:
        return isDecided ? decisionName(match) : QVariant();
    case Qt::BackgroundRole:
        // Over a lint tint: the decision is what the user is looking at; the lint icon stays on
        // the row header.
        if (isDecided)
            return decisionColor(match);
        return LintMarks::background(findingsAt(index.row(), scope));
    case Qt::TextAlignmentRole:
        return Qt::AlignCenter;
    default:
        return QVariant();
    }
}

bool AlternativesMatrixModel::setData(const QModelIndex &index, const QVariant &value, int role) {
    if (role != Qt::CheckStateRole ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const bool on = value.toInt() == Qt::Checked;
    const QString scope = m_columns.at(index.column());
    if (m_document->alternatives(m_tool)->at(index.row()).contains(scope) == on)
        return false;
    m_document->undoStack()->push(new SetCellCommand(m_document, m_tool, index.row(), scope, on));
    return true;
}

QVariant AlternativesMatrixModel::headerData(int section, Qt::Orientation orientation,
                                             int role) const {
    if (orientation == Qt::Horizontal) {
        if (section < 0 || section >= m_columns.size())
            return QVariant();
        const QString &scope = m_columns.at(section);
        const bool catalogued = m_document->policy().hasScope(scope);
        if (role == Qt::DisplayRole)
            return scope;
        if (role == Qt::ToolTipRole) {
            for (const auto &info : m_document->policy().scopes) {
                // The name in full: the header may show it elided.
                if (info.name == scope)
                    return info.description.isEmpty()
                               ? scope
                               : scope + QStringLiteral(": ") + info.description;
            }
            return tr("%1 is used but not in the catalog").arg(scope);
        }
        if (role == Qt::DecorationRole && !catalogued)
            return LintMarks::icon(Severity::Warning);
        return QVariant();
    }
    if (section < 0 || section >= rowCount())
        return QVariant();
    const auto findings = findingsAt(section);
    const AlternativeMatch match = decided();
    const bool isDecided = match.index == section;
    switch (role) {
    case Qt::DisplayRole:
        return QString::number(section + 1);
    case Qt::DecorationRole:
        return LintMarks::icon(findings);
    case Qt::ToolTipRole: {
        const QVariant lint = LintMarks::toolTip(findings);
        if (!isDecided)
            return lint;
        return lint.isValid() ? QVariant(decisionNote(match) + u'\n' + lint.toString())
                              : QVariant(decisionNote(match));
    }
    case Qt::FontRole: {
        if (!isDecided)
            return QVariant();
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    case DecisionRole:
        return isDecided ? decisionName(match) : QVariant();
    default:
        return QVariant();
    }
}

Qt::ItemFlags AlternativesMatrixModel::flags(const QModelIndex &index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable;
}

} // namespace scopebench
