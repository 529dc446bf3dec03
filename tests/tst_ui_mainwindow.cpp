#include "AlternativesMatrixModel.h"
#include "DecisionPreview.h"
#include "FindingsModel.h"
#include "MainWindow.h"
#include "NormalizeDialog.h"
#include "OutcomeBadge.h"
#include "PolicyDocument.h"
#include "PolicyEditor.h"
#include "PolicySettingsPanel.h"
#include "RequestLogModel.h"
#include "ScopeCatalogModel.h"
#include "ServerPanel.h"
#include "TokenPanel.h"

#include "policy/PolicyFile.h"
#include "support/McpRequests.h"
#include "support/TestAuthorizationServerHost.h"

#include <QCheckBox>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace scopebench;

// The main window offscreen: what a newcomer sees first, the editor driving the preview, files,
// the unsaved-changes question and the settings. With SCOPEBENCH_SCREENSHOTS=DIR set, it also
// writes the README's screenshots of the states it drives.
class TestMainWindow : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void firstStartShowsExample403();
    void tickingCellChangesPreviewAndUndoRestores_data();
    void tickingCellChangesPreviewAndUndoRestores();
    void badScopeShowsErrorAndLeavesModel_data();
    void badScopeShowsErrorAndLeavesModel();
    void saveThenOpenRoundTrips();
    void closeWithUnsavedChangesAsks_data();
    void closeWithUnsavedChangesAsks();
    void lintFindingMarksRowAndJumps();
    void normalizePreviewListsRemovals();
    void settingsHoldNoSecrets();
    void wideListenAddressIsNeverRestored_data();
    void wideListenAddressIsNeverRestored();
    void startingOffLoopbackAsksTheWindowsQuestion();
    void titleShowsNameFileAndModified();
    void typingUpdatesPreviewAndMergesIntoOneUndo();
    void matrixKeyboard_data();
    void matrixKeyboard();
    void screenshots();

private:
    MainWindow *createWindow();
    void shoot(QWidget *widget, const QString &name);

    QTemporaryDir m_settingsDir;
    QTemporaryDir m_files;
    MainWindow *m_window = nullptr;
    int m_questions = 0;
};

void TestMainWindow::initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("ScopebenchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_ui_mainwindow"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestMainWindow::init() {
    QSettings().clear();
    m_questions = 0;
}

void TestMainWindow::cleanup() {
    if (m_window) {
        m_window->setUnsavedQuestion([](const QString &) { return QMessageBox::Discard; });
        delete m_window;
        m_window = nullptr;
    }
}

MainWindow *TestMainWindow::createWindow() {
    m_window = new MainWindow;
    m_window->setUnsavedQuestion([this](const QString &) {
        ++m_questions;
        return QMessageBox::Cancel;
    });
    m_window->setDialogRunner([](QDialog *) { return int(QDialog::Rejected); });
    m_window->restoreSession();
    m_window->resize(1366, 768);
    m_window->show();
    m_window->preview()->flush();
    return m_window;
}

void TestMainWindow::firstStartShowsExample403() {
    MainWindow *window = createWindow();
    QCOMPARE(window->document()->policy().name, QStringLiteral("EpicMe journal"));
    const DecisionReport &report = window->preview()->report();
    QCOMPARE(report.decision.outcome, Outcome::Forbidden);
    QCOMPARE(
        window->preview()->findChild<OutcomeBadge *>(QStringLiteral("outcomeBadge"))->outcome(),
        Outcome::Forbidden);
    QCOMPARE(
        window->preview()->findChild<OutcomeBadge *>(QStringLiteral("outcomeBadge"))->headline(),
        QStringLiteral("403 Forbidden"));
    // The four areas fit a 1366x768 screen together.
    QVERIFY2(window->minimumSizeHint().width() <= 1366 && window->minimumSizeHint().height() <= 740,
             qPrintable(QStringLiteral("%1x%2")
                            .arg(window->minimumSizeHint().width())
                            .arg(window->minimumSizeHint().height())));
    for (QDockWidget *dock : window->findChildren<QDockWidget *>())
        QVERIFY2(dock->isVisible() && !dock->visibleRegion().isEmpty(),
                 qPrintable(dock->objectName()));
    const QString raw = window->preview()->rawResponse();
    QVERIFY(raw.startsWith(QStringLiteral("HTTP/1.1 403 Forbidden")));
    QVERIFY(raw.contains(QStringLiteral(
        "error_description=\"Any of the following combinations of scopes is valid: user:read, "
        "entries:read, entries:write, tags:read, tags:write\"")));
    QVERIFY(window->preview()->curlCommand().contains(QStringLiteral("$TOKEN")));
}

void TestMainWindow::tickingCellChangesPreviewAndUndoRestores_data() {
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QString>("tool");
    QTest::addColumn<int>("row");
    QTest::addColumn<QStringList>("granted");
    QTest::addColumn<int>("statusBefore");
    QTest::addColumn<int>("statusAfter");
    QTest::addColumn<QString>("headerAfter");

    // entries:read granted: allowed; requiring tags:read too in the only matching row denies.
    QTest::newRow("server row tightened")
        << QStringLiteral("tags:read") << QString() << 1
        << QStringList{QStringLiteral("entries:read")} << 200 << 403
        << QStringLiteral("valid: user:read, (entries:read tags:read), entries:write");
    // No scopes: 403; dropping user:read from row 0 leaves an empty alternative, which any
    // valid token meets.
    QTest::newRow("server row emptied") << QStringLiteral("user:read") << QString() << 0
                                        << QStringList() << 403 << 200 << QString();
    QTest::newRow("tool row tightened")
        << QStringLiteral("user:read") << QStringLiteral("create_entry") << 0
        << QStringList{QStringLiteral("entries:write")} << 200 << 403
        << QStringLiteral("(entries:write user:read)");
}

void TestMainWindow::tickingCellChangesPreviewAndUndoRestores() {
    QFETCH(QString, scope);
    QFETCH(QString, tool);
    QFETCH(int, row);
    QFETCH(QStringList, granted);
    QFETCH(int, statusBefore);
    QFETCH(int, statusAfter);
    QFETCH(QString, headerAfter);

    MainWindow *window = createWindow();
    window->tokenPanel()->simulateScopes(granted);
    window->preview()->setTool(tool);
    window->editor()->showTool(tool);
    window->preview()->flush();
    QCOMPARE(window->preview()->report().decision.status(), statusBefore);
    const Policy before = window->document()->policy();
    const QString rawBefore = window->preview()->rawResponse();

    AlternativesMatrixModel *matrix = window->editor()->matrixModel();
    const int column = matrix->columnOf(scope);
    QVERIFY(column >= 0);
    const QModelIndex cell = matrix->index(row, column);
    const bool on = matrix->data(cell, Qt::CheckStateRole).toInt() != Qt::Checked;
    // Through the view, as a click would.
    QVERIFY(window->editor()
                ->findChild<QTableView *>(QStringLiteral("matrixView"))
                ->model()
                ->setData(cell, on ? Qt::Checked : Qt::Unchecked, Qt::CheckStateRole));
    QVERIFY(window->document()->isModified());
    window->preview()->flush();
    QCOMPARE(window->preview()->report().decision.status(), statusAfter);
    QCOMPARE(
        window->preview()->findChild<OutcomeBadge *>(QStringLiteral("outcomeBadge"))->outcome(),
        window->preview()->report().decision.outcome);
    QVERIFY(window->preview()->rawResponse() != rawBefore);
    if (!headerAfter.isEmpty())
        QVERIFY2(window->preview()->rawResponse().contains(headerAfter),
                 qPrintable(window->preview()->rawResponse()));

    window->document()->undoStack()->undo();
    window->preview()->flush();
    QCOMPARE(window->document()->policy(), before);
    QCOMPARE(window->preview()->rawResponse(), rawBefore);
    QVERIFY(!window->document()->isModified());
    window->document()->undoStack()->redo();
    window->preview()->flush();
    QCOMPARE(window->preview()->report().decision.status(), statusAfter);
}

void TestMainWindow::badScopeShowsErrorAndLeavesModel_data() {
    QTest::addColumn<QString>("name");
    QTest::newRow("space") << QStringLiteral("entries read");
    QTest::newRow("quote") << QStringLiteral("entries\"read");
    QTest::newRow("backslash") << QStringLiteral("a\\b");
    QTest::newRow("non-ascii") << QStringLiteral("eintr\u00e4ge");
    QTest::newRow("duplicate") << QStringLiteral("entries:read");
}

void TestMainWindow::badScopeShowsErrorAndLeavesModel() {
    QFETCH(QString, name);
    MainWindow *window = createWindow();
    PolicyEditor *editor = window->editor();
    const Policy before = window->document()->policy();

    // QTest types Latin-1 only; the rest arrives as an input method would commit it.
    bool ascii = true;
    for (QChar c : name)
        ascii = ascii && c.unicode() < 0x80;
    if (ascii)
        QTest::keyClicks(editor->findChild<QLineEdit *>(QStringLiteral("newScope")), name);
    else
        editor->findChild<QLineEdit *>(QStringLiteral("newScope"))->insert(name);
    QVERIFY(!editor->findChild<QLabel *>(QStringLiteral("scopeError"))->isHidden());
    QVERIFY(!editor->findChild<QLabel *>(QStringLiteral("scopeError"))->text().isEmpty());
    QTest::keyClick(editor->findChild<QLineEdit *>(QStringLiteral("newScope")), Qt::Key_Return);
    QCOMPARE(window->document()->policy(), before);

    // Typing the bad name over a catalog row's name says why as it is typed ...
    editor->findChild<QLineEdit *>(QStringLiteral("newScope"))->clear();
    QTableView *catalogView = editor->findChild<QTableView *>(QStringLiteral("catalogView"));
    catalogView->setCurrentIndex(editor->catalogModel()->index(0, ScopeCatalogModel::Name));
    catalogView->edit(catalogView->currentIndex());
    auto *nameEditor = catalogView->findChild<QLineEdit *>(QStringLiteral("scopeNameEditor"));
    QVERIFY(nameEditor);
    nameEditor->selectAll();
    if (ascii)
        QTest::keyClicks(nameEditor, name);
    else
        nameEditor->insert(name);
    QVERIFY(!editor->findChild<QLabel *>(QStringLiteral("renameError"))->isHidden());
    QVERIFY(!nameEditor->toolTip().isEmpty());
    QTest::keyClick(nameEditor, Qt::Key_Return);
    QCOMPARE(window->document()->policy(), before);
    QVERIFY(!editor->findChild<QLabel *>(QStringLiteral("renameError"))
                 ->isHidden()); // the refusal stays readable, at the catalog
    QVERIFY(editor->findChild<QLabel *>(QStringLiteral("scopeError"))->isHidden());

    // ... and renaming through the model is refused the same way.
    ScopeCatalogModel *catalog = editor->catalogModel();
    QSignalSpy refused(catalog, &ScopeCatalogModel::editRefused);
    QVERIFY(!catalog->setData(catalog->index(0, ScopeCatalogModel::Name), name));
    QCOMPARE(refused.size(), 1);
    QCOMPARE(window->document()->policy(), before);
    QCOMPARE(window->document()->undoStack()->count(), 0);
    QVERIFY(!editor->findChild<QLabel *>(QStringLiteral("renameError"))->isHidden());
}

void TestMainWindow::saveThenOpenRoundTrips() {
    MainWindow *window = createWindow();
    AlternativesMatrixModel *matrix = window->editor()->matrixModel();
    QVERIFY(matrix->setData(matrix->index(0, matrix->columnOf(QStringLiteral("tags:read"))),
                            Qt::Checked, Qt::CheckStateRole));
    const QString fileName = m_files.filePath(QStringLiteral("roundtrip.json"));
    QVERIFY(window->saveAs(fileName));
    QVERIFY(!window->document()->isModified());
    QVERIFY(window->windowTitle().contains(QStringLiteral("roundtrip.json")));
    const Policy saved = window->document()->policy();

    window->newPolicy();
    QVERIFY(window->document()->policy() != saved);
    QVERIFY(window->openFile(fileName));
    QCOMPARE(window->document()->policy(), saved);
    QCOMPARE(window->document()->policy().validScopeCombinations.at(0),
             (QStringList{QStringLiteral("user:read"), QStringLiteral("tags:read")}));
    QCOMPARE(window->recentFiles().value(0), QFileInfo(fileName).absoluteFilePath());

    // A broken file is refused and the open policy stays.
    const QString broken = m_files.filePath(QStringLiteral("broken.json"));
    QFile file(broken);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("{\"scopebench\": 2}");
    file.close();
    QVERIFY(!window->openFile(broken));
    QCOMPARE(window->document()->policy(), saved);
}

void TestMainWindow::closeWithUnsavedChangesAsks_data() {
    QTest::addColumn<bool>("edit");
    QTest::addColumn<int>("answer");
    QTest::addColumn<int>("questions");
    QTest::addColumn<bool>("closed");
    QTest::newRow("unchanged") << false << int(QMessageBox::Cancel) << 0 << true;
    QTest::newRow("cancel") << true << int(QMessageBox::Cancel) << 1 << false;
    QTest::newRow("discard") << true << int(QMessageBox::Discard) << 1 << true;
    QTest::newRow("save") << true << int(QMessageBox::Save) << 1 << true;
}

void TestMainWindow::closeWithUnsavedChangesAsks() {
    QFETCH(bool, edit);
    QFETCH(int, answer);
    QFETCH(int, questions);
    QFETCH(bool, closed);
    MainWindow *window = createWindow();
    const QString fileName = m_files.filePath(QStringLiteral("close.json"));
    QFile::remove(fileName);
    window->setFileChooser([&](MainWindow::FileChoice) { return fileName; });
    window->setUnsavedQuestion([&](const QString &question) {
        ++m_questions;
        [&] { QVERIFY(question.contains(QStringLiteral("EpicMe journal"))); }();
        return QMessageBox::StandardButton(answer);
    });
    if (edit)
        window->editor()->addAlternative();
    QCOMPARE(window->close(), closed);
    QCOMPARE(m_questions, questions);
    QCOMPARE(QFile::exists(fileName), answer == QMessageBox::Save && edit);
}

void TestMainWindow::lintFindingMarksRowAndJumps() {
    MainWindow *window = createWindow();
    PolicyEditor *editor = window->editor();
    editor->showTool(QStringLiteral("get_tag"));
    // Duplicate row 0 of get_tag: the copy (row 1) repeats it.
    editor->findChild<QTableView *>(QStringLiteral("matrixView"))
        ->setCurrentIndex(editor->matrixModel()->index(0, 0));
    editor->duplicateAlternative();
    AlternativesMatrixModel *matrix = editor->matrixModel();
    QCOMPARE(matrix->rowCount(), 2);
    QVERIFY(matrix->findingsAt(0).isEmpty());
    QVERIFY(!matrix->findingsAt(1).isEmpty());
    QVERIFY(matrix->headerData(1, Qt::Vertical, Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("warning")));
    QVERIFY(matrix->data(matrix->index(1, 0), Qt::BackgroundRole).isValid());
    QVERIFY(!matrix->data(matrix->index(0, 0), Qt::BackgroundRole).isValid());

    // The findings list jumps there from anywhere.
    editor->showTool(QString());
    FindingsModel *findings = editor->findingsModel();
    int row = -1;
    for (int i = 0; i < findings->rowCount(); ++i) {
        if (findings->findingAt(i).location.tool == QLatin1String("get_tag"))
            row = i;
    }
    QVERIFY(row >= 0);
    const QRect rect = editor->findChild<QTableView *>(QStringLiteral("findingsView"))
                           ->visualRect(findings->index(row, 2));
    QTest::mouseClick(editor->findChild<QTableView *>(QStringLiteral("findingsView"))->viewport(),
                      Qt::LeftButton, {}, rect.center());
    QCOMPARE(matrix->tool(), QStringLiteral("get_tag"));
    QCOMPARE(editor->findChild<QTableView *>(QStringLiteral("matrixView"))->currentIndex().row(),
             1);
}

void TestMainWindow::normalizePreviewListsRemovals() {
    MainWindow *window = createWindow();
    PolicyEditor *editor = window->editor();
    editor->findChild<QTableView *>(QStringLiteral("matrixView"))
        ->setCurrentIndex(editor->matrixModel()->index(1, 0));
    editor->duplicateAlternative();
    AlternativesMatrixModel *matrix = editor->matrixModel();
    // Row 3 (entries:write) gains entries:read: a superset of row 1, absorbed.
    QVERIFY(matrix->setData(matrix->index(3, matrix->columnOf(QStringLiteral("entries:read"))),
                            Qt::Checked, Qt::CheckStateRole));
    const Policy edited = window->document()->policy();

    QStringList shown;
    window->setDialogRunner([&](QDialog *dialog) {
        shown = qobject_cast<NormalizeDialog *>(dialog)->changeTexts();
        return int(QDialog::Rejected);
    });
    window->normalize();
    QCOMPARE(shown.size(), 2);
    QVERIFY(shown.join(u'\n').contains(QStringLiteral("entries:read")));
    QCOMPARE(window->document()->policy(), edited); // rejected: nothing changed

    window->setDialogRunner([](QDialog *) { return int(QDialog::Accepted); });
    window->normalize();
    // The duplicate and the absorbed (entries:write entries:read) are gone.
    QCOMPARE(window->document()->policy().validScopeCombinations.size(), 4);
    window->document()->undoStack()->undo();
    QCOMPARE(window->document()->policy(), edited);
}

void TestMainWindow::settingsHoldNoSecrets() {
    const QString token =
        QStringLiteral("eyJhbGciOiJub25lIn0.eyJzY29wZSI6InRhZ3M6cmVhZCJ9.c2VjcmV0dG9rZW4");
    const QString secret = QStringLiteral("s3cr3t-client-password");
    const QString urlPassword = QStringLiteral("url-pa55word-7d");
    const QString externalSecret = QStringLiteral("external-s3cr3t-4b");
    const QString externalUrlPassword = QStringLiteral("external-url-pa55-e1");
    QList<int> splitterSizes;
    {
        MainWindow *window = createWindow();
        window->tokenPanel()->setPastedToken(token);
        IntrospectionSettings request;
        request.url =
            QUrl(QStringLiteral("http://workbench:%1@127.0.0.1:9/introspect").arg(urlPassword));
        request.clientId = QStringLiteral("workbench");
        request.clientSecret = secret;
        window->tokenPanel()->setIntrospectionSettings(request);
        IntrospectionSettings external;
        external.url = QUrl(
            QStringLiteral("https://rs:%1@as.example/oauth/introspect").arg(externalUrlPassword));
        external.authMethod = IntrospectionSettings::AuthMethod::ClientSecretPost;
        external.clientId = QStringLiteral("external-rs");
        external.clientSecret = externalSecret;
        window->serverPanel()->setUseExternalIntrospection(true);
        window->serverPanel()->setExternalIntrospection(external);
        window->serverPanel()->setListenAddress(QStringLiteral("0.0.0.0"), 8788);
        window->findChild<QDockWidget *>(QStringLiteral("serverDock"))->hide();
        auto *splitter = window->findChild<QSplitter *>(QStringLiteral("editorSplitter"));
        splitter->setSizes({300, 100});
        splitterSizes = splitter->sizes();
        QVERIFY(window->close());
    }
    cleanup();
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(settings.fileName()));
    const QByteArray written = file.readAll();
    QVERIFY(written.contains("introspect")); // the session was saved ...
    QVERIFY(written.contains("workbench"));
    QVERIFY(written.contains("external-rs"));
    QVERIFY(written.contains("as.example/oauth/introspect"));
    QVERIFY(!written.contains(token.toUtf8())); // ... without the token or the secrets
    QVERIFY(!written.contains(token.left(20).toUtf8()));
    for (const QString &hidden : {secret, urlPassword, externalSecret, externalUrlPassword})
        QVERIFY2(!written.contains(hidden.toUtf8()), qPrintable(hidden));
    QVERIFY(!written.contains("0.0.0.0")); // nor a listen address off loopback
    for (const QString &key : settings.allKeys()) {
        QVERIFY2(!key.contains(QStringLiteral("secret"), Qt::CaseInsensitive), qPrintable(key));
        QVERIFY2(!key.contains(QStringLiteral("token"), Qt::CaseInsensitive), qPrintable(key));
    }

    // The layout comes back, and the secret does not.
    MainWindow *window = createWindow();
    QCOMPARE(window->tokenPanel()->introspectionSettings().clientId, QStringLiteral("workbench"));
    QCOMPARE(window->tokenPanel()->introspectionSettings().url,
             QUrl(QStringLiteral("http://127.0.0.1:9/introspect")));
    QVERIFY(window->tokenPanel()->introspectionSettings().clientSecret.isEmpty());
    const IntrospectionSettings external = window->serverPanel()->externalIntrospection();
    QVERIFY(window->serverPanel()->usesExternalIntrospection());
    QCOMPARE(external.url, QUrl(QStringLiteral("https://as.example/oauth/introspect")));
    QCOMPARE(external.clientId, QStringLiteral("external-rs"));
    QVERIFY(external.clientSecret.isEmpty());
    QCOMPARE(window->serverPanel()->listenHost(), QStringLiteral("127.0.0.1"));
    QCOMPARE(window->serverPanel()->listenPort(), quint16(8788));
    QVERIFY(window->tokenPanel()
                ->findChild<QLineEdit *>(QStringLiteral("tokenEdit"))
                ->text()
                .isEmpty());
    QVERIFY(window->findChild<QDockWidget *>(QStringLiteral("serverDock"))->isHidden());
    // The splitter keeps its proportions (the editor is taller now that the server dock is gone).
    const QList<int> sizes =
        window->findChild<QSplitter *>(QStringLiteral("editorSplitter"))->sizes();
    const double before = double(splitterSizes.at(0)) / splitterSizes.at(1);
    const double after = double(sizes.at(0)) / sizes.at(1);
    QVERIFY2(qAbs(after - before) < 0.1,
             qPrintable(QStringLiteral("%1 vs %2").arg(after).arg(before)));
}

void TestMainWindow::wideListenAddressIsNeverRestored_data() {
    QTest::addColumn<QString>("saved");
    QTest::addColumn<QString>("restored");
    QTest::newRow("any IPv4") << QStringLiteral("0.0.0.0") << QStringLiteral("127.0.0.1");
    QTest::newRow("LAN") << QStringLiteral("192.168.1.20") << QStringLiteral("127.0.0.1");
    QTest::newRow("any IPv6") << QStringLiteral("::") << QStringLiteral("127.0.0.1");
    QTest::newRow("garbage") << QStringLiteral("my-laptop") << QStringLiteral("127.0.0.1");
    QTest::newRow("empty") << QString() << QStringLiteral("127.0.0.1");
    QTest::newRow("IPv6 loopback") << QStringLiteral("::1") << QStringLiteral("::1");
    QTest::newRow("localhost") << QStringLiteral("localhost") << QStringLiteral("localhost");
}

// A settings file from an earlier version (or edited by hand) cannot expose the server.
void TestMainWindow::wideListenAddressIsNeverRestored() {
    QFETCH(QString, saved);
    QFETCH(QString, restored);
    {
        QSettings settings;
        settings.setValue(QStringLiteral("server/host"), saved);
        settings.setValue(QStringLiteral("server/port"), 8790);
    }
    MainWindow *window = createWindow();
    QCOMPARE(window->serverPanel()->listenHost(), restored);
    QCOMPARE(window->serverPanel()->listenPort(), quint16(8790));
}

void TestMainWindow::startingOffLoopbackAsksTheWindowsQuestion() {
    MainWindow *window = createWindow();
    QStringList questions;
    window->setExposureQuestion([&](const QString &question) {
        questions.append(question);
        return false;
    });
    ServerPanel *server = window->serverPanel();
    server->setListenAddress(QStringLiteral("0.0.0.0"), 0);
    server->start();
    QCOMPARE(questions.size(), 1);
    QVERIFY(questions.at(0).contains(QStringLiteral("0.0.0.0")));
    QVERIFY(!server->isRunning());
    QVERIFY(window->statusBar()->currentMessage().contains(QStringLiteral("Not started")));
}

void TestMainWindow::titleShowsNameFileAndModified() {
    MainWindow *window = createWindow();
    QVERIFY(window->windowTitle().contains(QStringLiteral("EpicMe journal")));
    QVERIFY(!window->isWindowModified());
    window->editor()->addAlternative();
    QVERIFY(window->isWindowModified());
    window->document()->undoStack()->undo();
    QVERIFY(!window->isWindowModified());
}

void TestMainWindow::typingUpdatesPreviewAndMergesIntoOneUndo() {
    MainWindow *window = createWindow();
    auto *realm = window->findChild<QLineEdit *>(QStringLiteral("policyRealm"));
    QVERIFY(realm);
    realm->setFocus();
    realm->end(false);
    QSignalSpy updated(window->preview(), &DecisionPreview::updated);
    QTest::keyClicks(realm, QStringLiteral("Dev"));
    // Coalesced: one recomputation for the keystrokes of one event-loop turn at most.
    QVERIFY(updated.wait());
    QVERIFY(window->preview()->rawResponse().contains(QStringLiteral("realm=\"EpicMeDev\"")));
    QCOMPARE(window->document()->undoStack()->count(), 1);
    window->document()->undoStack()->undo();
    window->preview()->flush();
    QCOMPARE(window->document()->policy().realm, QStringLiteral("EpicMe"));
    QCOMPARE(realm->text(), QStringLiteral("EpicMe"));
    QVERIFY(window->preview()->rawResponse().contains(QStringLiteral("realm=\"EpicMe\"")));
}

void TestMainWindow::matrixKeyboard_data() {
    QTest::addColumn<int>("key");
    QTest::addColumn<int>("modifiers");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("currentRow");
    QTest::newRow("insert adds") << int(Qt::Key_Insert) << int(Qt::NoModifier) << 6 << 1;
    QTest::newRow("delete removes") << int(Qt::Key_Delete) << int(Qt::NoModifier) << 4 << 1;
    QTest::newRow("ctrl+d duplicates") << int(Qt::Key_D) << int(Qt::ControlModifier) << 6 << 1;
    QTest::newRow("alt+down moves") << int(Qt::Key_Down) << int(Qt::AltModifier) << 5 << 2;
    QTest::newRow("space ticks") << int(Qt::Key_Space) << int(Qt::NoModifier) << 5 << 1;
}

void TestMainWindow::matrixKeyboard() {
    QFETCH(int, key);
    QFETCH(int, modifiers);
    QFETCH(int, rows);
    QFETCH(int, currentRow);
    MainWindow *window = createWindow();
    // Shortcuts go to the active window only.
    window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(window));
    QTableView *view = window->editor()->findChild<QTableView *>(QStringLiteral("matrixView"));
    view->setCurrentIndex(view->model()->index(1, 0));
    view->setFocus();
    const Policy before = window->document()->policy();
    QTest::keyClick(view, Qt::Key(key), Qt::KeyboardModifiers(modifiers));
    QCOMPARE(view->model()->rowCount(), rows);
    QCOMPARE(view->currentIndex().row(), currentRow);
    QVERIFY(window->document()->policy() != before);
    window->document()->undoStack()->undo();
    QCOMPARE(window->document()->policy(), before);
}

void TestMainWindow::shoot(QWidget *widget, const QString &name) {
    m_window->preview()->flush();
    QCoreApplication::processEvents();
    const QPixmap pixmap = widget->grab();
    QVERIFY(!pixmap.isNull());
    QCOMPARE(pixmap.size(), widget->size());
    // Every state fits the 1366x768 screen the window was sized for.
    QCOMPARE(widget->size(), QSize(1366, 768));
    const QString dir = qEnvironmentVariable("SCOPEBENCH_SCREENSHOTS");
    if (!dir.isEmpty()) {
        QDir().mkpath(dir);
        QVERIFY(pixmap.save(QDir(dir).filePath(name + QStringLiteral(".png"))));
    }
    // The same state on a 1024x768 screen, the smallest the app is made for.
    widget->resize(1024, 768);
    m_window->preview()->flush();
    QCoreApplication::processEvents();
    const QPixmap small = widget->grab();
    // Every state fits that screen too: nothing shown widens the window (tst_ui_layout).
    QCOMPARE(small.size(), QSize(1024, 768));
    if (!dir.isEmpty())
        QVERIFY(small.save(QDir(dir).filePath(name + QStringLiteral("-1024x768.png"))));
    widget->resize(1366, 768);
    QCoreApplication::processEvents();
}

void TestMainWindow::screenshots() {
    MainWindow *window = createWindow();
    shoot(window, QStringLiteral("first-start-403"));

    window->tokenPanel()->simulateScopes({QStringLiteral("entries:read")});
    window->preview()->setTool(QStringLiteral("create_entry"));
    window->editor()->showTool(QStringLiteral("create_entry"));
    window->preview()->flush();
    QCOMPARE(window->preview()->report().decision.status(), 403);
    shoot(window, QStringLiteral("tool-403-missing-scope"));

    window->tokenPanel()->simulateScopes({QStringLiteral("entries:write")});
    window->preview()->flush();
    QCOMPARE(window->preview()->report().decision.outcome, Outcome::Allow);
    shoot(window, QStringLiteral("tool-allow"));

    window->editor()->showTool(QString());
    window->editor()
        ->findChild<QTableView *>(QStringLiteral("matrixView"))
        ->setCurrentIndex(window->editor()->matrixModel()->index(1, 0));
    window->editor()->duplicateAlternative();
    window->preview()->setTool(QString());
    shoot(window, QStringLiteral("lint-finding"));
    window->document()->undoStack()->undo();

    // The policy settings: exp required, so the simulated token without one is a 401.
    PolicySettingsPanel *settingsPanel =
        window->editor()->findChild<PolicySettingsPanel *>(QStringLiteral("policySettings"));
    window->editor()
        ->findChild<QTabWidget *>(QStringLiteral("editorTabs"))
        ->setCurrentWidget(settingsPanel);
    window->tokenPanel()->simulateScopes({QStringLiteral("entries:read")});
    settingsPanel->findChild<QLineEdit *>(QStringLiteral("challengeDescription"))->setFocus();
    QTest::keyClicks(settingsPanel->findChild<QLineEdit *>(QStringLiteral("challengeDescription")),
                     QStringLiteral("This needs one of: {alternatives}"));
    QTest::mouseClick(settingsPanel->findChild<QCheckBox *>(QStringLiteral("requireExpiry")),
                      Qt::LeftButton);
    settingsPanel->findChild<QPlainTextEdit *>(QStringLiteral("authorizationServers"))
        ->insertPlainText(QStringLiteral("https://auth.example.com"));
    window->preview()->flush();
    QCOMPARE(window->preview()->report().decision.status(), 401);
    shoot(window, QStringLiteral("policy-settings"));
    while (window->document()->undoStack()->canUndo())
        window->document()->undoStack()->undo();
    window->editor()->findChild<QTabWidget *>(QStringLiteral("editorTabs"))->setCurrentIndex(0);

    window->tokenPanel()->setPastedToken(
        QStringLiteral("eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCJ9."
                       "eyJpc3MiOiJodHRwczovL2FzLmV4YW1wbGUiLCJzdWIiOiJ1c2VyLTEiLCJzY29wZSI6ImVudHJ"
                       "pZXM6cmVhZCIsImV4cCI6MTc5NTY1MjAwMH0."
                       "c2lnbmF0dXJl"));
    window->preview()->flush();
    QCOMPARE(window->preview()->report().decision.outcome, Outcome::NeedsIntrospection);
    shoot(window, QStringLiteral("pasted-jwt"));

    // Live introspection against the built-in test authorization server.
    TestAuthorizationServer::Settings settings;
    settings.clientId = QStringLiteral("resource-server");
    settings.clientSecret = QStringLiteral("screenshot-secret");
    settings.catalog = window->document()->policy().catalogNames();
    TestAuthorizationServerHost host(settings);
    QVERIFY(host.listen().ok());
    const auto issued = host.authorizationServer()->mint(
        {QStringLiteral("entries:read"), QStringLiteral("entries:write")}, 3600, QString());
    window->tokenPanel()->setPastedToken(issued.accessToken);
    IntrospectionSettings request;
    request.url = QUrl(host.authorizationServer()->introspectionEndpoint());
    request.clientId = settings.clientId;
    request.clientSecret = settings.clientSecret;
    window->tokenPanel()->setIntrospectionSettings(request);
    window->preview()->setTool(QStringLiteral("create_entry"));
    window->editor()->showTool(QStringLiteral("create_entry"));
    QSignalSpy changed(window->tokenPanel(), &TokenPanel::inputChanged);
    window->tokenPanel()->startIntrospection();
    QVERIFY(changed.wait(10000));
    window->preview()->flush();
    QCOMPARE(window->preview()->report().decision.outcome, Outcome::Allow);
    shoot(window, QStringLiteral("introspected-allow"));

    // The embedded server with some traffic, then Mint token for the tool.
    ServerPanel *server = window->serverPanel();
    server->setListenAddress(QStringLiteral("127.0.0.1"), 0);
    QSignalSpy running(server, &ServerPanel::runningChanged);
    server->start();
    QVERIFY(running.wait(10000));
    const QUrl url(server->backend()->endpoints().endpointUrl);
    QNetworkAccessManager network;
    const auto send = [&](const QStringList *scopes, const QByteArray &body) {
        QNetworkRequest request(url);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QByteArrayLiteral("application/json"));
        request.setRawHeader("Accept", "application/json, text/event-stream");
        if (scopes) {
            MintRequest mint;
            mint.scopes = *scopes;
            request.setRawHeader("Authorization",
                                 "Bearer " + server->backend()->mintToken(mint).value().toUtf8());
        }
        QNetworkReply *reply = network.post(request, body);
        QSignalSpy finished(reply, &QNetworkReply::finished);
        QVERIFY(finished.wait(10000));
        reply->deleteLater();
    };
    const QByteArray initialize =
        QByteArrayLiteral("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                          "\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{"
                          "\"name\":\"screenshot\",\"version\":\"1\"}}}");
    const QByteArray createEntry = QByteArrayLiteral(
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":"
        "\"create_entry\",\"arguments\":{\"title\":\"t\",\"content\":\"c\"}}}");
    const QStringList none;
    const QStringList reader{QStringLiteral("entries:read")};
    send(nullptr, initialize);
    send(&none, initialize);
    send(&reader, initialize);
    send(&reader, createEntry);
    // Four MCP requests, each new token also introspected over HTTP on the same listener (three
    // tokens): seven requests in the log and in the counters.
    QVERIFY(QTest::qWaitFor([&] { return server->logModel()->rowCount() >= 7; }, 10000));
    QVERIFY(QTest::qWaitFor(
        [&] { return server->countersText().contains(QStringLiteral("Requests 7")); }, 10000));
    server->findChild<QLineEdit *>(QStringLiteral("mintScopes"))
        ->setText(QStringLiteral("entries:write"));
    server->mintToken();
    QVERIFY(QTest::qWaitFor(
        [&] {
            return window->tokenPanel()->input().knowledge.state == TokenKnowledge::State::Known;
        },
        10000));
    window->preview()->flush();
    QCOMPARE(window->preview()->report().decision.outcome, Outcome::Allow);
    shoot(window, QStringLiteral("server-running"));
    server->stop();

    // The endpoint asking an external introspection server (here the test server above).
    QVERIFY(QTest::qWaitFor([&] { return !server->isRunning(); }, 10000));
    IntrospectionSettings external;
    external.url = QUrl(host.authorizationServer()->introspectionEndpoint());
    external.clientId = settings.clientId;
    external.clientSecret = settings.clientSecret;
    server->setUseExternalIntrospection(true);
    server->setExternalIntrospection(external);
    server->start();
    QVERIFY(running.wait(10000));
    QVERIFY(server->isRunning());
    server->logModel()->flush();
    server->logModel()->clear();
    QCOMPARE(fixtures::postMcp(network, server->backend()->endpoints().endpointUrl,
                               QStringLiteral("Bearer ") + issued.accessToken),
             200);
    QVERIFY(QTest::qWaitFor([&] { return server->logModel()->rowCount() >= 1; }, 10000));
    // The token panel asks the same external server about the same token.
    window->tokenPanel()->setPastedToken(issued.accessToken);
    window->tokenPanel()->setIntrospectionSettings(request);
    window->tokenPanel()->startIntrospection();
    QVERIFY(changed.wait(10000));
    window->preview()->flush();
    QCOMPARE(window->preview()->report().decision.outcome, Outcome::Allow);
    shoot(window, QStringLiteral("external-introspection"));
    server->stop();
}

QTEST_MAIN(TestMainWindow)
#include "tst_ui_mainwindow.moc"
