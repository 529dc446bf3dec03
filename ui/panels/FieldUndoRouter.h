#pragma once

#include <QObject>

namespace scopebench {

// A QLineEdit claims Ctrl+Z (and redo) even when it has nothing of its own to undo, e.g. the
// "New scope" field just emptied by adding the scope: the user then got the field's text back
// instead of the policy edit undone. Installed on the application, this lets such a key fall
// through to the window's Undo/Redo, which the Edit menu names; a field with typing of its own
// to undo keeps the key.
class FieldUndoRouter : public QObject {
    Q_OBJECT
public:
    explicit FieldUndoRouter(QObject *parent = nullptr);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
};

} // namespace scopebench
