#pragma once

#include "LoggedRequest.h"
#include "ServerBackend.h"

#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLayout;
class QLabel;
class QLineEdit;
class QModelIndex;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTableView;
class QTimer;

namespace scopebench {

class PolicyDocument;
class RequestLogModel;

// The embedded endpoint: where it listens, Start/Stop with the edited policy (edits apply live),
// its URLs and test client, Mint token, counters and the live request log.
class ServerPanel : public QWidget {
    Q_OBJECT
public:
    // Asked before every start on an address other machines may reach; true: start anyway.
    using ExposureQuestion = std::function<bool(const QString &question)>;

    explicit ServerPanel(PolicyDocument *document, QWidget *parent = nullptr);

    // Replaces the warning dialog (tests answer without a modal dialog).
    void setExposureQuestion(ExposureQuestion question) { m_askExposure = std::move(question); }
    // Running on an address other than loopback: the warning in the panel is shown.
    bool isExposed() const;

    // Not owned; null: the panel explains that no endpoint is available.
    void setBackend(ServerBackend *backend);
    ServerBackend *backend() const { return m_backend; }
    bool isRunning() const;

    QString listenHost() const;
    quint16 listenPort() const;
    void setListenAddress(const QString &host, quint16 port);

    // An external RFC 7662 server instead of the built-in test authorization server, used from
    // the next start. The secret (or bearer token) is held by the panel in memory only.
    bool usesExternalIntrospection() const;
    void setUseExternalIntrospection(bool external);
    IntrospectionSettings externalIntrospection() const;
    void setExternalIntrospection(const IntrospectionSettings &settings);

    RequestLogModel *logModel() const { return m_log; }
    QSortFilterProxyModel *filteredLog() const { return m_filtered; }
    QString countersText() const;

public Q_SLOTS:
    void start();
    void stop();
    void mintToken();
    bool exportLog(const QString &fileName, bool csv);

Q_SIGNALS:
    void runningChanged(bool running);
    // The endpoint's URLs and test client, sent on every start and stop.
    void endpointsChanged(const scopebench::EndpointAddresses &endpoints);
    void tokenMinted(const QString &token);
    void message(const QString &text);
    // A log row was clicked (or Enter pressed on it) and the endpoint remembers its decision:
    // the preview shows it.
    void requestChosen(const scopebench::LoggedRequest &request);

private:
    QWidget *createControls();
    void createIntrospection(QFormLayout *form);
    QWidget *createLog();
    void refresh();
    void refreshCounters();
    void chooseExport(bool csv);
    void chooseRequest(const QModelIndex &index);

    PolicyDocument *m_document;
    ServerBackend *m_backend = nullptr;
    RequestLogModel *m_log;
    QSortFilterProxyModel *m_filtered;
    QTimer *m_counterTimer;

    QLineEdit *m_host = nullptr;
    QSpinBox *m_port = nullptr;
    QPushButton *m_startStop = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_exposure = nullptr;
    QLabel *m_urls = nullptr;
    QLineEdit *m_clientId = nullptr;
    QLineEdit *m_clientSecret = nullptr;
    QLineEdit *m_mintScopes = nullptr;
    QSpinBox *m_mintLifetime = nullptr;
    QLineEdit *m_mintAudience = nullptr;
    QPushButton *m_mint = nullptr;
    QLabel *m_counters = nullptr;
    QComboBox *m_introspectionSource = nullptr;
    QCheckBox *m_introspectEveryRequest = nullptr;
    QComboBox *m_tokenFormat = nullptr;
    QLineEdit *m_externalUrl = nullptr;
    QComboBox *m_externalAuth = nullptr;
    QLineEdit *m_externalClientId = nullptr;
    QLineEdit *m_externalSecret = nullptr;
    // Whether the running endpoint asks an external server (it then has no test client).
    bool m_runningExternal = false;
    // The host the endpoint was started on.
    QString m_runningHost;
    ExposureQuestion m_askExposure;
    QList<QLayout *> m_externalRows;
    QList<QLayout *> m_builtInRows;
    QLineEdit *m_filter = nullptr;
    QTableView *m_logView = nullptr;
};

} // namespace scopebench
