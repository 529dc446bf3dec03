#pragma once

#include <QUndoCommand>

namespace scopebench {

class PolicyDocument;

// Changes a catalog scope's description. Typing in one scope's description merges into one step.
class ScopeDescriptionCommand : public QUndoCommand {
public:
    static constexpr int Id = 0x5c0e01;

    ScopeDescriptionCommand(PolicyDocument *document, int index, const QString &description);
    void redo() override;
    void undo() override;
    int id() const override { return Id; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    PolicyDocument *m_document;
    int m_index;
    QString m_before;
    QString m_after;
};

} // namespace scopebench
