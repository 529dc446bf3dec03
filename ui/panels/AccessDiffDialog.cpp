#include "AccessDiffDialog.h"

#include <QBrush>
#include <QColor>
#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace scopebench {

AccessDiffDialog::AccessDiffDialog(const AccessDiff &diff, const QString &savedName, Mode mode,
                                   QWidget *parent)
    : QDialog(parent) {
    setObjectName(QStringLiteral("accessDiffDialog"));
    setWindowTitle(mode == Mode::ConfirmSave ? tr("This save widens access")
                                             : tr("Access compared with %1").arg(savedName));
    resize(640, 400);

    auto *verdict = new QLabel(this);
    verdict->setObjectName(QStringLiteral("accessDiffVerdict"));
    verdict->setWordWrap(true);
    switch (diff.verdict()) {
    case AccessDiff::Verdict::Identical:
        verdict->setText(tr("Access is identical to %1: every token may do exactly what it "
                            "could before.")
                             .arg(savedName));
        break;
    case AccessDiff::Verdict::NarrowedOnly:
        verdict->setText(tr("Compared with %1, access only NARROWED: some tokens may now do "
                            "less, none more.")
                             .arg(savedName));
        break;
    case AccessDiff::Verdict::Widened:
        verdict->setText(
            tr("Compared with %1, access WIDENED: some tokens may now do more.").arg(savedName) +
            (mode == Mode::ConfirmSave ? QLatin1Char(' ') + tr("Save anyway?") : QString()));
        verdict->setStyleSheet(QStringLiteral("color: #b71c1c; font-weight: bold;"));
        break;
    }

    // Widened first: they are what a review must look at.
    auto *list = new QListWidget(this);
    list->setObjectName(QStringLiteral("accessDiffList"));
    const QColor red(0xb7, 0x1c, 0x1c);
    for (const auto &c : diff.widened()) {
        auto *item = new QListWidgetItem(QStringLiteral("+ ") + c.sentence(), list);
        item->setForeground(QBrush(red));
        item->setData(Qt::UserRole, true);
    }
    for (const auto &c : diff.narrowed()) {
        auto *item = new QListWidgetItem(QStringLiteral("\u2212 ") + c.sentence(), list);
        item->setData(Qt::UserRole, false);
    }
    for (const auto &op : diff.incomplete()) {
        auto *item = new QListWidgetItem(
            tr("! %1: the search reached its bound; counted as widened").arg(op.label()), list);
        item->setForeground(QBrush(red));
        item->setData(Qt::UserRole, true);
    }
    list->setVisible(list->count() > 0);

    auto *buttons = new QDialogButtonBox(this);
    if (mode == Mode::ConfirmSave) {
        QPushButton *save = buttons->addButton(QDialogButtonBox::Save);
        save->setObjectName(QStringLiteral("accessDiffSave"));
        QPushButton *cancel = buttons->addButton(QDialogButtonBox::Cancel);
        cancel->setObjectName(QStringLiteral("accessDiffCancel"));
        // Widening is the case that needs a second look: Enter must not save.
        cancel->setDefault(true);
        cancel->setFocus();
    } else {
        QPushButton *close = buttons->addButton(QDialogButtonBox::Close);
        close->setObjectName(QStringLiteral("accessDiffClose"));
    }
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(verdict);
    layout->addWidget(list, 1);
    layout->addWidget(buttons);
}

} // namespace scopebench
