#pragma once

#include "TokenInput.h"

#include "decision/CompiledPolicy.h"
#include "decision/DecisionReport.h"

#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QTableWidget;
class QTimer;

namespace scopebench {

class OutcomeBadge;
class StepUpForecastView;
class PolicyDocument;

// The exact answer for the token in the token panel, recomputed after every edit and keystroke
// (coalesced into one run per event-loop turn): the badge, the trace, what each alternative
// lacks, the tools the token may call, the raw HTTP response and a curl command.
class DecisionPreview : public QWidget {
    Q_OBJECT
public:
    using Clock = std::function<qint64()>;

    explicit DecisionPreview(PolicyDocument *document, QWidget *parent = nullptr);

    void setToken(const TokenInput &token);
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

    PolicyDocument *m_document;
    TokenInput m_token;
    QString m_endpointUrl;
    QString m_resourceOverride;
    Clock m_clock;
    DecisionReport m_report;
    QTimer *m_timer;
    bool m_policyDirty = true;
    CompiledPolicy m_compiled;

    QComboBox *m_tool = nullptr;
    QLabel *m_toolNote = nullptr;
    OutcomeBadge *m_badge = nullptr;
    QLabel *m_reason = nullptr;
    QLabel *m_freshness = nullptr;
    StepUpForecastView *m_forecast = nullptr;
    QPlainTextEdit *m_raw = nullptr;
    QTableWidget *m_trace = nullptr;
    QTableWidget *m_gaps = nullptr;
    QLabel *m_callable = nullptr;
    QPlainTextEdit *m_curl = nullptr;
};

} // namespace scopebench
