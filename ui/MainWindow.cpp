#include "MainWindow.h"

#include "AccessDiffDialog.h"
#include "AlternativesMatrixModel.h"
#include "ClientTokenIntrospector.h"
#include "CoverageModel.h"
#include "CoveragePanel.h"
#include "DecisionPreview.h"
#include "Documentation.h"
#include "EndpointServerBackend.h"
#include "FieldUndoRouter.h"
#include "LookupTokenVerifier.h"
#include "NormalizeDialog.h"
#include "PolicyDocument.h"
#include "PolicyEditor.h"
#include "PolicySnapshotCommand.h"
#include "ProbePanel.h"
#include "ServerPanel.h"
#include "TokenPanel.h"
#include "http/ListenAddress.h"

#include "policy/PolicyFile.h"
#include "policy/PolicyNormalizer.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenuBar>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QUndoStack>

namespace scopebench {

namespace {

constexpr int MaxRecentFiles = 8;

QDockWidget *dock(const QString &title, const QString &name, QWidget *content, QWidget *parent) {
    auto *widget = new QDockWidget(title, parent);
    widget->setObjectName(name);
    widget->setWidget(content);
    widget->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                        QDockWidget::DockWidgetClosable);
    return widget;
}

// What of an introspection URL may be saved: an absolute URL with a host, without user info;
// anything else is not saved at all (a password typed without a scheme is no URL to strip).
QString savableUrl(const QString &text) {
    const QUrl url = QUrl(text.trimmed()).adjusted(QUrl::RemoveUserInfo);
    if (!url.isValid() || url.isRelative() || url.host().isEmpty())
        return QString();
    return url.toString();
}

// A listen address is restored only when it keeps the endpoint on this machine.
QString restorableHost(const QString &host) {
    return ListenAddress::isLoopback(host) ? host.trimmed() : ListenAddress::defaultHost();
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_document(new PolicyDocument(this))
    , m_editor(new PolicyEditor(m_document, this)) {
    setObjectName(QStringLiteral("MainWindow"));
    setCentralWidget(m_editor);
    m_askUnsaved = [this](const QString &question) {
        return QMessageBox::question(this, tr("Unsaved changes"), question,
                                     QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel,
                                     QMessageBox::Save);
    };
    m_runDialog = [](QDialog *dialog) { return dialog->exec(); };
    m_chooseFile = [this](FileChoice choice) {
        const QString filter = tr("Scopebench policies (*.json);;All files (*)");
        if (choice == FileChoice::Open)
            return QFileDialog::getOpenFileName(this, tr("Open policy"), QString(), filter);
        return QFileDialog::getSaveFileName(this, tr("Save policy"), m_document->fileName(),
                                            filter);
    };

    createDocks();
    createMenus();
    qApp->installEventFilter(new FieldUndoRouter(this));
    statusBar();

    connect(m_document, &PolicyDocument::changed, this, &MainWindow::updateTitle);
    connect(m_document, &PolicyDocument::fileNameChanged, this, &MainWindow::updateTitle);
    connect(m_document, &PolicyDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_tokenPanel, &TokenPanel::inputChanged, m_preview, &DecisionPreview::setToken);
    connect(m_serverPanel, &ServerPanel::endpointsChanged, this,
            [this](const EndpointAddresses &endpoints) {
                m_preview->setEndpointUrl(endpoints.endpointUrl.toString());
                // One resource for the decision and the JWT's audience check: the running
                // endpoint's, else the policy's.
                m_preview->setResourceOverride(endpoints.resource);
                m_tokenPanel->setResourceOverride(endpoints.resource);
                if (endpoints.introspectionEndpoint.isEmpty())
                    return;
                IntrospectionSettings introspection = m_tokenPanel->introspectionSettings();
                introspection.url = QUrl(endpoints.introspectionEndpoint);
                introspection.authMethod = IntrospectionSettings::AuthMethod::ClientSecretBasic;
                introspection.clientId = endpoints.clientId;
                introspection.clientSecret = endpoints.clientSecret;
                m_tokenPanel->setIntrospectionSettings(introspection);
            });
    connect(m_serverPanel, &ServerPanel::tokenMinted, this, [this](const QString &token) {
        m_tokenPanel->setPastedToken(token);
        m_tokenPanel->startIntrospection();
        statusBar()->showMessage(tr("Minted a test token; introspecting it"), 5000);
    });
    connect(m_serverPanel, &ServerPanel::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    // A log row in the preview, and the editor on the level its decision turned on: the tool's
    // when the tool's scopes refused or allowed it, else the server level's.
    connect(m_serverPanel, &ServerPanel::requestChosen, this, [this](const LoggedRequest &request) {
        m_preview->showLogged(request);
        m_preview->flush();
        const Decision &decision = m_preview->report().decision;
        const bool serverRefused =
            decision.outcome == Outcome::Forbidden && !decision.serverAlternative.met;
        m_editor->showTool(serverRefused ? QString() : request.record.tool);
        statusBar()->showMessage(tr("Request #%1 from the server log is shown in the preview")
                                     .arg(request.record.sequence),
                                 5000);
    });
    // The matrix row the preview's decision rests on follows every recomputation.
    connect(m_preview, &DecisionPreview::updated, this, [this] {
        const Decision &decision = m_preview->report().decision;
        m_editor->matrixModel()->setDecision(m_preview->tool(), decision.serverAlternative,
                                             decision.toolAlternative);
    });
    m_serverPanel->setBackend(new EndpointServerBackend(this));
    m_introspector = new ClientTokenIntrospector(this);
    m_tokenPanel->setIntrospector(m_introspector);
    m_tokenPanel->setTokenVerifier(new LookupTokenVerifier(this));
    m_preview->setToken(m_tokenPanel->input());
    updateTitle();
}

MainWindow::~MainWindow() = default;

void MainWindow::setExposureQuestion(std::function<bool(const QString &question)> question) {
    m_serverPanel->setExposureQuestion(std::move(question));
}

void MainWindow::createDocks() {
    setDockNestingEnabled(true);
    m_tokenPanel = new TokenPanel(m_document, this);
    m_preview = new DecisionPreview(m_document, this);
    m_serverPanel = new ServerPanel(m_document, this);
    // The token panel grows with what it shows (introspection answers, a JWT and its checks); in
    // a scroll area it never makes the window taller than the screen (1024x768 and up).
    auto *tokenScroll = new QScrollArea(this);
    tokenScroll->setObjectName(QStringLiteral("tokenScroll"));
    tokenScroll->setWidgetResizable(true);
    tokenScroll->setFrameShape(QFrame::NoFrame);
    // Sideways too when the dock is narrower than the panel can be (a 1024-px screen), so that
    // nothing is cut off out of reach; the panel's width never widens the window.
    tokenScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    tokenScroll->setWidget(m_tokenPanel);
    auto *tokenDock = dock(tr("Token"), QStringLiteral("tokenDock"), tokenScroll, this);
    auto *previewDock =
        dock(tr("Decision preview"), QStringLiteral("previewDock"), m_preview, this);
    auto *serverDock = dock(tr("Server"), QStringLiteral("serverDock"), m_serverPanel, this);
    addDockWidget(Qt::LeftDockWidgetArea, tokenDock);
    addDockWidget(Qt::RightDockWidgetArea, previewDock);
    addDockWidget(Qt::BottomDockWidgetArea, serverDock);
    // A tab beside the lint findings it links to; a dock tabified with the server would make
    // the window taller than a 1366x768 screen.
    m_coveragePanel = new CoveragePanel(m_document, this);
    if (auto *tabs = m_editor->findChild<QTabWidget *>(QStringLiteral("editorTabs")))
        tabs->addTab(m_coveragePanel, tr("Coverage"));
    connect(m_coveragePanel, &CoveragePanel::findingRequested, this, [this](int mark) {
        if (!CoveragePanel::selectFinding(findChild<QTableView *>(QStringLiteral("findingsView")),
                                          *m_coveragePanel->model(), mark))
            statusBar()->showMessage(tr("The linter reports no finding for this"), 4000);
    });
    setCorner(Qt::BottomLeftCorner, Qt::BottomDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    resizeDocks({tokenDock, previewDock}, {260, 420}, Qt::Horizontal);
    resizeDocks({serverDock}, {210}, Qt::Vertical);
}

void MainWindow::createMenus() {
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&New"), QKeySequence::New, this, &MainWindow::newPolicy);
    file->addAction(tr("&Open\u2026"), QKeySequence::Open, this, &MainWindow::open);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(tr("Open the &Example"), this, [this] {
        if (maybeSave()) {
            m_showsExample = true;
            m_document->openExample();
        }
    });
    file->addSeparator();
    file->addAction(tr("&Save"), QKeySequence::Save, this, &MainWindow::save);
    QAction *saveAsAction =
        file->addAction(tr("Save &As\u2026"), QKeySequence::SaveAs, this, [this] { saveAs(); });
    // Plain X11 and other platforms bind no key to SaveAs; the docs promise Ctrl+Shift+S.
    QList<QKeySequence> saveAsKeys = QKeySequence::keyBindings(QKeySequence::SaveAs);
    if (!saveAsKeys.contains(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)))
        saveAsKeys.append(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    saveAsAction->setShortcuts(saveAsKeys);
    file->addAction(tr("Compare &with\u2026"), this, &MainWindow::compareWith)
        ->setObjectName(QStringLiteral("compareAction"));
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    quit->setMenuRole(QAction::QuitRole);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_document->undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setShortcuts(QKeySequence::Undo);
    QAction *redo = m_document->undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts(QKeySequence::Redo);
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    edit->addAction(tr("&Normalize\u2026"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L), this,
                    &MainWindow::normalize);

    QMenu *server = menuBar()->addMenu(tr("&Server"));
    QAction *startStop = server->addAction(tr("&Start"), QKeySequence(Qt::Key_F5), this, [this] {
        m_serverPanel->isRunning() ? m_serverPanel->stop() : m_serverPanel->start();
    });
    connect(m_serverPanel, &ServerPanel::runningChanged, startStop, [startStop](bool running) {
        startStop->setText(running ? tr("&Stop") : tr("&Start"));
    });
    QAction *mint = server->addAction(tr("&Mint Token"), QKeySequence(Qt::CTRL | Qt::Key_M),
                                      m_serverPanel, &ServerPanel::mintToken);
    mint->setEnabled(false);
    connect(m_serverPanel, &ServerPanel::runningChanged, mint, &QAction::setEnabled);

    // The probe checks a real server against the policy being edited (docs/probe.md), in a
    // window of its own: the four areas keep fitting a 1366x768 screen.
    server->addAction(tr("&Probe a Server\u2026"), this, [this] {
        auto *probe = findChild<ProbePanel *>(QStringLiteral("probePanel"));
        if (!probe) {
            probe = new ProbePanel(m_document, this);
            probe->setWindowFlag(Qt::Window);
            probe->setWindowTitle(tr("Probe \u2014 Scopebench"));
            // At most the screen: 1200x720 ran off a 1024x768 one.
            probe->resize(QSize(1200, 720).boundedTo(screen()->availableGeometry().size()));
        }
        probe->show();
        probe->raise();
        probe->activateWindow();
    });

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (QDockWidget *widget : findChildren<QDockWidget *>())
        m_viewMenu->addAction(widget->toggleViewAction());
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(tr("&Reset layout"), this, &MainWindow::resetLayout);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *documentation = help->addAction(tr("&Documentation"), QKeySequence::HelpContents, this,
                                             &MainWindow::openDocumentation);
    documentation->setObjectName(QStringLiteral("documentationAction"));
    if (Documentation::location().isEmpty()) {
        documentation->setEnabled(false);
        documentation->setStatusTip(tr("No documentation found: looked for %1")
                                        .arg(Documentation::candidates().join(tr(", "))));
    }
    help->addSeparator();
    QAction *aboutAction = help->addAction(tr("&About Scopebench"), this, &MainWindow::about);
    aboutAction->setMenuRole(QAction::AboutRole);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    updateRecentMenu();
}

namespace {

// The docks as they first open, and the size each gets across its area (a width beside the
// editor, a height below it).
struct DockPlace {
    const char *name;
    Qt::DockWidgetArea area;
    int size;
};
constexpr DockPlace DefaultDocks[] = {{"tokenDock", Qt::LeftDockWidgetArea, 260},
                                      {"previewDock", Qt::RightDockWidgetArea, 420},
                                      {"serverDock", Qt::BottomDockWidgetArea, 210}};

} // namespace

void MainWindow::resetLayout() {
    for (QDockWidget *widget : findChildren<QDockWidget *>()) {
        widget->setFloating(false);
        widget->show();
    }
    for (const DockPlace &place : DefaultDocks) {
        if (auto *widget = findChild<QDockWidget *>(QLatin1String(place.name)))
            addDockWidget(place.area, widget);
    }
    for (const DockPlace &place : DefaultDocks) {
        if (auto *widget = findChild<QDockWidget *>(QLatin1String(place.name)))
            resizeDocks({widget}, {place.size},
                        place.area == Qt::BottomDockWidgetArea ? Qt::Vertical : Qt::Horizontal);
    }
}

bool MainWindow::layoutIsSqueezed() const {
    for (const DockPlace &place : DefaultDocks) {
        auto *widget = findChild<QDockWidget *>(QLatin1String(place.name));
        if (!widget || !widget->isVisible() || widget->isFloating())
            continue;
        const int size = dockWidgetArea(widget) == Qt::BottomDockWidgetArea ||
                                 dockWidgetArea(widget) == Qt::TopDockWidgetArea
                             ? widget->height()
                             : widget->width();
        if (size < place.size * 2 / 3)
            return true;
    }
    return false;
}

void MainWindow::updateTitle() {
    const QString file = !m_document->fileName().isEmpty()
                             ? QFileInfo(m_document->fileName()).fileName()
                         : m_showsExample ? tr("bundled example")
                                          : tr("not saved yet");
    setWindowTitle(tr("%1 \u2014 %2[*] \u2014 Scopebench").arg(m_document->displayName(), file));
    setWindowModified(m_document->isModified());
}

void MainWindow::restoreSession() {
    readSettings();
    QSettings settings;
    const QString last = settings.value(QStringLiteral("session/lastFile")).toString();
    if (last.isEmpty() || !QFileInfo::exists(last) || !m_document->open(last)) {
        m_document->openExample();
        m_showsExample = true;
    }
    updateTitle();
    m_editor->focusMatrix();
}

void MainWindow::newPolicy() {
    if (maybeSave()) {
        m_showsExample = false;
        m_document->newPolicy();
    }
}

void MainWindow::open() {
    if (!maybeSave())
        return;
    const QString fileName = m_chooseFile(FileChoice::Open);
    if (!fileName.isEmpty())
        openFile(fileName);
}

bool MainWindow::openFile(const QString &fileName) {
    const Status opened = m_document->open(fileName);
    if (!opened) {
        showError(tr("Could not open the policy"), opened.error().toString());
        return false;
    }
    addRecentFile(m_document->fileName());
    statusBar()->showMessage(tr("Opened %1").arg(m_document->fileName()), 4000);
    return true;
}

bool MainWindow::save() {
    if (m_document->fileName().isEmpty())
        return saveAs();
    return saveAs(m_document->fileName());
}

bool MainWindow::saveAs(const QString &fileName) {
    QString target = fileName.isEmpty() ? m_chooseFile(FileChoice::Save) : fileName;
    if (target.isEmpty())
        return false;
    // A chosen name without a suffix gets .json, or the Open dialog's filter would hide it.
    if (fileName.isEmpty() && QFileInfo(target).suffix().isEmpty())
        target += QStringLiteral(".json");
    if (!confirmWidening(target))
        return false;
    const Status saved = m_document->save(target);
    if (!saved) {
        showError(tr("Could not save the policy"), saved.error().toString());
        return false;
    }
    addRecentFile(m_document->fileName());
    statusBar()->showMessage(tr("Saved %1").arg(m_document->fileName()), 4000);
    return true;
}

bool MainWindow::confirmWidening(const QString &target) {
    // Only a policy file that can be read has access to compare with; a new file or one that
    // is not a policy is saved without the question, as before.
    if (!QFileInfo::exists(target))
        return true;
    const Result<Policy> saved = PolicyFile::load(target);
    if (!saved)
        return true;
    const AccessDiff diff = AccessDiff::compute(saved.value(), m_document->policy());
    if (diff.verdict() != AccessDiff::Verdict::Widened)
        return true;
    AccessDiffDialog dialog(diff, QFileInfo(target).fileName(), AccessDiffDialog::Mode::ConfirmSave,
                            this);
    return m_runDialog(&dialog) == QDialog::Accepted;
}

void MainWindow::compareWith() {
    const QString fileName = m_chooseFile(FileChoice::Open);
    if (fileName.isEmpty())
        return;
    const Result<Policy> other = PolicyFile::load(fileName);
    if (!other) {
        showError(tr("Could not read the policy to compare with"), other.error().toString());
        return;
    }
    // Not modal: the diff can stay open beside the editor while the user edits on.
    auto *dialog =
        new AccessDiffDialog(AccessDiff::compute(other.value(), m_document->policy()),
                             QFileInfo(fileName).fileName(), AccessDiffDialog::Mode::Compare, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::normalize() {
    const auto outcome = PolicyNormalizer::normalize(m_document->policy());
    NormalizeDialog dialog(outcome.changes, this);
    if (m_runDialog(&dialog) != QDialog::Accepted || outcome.changes.isEmpty())
        return;
    m_document->undoStack()->push(
        new PolicySnapshotCommand(m_document, tr("Normalize"), outcome.policy));
}

bool MainWindow::maybeSave() {
    if (!m_document->isModified())
        return true;
    const auto answer =
        m_askUnsaved(tr("%1 has unsaved changes. Save them?").arg(m_document->displayName()));
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::closeEvent(QCloseEvent *event) {
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    m_serverPanel->stop();
    writeSettings();
    event->accept();
}

void MainWindow::addRecentFile(const QString &fileName) {
    m_recentFiles.removeAll(fileName);
    m_recentFiles.prepend(fileName);
    while (m_recentFiles.size() > MaxRecentFiles)
        m_recentFiles.removeLast();
    updateRecentMenu();
}

void MainWindow::updateRecentMenu() {
    m_recentMenu->clear();
    for (const QString &fileName : std::as_const(m_recentFiles)) {
        m_recentMenu
            ->addAction(QFileInfo(fileName).fileName(), this,
                        [this, fileName] {
                            if (maybeSave())
                                openFile(fileName);
                        })
            ->setToolTip(fileName);
    }
    m_recentMenu->setEnabled(!m_recentFiles.isEmpty());
}

void MainWindow::showError(const QString &what, const QString &why) {
    statusBar()->showMessage(what + QStringLiteral(": ") + why, 10000);
    auto *box = new QMessageBox(QMessageBox::Warning, what, why, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    m_runDialog(box);
}

// Only layout, recent files and non-secret connection settings: never a token or a secret.
void MainWindow::readSettings() {
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray()))
        // At most the screen: on a 1024x768 screen a 1366-px window ran off its right edge.
        resize(QSize(1366, 740).boundedTo(screen()->availableGeometry().size()));
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    for (QSplitter *splitter : findChildren<QSplitter *>()) {
        if (!splitter->objectName().isEmpty())
            splitter->restoreState(
                settings.value(QStringLiteral("splitters/") + splitter->objectName())
                    .toByteArray());
    }
    m_recentFiles = settings.value(QStringLiteral("session/recentFiles")).toStringList();
    updateRecentMenu();
    IntrospectionSettings introspection;
    introspection.url =
        QUrl(savableUrl(settings.value(QStringLiteral("introspection/url")).toString()));
    IntrospectionSettings::parseAuthMethod(
        settings.value(QStringLiteral("introspection/authMethod")).toString(),
        &introspection.authMethod);
    introspection.clientId = settings.value(QStringLiteral("introspection/clientId")).toString();
    introspection.timeoutMs =
        settings.value(QStringLiteral("introspection/timeoutMs"), introspection.timeoutMs).toInt();
    m_tokenPanel->setIntrospectionSettings(introspection);
    m_serverPanel->setListenAddress(
        restorableHost(settings.value(QStringLiteral("server/host")).toString()),
        quint16(
            settings.value(QStringLiteral("server/port"), ListenAddress::DefaultPort).toUInt()));
    IntrospectionSettings external;
    external.url =
        QUrl(savableUrl(settings.value(QStringLiteral("server/introspectionUrl")).toString()));
    IntrospectionSettings::parseAuthMethod(
        settings.value(QStringLiteral("server/introspectionAuth")).toString(),
        &external.authMethod);
    external.clientId = settings.value(QStringLiteral("server/introspectionClientId")).toString();
    m_serverPanel->setExternalIntrospection(external);
    m_serverPanel->setUseExternalIntrospection(
        settings.value(QStringLiteral("server/externalIntrospection"), false).toBool());
}

void MainWindow::writeSettings() {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    // A dock squeezed to a sliver would come back so on every start: keep the default instead.
    if (layoutIsSqueezed())
        settings.remove(QStringLiteral("window/state"));
    else
        settings.setValue(QStringLiteral("window/state"), saveState());
    for (QSplitter *splitter : findChildren<QSplitter *>()) {
        if (!splitter->objectName().isEmpty())
            settings.setValue(QStringLiteral("splitters/") + splitter->objectName(),
                              splitter->saveState());
    }
    settings.setValue(QStringLiteral("session/recentFiles"), m_recentFiles);
    settings.setValue(QStringLiteral("session/lastFile"), m_document->fileName());
    const IntrospectionSettings introspection = m_tokenPanel->introspectionSettings();
    settings.setValue(QStringLiteral("introspection/url"),
                      savableUrl(introspection.url.toString()));
    settings.setValue(QStringLiteral("introspection/authMethod"),
                      IntrospectionSettings::authMethodName(introspection.authMethod));
    settings.setValue(QStringLiteral("introspection/clientId"), introspection.clientId);
    settings.setValue(QStringLiteral("introspection/timeoutMs"), introspection.timeoutMs);
    settings.setValue(QStringLiteral("server/host"), restorableHost(m_serverPanel->listenHost()));
    settings.setValue(QStringLiteral("server/port"), m_serverPanel->listenPort());
    // Never the external server's secret.
    const IntrospectionSettings external = m_serverPanel->externalIntrospection();
    settings.setValue(QStringLiteral("server/externalIntrospection"),
                      m_serverPanel->usesExternalIntrospection());
    settings.setValue(QStringLiteral("server/introspectionUrl"),
                      savableUrl(external.url.toString()));
    settings.setValue(QStringLiteral("server/introspectionAuth"),
                      IntrospectionSettings::authMethodName(external.authMethod));
    settings.setValue(QStringLiteral("server/introspectionClientId"), external.clientId);
}

void MainWindow::openDocumentation() {
    const QUrl url = Documentation::location();
    const bool opened =
        !url.isEmpty() && (m_openUrl ? m_openUrl(url) : QDesktopServices::openUrl(url));
    if (!opened)
        statusBar()->showMessage(tr("Could not open the documentation (%1)")
                                     .arg(url.isEmpty() ? tr("not found") : url.toLocalFile()),
                                 8000);
}

void MainWindow::about() {
    QMessageBox::about(
        this, tr("About Scopebench"),
        tr("<h3>Scopebench %1</h3><p>A workbench and test server for the OAuth authorization of "
           "MCP servers: edit which scope combinations are enough, try tokens, and see the exact "
           "allow / 401 / 403 answer, byte for byte.</p>")
            .arg(QStringLiteral(SCOPEBENCH_VERSION)));
}

} // namespace scopebench
