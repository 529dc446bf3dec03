#pragma once

#include <QMainWindow>
#include <QMessageBox>

#include <functional>

class QAction;
class QMenu;

namespace scopebench {

class CoveragePanel;
class DecisionPreview;
class TokenIntrospector;
class PolicyDocument;
class PolicyEditor;
class ServerPanel;
class TokenPanel;

// The workbench: the policy editor in the centre, the token, the decision preview and the server
// in docks that can be rearranged (their layout is saved). Asks the user through replaceable
// functions, so tests run without modal dialogs.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Save, Discard or Cancel, for the question about unsaved changes.
    using UnsavedQuestion = std::function<QMessageBox::StandardButton(const QString &question)>;
    // Runs a dialog and returns its result (QDialog::Accepted / Rejected).
    using DialogRunner = std::function<int(QDialog *dialog)>;
    enum class FileChoice { Open, Save };
    // The file name chosen, or empty when cancelled.
    using FileChooser = std::function<QString(FileChoice choice)>;
    // Opens a URL outside the app (QDesktopServices by default); true when it could.
    using UrlOpener = std::function<bool(const QUrl &url)>;

    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    PolicyDocument *document() const { return m_document; }
    PolicyEditor *editor() const { return m_editor; }
    TokenPanel *tokenPanel() const { return m_tokenPanel; }
    DecisionPreview *preview() const { return m_preview; }
    ServerPanel *serverPanel() const { return m_serverPanel; }

    void setUnsavedQuestion(UnsavedQuestion question) { m_askUnsaved = std::move(question); }
    void setDialogRunner(DialogRunner runner) { m_runDialog = std::move(runner); }
    void setFileChooser(FileChooser chooser) { m_chooseFile = std::move(chooser); }
    void setUrlOpener(UrlOpener opener) { m_openUrl = std::move(opener); }
    // Asked before each start of the server on an address other machines may reach.
    void setExposureQuestion(std::function<bool(const QString &question)> question);

    // Opens the last policy, else the bundled example; restores the layout.
    void restoreSession();
    bool openFile(const QString &fileName);
    bool save();
    bool saveAs(const QString &fileName = QString());
    void newPolicy();
    void normalize();
    // View > Reset layout: every dock back where and as large as on a first start.
    void resetLayout();
    // File > Compare with...: the access diff from a policy file to the document, not modal.
    void compareWith();
    QStringList recentFiles() const { return m_recentFiles; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createDocks();
    void createMenus();
    void updateTitle();
    void updateRecentMenu();
    void addRecentFile(const QString &fileName);
    // True when it is fine to drop the current policy (saved, discarded, or nothing to save).
    bool maybeSave();
    // Before saving over a policy file: true to go on. When the document widens access compared
    // with the file, the diff is shown and the user chooses Save or Cancel.
    bool confirmWidening(const QString &target);
    void open();
    void showError(const QString &what, const QString &why);
    void readSettings();
    // True when a docked panel is much smaller than on a first start.
    bool layoutIsSqueezed() const;
    void writeSettings();
    void about();
    // Help > Documentation.
    void openDocumentation();

    PolicyDocument *m_document;
    PolicyEditor *m_editor;
    TokenPanel *m_tokenPanel = nullptr;
    DecisionPreview *m_preview = nullptr;
    ServerPanel *m_serverPanel = nullptr;
    CoveragePanel *m_coveragePanel = nullptr;
    TokenIntrospector *m_introspector = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QStringList m_recentFiles;
    // The untitled document is the bundled example (not File > New).
    bool m_showsExample = false;
    UnsavedQuestion m_askUnsaved;
    DialogRunner m_runDialog;
    FileChooser m_chooseFile;
    UrlOpener m_openUrl;
};

} // namespace scopebench
