#include "SetCellCommand.h"

#include "PolicyDocument.h"

namespace scopebench {

SetCellCommand::SetCellCommand(PolicyDocument *document, const QString &tool, int row,
                               const QString &scope, bool on)
    : m_document(document)
    , m_tool(tool)
    , m_row(row) {
    const ScopeAlternatives *list = document->alternatives(tool);
    if (list && row >= 0 && row < list->size())
        m_before = list->at(row);
    m_after = m_before;
    if (on && !m_after.contains(scope))
        m_after.append(scope);
    else if (!on)
        m_after.removeAll(scope);
    setText(on ? QObject::tr("Require %1").arg(scope) : QObject::tr("Drop %1").arg(scope));
}

void SetCellCommand::redo() {
    m_document->setCombination(m_tool, m_row, m_after);
}

void SetCellCommand::undo() {
    m_document->setCombination(m_tool, m_row, m_before);
}

} // namespace scopebench
