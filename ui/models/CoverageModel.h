#pragma once

#include "analysis/CoverageMatrix.h"
#include "policy/LintFinding.h"

#include <QAbstractTableModel>

class QTimer;

namespace scopebench {

class PolicyDocument;

// The coverage matrix of the policy being edited (docs/analysis-and-export.md): one row per
// operation (any request, then tools/call of each listed tool), one column per token class, each
// cell allow or 403; recomputed after edits, undos and redos, once per event-loop turn however
// many changes came in it. The matrix's findings come as marks, each with the lint finding that
// reports it.
class CoverageModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role {
        AllowedRole = Qt::UserRole + 1, // bool
        ChallengeRole,                  // the 403's WWW-Authenticate; empty when allowed
        MarkedRole,                     // bool: the row's tool is unreachable, or the column's
                                        // alternative redundant
    };

    // One finding of the matrix, as the Coverage tab lists it.
    struct Mark {
        enum class Kind { UnreachableServer, UnreachableTool, IdleScope, RedundantAlternative };
        Kind kind = Kind::UnreachableTool;
        QString text;
        QString lintId;          // empty when the linter reports none
        PolicyLocation location; // where the lint finding points
    };

    explicit CoverageModel(PolicyDocument *document, QObject *parent = nullptr);

    const CoverageMatrix &matrix() const { return m_matrix; }
    const QList<Mark> &marks() const { return m_marks; }

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Whether a lint finding is the one a mark stands for.
    static bool matches(const Mark &mark, const LintFinding &finding);

    // Runs a pending recomputation now (tests, screenshots).
    void flush();

Q_SIGNALS:
    // After each recomputation of the matrix (one per batch of document changes).
    void recomputed();

private:
    void schedule();
    void refresh();
    QString rowMark(int row) const;
    QString columnMark(int column) const;

    PolicyDocument *m_document;
    QTimer *m_timer;
    CoverageMatrix m_matrix;
    QList<Mark> m_marks;
};

} // namespace scopebench
