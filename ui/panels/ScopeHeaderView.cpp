#include "ScopeHeaderView.h"

#include <QIcon>
#include <QPainter>
#include <QStyleOptionHeader>

namespace scopebench {

namespace {

// Where a scope name may break over two lines: after the separators scope names use
// ("entries:write", "api.read", "https://api.example/read", "read-only").
bool breaksAfter(QChar c) {
    return c == u':' || c == u'.' || c == u'/' || c == u'-' || c == u'_';
}

} // namespace

ScopeHeaderView::ScopeHeaderView(QWidget *parent)
    : QHeaderView(Qt::Horizontal, parent) {
    setSectionsClickable(true);
    setHighlightSections(true);
    setDefaultAlignment(Qt::AlignCenter);
}

int ScopeHeaderView::textLimit() const {
    // About eighteen characters: longer names are elided in the middle, whole in the tooltip.
    return fontMetrics().averageCharWidth() * 18;
}

QString ScopeHeaderView::textIn(Form form, int logicalIndex) const {
    const QString name =
        model() ? model()->headerData(logicalIndex, orientation(), Qt::DisplayRole).toString()
                : QString();
    const QFontMetrics metrics = fontMetrics();
    // Upright names are shorter still: their length is the header's height, taken from the rows.
    const int limit = form == Form::Upright ? textLimit() * 2 / 3 : textLimit();
    const auto elided = [&](const QString &text) {
        return metrics.elidedText(text, Qt::ElideMiddle, limit);
    };
    if (form != Form::TwoLines)
        return elided(name);
    // The break that makes the wider line narrowest.
    int best = -1;
    int bestWidth = metrics.horizontalAdvance(name);
    for (int i = 0; i + 1 < name.size(); ++i) {
        if (!breaksAfter(name.at(i)))
            continue;
        const int width = qMax(metrics.horizontalAdvance(name.left(i + 1)),
                               metrics.horizontalAdvance(name.mid(i + 1)));
        if (width < bestWidth) {
            best = i;
            bestWidth = width;
        }
    }
    if (best < 0)
        return elided(name);
    return elided(name.left(best + 1)) + u'\n' + elided(name.mid(best + 1));
}

QString ScopeHeaderView::shownText(int logicalIndex) const {
    return textIn(m_form, logicalIndex);
}

QSize ScopeHeaderView::sizeIn(Form form, int logicalIndex) const {
    QStyleOptionHeader option;
    initStyleOption(&option);
    QHeaderView::initStyleOptionForIndex(&option, logicalIndex);
    option.text = textIn(form, logicalIndex);
    if (form != Form::Upright)
        return style()->sizeFromContents(QStyle::CT_HeaderSection, &option, QSize(), this);
    // Upright: the text's length is the height, one line the width.
    const int margin = style()->pixelMetric(QStyle::PM_HeaderMargin, &option, this);
    int length = fontMetrics().horizontalAdvance(option.text) + 2 * margin;
    if (!option.icon.isNull())
        length += style()->pixelMetric(QStyle::PM_SmallIconSize, &option, this) + margin;
    return QSize(fontMetrics().height() + 2 * margin, length);
}

bool ScopeHeaderView::fit(int available, int cellWidth) {
    Form chosen = Form::Upright;
    for (Form form : {Form::OneLine, Form::TwoLines}) {
        int total = 0;
        for (int i = 0; i < count(); ++i) {
            if (!isSectionHidden(i))
                total += qMax(cellWidth, sizeIn(form, i).width());
        }
        if (total <= available) {
            chosen = form;
            break;
        }
    }
    if (chosen == m_form)
        return false;
    m_form = chosen;
    viewport()->update();
    return true;
}

QSize ScopeHeaderView::sectionSizeFromContents(int logicalIndex) const {
    return sizeIn(m_form, logicalIndex);
}

QSize ScopeHeaderView::sizeHint() const {
    // Not the cached hint of QHeaderView: the height follows the form.
    QSize hint = QHeaderView::sizeHint();
    int height = 0;
    for (int i = 0; i < count(); ++i)
        height = qMax(height, sizeIn(m_form, i).height());
    if (height > 0)
        hint.setHeight(height);
    return hint;
}

void ScopeHeaderView::initStyleOptionForIndex(QStyleOptionHeader *option, int logicalIndex) const {
    QHeaderView::initStyleOptionForIndex(option, logicalIndex);
    option->text = m_form == Form::Upright ? QString() : shownText(logicalIndex);
}

void ScopeHeaderView::paintSection(QPainter *painter, const QRect &rect, int logicalIndex) const {
    if (m_form != Form::Upright) {
        QHeaderView::paintSection(painter, rect, logicalIndex);
        return;
    }
    if (!rect.isValid())
        return;
    // The section's frame as the style draws it, then the name reading upwards from the cells.
    QStyleOptionHeader option;
    initStyleOption(&option);
    QHeaderView::initStyleOptionForIndex(&option, logicalIndex);
    option.rect = rect;
    painter->save();
    style()->drawControl(QStyle::CE_HeaderSection, &option, painter, this);
    const int margin = style()->pixelMetric(QStyle::PM_HeaderMargin, &option, this);
    painter->translate(rect.left(), rect.bottom() + 1);
    painter->rotate(-90);
    QRect area(margin, 0, rect.height() - 2 * margin, rect.width());
    if (!option.icon.isNull()) {
        const int icon = style()->pixelMetric(QStyle::PM_SmallIconSize, &option, this);
        option.icon.paint(painter, QRect(area.left(), (rect.width() - icon) / 2, icon, icon));
        area.setLeft(area.left() + icon + margin);
    }
    painter->setFont(font());
    painter->setPen(option.palette.color(QPalette::ButtonText));
    painter->drawText(area, Qt::AlignLeft | Qt::AlignVCenter, shownText(logicalIndex));
    painter->restore();
}

} // namespace scopebench
