#include "CoverageModel.h"
#include "CoveragePanel.h"
#include "FindingsModel.h"
#include "PolicyDocument.h"
#include "PolicySnapshotCommand.h"
#include "SetCellCommand.h"
#include "policy/PolicyFile.h"

#include <QAbstractItemModelTester>
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
        QVERIFY(resets.count() >= 1);
        QCOMPARE(model.data(model.index(deleteTag, userRead)).toString(), QStringLiteral("allow"));
        document.undoStack()->undo();
        QCOMPARE(model.data(model.index(deleteTag, userRead)).toString(), QStringLiteral("403"));
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
        QCOMPARE(list->count(), 3);
        document.undoStack()->undo();
        QCOMPARE(list->count(), 4);
    }
};

QTEST_MAIN(tst_UiCoverageModel)
#include "tst_ui_coveragemodel.moc"
