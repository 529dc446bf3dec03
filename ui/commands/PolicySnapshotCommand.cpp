#include "PolicySnapshotCommand.h"

#include "PolicyDocument.h"

namespace scopebench {

PolicySnapshotCommand::PolicySnapshotCommand(PolicyDocument *document, const QString &text,
                                             const Policy &after, const QString &mergeKey)
    : m_document(document)
    , m_before(document->policy())
    , m_after(after)
    , m_mergeKey(mergeKey) {
    setText(text);
}

void PolicySnapshotCommand::redo() {
    m_document->replacePolicy(m_after);
}

void PolicySnapshotCommand::undo() {
    m_document->replacePolicy(m_before);
}

bool PolicySnapshotCommand::mergeWith(const QUndoCommand *other) {
    const auto *next = static_cast<const PolicySnapshotCommand *>(other);
    if (next->m_mergeKey != m_mergeKey || next->m_document != m_document)
        return false;
    m_after = next->m_after;
    return true;
}

} // namespace scopebench
