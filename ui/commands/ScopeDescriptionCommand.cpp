#include "ScopeDescriptionCommand.h"

#include "PolicyDocument.h"

namespace scopebench {

ScopeDescriptionCommand::ScopeDescriptionCommand(PolicyDocument *document, int index,
                                                 const QString &description)
    : m_document(document)
    , m_index(index)
    , m_after(description) {
    const auto &scopes = document->policy().scopes;
    if (index >= 0 && index < scopes.size())
        m_before = scopes.at(index).description;
    setText(QObject::tr("Describe scope"));
}

void ScopeDescriptionCommand::redo() {
    m_document->setScopeDescription(m_index, m_after);
}

void ScopeDescriptionCommand::undo() {
    m_document->setScopeDescription(m_index, m_before);
}

bool ScopeDescriptionCommand::mergeWith(const QUndoCommand *other) {
    const auto *next = static_cast<const ScopeDescriptionCommand *>(other);
    if (next->m_index != m_index || next->m_document != m_document)
        return false;
    m_after = next->m_after;
    return true;
}

} // namespace scopebench
