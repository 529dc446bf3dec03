#include "ScopeNameDelegate.h"

#include <QLineEdit>

namespace scopebench {

ScopeNameDelegate::ScopeNameDelegate(Check check, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_check(std::move(check)) {}

QWidget *ScopeNameDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                         const QModelIndex &index) const {
    QWidget *editor = QStyledItemDelegate::createEditor(parent, option, index);
    auto *line = qobject_cast<QLineEdit *>(editor);
    if (!line)
        return editor;
    line->setObjectName(QStringLiteral("scopeNameEditor"));
    const QString current = index.data(Qt::EditRole).toString();
    connect(line, &QLineEdit::textEdited, this, [this, line, current](const QString &text) {
        const QString problem = m_check(text, current);
        line->setStyleSheet(problem.isEmpty() ? QString()
                                              : QStringLiteral("QLineEdit { color: #b02a37; }"));
        line->setToolTip(problem);
        Q_EMIT problemChanged(problem);
    });
    return editor;
}

} // namespace scopebench
