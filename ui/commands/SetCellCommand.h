#pragma once

#include "policy/Policy.h"

#include <QUndoCommand>

namespace scopebench {

class PolicyDocument;

// Ticks or unticks one scope in one alternative (a cell of the matrix).
class SetCellCommand : public QUndoCommand {
public:
    SetCellCommand(PolicyDocument *document, const QString &tool, int row, const QString &scope,
                   bool on);
    void redo() override;
    void undo() override;

private:
    PolicyDocument *m_document;
    QString m_tool;
    int m_row;
    ScopeCombination m_before;
    ScopeCombination m_after;
};

} // namespace scopebench
