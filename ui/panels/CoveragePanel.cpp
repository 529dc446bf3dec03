#include "CoveragePanel.h"

#include "CoverageModel.h"
#include "FindingsModel.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace scopebench {

CoveragePanel::CoveragePanel(PolicyDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_model(new CoverageModel(document, this))
    , m_table(new QTableView(this))
    , m_summary(new QLabel(this))
    , m_marks(new QListWidget(this)) {
    setObjectName(QStringLiteral("coveragePanel"));
    m_table->setObjectName(QStringLiteral("coverageTable"));
    m_table->setModel(m_model);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_summary->setObjectName(QStringLiteral("coverageSummary"));
    // One line, and small minimums: the tab shares its dock area with the server panel and
    // must not make the window taller than a 1366x768 screen.
    m_summary->setWordWrap(false);
    m_summary->setMinimumWidth(1);
    m_table->setMinimumHeight(1);
    m_marks->setMinimumHeight(1);
    m_marks->setObjectName(QStringLiteral("coverageFindings"));
    m_marks->setToolTip(tr("Double-click or press Enter to show the lint finding"));

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_marks);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);

    connect(m_model, &QAbstractItemModel::modelReset, this, &CoveragePanel::refreshMarks);
    connect(m_marks, &QListWidget::itemActivated, this,
            [this](QListWidgetItem *item) { Q_EMIT findingRequested(m_marks->row(item)); });
    refreshMarks();
}

void CoveragePanel::refreshMarks() {
    m_marks->clear();
    for (const auto &mark : m_model->marks()) {
        auto *item = new QListWidgetItem(mark.lintId.isEmpty() ? mark.text
                                                               : mark.text + QStringLiteral(" [") +
                                                                     mark.lintId + QLatin1Char(']'),
                                         m_marks);
        item->setData(Qt::UserRole, mark.lintId);
    }
    // No findings: the table gets the room.
    m_marks->setVisible(m_marks->count() > 0);
    int refusals = 0;
    const CoverageMatrix &m = m_model->matrix();
    for (int o = 0; o < m.operations().size(); ++o) {
        for (int c = 0; c < m.classes().size(); ++c)
            refusals += m.cell(o, c).allowed ? 0 : 1;
    }
    QString text = tr("%1 operations \u00d7 %2 token classes: %3 allowed, %4 refused; %5 findings.")
                       .arg(m.operations().size())
                       .arg(m.classes().size())
                       .arg(m.operations().size() * m.classes().size() - refusals)
                       .arg(refusals)
                       .arg(m_model->marks().size());
    if (m.unionsTruncated())
        text += QLatin1Char(' ') + tr("Not every union of alternatives is listed (bound reached).");
    m_summary->setText(text);
}

bool CoveragePanel::selectFinding(QAbstractItemView *view, const CoverageModel &model, int mark) {
    const auto *findings = view ? qobject_cast<const FindingsModel *>(view->model()) : nullptr;
    if (!findings || mark < 0 || mark >= model.marks().size())
        return false;
    for (int row = 0; row < findings->rowCount(); ++row) {
        if (!CoverageModel::matches(model.marks()[mark], findings->findingAt(row)))
            continue;
        const QModelIndex index = findings->index(row, 0);
        view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                           QItemSelectionModel::Rows);
        view->scrollTo(index);
        view->setFocus();
        return true;
    }
    return false;
}

} // namespace scopebench
