#include "MatrixView.h"

#include <QApplication>
#include <QHeaderView>
#include <QMouseEvent>
#include <QScrollBar>
#include <QStyle>
#include <QStyleOptionHeader>

namespace scopebench {

MatrixView::MatrixView(QWidget *parent)
    : QTableView(parent) {
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
    if (model)
        connect(model, &QAbstractItemModel::modelReset, this, &MatrixView::scrollToTopLeft);
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
