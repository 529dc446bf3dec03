#pragma once

#include <QStyledItemDelegate>

#include <functional>

namespace scopebench {

// The editor for a scope's name in the catalog: checks the name as it is typed (grammar,
// duplicates) and says what is wrong before the edit is committed, where the model refuses it.
class ScopeNameDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    // Empty when `name` may replace `current`, else why not.
    using Check = std::function<QString(const QString &name, const QString &current)>;

    ScopeNameDelegate(Check check, QObject *parent = nullptr);

    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;

Q_SIGNALS:
    // The problem with what is typed now; empty when there is none.
    void problemChanged(const QString &problem) const;

private:
    Check m_check;
};

} // namespace scopebench
