#include "FieldUndoRouter.h"

#include <QKeyEvent>
#include <QLineEdit>

namespace scopebench {

FieldUndoRouter::FieldUndoRouter(QObject *parent)
    : QObject(parent) {}

bool FieldUndoRouter::eventFilter(QObject *watched, QEvent *event) {
    if (event->type() != QEvent::ShortcutOverride)
        return false;
    auto *edit = qobject_cast<QLineEdit *>(watched);
    if (!edit)
        return false;
    auto *key = static_cast<QKeyEvent *>(event);
    const bool fieldUndo = key->matches(QKeySequence::Undo) && edit->isUndoAvailable();
    const bool fieldRedo = key->matches(QKeySequence::Redo) && edit->isRedoAvailable();
    if ((key->matches(QKeySequence::Undo) && !fieldUndo) ||
        (key->matches(QKeySequence::Redo) && !fieldRedo)) {
        // Not accepted: the shortcut map then runs the window's action.
        key->ignore();
        return true;
    }
    return false;
}

} // namespace scopebench
