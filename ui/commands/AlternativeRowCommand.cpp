#include "AlternativeRowCommand.h"

#include "PolicyDocument.h"

namespace scopebench {

AlternativeRowCommand::AlternativeRowCommand(PolicyDocument *document, Kind kind,
                                             const QString &tool, int row,
                                             const ScopeCombination &combination)
    : m_document(document)
    , m_kind(kind)
    , m_tool(tool)
    , m_row(row)
    , m_combination(combination) {
    if (kind == Kind::Remove) {
        const ScopeAlternatives *list = document->alternatives(tool);
        if (list && row >= 0 && row < list->size())
            m_combination = list->at(row);
        setText(QObject::tr("Remove alternative"));
    } else {
        setText(QObject::tr("Add alternative"));
    }
}

void AlternativeRowCommand::redo() {
    m_kind == Kind::Insert ? insert() : remove();
}

void AlternativeRowCommand::undo() {
    m_kind == Kind::Insert ? remove() : insert();
}

void AlternativeRowCommand::insert() {
    m_document->insertAlternative(m_tool, m_row, m_combination);
}

void AlternativeRowCommand::remove() {
    m_document->removeAlternative(m_tool, m_row);
}

} // namespace scopebench
