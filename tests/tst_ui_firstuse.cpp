#include "AlternativesMatrixModel.h"
#include "DecisionPreview.h"
#include "MainWindow.h"
#include "PolicyDocument.h"
#include "PolicyEditor.h"
#include "RequestLogModel.h"
#include "ServerPanel.h"
#include "TokenIntrospector.h"
#include "TokenPanel.h"

#include "common/TokenFingerprint.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QUndoStack>

using namespace scopebench;

namespace {

// The option the view's delegate paints a cell with, to find where its check box is drawn.
struct OptionDelegate : QStyledItemDelegate {
    using QStyledItemDelegate::initStyleOption;
};

QPoint checkBoxCentre(QTableView *view, const QModelIndex &index) {
    QStyleOptionViewItem option;
    option.initFrom(view->viewport());
    option.widget = view;
    option.rect = view->visualRect(index);
    OptionDelegate().initStyleOption(&option, index);
    return view->style()
        ->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, view)
        .center();
}

// Closes whatever modal dialog a broken build would open, so a failing test fails instead of
// waiting for a click forever.
void closeModalsSoon() {
    QTimer::singleShot(1000, qApp, [] {
        if (QWidget *modal = QApplication::activeModalWidget())
            modal->close();
    });
}

// Live introspection that answers when the test says so.
class HeldIntrospector : public TokenIntrospector {
public:
    using TokenIntrospector::TokenIntrospector;
    void introspect(const IntrospectionSettings &, const QString &) override { ++calls; }
    void cancel() override { ++cancels; }
    void answer(const TokenKnowledge &knowledge) { Q_EMIT finished(knowledge, QByteArray()); }
    int calls = 0;
    int cancels = 0;
};

TokenKnowledge activeWith(const QStringList &scopes) {
    TokenFacts facts;
    facts.active = true;
    facts.scopes = scopes;
    return TokenKnowledge::known(facts);
}

} // namespace

// The defects a first-time user hit within minutes (issue "The desktop app as a person uses
// it"), each driven the way the user did: mouse clicks on the check box a cell paints, keys into
// the focused widget.
class TestFirstUse : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void clickingACheckBoxMakesItsRowCurrent();
    void columnsStayPutWhenALintIconAppears();
    void ctrlZInAnEmptyFieldUndoesTheDocumentEdit_data();
    void ctrlZInAnEmptyFieldUndoesTheDocumentEdit();
    void saveAsShortcutAddsJsonSuffix();
    void exportingAnEmptyLogSaysSo();
    void pastedBearerTokenIsCleanedWithANote_data();
    void pastedBearerTokenIsCleanedWithANote();
    void previewMarksAnAnswerThatIsPendingOrOutdated();
    void newPolicyIsNotCalledTheExampleAndFieldsStartEmpty();
    void restartingTheServerStartsANewLog();
    void showTurnsIntoHide();
    void toolNameWithASpaceIsRefusedAsTyped();
    void introspectionUrlIsCheckedAsTyped();
    void copyResponseCopiesTheBytesAsSent();
    void fitsA1024x768ScreenAndNeverGrows();
    void resetLayoutRestoresSqueezedDocks();
    void aSqueezedLayoutIsNotRestored();
    void anotherToolsMatrixStartsScrolledToItsStart();

private:
    MainWindow *createWindow();
    QTableView *matrix() const {
        return m_window->editor()->findChild<QTableView *>(QStringLiteral("matrixView"));
    }

    QTemporaryDir m_settingsDir;
    QTemporaryDir m_files;
    MainWindow *m_window = nullptr;
};

void TestFirstUse::initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("ScopebenchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_ui_firstuse"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestFirstUse::init() {
    QSettings().clear();
}

void TestFirstUse::cleanup() {
    if (m_window) {
        m_window->setUnsavedQuestion([](const QString &) { return QMessageBox::Discard; });
        delete m_window;
        m_window = nullptr;
    }
}

MainWindow *TestFirstUse::createWindow() {
    m_window = new MainWindow;
    m_window->setUnsavedQuestion([](const QString &) { return QMessageBox::Cancel; });
    m_window->setDialogRunner([](QDialog *) { return int(QDialog::Rejected); });
    m_window->restoreSession();
    m_window->resize(1366, 768);
    m_window->show();
    m_window->activateWindow();
    if (!QTest::qWaitForWindowActive(m_window))
        qWarning("window not active");
    m_window->preview()->flush();
    return m_window;
}

// Row 1's entries:write was unticked after the user clicked in row 2: the click must make the
// clicked cell current, so Space and Delete act on it.
void TestFirstUse::clickingACheckBoxMakesItsRowCurrent() {
    createWindow();
    QTableView *view = matrix();
    const Policy before = m_window->document()->policy();
    QVERIFY(view->model()->rowCount() >= 3);
    const QModelIndex cell = view->model()->index(1, 2);
    const auto state = [&] { return cell.data(Qt::CheckStateRole).toInt(); };
    const int original = state();

    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, checkBoxCentre(view, cell));
    QVERIFY2(state() != original, "the click missed the check box");
    QCOMPARE(view->currentIndex(), cell);
    QVERIFY(view->selectionModel()->isSelected(cell));

    QVERIFY(view->hasFocus());
    QTest::keyClick(view, Qt::Key_Space);
    QCOMPARE(state(), original);
    QCOMPARE(m_window->document()->policy(), before);

    // Remove removes the clicked row, not nothing.
    QTest::keyClick(view, Qt::Key_Delete);
    ScopeAlternatives expected = before.validScopeCombinations;
    expected.removeAt(1);
    QCOMPARE(m_window->document()->policy().validScopeCombinations, expected);
}

// A finding puts an icon on its row header; the header must not widen then, or every column
// moves under the mouse between two clicks.
void TestFirstUse::columnsStayPutWhenALintIconAppears() {
    createWindow();
    QTableView *view = matrix();
    const QModelIndex first = view->model()->index(1, 0);
    const auto where = [&] {
        return view->viewport()->mapTo(m_window,
                                       view->visualRect(view->model()->index(0, 0)).topLeft());
    };
    const QPoint before = where();
    bool marked = false;
    for (int row = 0; row < view->model()->rowCount(); ++row)
        marked =
            marked || view->model()->headerData(row, Qt::Vertical, Qt::DecorationRole).isValid();
    QVERIFY(!marked);

    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(first).center());
    QTest::keyClick(view, Qt::Key_D, Qt::ControlModifier);
    QCoreApplication::processEvents();
    for (int row = 0; row < view->model()->rowCount(); ++row)
        marked =
            marked || view->model()->headerData(row, Qt::Vertical, Qt::DecorationRole).isValid();
    QVERIFY2(marked, "duplicating a row should give a finding");
    QCOMPARE(where(), before);
}

void TestFirstUse::ctrlZInAnEmptyFieldUndoesTheDocumentEdit_data() {
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("name");
    QTest::newRow("new scope") << QStringLiteral("newScope") << QStringLiteral("entries:delete");
    QTest::newRow("tool name") << QStringLiteral("newTool") << QStringLiteral("export_all");
}

// The user added a scope (or a tool) with Return and pressed Ctrl+Z in the now empty field: the
// addition is undone, the field does not refill with the name.
void TestFirstUse::ctrlZInAnEmptyFieldUndoesTheDocumentEdit() {
    QFETCH(QString, field);
    QFETCH(QString, name);
    createWindow();
    auto *edit = m_window->editor()->findChild<QLineEdit *>(field);
    QVERIFY(edit);
    const Policy before = m_window->document()->policy();
    QTest::mouseClick(edit, Qt::LeftButton);
    QVERIFY(edit->hasFocus());
    QTest::keyClicks(edit, name);
    QTest::keyClick(edit, Qt::Key_Return);
    QVERIFY(m_window->document()->policy() != before);
    QCOMPARE(edit->text(), QString());

    // The Edit menu names what Ctrl+Z will undo.
    QAction *undo = nullptr;
    for (QAction *action : m_window->menuBar()->actions()) {
        if (!action->menu())
            continue;
        for (QAction *item : action->menu()->actions()) {
            if (item->shortcuts().contains(QKeySequence(QKeySequence::Undo)))
                undo = item;
        }
    }
    QVERIFY(undo);
    QVERIFY2(undo->text().contains(name), qPrintable(undo->text()));

    QVERIFY(edit->hasFocus());
    QTest::keyClick(edit, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(m_window->document()->policy(), before);
    QCOMPARE(edit->text(), QString());
    QVERIFY(m_window->editor()->findChild<QLabel *>(QStringLiteral("scopeError"))->isHidden());
}

// Ctrl+Shift+S opens Save As (the docs promise it), and a name typed without a suffix is saved
// as .json, which the Open dialog's filter then shows.
void TestFirstUse::saveAsShortcutAddsJsonSuffix() {
    createWindow();
    int asked = 0;
    const QString chosen = QDir(m_files.path()).filePath(QStringLiteral("mypolicy"));
    m_window->setFileChooser([&](MainWindow::FileChoice choice) {
        ++asked;
        return choice == MainWindow::FileChoice::Save ? chosen : QString();
    });
    matrix()->setFocus();
    QTest::keyClick(matrix(), Qt::Key_S, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(asked, 1);
    QVERIFY(QFileInfo::exists(chosen + QStringLiteral(".json")));
    QVERIFY(!QFileInfo::exists(chosen));
    QCOMPARE(m_window->document()->fileName(),
             QFileInfo(chosen + QStringLiteral(".json")).absoluteFilePath());
}

// Exporting a log with no rows wrote a 0-byte file without a word.
void TestFirstUse::exportingAnEmptyLogSaysSo() {
    createWindow();
    QPushButton *exportButton = nullptr;
    for (QPushButton *button : m_window->serverPanel()->findChildren<QPushButton *>()) {
        if (button->text().startsWith(QStringLiteral("Export JSONL")))
            exportButton = button;
    }
    QVERIFY(exportButton);
    QSignalSpy message(m_window->serverPanel(), &ServerPanel::message);
    closeModalsSoon();
    QTest::mouseClick(exportButton, Qt::LeftButton);
    QCOMPARE(message.size(), 1);
    QVERIFY2(message.at(0).at(0).toString().contains(QStringLiteral("empty")),
             qPrintable(message.at(0).at(0).toString()));
    QVERIFY(!m_window->serverPanel()->exportLog(
        QDir(m_files.path()).filePath(QStringLiteral("log.jsonl")), false));
    QVERIFY(!QFileInfo::exists(QDir(m_files.path()).filePath(QStringLiteral("log.jsonl"))));
}

void TestFirstUse::pastedBearerTokenIsCleanedWithANote_data() {
    QTest::addColumn<QString>("pasted");
    const QString token = QStringLiteral("eyJhbGciOiJub25lIn0.eyJzY29wZSI6ImVudHJpZXM6cmVhZCJ9.");
    QTest::newRow("bearer") << QStringLiteral("Bearer ") + token;
    QTest::newRow("header line") << QStringLiteral("Authorization: Bearer ") + token;
    QTest::newRow("quoted, newline") << QStringLiteral("\"") + token + QStringLiteral("\"\n");
    QTest::newRow("lower-case bearer, spaces")
        << QStringLiteral("  bearer  ") + token + QStringLiteral(" ");
}

// A token copied with its "Bearer " (or quotes) went out as a malformed token behind the mask.
void TestFirstUse::pastedBearerTokenIsCleanedWithANote() {
    QFETCH(QString, pasted);
    const QString token = QStringLiteral("eyJhbGciOiJub25lIn0.eyJzY29wZSI6ImVudHJpZXM6cmVhZCJ9.");
    createWindow();
    m_window->tokenPanel()->setPastedToken(QString());
    auto *edit = m_window->tokenPanel()->findChild<QLineEdit *>(QStringLiteral("tokenEdit"));
    QTest::mouseClick(edit, Qt::LeftButton);
    QGuiApplication::clipboard()->setText(pasted);
    QTest::keyClick(edit, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(edit->text(), token);
    QCOMPARE(m_window->tokenPanel()->input().token, token);
    auto *note = m_window->tokenPanel()->findChild<QLabel *>(QStringLiteral("tokenCleanedNote"));
    QVERIFY(note);
    QVERIFY(note->isVisible());
    QVERIFY2(!note->text().contains(token), "the note must not show the token");
    QVERIFY(m_window->tokenPanel()
                ->findChild<QLabel *>(QStringLiteral("tokenFingerprint"))
                ->text()
                .contains(tokenFingerprint(token)));

    // A clean token clears the note.
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QVERIFY(note->isHidden());
}

QPushButton *buttonWithText(QWidget *parent, const QString &text) {
    for (QPushButton *button : parent->findChildren<QPushButton *>()) {
        if (button->text() == text)
            return button;
    }
    return nullptr;
}

// While introspection runs, after Cancel and after the URL changed, the preview showed the
// previous answer's decision as if it were current.
void TestFirstUse::previewMarksAnAnswerThatIsPendingOrOutdated() {
    createWindow();
    TokenPanel *panel = m_window->tokenPanel();
    auto *introspector = new HeldIntrospector(m_window);
    panel->setIntrospector(introspector);
    auto *url = panel->findChild<QLineEdit *>(QStringLiteral("introspectionUrl"));
    url->setText(QStringLiteral("https://as.example/introspect"));
    panel->setPastedToken(QStringLiteral("opaque-token-1"));
    auto *introspect = panel->findChild<QPushButton *>(QStringLiteral("introspectButton"));
    DecisionPreview *preview = m_window->preview();
    const auto outcome = [&] {
        preview->flush();
        return preview->report().decision.outcome;
    };
    auto *mark = preview->findChild<QLabel *>(QStringLiteral("previewFreshness"));
    QVERIFY(mark);

    QTest::mouseClick(introspect, Qt::LeftButton);
    QCOMPARE(introspector->calls, 1);
    introspector->answer(activeWith({QStringLiteral("entries:read")}));
    QCOMPARE(outcome(), Outcome::Allow);
    QVERIFY(mark->isHidden());

    // Running again: the old allow is no answer for the new lookup.
    QTest::mouseClick(introspect, Qt::LeftButton);
    QCOMPARE(introspector->calls, 2);
    QCOMPARE(outcome(), Outcome::NeedsIntrospection);
    QVERIFY(!mark->isHidden());
    QVERIFY2(mark->text().contains(QStringLiteral("Pending")), qPrintable(mark->text()));

    QTest::mouseClick(buttonWithText(panel, QStringLiteral("Cancel")), Qt::LeftButton);
    QCOMPARE(outcome(), Outcome::NeedsIntrospection);
    QVERIFY2(mark->text().contains(QStringLiteral("Outdated")), qPrintable(mark->text()));

    QTest::mouseClick(introspect, Qt::LeftButton);
    introspector->answer(activeWith({QStringLiteral("entries:read")}));
    QCOMPARE(outcome(), Outcome::Allow);
    QVERIFY(mark->isHidden());

    // The answer came from another server than the one now typed.
    QTest::mouseClick(url, Qt::LeftButton);
    QTest::keyClick(url, Qt::Key_End);
    QTest::keyClicks(url, QStringLiteral("2"));
    QCOMPARE(outcome(), Outcome::NeedsIntrospection);
    QVERIFY(!mark->isHidden());
    QVERIFY2(mark->text().contains(QStringLiteral("Outdated")), qPrintable(mark->text()));
}

// File > New was titled "bundled example", and the tool-name field kept the last document's text.
void TestFirstUse::newPolicyIsNotCalledTheExampleAndFieldsStartEmpty() {
    createWindow();
    auto *tool = m_window->editor()->findChild<QLineEdit *>(QStringLiteral("newTool"));
    auto *scope = m_window->editor()->findChild<QLineEdit *>(QStringLiteral("newScope"));
    QTest::mouseClick(tool, Qt::LeftButton);
    QTest::keyClicks(tool, QStringLiteral("half_typed"));
    QTest::mouseClick(scope, Qt::LeftButton);
    QTest::keyClicks(scope, QStringLiteral("half:typed"));
    QTest::keyClick(scope, Qt::Key_N, Qt::ControlModifier);
    QCOMPARE(m_window->document()->policy().name, QStringLiteral("New policy"));
    QVERIFY2(!m_window->windowTitle().contains(QStringLiteral("example")),
             qPrintable(m_window->windowTitle()));
    QCOMPARE(tool->text(), QString());
    QCOMPARE(scope->text(), QString());
}

// After Stop and Start the counters began at zero while the old rows stayed.
void TestFirstUse::restartingTheServerStartsANewLog() {
    createWindow();
    ServerPanel *panel = m_window->serverPanel();
    panel->setListenAddress(QStringLiteral("127.0.0.1"), 0);
    auto *log = panel->findChild<QTableView *>(QStringLiteral("requestLog"));
    auto *source = qobject_cast<RequestLogModel *>(
        qobject_cast<QSortFilterProxyModel *>(log->model())->sourceModel());
    QVERIFY(source);
    RequestRecord record;
    record.method = QStringLiteral("POST");
    record.status = 401;
    source->append(record);
    source->flush();
    QCOMPARE(log->model()->rowCount(), 1);
    auto *startStop = panel->findChild<QPushButton *>(QStringLiteral("startStop"));
    QTest::mouseClick(startStop, Qt::LeftButton);
    QVERIFY(panel->isRunning());
    QCOMPARE(log->model()->rowCount(), 0);
    QTest::mouseClick(startStop, Qt::LeftButton);
    QVERIFY(!panel->isRunning());
}

// The server panel's Show never turned into Hide.
void TestFirstUse::showTurnsIntoHide() {
    createWindow();
    for (QWidget *panel : {static_cast<QWidget *>(m_window->serverPanel()),
                           static_cast<QWidget *>(m_window->tokenPanel())}) {
        for (QToolButton *button : panel->findChildren<QToolButton *>()) {
            if (button->text() != QStringLiteral("Show"))
                continue;
            button->setVisible(true);
            QTest::mouseClick(button, Qt::LeftButton);
            QCOMPARE(button->text(), QStringLiteral("Hide"));
            QTest::mouseClick(button, Qt::LeftButton);
            QCOMPARE(button->text(), QStringLiteral("Show"));
        }
    }
}

// "export all" was accepted as a tool name without a word (MCP tool names: letters, digits,
// _ - . only).
void TestFirstUse::toolNameWithASpaceIsRefusedAsTyped() {
    createWindow();
    const Policy before = m_window->document()->policy();
    auto *tool = m_window->editor()->findChild<QLineEdit *>(QStringLiteral("newTool"));
    QTest::mouseClick(tool, Qt::LeftButton);
    QTest::keyClicks(tool, QStringLiteral("export all"));
    auto *error = m_window->editor()->findChild<QLabel *>(QStringLiteral("toolError"));
    QVERIFY(error);
    QVERIFY(!error->isHidden());
    QVERIFY(!error->text().isEmpty());
    QTest::keyClick(tool, Qt::Key_Return);
    QCOMPARE(m_window->document()->policy(), before);
    tool->selectAll();
    QTest::keyClicks(tool, QStringLiteral("export_all"));
    QVERIFY(error->isHidden());
}

// "not a url" became a 503 decision instead of a word at the field.
void TestFirstUse::introspectionUrlIsCheckedAsTyped() {
    createWindow();
    TokenPanel *panel = m_window->tokenPanel();
    auto *introspector = new HeldIntrospector(m_window);
    panel->setIntrospector(introspector);
    panel->setPastedToken(QStringLiteral("opaque-token-1"));
    auto *url = panel->findChild<QLineEdit *>(QStringLiteral("introspectionUrl"));
    url->clear();
    QTest::mouseClick(url, Qt::LeftButton);
    QTest::keyClicks(url, QStringLiteral("not a url"));
    auto *error = panel->findChild<QLabel *>(QStringLiteral("introspectionUrlError"));
    QVERIFY(error);
    QVERIFY(!error->isHidden());
    auto *introspect = panel->findChild<QPushButton *>(QStringLiteral("introspectButton"));
    QTest::mouseClick(introspect, Qt::LeftButton);
    QCOMPARE(introspector->calls, 0);
    url->selectAll();
    QTest::keyClicks(url, QStringLiteral("https://as.example/introspect"));
    QVERIFY(error->isHidden());
    QTest::mouseClick(introspect, Qt::LeftButton);
    QCOMPARE(introspector->calls, 1);
}

// The raw response is shown with plain line ends; what is copied is what the endpoint sends.
void TestFirstUse::copyResponseCopiesTheBytesAsSent() {
    createWindow();
    QCOMPARE(m_window->preview()->report().decision.status(), 403);
    QGuiApplication::clipboard()->clear();
    QPushButton *copy = buttonWithText(m_window->preview(), QStringLiteral("Copy response"));
    QVERIFY(copy);
    QTest::mouseClick(copy, Qt::LeftButton);
    const QString copied = QGuiApplication::clipboard()->text();
    QVERIFY(copied.startsWith(QStringLiteral("HTTP/1.1 403 Forbidden\r\n")));
    QCOMPARE(copied, QString::fromUtf8(m_window->preview()->report().decision.response.toRaw()));
}

QSize minimumOf(QWidget *window) {
    return window->minimumSizeHint().expandedTo(window->minimumSize());
}

// The minimum size was 1026x725 and grew to 773 px high as the content changed.
void TestFirstUse::fitsA1024x768ScreenAndNeverGrows() {
    createWindow();
    m_window->resize(1024, 768);
    QCoreApplication::processEvents();
    const auto fits = [&](const char *when) {
        const QSize minimum = minimumOf(m_window);
        QVERIFY2(minimum.width() <= 1024 && minimum.height() <= 768 - 30,
                 qPrintable(QStringLiteral("%1: %2x%3")
                                .arg(QLatin1String(when))
                                .arg(minimum.width())
                                .arg(minimum.height())));
        QCOMPARE(m_window->size(), QSize(1024, 768));
    };
    fits("first start");
    m_window->tokenPanel()->setPastedToken(
        QStringLiteral("eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCJ9."
                       "eyJpc3MiOiJodHRwczovL2FzLmV4YW1wbGUiLCJzdWIiOiJ1c2VyLTEiLCJzY29wZSI6ImVudHJ"
                       "pZXM6cmVhZCIsImV4cCI6MTc5NTY1MjAwMH0.c2lnbmF0dXJl"));
    m_window->preview()->setTool(QStringLiteral("create_entry"));
    m_window->preview()->flush();
    QCoreApplication::processEvents();
    fits("a pasted JWT and a tool");
    m_window->editor()->showTool(QStringLiteral("create_entry"));
    QTest::mouseClick(
        m_window->serverPanel()->findChild<QPushButton *>(QStringLiteral("startStop")),
        Qt::LeftButton);
    QCoreApplication::processEvents();
    fits("server running");
    QTest::mouseClick(
        m_window->serverPanel()->findChild<QPushButton *>(QStringLiteral("startStop")),
        Qt::LeftButton);
}

QAction *viewAction(MainWindow *window, const QString &text) {
    for (QAction *menu : window->menuBar()->actions()) {
        if (!menu->menu())
            continue;
        for (QAction *item : menu->menu()->actions()) {
            if (item->text().remove(u'&') == text)
                return item;
        }
    }
    return nullptr;
}

void TestFirstUse::resetLayoutRestoresSqueezedDocks() {
    createWindow();
    auto *token = m_window->findChild<QDockWidget *>(QStringLiteral("tokenDock"));
    auto *server = m_window->findChild<QDockWidget *>(QStringLiteral("serverDock"));
    const int tokenWidth = token->width();
    const int serverHeight = server->height();
    m_window->resizeDocks({token}, {40}, Qt::Horizontal);
    m_window->resizeDocks({server}, {40}, Qt::Vertical);
    m_window->findChild<QDockWidget *>(QStringLiteral("previewDock"))->setFloating(true);
    QCoreApplication::processEvents();
    QVERIFY(token->width() < tokenWidth);
    QAction *reset = viewAction(m_window, QStringLiteral("Reset layout"));
    QVERIFY(reset);
    reset->trigger();
    QCoreApplication::processEvents();
    QVERIFY(!m_window->findChild<QDockWidget *>(QStringLiteral("previewDock"))->isFloating());
    QVERIFY2(qAbs(token->width() - tokenWidth) < 40, qPrintable(QString::number(token->width())));
    QVERIFY2(qAbs(server->height() - serverHeight) < 40,
             qPrintable(QString::number(server->height())));
}

// A layout squeezed by the user was saved and came back on every start.
void TestFirstUse::aSqueezedLayoutIsNotRestored() {
    createWindow();
    auto *token = m_window->findChild<QDockWidget *>(QStringLiteral("tokenDock"));
    const int tokenWidth = token->width();
    m_window->resizeDocks({token}, {40}, Qt::Horizontal);
    QCoreApplication::processEvents();
    QVERIFY(token->width() < tokenWidth);
    QVERIFY(m_window->close());
    delete m_window;
    m_window = nullptr;
    createWindow();
    token = m_window->findChild<QDockWidget *>(QStringLiteral("tokenDock"));
    QVERIFY2(qAbs(token->width() - tokenWidth) < 40, qPrintable(QString::number(token->width())));
}

// The scroll position was kept across tools, so a tool's only ticked scope could be out of sight.
void TestFirstUse::anotherToolsMatrixStartsScrolledToItsStart() {
    createWindow();
    m_window->resize(1024, 768);
    auto *scope = m_window->editor()->findChild<QLineEdit *>(QStringLiteral("newScope"));
    // Enough scopes that even upright names over narrow columns (tst_ui_layout) overflow.
    QStringList names;
    for (const char *area : {"admin", "billing", "reports", "audit", "teams", "orgs"}) {
        for (const char *access : {"read", "write"})
            names.append(QLatin1String(area) + u':' + QLatin1String(access));
    }
    for (const QString &name : std::as_const(names)) {
        QTest::mouseClick(scope, Qt::LeftButton);
        QTest::keyClicks(scope, name);
        QTest::keyClick(scope, Qt::Key_Return);
    }
    QCoreApplication::processEvents();
    QTableView *view = matrix();
    QScrollBar *bar = view->horizontalScrollBar();
    QVERIFY2(bar->maximum() > 0, "the matrix should be wider than its view here");
    bar->setValue(bar->maximum());
    auto *tools = m_window->editor()->findChild<QListView *>(QStringLiteral("toolView"));
    QVERIFY(tools->model()->rowCount() > 1);
    QTest::mouseClick(tools->viewport(), Qt::LeftButton, {},
                      tools->visualRect(tools->model()->index(1, 0)).center());
    QVERIFY(m_window->editor()->matrixModel()->tool() != QString());
    QCOMPARE(bar->value(), 0);
}

QTEST_MAIN(TestFirstUse)
#include "tst_ui_firstuse.moc"
