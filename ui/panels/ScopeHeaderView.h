#pragma once

#include <QHeaderView>

namespace scopebench {

// The alternatives matrix's column header: one scope per column. Six scopes in one line each do
// not fit beside the tool list on a 1366-px screen, let alone a 1024-px one, and a matrix that
// scrolls sideways hides ticked cells. So the header takes the most readable of three forms
// whose columns fit the width it is given: one line, two lines broken after a separator
// (`entries:` over `write`), or the name turned upright over a column as narrow as its check
// box. A name longer than the header allows is elided in the middle; the tooltip (the model's)
// names the scope in full.
class ScopeHeaderView : public QHeaderView {
    Q_OBJECT
public:
    enum class Form { OneLine, TwoLines, Upright };
    Q_ENUM(Form)

    explicit ScopeHeaderView(QWidget *parent = nullptr);

    Form form() const { return m_form; }
    // Chooses the first form whose columns, each at least `cellWidth` wide, add up to at most
    // `available` pixels (else the narrowest); true when the form changed.
    bool fit(int available, int cellWidth);
    // The text a section shows in the current form (elided, with a line break in TwoLines).
    QString shownText(int logicalIndex) const;

    QSize sizeHint() const override;

protected:
    QSize sectionSizeFromContents(int logicalIndex) const override;
    void paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const override;
    void initStyleOptionForIndex(QStyleOptionHeader *option, int logicalIndex) const override;

private:
    QString textIn(Form form, int logicalIndex) const;
    QSize sizeIn(Form form, int logicalIndex) const;
    int textLimit() const;

    Form m_form = Form::OneLine;
};

} // namespace scopebench
