#include "FindingsModel.h"
#include "PolicyDocument.h"
#include "PolicyEditor.h"

#include <QPushButton>
#include <QTableView>
#include <QTest>
#include <QUndoStack>

using namespace scopebench;

// The findings tab: each finding's rationale in its tooltip, and "Apply fix" for a finding that
// has one, as one undoable command. The bundled example's one finding is the documented SHOULD
// about `scope` in a 403 (challenge-without-scope), whose fix is scopeHint "closest".
class tst_UiFindingFix : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void applyFixIsOneUndoableCommand() {
        PolicyDocument document;
        document.openExample();
        PolicyEditor editor(&document);
        auto *view = editor.findChild<QTableView *>(QStringLiteral("findingsView"));
        auto *apply = editor.findChild<QPushButton *>(QStringLiteral("applyFixButton"));
        QVERIFY(view);
        QVERIFY(apply);
        QCOMPARE(view->model()->rowCount(), 1);
        QVERIFY(!apply->isEnabled()); // nothing selected yet

        const QModelIndex message = view->model()->index(0, FindingsModel::Message);
        const QString tip = view->model()->data(message, Qt::ToolTipRole).toString();
        QVERIFY2(tip.startsWith(QStringLiteral("challenge-without-scope")), qPrintable(tip));
        QVERIFY2(tip.contains(QStringLiteral("\n\n")), qPrintable(tip)); // the rationale follows
        QVERIFY(tip.contains(QStringLiteral("Fix: ")));

        view->selectRow(0);
        QVERIFY(apply->isEnabled());
        const int before = document.undoStack()->count();
        QCOMPARE(document.policy().challenge.scopeHint, ScopeHint::Omit);
        QTest::mouseClick(apply, Qt::LeftButton);
        QCOMPARE(document.policy().challenge.scopeHint, ScopeHint::Closest);
        QCOMPARE(document.undoStack()->count(), before + 1);
        QCOMPARE(view->model()->rowCount(), 0);
        QVERIFY(!apply->isEnabled());

        document.undoStack()->undo();
        QCOMPARE(document.policy().challenge.scopeHint, ScopeHint::Omit);
        QCOMPARE(view->model()->rowCount(), 1);
    }
};

QTEST_MAIN(tst_UiFindingFix)
#include "tst_ui_findingfix.moc"
