#include "CoverageModel.h"
#include "CoveragePanel.h"
#include "FindingsModel.h"
#include "PolicyDocument.h"
#include "PolicySettingsPanel.h"
#include "PolicySnapshotCommand.h"
#include "SetCellCommand.h"
#include "policy/PolicyFile.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>
#include <QUndoStack>

using namespace scopebench;

// The Coverage tab's model and panel: the matrix follows every edit and undo, cells are colour
// coded, and each finding leads to the lint finding that reports it.
class tst_UiCoverageModel : public QObject {
    Q_OBJECT

    static Policy withFindings() {
        return PolicyFile::parse(R"({"scopebench": 1,
            "scopes": ["a", "b", "unused", "w"],
            "implies": {"w": ["a"]},
            "validScopeCombinations": [["a"], ["a", "b"], ["w"]],
            "toolScopes": {"ok": [["b"]], "ghost": [["not-issued"]]}})")
            .value();
    }

private Q_SLOTS:
    void cellsFollowEditsAndUndo() {
        PolicyDocument document;
        document.openExample();
        CoverageModel model(&document);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        // any request + 12 tools; the classes of the bundled example.
        QCOMPARE(model.rowCount(), 13);
        QCOMPARE(model.columnCount(), int(model.matrix().classes().size()));
        QCOMPARE(model.headerData(0, Qt::Vertical).toString(), QStringLiteral("any request"));
        QCOMPARE(model.headerData(0, Qt::Horizontal).toString(), QStringLiteral("no scopes"));
        const QModelIndex noScopes = model.index(0, 0);
        QCOMPARE(model.data(noScopes).toString(), QStringLiteral("403"));
        QCOMPARE(model.data(noScopes, CoverageModel::AllowedRole).toBool(), false);
        QVERIFY(model.data(noScopes, CoverageModel::ChallengeRole)
                    .toString()
                    .startsWith(QStringLiteral("Bearer ")));
        const int last = model.columnCount() - 1; // the whole catalogue
        QCOMPARE(model.data(model.index(0, last)).toString(), QStringLiteral("allow"));
        QVERIFY(model.data(noScopes, Qt::BackgroundRole) !=
                model.data(model.index(0, last), Qt::BackgroundRole));

        // delete_tag (row 12) without its scope: a token with only server access may call it.
        const int deleteTag = 12;
        QCOMPARE(model.headerData(deleteTag, Qt::Vertical).toString(),
                 QStringLiteral("tools/call delete_tag"));
        int userRead = -1;
        for (int c = 0; c < model.columnCount(); ++c) {
            if (model.headerData(c, Qt::Horizontal)
                    .toString()
                    .startsWith(QStringLiteral("server #1")))
                userRead = c;
        }
        QVERIFY(userRead >= 0);
        QCOMPARE(model.data(model.index(deleteTag, userRead)).toString(), QStringLiteral("403"));
        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        document.undoStack()->push(new SetCellCommand(&document, QStringLiteral("delete_tag"), 0,
                                                      QStringLiteral("tags:write"), false));
        // Recomputed once the event loop runs (coalesced; see batchesABurstOfEdits).
        QTRY_VERIFY(resets.count() >= 1);
        QCOMPARE(model.data(model.index(deleteTag, userRead)).toString(), QStringLiteral("allow"));
        document.undoStack()->undo();
        QTRY_COMPARE(model.data(model.index(deleteTag, userRead)).toString(),
                     QStringLiteral("403"));
    }

    void marksCarryTheirLintFindings() {
        PolicyDocument document;
        document.replacePolicy(withFindings());
        CoverageModel model(&document);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QStringList ids;
        for (const auto &m : model.marks())
            ids.append(m.lintId);
        QCOMPARE(ids, (QStringList{QStringLiteral("unreachable-tool"),
                                   QStringLiteral("scope-grants-nothing"),
                                   QStringLiteral("redundant-combination"),
                                   QStringLiteral("implied-redundant-combination")}));
        // Each mark matches exactly one finding of the linter's.
        for (const auto &m : model.marks()) {
            int matching = 0;
            for (const auto &f : document.findings())
                matching += CoverageModel::matches(m, f) ? 1 : 0;
            QCOMPARE(matching, 1);
        }
        // The unreachable tool's row and the redundant alternatives' columns are marked.
        int marked = 0;
        for (int r = 0; r < model.rowCount(); ++r)
            marked += model.headerData(r, Qt::Vertical, CoverageModel::MarkedRole).toBool() ? 1 : 0;
        QCOMPARE(marked, 1);
        QVERIFY(model.headerData(2, Qt::Vertical).toString().endsWith(QStringLiteral("\u26a0")));
        marked = 0;
        for (int c = 0; c < model.columnCount(); ++c)
            marked +=
                model.headerData(c, Qt::Horizontal, CoverageModel::MarkedRole).toBool() ? 1 : 0;
        QCOMPARE(marked, 2);
    }

    void activatingAMarkSelectsItsFinding() {
        PolicyDocument document;
        document.replacePolicy(withFindings());
        FindingsModel findings(&document);
        QTableView findingsView;
        findingsView.setModel(&findings);
        CoveragePanel panel(&document);
        auto *list = panel.findChild<QListWidget *>(QStringLiteral("coverageFindings"));
        QVERIFY(list);
        QCOMPARE(list->count(), 4);
        QVERIFY(list->item(1)->text().endsWith(QStringLiteral("[scope-grants-nothing]")));
        QSignalSpy requested(&panel, &CoveragePanel::findingRequested);
        Q_EMIT list->itemActivated(list->item(1));
        QCOMPARE(requested.count(), 1);
        const int mark = requested.first().first().toInt();
        QCOMPARE(mark, 1);
        QVERIFY(CoveragePanel::selectFinding(&findingsView, *panel.model(), mark));
        const LintFinding selected = findings.findingAt(findingsView.currentIndex().row());
        QCOMPARE(selected.id, QStringLiteral("scope-grants-nothing"));
        QCOMPARE(selected.location.scope, QStringLiteral("unused"));

        // Fixed by an edit: the list follows.
        Policy fixed = document.policy();
        fixed.scopes.removeAt(2);
        document.undoStack()->push(new PolicySnapshotCommand(&document, QString(), fixed));
        QTRY_COMPARE(list->count(), 3);
        document.undoStack()->undo();
        QTRY_COMPARE(list->count(), 4);
    }

    // Edits that arrive in one event-loop turn (here: five pushed at once, then a jump back
    // through the undo history) cost one recomputation of the matrix, and the tab then shows
    // the state after the last of them.
    void batchesABurstOfEdits() {
        PolicyDocument document;
        document.openExample();
        CoveragePanel panel(&document);
        CoverageModel *model = panel.model();
        QAbstractItemModelTester tester(model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        auto *table = panel.findChild<QTableView *>(QStringLiteral("coverageTable"));
        auto *summary = panel.findChild<QLabel *>(QStringLiteral("coverageSummary"));
        QVERIFY(table);
        QVERIFY(summary);
        QCOMPARE(table->model(), model);
        const QString before = summary->text();
        const QStringList cellsBefore = shownCells(*table);
        QSignalSpy recomputed(model, &CoverageModel::recomputed);
        QSignalSpy resets(model, &QAbstractItemModel::modelReset);

        // The tag tools lose their scope: each one a separate edit, all in this turn.
        const QStringList tagTools{QStringLiteral("get_tag"), QStringLiteral("list_tags"),
                                   QStringLiteral("create_tag"), QStringLiteral("update_tag"),
                                   QStringLiteral("delete_tag")};
        for (const QString &tool : tagTools) {
            const QString scope = scopeOf(document.policy(), tool);
            QVERIFY2(!scope.isEmpty(), qPrintable(tool));
            document.undoStack()->push(new SetCellCommand(&document, tool, 0, scope, false));
        }
        QCOMPARE(document.undoStack()->count(), tagTools.size());
        QCOMPARE(recomputed.count(), 0);
        QVERIFY(recomputed.wait());
        QCoreApplication::processEvents();
        QCOMPARE(recomputed.count(), 1);
        QCOMPARE(resets.count(), 1);
        QCOMPARE(shownCells(*table), expectedCells(document.policy()));
        QVERIFY(shownCells(*table) != cellsBefore);
        QVERIFY2(summary->text().contains(summaryCounts(document.policy())),
                 qPrintable(summary->text()));

        // Back to the start of the history in one step: five undos, one recomputation.
        recomputed.clear();
        document.undoStack()->setIndex(0);
        QCOMPARE(recomputed.count(), 0);
        QVERIFY(recomputed.wait());
        QCoreApplication::processEvents();
        QCOMPARE(recomputed.count(), 1);
        QCOMPARE(shownCells(*table), cellsBefore);
        QCOMPARE(summary->text(), before);
    }

    // Typed into a field: QTest delivers the keystrokes in one turn, each one an edit of the
    // document, and the matrix is computed once, with the whole text in its challenges.
    void batchesKeystrokes() {
        PolicyDocument document;
        document.openExample();
        PolicySettingsPanel settings(&document);
        CoveragePanel panel(&document);
        auto *description = settings.findChild<QLineEdit *>(QStringLiteral("challengeDescription"));
        auto *table = panel.findChild<QTableView *>(QStringLiteral("coverageTable"));
        QVERIFY(description);
        QVERIFY(table);
        QSignalSpy recomputed(panel.model(), &CoverageModel::recomputed);
        QSignalSpy changes(&document, &PolicyDocument::changed);
        description->selectAll();
        const QString typed = QStringLiteral("Ask the journal admin");
        QTest::keyClicks(description, typed);
        QCOMPARE(document.policy().challenge.descriptionTemplate, typed);
        QCOMPARE(changes.count(), int(typed.size()));
        QCOMPARE(recomputed.count(), 0);
        QVERIFY(recomputed.wait());
        QCoreApplication::processEvents();
        QCOMPARE(recomputed.count(), 1);
        // A refused cell's challenge carries the description as typed to the end.
        const QString challenge =
            table->model()->index(0, 0).data(CoverageModel::ChallengeRole).toString();
        QVERIFY2(challenge.contains(typed), qPrintable(challenge));
    }

    // flush() runs a pending recomputation at once, and nothing is left for the timer.
    void flushRecomputesNow() {
        PolicyDocument document;
        document.openExample();
        CoverageModel model(&document);
        QSignalSpy recomputed(&model, &CoverageModel::recomputed);
        document.undoStack()->push(new SetCellCommand(&document, QStringLiteral("delete_tag"), 0,
                                                      QStringLiteral("tags:write"), false));
        model.flush();
        QCOMPARE(recomputed.count(), 1);
        QCOMPARE(model.matrix().operations().size(), model.rowCount());
        model.flush();
        QCoreApplication::processEvents();
        QCOMPARE(recomputed.count(), 1);
    }

private:
    static QString scopeOf(const Policy &policy, const QString &tool) {
        for (const auto &requirement : policy.toolScopes) {
            if (requirement.tool == tool && !requirement.alternatives.isEmpty() &&
                !requirement.alternatives.first().isEmpty())
                return requirement.alternatives.first().first();
        }
        return QString();
    }

    // What the table shows, row by row.
    static QStringList shownCells(const QTableView &table) {
        QStringList rows;
        const QAbstractItemModel *m = table.model();
        for (int r = 0; r < m->rowCount(); ++r) {
            QStringList row{m->headerData(r, Qt::Vertical).toString()};
            for (int c = 0; c < m->columnCount(); ++c)
                row.append(m->data(m->index(r, c)).toString());
            rows.append(row.join(u'|'));
        }
        return rows;
    }

    // The same from a matrix computed afresh.
    static QStringList expectedCells(const Policy &policy) {
        PolicyDocument fresh;
        fresh.replacePolicy(policy);
        CoverageModel model(&fresh);
        QTableView view;
        view.setModel(&model);
        return shownCells(view);
    }

    static QString summaryCounts(const Policy &policy) {
        const CoverageMatrix m = CoverageMatrix::compute(policy);
        int refused = 0;
        for (int o = 0; o < m.operations().size(); ++o) {
            for (int c = 0; c < m.classes().size(); ++c)
                refused += m.cell(o, c).allowed ? 0 : 1;
        }
        const int all = int(m.operations().size() * m.classes().size());
        return QStringLiteral("%1 allowed, %2 refused").arg(all - refused).arg(refused);
    }
};

QTEST_MAIN(tst_UiCoverageModel)
#include "tst_ui_coveragemodel.moc"
