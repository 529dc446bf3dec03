#pragma once

#include "policy/Policy.h"

#include <QUndoCommand>

namespace scopebench {

class PolicyDocument;

// Inserts an alternative (add, duplicate) or removes one; undo does the opposite.
class AlternativeRowCommand : public QUndoCommand {
public:
    enum class Kind { Insert, Remove };

    AlternativeRowCommand(PolicyDocument *document, Kind kind, const QString &tool, int row,
                          const ScopeCombination &combination = {});
    void redo() override;
    void undo() override;

private:
    void insert();
    void remove();

    PolicyDocument *m_document;
    Kind m_kind;
    QString m_tool;
    int m_row;
    ScopeCombination m_combination;
};

} // namespace scopebench
