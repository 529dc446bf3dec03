#include "FindingFixButton.h"

#include "FindingsModel.h"
#include "PolicyDocument.h"
#include "PolicySnapshotCommand.h"
#include "policy/PolicyLinter.h"

#include <QItemSelectionModel>
#include <QTableView>
#include <QUndoStack>

namespace scopebench {

FindingFixButton::FindingFixButton(PolicyDocument *document, FindingsModel *findings,
                                   QTableView *view, QWidget *parent)
    : QPushButton(tr("Apply fix"), parent)
    , m_document(document)
    , m_findings(findings)
    , m_view(view) {
    setObjectName(QStringLiteral("applyFixButton"));
    connect(this, &QPushButton::clicked, this, &FindingFixButton::apply);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &FindingFixButton::refresh);
    // The findings are recomputed on every edit: the selection may point elsewhere now.
    connect(m_findings, &QAbstractItemModel::modelReset, this, &FindingFixButton::refresh);
    refresh();
}

int FindingFixButton::selectedRow() const {
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    if (!rows.isEmpty())
        return rows.first().row();
    const QModelIndex current = m_view->currentIndex();
    return current.isValid() ? current.row() : -1;
}

void FindingFixButton::refresh() {
    const int row = selectedRow();
    const bool fixable = row >= 0 && row < m_findings->rowCount() &&
                         m_findings->findingAt(row).fix.action != LintFix::Action::None;
    setEnabled(fixable);
    setToolTip(fixable ? m_findings->findingAt(row).fix.summary
                       : tr("Select a finding that has a fix"));
}

void FindingFixButton::apply() {
    const int row = selectedRow();
    if (row < 0 || row >= m_findings->rowCount())
        return;
    const LintFinding finding = m_findings->findingAt(row);
    Policy fixed = m_document->policy();
    if (!PolicyLinter::applyFix(&fixed, finding).ok())
        return; // the finding no longer matches the policy; the button refreshes with it
    m_document->undoStack()->push(
        new PolicySnapshotCommand(m_document, tr("Apply fix: %1").arg(finding.fix.summary), fixed));
}

} // namespace scopebench
