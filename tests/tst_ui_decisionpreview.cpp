#include "DecisionPreview.h"
#include "PolicyDocument.h"
#include "PolicyEditor.h"
#include "ToolListModel.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace scopebench;

// The preview's request chooser: the tools with a toolScopes entry are listed, any other name
// may be typed, and a tool without an entry is said to need server-level access only.
class TestDecisionPreview : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void typedToolIsDecided_data();
    void typedToolIsDecided();
    void addedToolJoinsTheChooser();

private:
    PolicyDocument *m_document = nullptr;
    DecisionPreview *m_preview = nullptr;
};

void TestDecisionPreview::init() {
    m_document = new PolicyDocument;
    m_document->openExample();
    m_preview = new DecisionPreview(m_document);
    m_preview->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_preview));
}

void TestDecisionPreview::cleanup() {
    delete m_preview;
    delete m_document;
}

void TestDecisionPreview::typedToolIsDecided_data() {
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QStringList>("scopes");
    QTest::addColumn<QString>("tool");
    QTest::addColumn<bool>("note");
    QTest::addColumn<int>("status");
    // EpicMe: get_entry needs entries:read; any server-level scope reaches the server.
    QTest::newRow("listed tool, enough")
        << QStringLiteral("tools/call get_entry") << QStringList{QStringLiteral("entries:read")}
        << QStringLiteral("get_entry") << false << 200;
    QTest::newRow("listed tool, typed bare, too little")
        << QStringLiteral("get_entry") << QStringList{QStringLiteral("tags:read")}
        << QStringLiteral("get_entry") << false << 403;
    QTest::newRow("unlisted tool, server access")
        << QStringLiteral("echo") << QStringList{QStringLiteral("tags:read")}
        << QStringLiteral("echo") << true << 200;
    QTest::newRow("unlisted tool, no server access")
        << QStringLiteral("tools/call  echo ") << QStringList() << QStringLiteral("echo") << true
        << 403;
    QTest::newRow("cleared: server level")
        << QString() << QStringList{QStringLiteral("user:read")} << QString() << false << 200;
}

void TestDecisionPreview::typedToolIsDecided() {
    QFETCH(QString, typed);
    QFETCH(QStringList, scopes);
    QFETCH(QString, tool);
    QFETCH(bool, note);
    QFETCH(int, status);
    TokenInput token;
    token.simulated.scopes = scopes;
    m_preview->setToken(token);
    QSignalSpy updated(m_preview, &DecisionPreview::updated);
    QLineEdit *edit = m_preview->findChild<QComboBox *>(QStringLiteral("previewTool"))->lineEdit();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Backspace);
    QTest::keyClicks(edit, typed);
    QVERIFY(updated.wait(5000));
    m_preview->flush();
    QCOMPARE(m_preview->tool(), tool);
    QCOMPARE(m_preview->report().decision.status(), status);
    QCOMPARE(m_preview->findChild<QLabel *>(QStringLiteral("previewToolNote"))->isVisible(), note);
    if (note)
        QVERIFY(m_preview->findChild<QLabel *>(QStringLiteral("previewToolNote"))
                    ->text()
                    .contains(QStringLiteral("server-level")));
    // Typing adds nothing to the list: the server level and the tools with an entry.
    QCOMPARE(m_preview->findChild<QComboBox *>(QStringLiteral("previewTool"))->count(),
             1 + m_document->policy().toolScopes.size());
}

void TestDecisionPreview::addedToolJoinsTheChooser() {
    PolicyEditor editor(m_document);
    QAbstractItemModelTester tester(editor.toolModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    editor.show();
    m_preview->setTool(QStringLiteral("echo"));
    m_preview->flush();
    QVERIFY(m_preview->findChild<QLabel *>(QStringLiteral("previewToolNote"))->isVisible());
    auto *newTool = editor.findChild<QLineEdit *>(QStringLiteral("newTool"));
    QVERIFY(newTool);
    newTool->setFocus();
    QTest::keyClicks(newTool, QStringLiteral("echo"));
    QTest::keyClick(newTool, Qt::Key_Return);
    QVERIFY(editor.toolModel()->rowOf(QStringLiteral("echo")) >= 0);
    QVERIFY(m_preview->findChild<QComboBox *>(QStringLiteral("previewTool"))
                ->findData(QStringLiteral("echo")) >= 0);
    m_preview->flush();
    // The typed choice is now the listed tool, with an (empty) entry of its own.
    QCOMPARE(m_preview->tool(), QStringLiteral("echo"));
    QVERIFY(!m_preview->findChild<QLabel *>(QStringLiteral("previewToolNote"))->isVisible());
    m_document->undoStack()->undo();
    QCOMPARE(m_preview->findChild<QComboBox *>(QStringLiteral("previewTool"))
                 ->findData(QStringLiteral("echo")),
             -1);
    m_preview->flush();
    QCOMPARE(m_preview->tool(), QStringLiteral("echo"));
    QVERIFY(m_preview->findChild<QLabel *>(QStringLiteral("previewToolNote"))->isVisible());
}

QTEST_MAIN(TestDecisionPreview)
#include "tst_ui_decisionpreview.moc"
