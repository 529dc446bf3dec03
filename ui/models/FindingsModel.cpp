#include "FindingsModel.h"

#include "LintMarks.h"
#include "PolicyDocument.h"

namespace scopebench {

FindingsModel::FindingsModel(PolicyDocument *document, QObject *parent)
    : QAbstractTableModel(parent)
    , m_document(document)
    , m_findings(document->findings()) {
    connect(document, &PolicyDocument::changed, this, [this] {
        beginResetModel();
        m_findings = m_document->findings();
        endResetModel();
    });
}

LintFinding FindingsModel::findingAt(int row) const {
    return m_findings.value(row);
}

int FindingsModel::rowCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : int(m_findings.size());
}

int FindingsModel::columnCount(const QModelIndex &parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString FindingsModel::whereText(const PolicyLocation &location) {
    using Area = PolicyLocation::Area;
    QString where;
    switch (location.area) {
    case Area::Server:
        where = tr("Server level");
        break;
    case Area::Tool:
        where = tr("Tool %1").arg(location.tool);
        break;
    case Area::Catalog:
        where = tr("Catalog");
        break;
    case Area::Implies:
        where = tr("Implies");
        break;
    case Area::Resource:
        where = tr("Resource");
        break;
    case Area::Challenge:
        where = tr("Challenge");
        break;
    case Area::Policy:
        where = tr("Policy");
        break;
    }
    if (location.combination >= 0)
        where += tr(", alternative %1").arg(location.combination + 1);
    if (!location.scope.isEmpty())
        where += QStringLiteral(", ") + location.scope;
    return where;
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const {
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const LintFinding &finding = m_findings.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case SeverityColumn:
            return LintFinding::severityName(finding.severity);
        case Where:
            return whereText(finding.location);
        case Message:
            return finding.message;
        }
    }
    if (role == Qt::DecorationRole && index.column() == SeverityColumn)
        return LintMarks::icon(finding.severity);
    if (role == Qt::ToolTipRole) {
        // The sentence of the spec or RFC the finding rests on, and the fix when there is one.
        QString tip = finding.id + QStringLiteral(" at ") + finding.location.jsonPath;
        if (!finding.rationale.isEmpty())
            tip += QStringLiteral("\n\n") + finding.rationale;
        if (finding.fix.action != LintFix::Action::None)
            tip += QStringLiteral("\n\nFix: ") + finding.fix.summary;
        return tip;
    }
    return QVariant();
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SeverityColumn:
        return tr("Severity");
    case Where:
        return tr("Where");
    case Message:
        return tr("Finding");
    }
    return QVariant();
}

} // namespace scopebench
