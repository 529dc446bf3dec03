#include "NormalizeDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace scopebench {

NormalizeDialog::NormalizeDialog(const QList<PolicyNormalizer::Change> &changes, QWidget *parent)
    : QDialog(parent)
    , m_list(new QListWidget(this)) {
    setWindowTitle(tr("Normalize policy"));
    auto *layout = new QVBoxLayout(this);
    auto *intro =
        new QLabel(changes.isEmpty() ? tr("The policy is already normal: nothing to remove.")
                                     : tr("Normalizing removes the following. What a token may do "
                                          "stays the same; Undo brings everything back."),
                   this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    for (const auto &change : changes)
        m_list->addItem(change.owner + QStringLiteral(": ") + change.description);
    m_list->setVisible(!changes.isEmpty());
    layout->addWidget(m_list, 1);
    auto *buttons =
        new QDialogButtonBox(changes.isEmpty() ? QDialogButtonBox::Close
                                               : QDialogButtonBox::Ok | QDialogButtonBox::Cancel,
                             this);
    if (!changes.isEmpty())
        buttons->button(QDialogButtonBox::Ok)->setText(tr("Normalize"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    resize(520, 320);
}

QStringList NormalizeDialog::changeTexts() const {
    QStringList texts;
    for (int i = 0; i < m_list->count(); ++i)
        texts.append(m_list->item(i)->text());
    return texts;
}

} // namespace scopebench
