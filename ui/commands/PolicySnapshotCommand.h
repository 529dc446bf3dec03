#pragma once

#include "policy/Policy.h"

#include <QUndoCommand>

namespace scopebench {

class PolicyDocument;

// An edit that reshapes the policy (a scope added, renamed or removed with its references, a tool
// added or removed, Normalize, a policy setting): the whole policy before and after, so undo
// restores it exactly. Commands with the same non-empty merge key merge (typing in a field).
class PolicySnapshotCommand : public QUndoCommand {
public:
    static constexpr int Id = 0x5c0e02;

    PolicySnapshotCommand(PolicyDocument *document, const QString &text, const Policy &after,
                          const QString &mergeKey = QString());
    void redo() override;
    void undo() override;
    int id() const override { return m_mergeKey.isEmpty() ? -1 : Id; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    PolicyDocument *m_document;
    Policy m_before;
    Policy m_after;
    QString m_mergeKey;
};

} // namespace scopebench
