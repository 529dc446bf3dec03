#include "MatrixView.h"

#include "ScopeHeaderView.h"

#include <QApplication>
#include <QHeaderView>
#include <QMouseEvent>
#include <QScrollBar>
#include <QStyle>
#include <QStyleOption>
#include <QStyleOptionHeader>

namespace scopebench {

MatrixView::MatrixView(QWidget *parent)
    : QTableView(parent) {
    setHorizontalHeader(new ScopeHeaderView(this));
    horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    // The widest row header a finding can produce: a two-digit row number beside an icon.
    QHeaderView *rows = verticalHeader();
    QStyleOptionHeader option;
    option.initFrom(rows);
    option.orientation = Qt::Vertical;
    option.text = QStringLiteral("99");
    option.icon = style()->standardIcon(QStyle::SP_MessageBoxWarning);
    option.section = 0;
    const int margin = style()->pixelMetric(QStyle::PM_HeaderMargin, &option, rows);
    const int icon = style()->pixelMetric(QStyle::PM_SmallIconSize, &option, rows);
    QSize size = style()->sizeFromContents(QStyle::CT_HeaderSection, &option, QSize(), rows);
    size.setWidth(
        qMax(size.width(), rows->fontMetrics().horizontalAdvance(option.text) + icon + 4 * margin));
    rows->setMinimumWidth(size.width());
}

void MatrixView::setModel(QAbstractItemModel *model) {
    QTableView::setModel(model);
    if (!model)
        return;
    connect(model, &QAbstractItemModel::modelReset, this, &MatrixView::scrollToTopLeft);
    // New or renamed scopes change what fits; queued, so the header has its sections by then.
    connect(model, &QAbstractItemModel::modelReset, this, &MatrixView::fitColumns,
            Qt::QueuedConnection);
    connect(model, &QAbstractItemModel::headerDataChanged, this, &MatrixView::fitColumns,
            Qt::QueuedConnection);
    fitColumns();
}

void MatrixView::fitColumns() {
    auto *header = static_cast<ScopeHeaderView *>(horizontalHeader());
    // A cell holds a check box only; the vertical scroll bar is counted as if shown, so that
    // its coming and going (a taller header, fewer rows in sight) cannot flip the form back.
    QStyleOptionButton box;
    const int cellWidth = qMax(style()->pixelMetric(QStyle::PM_IndicatorWidth, &box, this) +
                                   2 * style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 4,
                               model() && model()->rowCount() > 0 ? sizeHintForColumn(0) : 0);
    const int scrollBar = verticalScrollBar()->isVisible()
                              ? 0
                              : style()->pixelMetric(QStyle::PM_ScrollBarExtent, nullptr, this);
    const bool narrower = header->minimumSectionSize() != cellWidth;
    header->setMinimumSectionSize(cellWidth);
    if (header->fit(viewport()->width() - scrollBar, cellWidth) || narrower) {
        resizeColumnsToContents();
        updateGeometries();
    }
}

void MatrixView::resizeEvent(QResizeEvent *event) {
    QTableView::resizeEvent(event);
    fitColumns();
}

void MatrixView::scrollToTopLeft() {
    horizontalScrollBar()->setValue(horizontalScrollBar()->minimum());
    verticalScrollBar()->setValue(verticalScrollBar()->minimum());
}

void MatrixView::mousePressEvent(QMouseEvent *event) {
    const QPersistentModelIndex pressed = indexAt(event->position().toPoint());
    QTableView::mousePressEvent(event);
    if (event->button() == Qt::LeftButton && pressed.isValid() && currentIndex() != pressed)
        selectionModel()->setCurrentIndex(pressed, QItemSelectionModel::ClearAndSelect);
}

} // namespace scopebench
