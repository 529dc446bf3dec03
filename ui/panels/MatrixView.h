#pragma once

#include <QTableView>

namespace scopebench {

// The alternatives matrix's view. A press on a cell's check box is eaten by the delegate (it
// toggles on release), so a plain QTableView leaves the current cell where it was and the
// keyboard (Space, Delete, Alt+Up/Down) then acts on another row; here the pressed cell becomes
// current. The row header keeps room for a lint icon, so a finding appearing on a row does not
// shift every column sideways under the mouse.
class MatrixView : public QTableView {
    Q_OBJECT
public:
    explicit MatrixView(QWidget *parent = nullptr);
    // Another tool's (or document's) matrix starts scrolled to its first row and column: a kept
    // scroll position hid whoami's only ticked scope, and its row looked empty.
    void setModel(QAbstractItemModel *model) override;

private:
    void scrollToTopLeft();
    // Gives the column header the most readable form whose columns fit the view's width.
    void fitColumns();

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
};

} // namespace scopebench
