#pragma once

#include <QPointer>
#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace scopebench {

class ConformanceRun;
class PolicyDocument;

// Probes a real MCP server against the policy being edited (docs/probe.md, docs/desktop-app.md):
// the server URL and client settings, Run/Cancel with progress, the matrix of cases x operations
// coloured by match, a cell's predicted and observed answers side by side with the differing
// lines marked plus its part of the transcript, the findings, and export as JSON or JUnit. The
// client secret lives only in the field: it is never saved.
class ProbePanel : public QWidget {
    Q_OBJECT
public:
    explicit ProbePanel(PolicyDocument *document, QWidget *parent = nullptr);
    ~ProbePanel() override;

    // Where an export goes; the default asks with a file dialog. Tests replace it.
    using FileChooser = std::function<QString(const QString &suggestedName)>;
    void setFileChooser(FileChooser chooser) { m_chooseFile = std::move(chooser); }
    void setServerUrl(const QString &url);

public Q_SLOTS:
    void run();
    void cancel();

Q_SIGNALS:
    void finished(bool allMatch);

private:
    void onFinished();
    void showCell(int row, int column);
    void exportTo(bool junit);

    PolicyDocument *m_document;
    QLineEdit *m_url;
    QComboBox *m_grant;
    QComboBox *m_authorize;
    QLineEdit *m_clientId;
    QLineEdit *m_clientSecret;
    QSpinBox *m_maxAuthorizations;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_summary;
    QTableWidget *m_matrix;
    QPlainTextEdit *m_predicted;
    QPlainTextEdit *m_observed;
    QPlainTextEdit *m_transcript;
    QListWidget *m_findings;
    QPushButton *m_exportJson;
    QPushButton *m_exportJunit;
    QPointer<ConformanceRun> m_conformance;
    FileChooser m_chooseFile;
};

} // namespace scopebench
