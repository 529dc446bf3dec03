#include "MoveAlternativeCommand.h"

#include "PolicyDocument.h"

namespace scopebench {

MoveAlternativeCommand::MoveAlternativeCommand(PolicyDocument *document, const QString &tool,
                                               int from, int to)
    : m_document(document)
    , m_tool(tool)
    , m_from(from)
    , m_to(to) {
    setText(QObject::tr("Move alternative"));
}

void MoveAlternativeCommand::redo() {
    m_document->moveAlternative(m_tool, m_from, m_to);
}

void MoveAlternativeCommand::undo() {
    m_document->moveAlternative(m_tool, m_to, m_from);
}

} // namespace scopebench
