#pragma once

#include <QUndoCommand>

namespace scopebench {

class PolicyDocument;

// Reorders alternatives: the order decides ties for the `closest` hint and the description.
class MoveAlternativeCommand : public QUndoCommand {
public:
    MoveAlternativeCommand(PolicyDocument *document, const QString &tool, int from, int to);
    void redo() override;
    void undo() override;

private:
    PolicyDocument *m_document;
    QString m_tool;
    int m_from;
    int m_to;
};

} // namespace scopebench
