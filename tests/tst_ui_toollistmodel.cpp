#include "FindingsModel.h"
#include "PolicyDocument.h"
#include "PolicySnapshotCommand.h"
#include "SetCellCommand.h"
#include "ToolListModel.h"
#include "policy/PolicyEdits.h"

#include <QAbstractItemModelTester>
#include <QTest>
#include <QUndoStack>

using namespace scopebench;

// The two list models beside the matrix: who owns alternatives, and what lint found.
class TestToolListModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void toolsFollowEdits();
    void findingsFollowEdits_data();
    void findingsFollowEdits();
};

void TestToolListModel::toolsFollowEdits() {
    PolicyDocument document;
    document.openExample();
    ToolListModel model(&document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 13);
    QCOMPARE(model.toolAt(0), QString());
    QCOMPARE(model.toolAt(1), QStringLiteral("whoami"));
    QCOMPARE(model.rowOf(QStringLiteral("delete_tag")), 12);
    QCOMPARE(model.data(model.index(0)).toString(), QStringLiteral("Server level (5)"));

    document.undoStack()->push(new PolicySnapshotCommand(
        &document, QString(),
        PolicyEdits::addTool(document.policy(), QStringLiteral("export")).value()));
    QCOMPARE(model.rowCount(), 14);
    QCOMPARE(model.toolAt(13), QStringLiteral("export"));
    // A tool with an empty list lets any token through: lint says so on the tool's row.
    QVERIFY(!model.findingsAt(13).isEmpty());
    QVERIFY(model.data(model.index(13), Qt::DecorationRole).isValid());
    QVERIFY(PolicyEdits::addTool(document.policy(), QStringLiteral("export")).ok() == false);
    document.undoStack()->undo();
    QCOMPARE(model.rowCount(), 13);
}

void TestToolListModel::findingsFollowEdits_data() {
    QTest::addColumn<QString>("scope");
    QTest::newRow("omnibus") << QStringLiteral("admin");
    QTest::newRow("uncatalogued") << QStringLiteral("files:read");
}

void TestToolListModel::findingsFollowEdits() {
    QFETCH(QString, scope);
    PolicyDocument document;
    document.openExample();
    FindingsModel model(&document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // The example's one finding: the documented SHOULD about `scope` in a 403 (it omits it).
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.findingAt(0).id, QStringLiteral("challenge-without-scope"));
    document.undoStack()->push(
        new SetCellCommand(&document, QStringLiteral("whoami"), 0, scope, true));
    QVERIFY(model.rowCount() > 1);
    bool found = false;
    for (int row = 0; row < model.rowCount(); ++row) {
        const LintFinding finding = model.findingAt(row);
        if (finding.message.contains(scope)) {
            found = true;
            QVERIFY(model.data(model.index(row, FindingsModel::Where))
                        .toString()
                        .contains(QStringLiteral("whoami")));
        }
    }
    QVERIFY(found);
    document.undoStack()->undo();
    QCOMPARE(model.rowCount(), 1);
}

QTEST_MAIN(TestToolListModel)
#include "tst_ui_toollistmodel.moc"
