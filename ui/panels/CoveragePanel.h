#pragma once

#include <QWidget>

class QAbstractItemView;
class QLabel;
class QListWidget;
class QTableView;

namespace scopebench {

class CoverageModel;
class PolicyDocument;
struct LintFinding;

// The Coverage tab: which token classes may do what under the policy being edited (tools x token
// classes, allow green, 403 red), with the matrix's findings listed below; activating one asks
// for its lint finding (findingRequested), which the main window selects in the findings view.
class CoveragePanel : public QWidget {
    Q_OBJECT
public:
    explicit CoveragePanel(PolicyDocument *document, QWidget *parent = nullptr);

    CoverageModel *model() const { return m_model; }

    // Selects the row of `view` (over a FindingsModel) holding the lint finding of the mark;
    // false when there is none.
    static bool selectFinding(QAbstractItemView *view, const CoverageModel &model, int mark);

Q_SIGNALS:
    // The index of the mark in CoverageModel::marks() whose lint finding should be shown.
    void findingRequested(int mark);

private:
    void refreshMarks();

    CoverageModel *m_model;
    QTableView *m_table;
    QLabel *m_summary;
    QListWidget *m_marks;
};

} // namespace scopebench
