#pragma once

#include "LoggedRequest.h"
#include "TokenInput.h"

#include "decision/CompiledPolicy.h"
#include "decision/DecisionReport.h"

#include <QWidget>

#include <functional>
#include <optional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableWidget;
class QTimer;

namespace scopebench {

class OutcomeBadge;
class StepUpForecastView;
class PolicyDocument;

// The exact answer for the token in the token panel, recomputed after every edit and keystroke
// (coalesced into one run per event-loop turn): the badge, the trace, what each alternative
// lacks, the tools the token may call, the raw HTTP response and a curl command. Or, until the
// token panel changes or the user goes back to it, the same for a request from the server log,
// decided again with what the endpoint knew of its token then.
class DecisionPreview : public QWidget {
    Q_OBJECT
public:
    using Clock = std::function<qint64()>;

    explicit DecisionPreview(PolicyDocument *document, QWidget *parent = nullptr);

    // Leaves a logged request, if one was shown.
    void setToken(const TokenInput &token);
    // Shows a request from the server log: its tool in the chooser, its decision under the
    // policy as it is now (said so when the endpoint decided under another).
    void showLogged(const LoggedRequest &request);
    bool showsLogged() const { return m_logged.has_value(); }
    // The running endpoint's URL for the curl command; empty when it is not running.
    void setEndpointUrl(const QString &url);
    // The resource the running endpoint serves, when the policy names none.
    void setResourceOverride(const QString &resource);
    // Any tool name: one without a toolScopes entry needs server-level access only.
    void setTool(const QString &tool);
    void setClock(Clock clock) { m_clock = std::move(clock); }

    const DecisionReport &report() const { return m_report; }
    // Says when the chosen tool has no toolScopes entry of its own.
    QString rawResponse() const;
    QString curlCommand() const;
    QString tool() const;
    // Runs a pending recomputation now (tests, screenshots).
    void flush();

Q_SIGNALS:
    void updated();

private:
    void schedule();
    void recompute();
    void refreshTools();
    void showReport();
    void showLoggedNote();
    void leaveLogged();

    PolicyDocument *m_document;
    TokenInput m_token;
    std::optional<LoggedRequest> m_logged;
    QString m_endpointUrl;
    QString m_resourceOverride;
    Clock m_clock;
    DecisionReport m_report;
    QTimer *m_timer;
    bool m_policyDirty = true;
    CompiledPolicy m_compiled;
    QString m_compiledResource;       // the override m_compiled was compiled with
    QByteArray m_documentFingerprint; // DecisionMemory::policyFingerprint of the document's

    QComboBox *m_tool = nullptr;
    QLabel *m_toolNote = nullptr;
    OutcomeBadge *m_badge = nullptr;
    QLabel *m_reason = nullptr;
    QLabel *m_freshness = nullptr;
    QWidget *m_loggedBox = nullptr;
    QLabel *m_loggedNote = nullptr;
    QLabel *m_earlierPolicy = nullptr;
    QPushButton *m_leaveLogged = nullptr;
    StepUpForecastView *m_forecast = nullptr;
    QPlainTextEdit *m_raw = nullptr;
    QTableWidget *m_trace = nullptr;
    QTableWidget *m_gaps = nullptr;
    QLabel *m_callable = nullptr;
    QPlainTextEdit *m_curl = nullptr;
};

} // namespace scopebench
