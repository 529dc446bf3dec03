#include "AlternativeRowCommand.h"
#include "AlternativesMatrixModel.h"
#include "MoveAlternativeCommand.h"
#include "PolicyDocument.h"
#include "PolicySnapshotCommand.h"
#include "SetCellCommand.h"
#include "policy/PolicyEdits.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace scopebench;

// The matrix under QAbstractItemModelTester while every kind of edit is done, undone and redone.
class TestAlternativesMatrixModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void editUndoRedo_data();
    void editUndoRedo();
    void tickThroughSetData();
    void findingsMarkTheirRowAndCell();
    void switchingToolShowsItsAlternatives();
    void decidedRowIsMarked();

private:
    static QStringList snapshot(const AlternativesMatrixModel &model);
};

QStringList TestAlternativesMatrixModel::snapshot(const AlternativesMatrixModel &model) {
    QStringList rows;
    QStringList header;
    for (int c = 0; c < model.columnCount(); ++c)
        header.append(model.headerData(c, Qt::Horizontal).toString());
    rows.append(header.join(u' '));
    for (int r = 0; r < model.rowCount(); ++r) {
        QString row;
        for (int c = 0; c < model.columnCount(); ++c)
            row += model.data(model.index(r, c), Qt::CheckStateRole).toInt() == Qt::Checked ? u'x'
                                                                                            : u'.';
        rows.append(row);
    }
    return rows;
}

enum class Edit {
    Tick,
    Untick,
    Insert,
    Remove,
    Duplicate,
    MoveDown,
    MoveUp,
    NewScope,
    Rename,
    DropScope,
    UncataloguedTick
};

void TestAlternativesMatrixModel::editUndoRedo_data() {
    QTest::addColumn<QString>("tool");
    QTest::addColumn<int>("edit");
    QTest::addColumn<int>("rowsAfter");
    QTest::addColumn<int>("columnsAfter");

    QTest::newRow("tick server") << QString() << int(Edit::Tick) << 5 << 5;
    QTest::newRow("untick server") << QString() << int(Edit::Untick) << 5 << 5;
    QTest::newRow("insert server") << QString() << int(Edit::Insert) << 6 << 5;
    QTest::newRow("remove server") << QString() << int(Edit::Remove) << 4 << 5;
    QTest::newRow("duplicate tool") << QStringLiteral("whoami") << int(Edit::Duplicate) << 2 << 5;
    QTest::newRow("move down server") << QString() << int(Edit::MoveDown) << 5 << 5;
    QTest::newRow("move up server") << QString() << int(Edit::MoveUp) << 5 << 5;
    QTest::newRow("new catalog scope") << QString() << int(Edit::NewScope) << 5 << 6;
    QTest::newRow("rename scope") << QStringLiteral("get_entry") << int(Edit::Rename) << 1 << 5;
    QTest::newRow("drop scope") << QString() << int(Edit::DropScope) << 5 << 5;
    QTest::newRow("uncatalogued scope") << QString() << int(Edit::UncataloguedTick) << 5 << 6;
}

void TestAlternativesMatrixModel::editUndoRedo() {
    QFETCH(QString, tool);
    QFETCH(int, edit);
    QFETCH(int, rowsAfter);
    QFETCH(int, columnsAfter);

    PolicyDocument document;
    document.openExample();
    AlternativesMatrixModel model(&document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setTool(tool);
    QCOMPARE(model.tool(), tool);
    QUndoStack *stack = document.undoStack();
    const Policy before = document.policy();
    const QStringList shownBefore = snapshot(model);

    switch (Edit(edit)) {
    case Edit::Tick:
        stack->push(new SetCellCommand(&document, tool, 2, QStringLiteral("tags:read"), true));
        break;
    case Edit::Untick:
        stack->push(new SetCellCommand(&document, tool, 2, QStringLiteral("entries:write"), false));
        break;
    case Edit::Insert:
        stack->push(new AlternativeRowCommand(&document, AlternativeRowCommand::Kind::Insert, tool,
                                              1, {QStringLiteral("tags:read")}));
        break;
    case Edit::Remove:
        stack->push(
            new AlternativeRowCommand(&document, AlternativeRowCommand::Kind::Remove, tool, 3));
        break;
    case Edit::Duplicate:
        stack->push(new AlternativeRowCommand(&document, AlternativeRowCommand::Kind::Insert, tool,
                                              1, document.alternatives(tool)->at(0)));
        break;
    case Edit::MoveDown:
        stack->push(new MoveAlternativeCommand(&document, tool, 0, 3));
        break;
    case Edit::MoveUp:
        stack->push(new MoveAlternativeCommand(&document, tool, 4, 1));
        break;
    case Edit::NewScope:
        stack->push(new PolicySnapshotCommand(
            &document, QString(),
            PolicyEdits::addScope(document.policy(), QStringLiteral("admin:all")).value()));
        break;
    case Edit::Rename:
        stack->push(new PolicySnapshotCommand(
            &document, QString(),
            PolicyEdits::renameScope(document.policy(), QStringLiteral("entries:read"),
                                     QStringLiteral("journal:read"))
                .value()));
        QCOMPARE(document.alternatives(tool)->at(0), QStringList{QStringLiteral("journal:read")});
        QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), QStringLiteral("journal:read"));
        break;
    case Edit::DropScope:
        stack->push(new PolicySnapshotCommand(
            &document, QString(),
            PolicyEdits::removeScope(document.policy(), QStringLiteral("entries:read"))));
        // Still required, now as the last column, marked as not in the catalog.
        QCOMPARE(document.policy().tool(QStringLiteral("get_entry"))->alternatives.at(0),
                 QStringList{QStringLiteral("entries:read")});
        QCOMPARE(model.headerData(4, Qt::Horizontal).toString(), QStringLiteral("entries:read"));
        QVERIFY(!model.headerData(4, Qt::Horizontal, Qt::DecorationRole).isNull());
        break;
    case Edit::UncataloguedTick: {
        // A scope named in implies but not in the catalog gets a column of its own.
        stack->push(new PolicySnapshotCommand(
            &document, QString(),
            PolicyEdits::setImplies(document.policy(), QStringLiteral("entries:write"),
                                    QStringLiteral("audit:write"))
                .value()));
        QCOMPARE(model.columnCount(), 6);
        stack->push(new SetCellCommand(&document, tool, 0, QStringLiteral("audit:write"), true));
        QVERIFY(!model.headerData(5, Qt::Horizontal, Qt::DecorationRole).isNull());
        break;
    }
    }
    QCOMPARE(model.rowCount(), rowsAfter);
    QCOMPARE(model.columnCount(), columnsAfter);
    QVERIFY(document.policy() != before);
    QVERIFY(document.isModified());
    const Policy after = document.policy();
    const QStringList shownAfter = snapshot(model);
    QVERIFY(shownAfter != shownBefore);

    while (stack->canUndo())
        stack->undo();
    QCOMPARE(document.policy(), before);
    QCOMPARE(snapshot(model), shownBefore);
    QVERIFY(!document.isModified());
    while (stack->canRedo())
        stack->redo();
    QCOMPARE(document.policy(), after);
    QCOMPARE(snapshot(model), shownAfter);
}

void TestAlternativesMatrixModel::tickThroughSetData() {
    PolicyDocument document;
    document.openExample();
    AlternativesMatrixModel model(&document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const QModelIndex cell = model.index(0, model.columnOf(QStringLiteral("tags:read")));
    QVERIFY(model.flags(cell) & Qt::ItemIsUserCheckable);
    QVERIFY(model.setData(cell, Qt::Checked, Qt::CheckStateRole));
    QVERIFY(!changed.isEmpty());
    QCOMPARE(model.data(cell, Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QCOMPARE(document.undoStack()->count(), 1);
    // Ticking what is already ticked is no edit.
    QVERIFY(!model.setData(cell, Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(document.undoStack()->count(), 1);
    QVERIFY(!model.setData(cell, QStringLiteral("x"), Qt::EditRole));
}

void TestAlternativesMatrixModel::findingsMarkTheirRowAndCell() {
    PolicyDocument document;
    document.openExample();
    AlternativesMatrixModel model(&document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Row 5 becomes {user:read tags:write}: a superset of row 0, so row 5 is marked, row 0 not.
    document.undoStack()->push(
        new SetCellCommand(&document, QString(), 4, QStringLiteral("user:read"), true));
    QVERIFY(model.findingsAt(0).isEmpty());
    QVERIFY(!model.findingsAt(4).isEmpty());
    QVERIFY(model.headerData(4, Qt::Vertical, Qt::DecorationRole).isValid());
    QVERIFY(!model.headerData(0, Qt::Vertical, Qt::DecorationRole).isValid());
    QVERIFY(model.data(model.index(4, 0), Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("warning")));
    document.undoStack()->undo();
    QVERIFY(model.findingsAt(4).isEmpty());
    QVERIFY(!model.data(model.index(4, 0), Qt::BackgroundRole).isValid());
}

void TestAlternativesMatrixModel::switchingToolShowsItsAlternatives() {
    PolicyDocument document;
    document.openExample();
    AlternativesMatrixModel model(&document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), 5);
    model.setTool(QStringLiteral("create_entry"));
    QCOMPARE(model.rowCount(), 1);
    model.setTool(QStringLiteral("no_such_tool"));
    QCOMPARE(model.tool(), QStringLiteral("create_entry"));
    // Edits elsewhere do not touch the rows shown.
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    document.undoStack()->push(
        new AlternativeRowCommand(&document, AlternativeRowCommand::Kind::Insert, QString(), 0));
    QCOMPARE(inserted.size(), 0);
    QCOMPARE(model.rowCount(), 1);
    // The tool's entry removed: back to the server level.
    document.undoStack()->push(new PolicySnapshotCommand(
        &document, QString(),
        PolicyEdits::removeTool(document.policy(), QStringLiteral("create_entry"))));
    QCOMPARE(model.tool(), QString());
    QCOMPARE(model.rowCount(), 6);
}

void TestAlternativesMatrixModel::decidedRowIsMarked() {
    PolicyDocument document;
    document.openExample();
    AlternativesMatrixModel model(&document);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    const auto marks = [&model] {
        QStringList out;
        for (int r = 0; r < model.rowCount(); ++r)
            out.append(
                model.data(model.index(r, 1), AlternativesMatrixModel::DecisionRole).toString());
        return out.join(u',');
    };
    QCOMPARE(marks(), QStringLiteral(",,,,"));

    model.setDecision(QString(), AlternativeMatch{3, true}, AlternativeMatch());
    QCOMPARE(marks(), QStringLiteral(",,,met,"));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 3);
    const QVariant metColor = model.data(model.index(3, 0), Qt::BackgroundRole);
    QVERIFY(metColor.isValid());
    QVERIFY(!model.data(model.index(2, 0), Qt::BackgroundRole).isValid());
    QVERIFY(model.headerData(3, Qt::Vertical, Qt::FontRole).value<QFont>().bold());
    QVERIFY(model.data(model.index(3, 0), Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("allowed by this alternative")));

    // The same again changes nothing; another row: the old one and the new one change.
    model.setDecision(QString(), AlternativeMatch{3, true}, AlternativeMatch());
    QCOMPARE(changed.size(), 1);
    model.setDecision(QString(), AlternativeMatch{0, false}, AlternativeMatch());
    QCOMPARE(marks(), QStringLiteral("closest,,,,"));
    QCOMPARE(changed.size(), 3);
    // Not the colour of a met row: the request is refused.
    QVERIFY(model.data(model.index(0, 0), Qt::BackgroundRole).isValid());
    QVERIFY(model.data(model.index(0, 0), Qt::BackgroundRole) != metColor);
    QVERIFY(!model.headerData(3, Qt::Vertical, Qt::FontRole).isValid());

    // A tool's mark shows with that tool's matrix only.
    model.setDecision(QStringLiteral("create_entry"), AlternativeMatch{0, true},
                      AlternativeMatch{0, false});
    model.setTool(QStringLiteral("create_entry"));
    QCOMPARE(marks(), QStringLiteral("closest"));
    model.setTool(QStringLiteral("get_entry"));
    QCOMPARE(marks(), QString());
    model.setTool(QString());
    QCOMPARE(marks(), QStringLiteral("met,,,,"));

    // A row the document no longer has is not marked until the preview decides again.
    model.setDecision(QString(), AlternativeMatch{4, true}, AlternativeMatch());
    document.undoStack()->push(
        new AlternativeRowCommand(&document, AlternativeRowCommand::Kind::Remove, QString(), 4));
    QCOMPARE(model.rowCount(), 4);
    QCOMPARE(model.decided().index, -1);
    QCOMPARE(marks(), QStringLiteral(",,,"));
}

QTEST_MAIN(TestAlternativesMatrixModel)
#include "tst_ui_alternativesmatrixmodel.moc"
