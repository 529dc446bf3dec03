#pragma once

#include <QPushButton>

class QTableView;

namespace scopebench {

class FindingsModel;
class PolicyDocument;

// "Apply fix" under the findings table: enabled while the selected finding carries a fix
// (LintFinding::fix); applies it with PolicyLinter::applyFix as one undoable command.
class FindingFixButton : public QPushButton {
    Q_OBJECT
public:
    FindingFixButton(PolicyDocument *document, FindingsModel *findings, QTableView *view,
                     QWidget *parent = nullptr);

private:
    void refresh();
    void apply();
    int selectedRow() const;

    PolicyDocument *m_document;
    FindingsModel *m_findings;
    QTableView *m_view;
};

} // namespace scopebench
