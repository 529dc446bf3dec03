#include "DecisionPreview.h"

#include "OutcomeBadge.h"
#include "PolicyDocument.h"
#include "StepUpForecastView.h"
#include "http/CurlCommand.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace scopebench {

namespace {

QPlainTextEdit *monospaceView(QWidget *parent) {
    auto *view = new QPlainTextEdit(parent);
    view->setReadOnly(true);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    view->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    return view;
}

QTableWidget *tableWidget(const QStringList &headers, QWidget *parent) {
    auto *table = new QTableWidget(0, int(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setWordWrap(true);
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8);
    return table;
}

// `copied` (when set) gives what the button copies instead of the text shown.
QWidget *withCopyButton(QPlainTextEdit *view, const QString &label, QWidget *parent,
                        std::function<QString()> copied = {}) {
    auto *box = new QWidget(parent);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view, 1);
    auto *copy = new QPushButton(label, box);
    QObject::connect(copy, &QPushButton::clicked, view, [view, copied] {
        QApplication::clipboard()->setText(copied ? copied() : view->toPlainText());
    });
    auto *row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(copy);
    layout->addLayout(row);
    return box;
}

QString verdictMark(Verdict verdict) {
    switch (verdict) {
    case Verdict::Passed:
        return QStringLiteral("\u2714 ") + TraceStep::verdictName(verdict);
    case Verdict::Failed:
        return QStringLiteral("\u2718 ") + TraceStep::verdictName(verdict);
    default:
        return TraceStep::verdictName(verdict);
    }
}

// Whether a passed step's detail goes on its line, not only in the tooltip. A failed step always
// says why; of the passed ones only those whose note the user must see: the Lifetime step's,
// which the core gives only when the token passed thanks to the clock-skew leeway. The scope
// steps' "met by" stays in the tooltip, or every allowed request would be two lines longer.
bool detailOnTheLine(const TraceStep &step) {
    if (step.detail.isEmpty())
        return false;
    return step.verdict != Verdict::Passed || step.check == Check::Lifetime;
}

} // namespace

DecisionPreview::DecisionPreview(PolicyDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_clock([] { return QDateTime::currentSecsSinceEpoch(); })
    , m_timer(new QTimer(this)) {
    m_timer->setSingleShot(true);
    m_timer->setInterval(0);
    connect(m_timer, &QTimer::timeout, this, &DecisionPreview::recompute);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *requestRow = new QHBoxLayout;
    requestRow->addWidget(new QLabel(tr("Request"), this));
    m_tool = new QComboBox(this);
    m_tool->setObjectName(QStringLiteral("previewTool"));
    m_tool->setToolTip(tr("The request the preview answers: any MCP request, or a call of a "
                          "tool. Type any tool name: one without an entry of its own needs "
                          "server-level access only."));
    // Editable: the list holds the tools with an entry, and any other name may be typed.
    m_tool->setEditable(true);
    m_tool->setInsertPolicy(QComboBox::NoInsert);
    m_tool->lineEdit()->setPlaceholderText(tr("tool name"));
    requestRow->addWidget(m_tool, 1);
    layout->addLayout(requestRow);
    m_toolNote = new QLabel(this);
    m_toolNote->setObjectName(QStringLiteral("previewToolNote"));
    m_toolNote->setWordWrap(true);
    m_toolNote->hide();
    layout->addWidget(m_toolNote);

    // A request from the server log: which one, and how to go back to the token panel.
    m_loggedBox = new QFrame(this);
    m_loggedBox->setObjectName(QStringLiteral("previewLogged"));
    m_loggedBox->setStyleSheet(
        QStringLiteral("#previewLogged { background: #e7f1ff; border: 1px solid #9ec5fe; }"));
    auto *loggedLayout = new QVBoxLayout(m_loggedBox);
    loggedLayout->setContentsMargins(6, 4, 6, 4);
    m_loggedNote = new QLabel(m_loggedBox);
    m_loggedNote->setObjectName(QStringLiteral("previewLoggedNote"));
    m_loggedNote->setWordWrap(true);
    m_loggedNote->setTextInteractionFlags(Qt::TextSelectableByMouse);
    loggedLayout->addWidget(m_loggedNote);
    m_earlierPolicy = new QLabel(m_loggedBox);
    m_earlierPolicy->setObjectName(QStringLiteral("previewEarlierPolicy"));
    m_earlierPolicy->setWordWrap(true);
    m_earlierPolicy->setStyleSheet(QStringLiteral("color: #8a5a00; font-weight: bold;"));
    loggedLayout->addWidget(m_earlierPolicy);
    m_leaveLogged = new QPushButton(tr("Back to the token panel"), m_loggedBox);
    m_leaveLogged->setObjectName(QStringLiteral("leaveLogged"));
    auto *leaveRow = new QHBoxLayout;
    leaveRow->addStretch(1);
    leaveRow->addWidget(m_leaveLogged);
    loggedLayout->addLayout(leaveRow);
    m_loggedBox->hide();
    layout->addWidget(m_loggedBox);
    connect(m_leaveLogged, &QPushButton::clicked, this, &DecisionPreview::leaveLogged);

    m_badge = new OutcomeBadge(this);
    m_badge->setObjectName(QStringLiteral("outcomeBadge"));
    layout->addWidget(m_badge);
    m_freshness = new QLabel(this);
    m_freshness->setObjectName(QStringLiteral("previewFreshness"));
    m_freshness->setWordWrap(true);
    m_freshness->setStyleSheet(QStringLiteral("color: #8a5a00; font-weight: bold;"));
    m_freshness->hide();
    layout->addWidget(m_freshness);
    m_reason = new QLabel(this);
    m_reason->setObjectName(QStringLiteral("previewReason"));
    m_reason->setWordWrap(true);
    m_reason->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_reason);
    // A word-wrapped label is as wide as its longest word: a long tool name or an error
    // without spaces widened the dock and the window past a 1024-px screen. They may cut such
    // a word instead; the trace and the raw response hold the full text.
    for (QLabel *label : {m_toolNote, m_freshness, m_reason})
        label->setMinimumWidth(1);
    // Not as wide as the longest tool name either.
    m_tool->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_tool->setMinimumContentsLength(12);
    m_forecast = new StepUpForecastView(this);
    layout->addWidget(m_forecast);

    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("previewSplitter"));
    m_raw = monospaceView(this);
    m_raw->setObjectName(QStringLiteral("rawResponse"));
    // The view drops the CRs for reading; the copy keeps the CRLF line ends the endpoint sends.
    splitter->addWidget(withCopyButton(m_raw, tr("Copy response"), this, [this] {
        return m_report.decision.outcome == Outcome::NeedsIntrospection
                   ? m_raw->toPlainText()
                   : QString::fromUtf8(m_report.decision.response.toRaw());
    }));

    auto *tabs = new QTabWidget(this);
    m_trace = tableWidget({tr("Check"), tr("Result")}, tabs);
    m_trace->horizontalHeader()->setStretchLastSection(false);
    m_trace->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_trace->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_trace->setObjectName(QStringLiteral("traceTable"));
    tabs->addTab(m_trace, tr("Trace"));
    auto *gapsPage = new QWidget(tabs);
    auto *gapsLayout = new QVBoxLayout(gapsPage);
    gapsLayout->setContentsMargins(0, 0, 0, 0);
    m_gaps = tableWidget({tr("Alternative"), tr("Missing")}, gapsPage);
    m_gaps->setObjectName(QStringLiteral("gapsTable"));
    // Both columns share the dock's width and every row is as tall as its wrapped text: a
    // column sized to its longest alternative left "Missing" a sliver, its text cut.
    m_gaps->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_gaps->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    gapsLayout->addWidget(m_gaps, 1);
    m_callable = new QLabel(gapsPage);
    m_callable->setObjectName(QStringLiteral("callableTools"));
    m_callable->setWordWrap(true);
    m_callable->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_callable->setMinimumWidth(1);
    gapsLayout->addWidget(m_callable);
    tabs->addTab(gapsPage, tr("Missing scopes"));
    m_curl = monospaceView(tabs);
    m_curl->setObjectName(QStringLiteral("curlCommand"));
    tabs->addTab(withCopyButton(m_curl, tr("Copy curl"), tabs), tr("curl"));
    splitter->addWidget(tabs);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter, 1);

    connect(m_tool, &QComboBox::currentTextChanged, this, &DecisionPreview::schedule);
    connect(document, &PolicyDocument::changed, this, [this] {
        m_policyDirty = true;
        refreshTools();
        schedule();
    });
    refreshTools();
    schedule();
}

void DecisionPreview::setToken(const TokenInput &token) {
    m_token = token;
    m_logged.reset();
    schedule();
}

void DecisionPreview::showLogged(const LoggedRequest &request) {
    m_logged = request;
    setTool(request.record.tool);
    schedule();
}

void DecisionPreview::leaveLogged() {
    if (!m_logged)
        return;
    m_logged.reset();
    schedule();
}

void DecisionPreview::setEndpointUrl(const QString &url) {
    m_endpointUrl = url;
    schedule();
}

void DecisionPreview::setResourceOverride(const QString &resource) {
    if (m_resourceOverride == resource)
        return;
    m_resourceOverride = resource;
    m_policyDirty = true;
    schedule();
}

void DecisionPreview::setTool(const QString &tool) {
    const int index = m_tool->findData(tool);
    if (index >= 0)
        m_tool->setCurrentIndex(index);
    else
        m_tool->setEditText(tool);
}

QString DecisionPreview::tool() const {
    const QString text = m_tool->currentText().trimmed();
    const int index = m_tool->findText(text);
    if (index >= 0)
        return m_tool->itemData(index).toString();
    const QString call = QStringLiteral("tools/call ");
    return text.startsWith(call) ? text.mid(call.size()).trimmed() : text;
}

QString DecisionPreview::rawResponse() const {
    return m_raw->toPlainText();
}

QString DecisionPreview::curlCommand() const {
    return m_curl->toPlainText();
}

void DecisionPreview::flush() {
    if (m_timer->isActive()) {
        m_timer->stop();
        recompute();
    }
}

void DecisionPreview::schedule() {
    m_timer->start();
}

void DecisionPreview::refreshTools() {
    const QString current = tool();
    QStringList tools;
    for (const auto &requirement : m_document->policy().toolScopes)
        tools.append(requirement.tool);
    QStringList shown;
    for (int i = 1; i < m_tool->count(); ++i)
        shown.append(m_tool->itemData(i).toString());
    if (m_tool->count() > 0 && shown == tools)
        return;
    const QSignalBlocker blocker(m_tool);
    m_tool->clear();
    m_tool->addItem(tr("Any request (server level)"), QString());
    for (const auto &name : std::as_const(tools))
        m_tool->addItem(QStringLiteral("tools/call ") + name, name);
    const int index = m_tool->findData(current);
    if (index >= 0)
        m_tool->setCurrentIndex(index);
    else
        m_tool->setEditText(current);
}

void DecisionPreview::recompute() {
    // A logged request is decided for the resource its endpoint decided for, so its challenge
    // is the one the client got.
    const QString resource = m_logged ? m_logged->decision.resource : m_resourceOverride;
    if (m_policyDirty || resource != m_compiledResource) {
        if (m_policyDirty)
            m_documentFingerprint.clear();
        m_compiled = CompiledPolicy(m_document->policy(), resource);
        m_compiledResource = resource;
        m_policyDirty = false;
    }
    if (m_logged && m_documentFingerprint.isEmpty())
        m_documentFingerprint = DecisionMemory::policyFingerprint(m_document->policy());
    const QString chosen = tool();
    m_report = m_logged ? m_logged->decide(m_compiled, chosen)
                        : m_token.decide(m_compiled, chosen, m_clock());
    const bool ownEntry = chosen.isEmpty() || m_compiled.toolAlternatives(chosen);
    m_toolNote->setText(ownEntry ? QString()
                                 : tr("tools/call %1: no toolScopes entry, so server-level "
                                      "access is enough")
                                       .arg(chosen));
    m_toolNote->setVisible(!ownEntry);
    showReport();
    Q_EMIT updated();
}

void DecisionPreview::showReport() {
    const Decision &decision = m_report.decision;
    m_badge->setDecision(decision);
    m_reason->setText(decision.reason);
    const QString stale = m_logged ? QString() : m_token.staleNote;
    m_freshness->setText(stale);
    m_freshness->setVisible(!stale.isEmpty());
    showLoggedNote();
    m_forecast->showFor(m_compiled, tool(), m_report);

    if (decision.outcome == Outcome::NeedsIntrospection) {
        m_raw->setPlainText(tr("The token is well-formed. Run introspection in the token panel to "
                               "learn what it grants; the endpoint would do the same."));
    } else {
        const QByteArray raw = decision.response.toRaw();
        m_raw->setPlainText(QString::fromUtf8(raw).remove(u'\r'));
    }

    m_trace->setRowCount(int(decision.trace.size()));
    for (int i = 0; i < decision.trace.size(); ++i) {
        const TraceStep &step = decision.trace.at(i);
        // The reason under the check's name, so it wraps with the dock's width.
        QString name = TraceStep::checkName(step.check);
        if (step.check == Check::ToolScopes && !m_report.tool.isEmpty())
            name += QStringLiteral(": tools/call ") + m_report.tool;
        QString text = QStringLiteral("%1. %2").arg(int(step.check) + 1).arg(name);
        if (detailOnTheLine(step))
            text += QStringLiteral("\n    ") + step.detail;
        auto *check = new QTableWidgetItem(text);
        check->setToolTip(step.detail);
        auto *verdict = new QTableWidgetItem(verdictMark(step.verdict));
        if (step.verdict == Verdict::Failed)
            verdict->setForeground(OutcomeBadge::colorFor(Outcome::Forbidden));
        else if (step.verdict == Verdict::Passed)
            verdict->setForeground(OutcomeBadge::colorFor(Outcome::Allow));
        m_trace->setItem(i, 0, check);
        m_trace->setItem(i, 1, verdict);
    }
    m_trace->resizeRowsToContents();

    QList<QPair<QString, AlternativeGap>> gaps;
    for (const auto &gap : m_report.serverGaps)
        gaps.append({tr("server"), gap});
    for (const auto &gap : m_report.toolGaps)
        gaps.append({m_report.tool, gap});
    m_gaps->setRowCount(int(gaps.size()));
    for (int i = 0; i < gaps.size(); ++i) {
        const auto &[owner, gap] = gaps.at(i);
        auto *alternative =
            new QTableWidgetItem(owner + QStringLiteral(": ") + gap.combination.join(u' '));
        alternative->setToolTip(alternative->text());
        m_gaps->setItem(i, 0, alternative);
        auto *missing =
            new QTableWidgetItem(gap.missing.isEmpty() ? tr("\u2714 met") : gap.missing.join(u' '));
        missing->setToolTip(missing->text());
        missing->setForeground(
            OutcomeBadge::colorFor(gap.missing.isEmpty() ? Outcome::Allow : Outcome::Forbidden));
        m_gaps->setItem(i, 1, missing);
    }
    m_callable->setText(tr("Tools this token may call: %1")
                            .arg(m_report.callableTools.isEmpty()
                                     ? tr("none")
                                     : m_report.callableTools.join(QStringLiteral(", "))));

    if (m_endpointUrl.isEmpty()) {
        m_curl->setPlainText(tr("# Start the server to send this request to it:\n") +
                             CurlCommand::build(m_compiled.resource(), tool()));
    } else {
        m_curl->setPlainText(CurlCommand::build(m_endpointUrl, tool()));
    }
}

void DecisionPreview::showLoggedNote() {
    m_loggedBox->setVisible(m_logged.has_value());
    if (!m_logged)
        return;
    const RequestRecord &record = m_logged->record;
    const TokenKnowledge &token = m_logged->decision.token;
    QString request = record.method + u' ' + record.path;
    if (!record.tool.isEmpty())
        request += QStringLiteral(", tools/call ") + record.tool;
    else if (!record.rpcMethod.isEmpty())
        request += QStringLiteral(", ") + record.rpcMethod;
    if (record.era == QLatin1String("modern"))
        request += tr(" (protocol 2026-07-28)");
    else if (record.era == QLatin1String("legacy"))
        request += tr(" (legacy protocol)");
    // The token only by its fingerprint, and what the server learnt of it.
    QString known = record.tokenFingerprint.isEmpty() ? tr("no token")
                                                      : tr("token %1").arg(record.tokenFingerprint);
    if (token.state == TokenKnowledge::State::Known) {
        known += tr(", granted: %1")
                     .arg(token.facts.scopes.isEmpty() ? tr("no scopes")
                                                       : token.facts.scopes.join(u' '));
        if (!token.facts.sub.isEmpty())
            known += tr(", sub %1").arg(token.facts.sub);
    }
    const QString time = record.time.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
    m_loggedNote->setText(tr("Request #%1 from the server log (%2): %3; %4. Decided again with "
                             "what the server knew of the token at %2.")
                              .arg(record.sequence)
                              .arg(time, request, known));

    // Why this answer may not be the one the server gave.
    QString note;
    const QString answered = QString::number(record.status);
    if (m_logged->decision.policyFingerprint != m_documentFingerprint) {
        note = tr("Decided under an earlier policy: the server answered %1; this is the answer "
                  "under the policy as it is now.")
                   .arg(answered);
    } else if (tool() != record.tool) {
        note =
            tr("Shown for %1, not the logged request's %2 (the server answered %3).")
                .arg(tool().isEmpty() ? tr("any request") : QStringLiteral("tools/call ") + tool(),
                     record.tool.isEmpty() ? tr("request")
                                           : QStringLiteral("tools/call ") + record.tool,
                     answered);
    } else if (m_report.decision.outcome == Outcome::Allow &&
               (record.status < 200 || record.status >= 300)) {
        // The record's reason is the decision's ("Allowed"); what refused it was the protocol.
        note = tr("The checks allowed it; the MCP server then answered %1 %2.")
                   .arg(answered, QString::fromLatin1(HttpResponse::reasonPhrase(record.status)));
    }
    m_earlierPolicy->setText(note);
    m_earlierPolicy->setVisible(!note.isEmpty());
}

} // namespace scopebench
