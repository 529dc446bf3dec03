#include "ServerPanel.h"

#include "PolicyDocument.h"
#include "RequestLogModel.h"
#include "http/ListenAddress.h"

#include "introspection/IntrospectionClient.h"
#include "observability/RequestLog.h"

#include "policy/ScopeGrammar.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace scopebench {

ServerPanel::ServerPanel(PolicyDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_log(new RequestLogModel(5000, this))
    , m_filtered(new QSortFilterProxyModel(this))
    , m_counterTimer(new QTimer(this)) {
    m_filtered->setSourceModel(m_log);
    m_filtered->setFilterKeyColumn(-1);
    m_filtered->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_counterTimer->setInterval(500);
    connect(m_counterTimer, &QTimer::timeout, this, &ServerPanel::refreshCounters);
    m_askExposure = [this](const QString &question) {
        return QMessageBox::warning(this, tr("Listen on the network?"), question,
                                    QMessageBox::Yes | QMessageBox::Cancel,
                                    QMessageBox::Cancel) == QMessageBox::Yes;
    };

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(QStringLiteral("serverSplitter"));
    splitter->addWidget(createControls());
    splitter->addWidget(createLog());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    layout->addWidget(splitter);

    connect(document, &PolicyDocument::changed, this, [this] {
        if (isRunning())
            m_backend->setPolicy(m_document->policy());
    });
    refresh();
}

QWidget *ServerPanel::createControls() {
    auto *box = new QWidget(this);
    auto *form = new QFormLayout(box);
    form->setContentsMargins(0, 0, 0, 0);
    auto *listen = new QHBoxLayout;
    m_host = new QLineEdit(QStringLiteral("127.0.0.1"), box);
    m_host->setObjectName(QStringLiteral("listenHost"));
    m_port = new QSpinBox(box);
    m_port->setObjectName(QStringLiteral("listenPort"));
    m_port->setRange(0, 65535);
    m_port->setValue(8787);
    m_port->setSpecialValueText(tr("any"));
    m_startStop = new QPushButton(tr("Start"), box);
    m_startStop->setObjectName(QStringLiteral("startStop"));
    listen->addWidget(m_host, 1);
    listen->addWidget(m_port);
    listen->addWidget(m_startStop);
    form->addRow(tr("Listen"), listen);
    m_state = new QLabel(box);
    m_state->setObjectName(QStringLiteral("serverState"));
    m_state->setWordWrap(true);
    form->addRow(m_state);
    m_exposure = new QLabel(box);
    m_exposure->setObjectName(QStringLiteral("exposureWarning"));
    m_exposure->setStyleSheet(QStringLiteral(
        "background: #fff3cd; color: #7a4d00; border: 1px solid #d39e00; padding: 2px;"));
    m_exposure->hide();
    form->addRow(m_exposure);
    m_urls = new QLabel(box);
    m_urls->setObjectName(QStringLiteral("serverUrls"));
    m_urls->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_urls->setWordWrap(true);
    form->addRow(m_urls);
    createIntrospection(form);

    auto *client = new QHBoxLayout;
    m_clientId = new QLineEdit(box);
    m_clientId->setReadOnly(true);
    m_clientSecret = new QLineEdit(box);
    m_clientSecret->setObjectName(QStringLiteral("testClientSecret"));
    m_clientSecret->setReadOnly(true);
    m_clientSecret->setEchoMode(QLineEdit::Password);
    auto *show = new QToolButton(box);
    show->setText(tr("Show"));
    show->setCheckable(true);
    connect(show, &QToolButton::toggled, this, [this, show](bool shown) {
        m_clientSecret->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        show->setText(shown ? tr("Hide") : tr("Show"));
    });
    client->addWidget(m_clientId, 1);
    client->addWidget(m_clientSecret, 1);
    client->addWidget(show);
    form->addRow(tr("Test client"), client);
    m_builtInRows.append(client);

    auto *mint = new QHBoxLayout;
    m_mintScopes = new QLineEdit(box);
    m_mintScopes->setObjectName(QStringLiteral("mintScopes"));
    m_mintScopes->setPlaceholderText(tr("scopes, space-separated (empty: none)"));
    m_mintLifetime = new QSpinBox(box);
    m_mintLifetime->setRange(1, 30 * 86400);
    m_mintLifetime->setValue(3600);
    m_mintLifetime->setSuffix(tr(" s"));
    m_mintLifetime->setToolTip(tr("Lifetime"));
    m_mint = new QPushButton(tr("Mint token"), box);
    m_mint->setObjectName(QStringLiteral("mintButton"));
    mint->addWidget(m_mintScopes, 1);
    mint->addWidget(m_mintLifetime);
    mint->addWidget(m_mint);
    form->addRow(tr("Mint"), mint);
    m_builtInRows.append(mint);
    m_mintAudience = new QLineEdit(box);
    m_mintAudience->setObjectName(QStringLiteral("mintAudience"));
    m_mintAudience->setPlaceholderText(tr("aud (optional resource URI)"));
    auto *audience = new QHBoxLayout;
    audience->addWidget(m_mintAudience);
    form->addRow(tr("Audience"), audience);
    m_builtInRows.append(audience);
    m_counters = new QLabel(box);
    m_counters->setObjectName(QStringLiteral("serverCounters"));
    form->addRow(m_counters);

    connect(m_startStop, &QPushButton::clicked, this, [this] { isRunning() ? stop() : start(); });
    connect(m_mint, &QPushButton::clicked, this, &ServerPanel::mintToken);
    connect(m_mintScopes, &QLineEdit::returnPressed, this, &ServerPanel::mintToken);
    // The built-in server's rows and the external server's share the space: one set shows.
    connect(m_introspectionSource, &QComboBox::currentIndexChanged, this, [this, form] {
        const bool external = usesExternalIntrospection();
        m_tokenFormat->setVisible(!external);
        for (QLayout *row : std::as_const(m_externalRows))
            form->setRowVisible(row, external);
        for (QLayout *row : std::as_const(m_builtInRows))
            form->setRowVisible(row, !external);
    });
    for (QLayout *row : std::as_const(m_externalRows))
        form->setRowVisible(row, false);
    return box;
}

void ServerPanel::createIntrospection(QFormLayout *form) {
    QWidget *box = form->parentWidget();
    m_introspectionSource = new QComboBox(box);
    m_introspectionSource->setObjectName(QStringLiteral("introspectionSource"));
    m_introspectionSource->addItem(tr("Built-in test authorization server"));
    m_introspectionSource->addItem(tr("External introspection server (RFC 7662)"));
    m_introspectionSource->setToolTip(tr("Who the endpoint asks what a token is; used from the "
                                         "next start"));
    // The row holds three choices; none may widen the dock (the window must fit 1024x768).
    m_introspectionSource->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_introspectionSource->setMinimumContentsLength(12);
    m_introspectEveryRequest = new QCheckBox(tr("No cache"), box);
    m_introspectEveryRequest->setObjectName(QStringLiteral("introspectEveryRequest"));
    m_introspectEveryRequest->setToolTip(
        tr("Introspect every request. Otherwise an active answer is cached for up to 60 s, and a "
           "token revoked in that time still passes. Used from the next start."));
    m_tokenFormat = new QComboBox(box);
    m_tokenFormat->setObjectName(QStringLiteral("testTokenFormat"));
    m_tokenFormat->addItem(tr("Opaque"), int(AccessTokenFormat::Opaque));
    m_tokenFormat->addItem(tr("JWT"), int(AccessTokenFormat::Jwt));
    m_tokenFormat->setToolTip(tr("The built-in server's access tokens, from the next start: "
                                 "opaque (introspected) or JWT (RFC 9068, verified locally; a "
                                 "revoked JWT stays valid for the endpoint until it expires)."));
    // One row with the source: the panel's height is what the main window can spare.
    auto *tokens = new QHBoxLayout;
    tokens->addWidget(m_introspectionSource, 1);
    tokens->addWidget(m_tokenFormat);
    tokens->addWidget(m_introspectEveryRequest);
    form->addRow(tr("Tokens"), tokens);

    auto *where = new QHBoxLayout;
    m_externalUrl = new QLineEdit(box);
    m_externalUrl->setObjectName(QStringLiteral("externalIntrospectionUrl"));
    m_externalUrl->setPlaceholderText(tr("https://auth.example.com/introspect"));
    m_externalAuth = new QComboBox(box);
    m_externalAuth->setObjectName(QStringLiteral("externalIntrospectionAuth"));
    using Method = IntrospectionSettings::AuthMethod;
    for (Method method :
         {Method::ClientSecretBasic, Method::ClientSecretPost, Method::BearerToken, Method::None})
        m_externalAuth->addItem(IntrospectionSettings::authMethodName(method), int(method));
    m_externalAuth->setToolTip(tr("Client authentication at the introspection endpoint"));
    where->addWidget(m_externalUrl, 1);
    where->addWidget(m_externalAuth);
    form->addRow(tr("Introspect"), where);

    auto *client = new QHBoxLayout;
    m_externalClientId = new QLineEdit(box);
    m_externalClientId->setObjectName(QStringLiteral("externalIntrospectionClientId"));
    m_externalClientId->setPlaceholderText(tr("client id"));
    m_externalSecret = new QLineEdit(box);
    m_externalSecret->setObjectName(QStringLiteral("externalIntrospectionSecret"));
    m_externalSecret->setEchoMode(QLineEdit::Password);
    m_externalSecret->setPlaceholderText(tr("secret (memory only)"));
    m_externalSecret->setToolTip(tr("The client secret, or the bearer token; never saved"));
    client->addWidget(m_externalClientId, 1);
    client->addWidget(m_externalSecret, 1);
    form->addRow(tr("As client"), client);
    m_externalRows = {where, client};
}

bool ServerPanel::usesExternalIntrospection() const {
    return m_introspectionSource->currentIndex() == 1;
}

void ServerPanel::setUseExternalIntrospection(bool external) {
    m_introspectionSource->setCurrentIndex(external ? 1 : 0);
}

IntrospectionSettings ServerPanel::externalIntrospection() const {
    IntrospectionSettings settings;
    settings.url = QUrl(m_externalUrl->text().trimmed(), QUrl::StrictMode);
    settings.authMethod = IntrospectionSettings::AuthMethod(m_externalAuth->currentData().toInt());
    settings.clientId = m_externalClientId->text().trimmed();
    settings.clientSecret = m_externalSecret->text();
    return settings;
}

void ServerPanel::setExternalIntrospection(const IntrospectionSettings &settings) {
    m_externalUrl->setText(settings.url.toString());
    m_externalAuth->setCurrentIndex(qMax(0, m_externalAuth->findData(int(settings.authMethod))));
    m_externalClientId->setText(settings.clientId);
    m_externalSecret->setText(settings.clientSecret);
}

QWidget *ServerPanel::createLog() {
    auto *box = new QWidget(this);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *row = new QHBoxLayout;
    m_filter = new QLineEdit(box);
    m_filter->setObjectName(QStringLiteral("logFilter"));
    m_filter->setPlaceholderText(tr("Filter the log (any column)"));
    m_filter->setClearButtonEnabled(true);
    auto *clear = new QPushButton(tr("Clear"), box);
    auto *jsonl = new QPushButton(tr("Export JSONL\u2026"), box);
    auto *csv = new QPushButton(tr("Export CSV\u2026"), box);
    row->addWidget(m_filter, 1);
    row->addWidget(clear);
    row->addWidget(jsonl);
    row->addWidget(csv);
    layout->addLayout(row);
    m_logView = new QTableView(box);
    m_logView->setObjectName(QStringLiteral("requestLog"));
    m_logView->setModel(m_filtered);
    m_logView->verticalHeader()->hide();
    m_logView->verticalHeader()->setDefaultSectionSize(m_logView->fontMetrics().height() + 6);
    m_logView->horizontalHeader()->setStretchLastSection(true);
    // Fixed widths: measuring the contents of a fast-growing log would cost more than it shows.
    const int digit = m_logView->fontMetrics().horizontalAdvance(u'0');
    const int widths[RequestLogModel::ColumnCount] = {14, 13, 11, 11, 14, 10, 12, 6};
    for (int column = 0; column < RequestLogModel::ColumnCount; ++column)
        m_logView->horizontalHeader()->resizeSection(column, widths[column] * digit);
    m_logView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_logView->setWordWrap(false);
    m_logView->setToolTip(tr("Click a request to see its decision in the preview"));
    layout->addWidget(m_logView, 1);

    connect(m_filter, &QLineEdit::textChanged, m_filtered,
            &QSortFilterProxyModel::setFilterFixedString);
    connect(clear, &QPushButton::clicked, this, [this] {
        m_log->clear();
        if (m_backend)
            m_backend->forgetDecisions();
    });
    connect(m_logView, &QAbstractItemView::clicked, this, &ServerPanel::chooseRequest);
    connect(m_logView, &QAbstractItemView::activated, this, &ServerPanel::chooseRequest);
    // The arrow keys walk the log as clicks do. A current row the model moves (new rows, the
    // filter) loads nothing, nor does a mouse press: its click follows.
    connect(m_logView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (m_logView->hasFocus() && QGuiApplication::mouseButtons() == Qt::NoButton)
                    chooseRequest(current);
            });
    connect(jsonl, &QPushButton::clicked, this, [this] { chooseExport(false); });
    connect(csv, &QPushButton::clicked, this, [this] { chooseExport(true); });
    // Follow the newest request unless the user scrolled away from the bottom.
    connect(m_filtered, &QAbstractItemModel::rowsInserted, m_logView, [this] {
        if (!m_logView->isVisible())
            return;
        auto *bar = m_logView->verticalScrollBar();
        if (bar->value() >= bar->maximum() - 2)
            m_logView->scrollToBottom();
    });
    return box;
}

void ServerPanel::chooseRequest(const QModelIndex &index) {
    if (!index.isValid())
        return;
    const RequestRecord &record = m_log->recordAt(m_filtered->mapToSource(index).row());
    const std::optional<RememberedDecision> decision =
        m_backend ? m_backend->rememberedDecision(record.sequence) : std::nullopt;
    if (!decision) {
        Q_EMIT message(
            record.outcome == QLatin1String("public") || record.outcome == QLatin1String("rejected")
                ? tr("Request #%1 was answered without the authorization checks (%2): there is "
                     "no decision to show")
                      .arg(record.sequence)
                      .arg(record.outcome)
                : tr("Request #%1 is no longer remembered: there is no decision to show")
                      .arg(record.sequence));
        return;
    }
    Q_EMIT requestChosen(LoggedRequest{record, *decision});
}

void ServerPanel::setBackend(ServerBackend *backend) {
    if (m_backend)
        disconnect(m_backend, nullptr, this, nullptr);
    m_backend = backend;
    if (m_backend) {
        connect(m_backend, &ServerBackend::requestLogged, m_log, &RequestLogModel::append);
        connect(m_backend, &ServerBackend::runningChanged, this, [this](bool running) {
            refresh();
            Q_EMIT runningChanged(running);
            Q_EMIT endpointsChanged(running ? m_backend->endpoints() : EndpointAddresses());
        });
        connect(m_backend, &ServerBackend::failed, this, [this](const QString &reason) {
            refresh();
            m_state->setText(tr("Could not start: %1").arg(reason));
            Q_EMIT message(m_state->text());
        });
    }
    refresh();
}

bool ServerPanel::isRunning() const {
    return m_backend && m_backend->isRunning();
}

bool ServerPanel::isExposed() const {
    return isRunning() && !ListenAddress::isLoopback(m_runningHost);
}

QString ServerPanel::listenHost() const {
    return m_host->text().trimmed();
}

quint16 ServerPanel::listenPort() const {
    return quint16(m_port->value());
}

void ServerPanel::setListenAddress(const QString &host, quint16 port) {
    m_host->setText(host);
    m_port->setValue(port);
}

void ServerPanel::start() {
    if (!m_backend || m_backend->isRunning())
        return;
    const QString host = listenHost();
    if (!ListenAddress::parse(host)) {
        m_state->setText(tr("Could not start: \"%1\" is not an IP address or localhost").arg(host));
        Q_EMIT message(m_state->text());
        return;
    }
    // Asked every time: a saved or typed wide address must never expose the test server quietly.
    NetworkExposure exposure = NetworkExposure::LoopbackOnly;
    if (!ListenAddress::isLoopback(host)) {
        const QString question =
            tr("Listening on %1 lets other machines reach the endpoint%2, and its check of the "
               "Host header against DNS rebinding applies on loopback only.\n\nStart on %1 "
               "anyway? (%3 keeps it on this machine.)")
                .arg(host,
                     usesExternalIntrospection()
                         ? QString()
                         : tr(" and the built-in test authorization server, which registers any "
                              "client and mints tokens for anyone who asks"),
                     ListenAddress::defaultHost());
        if (!m_askExposure(question)) {
            m_state->setText(tr("Not started: %1 is reachable from other machines.").arg(host));
            Q_EMIT message(m_state->text());
            return;
        }
        exposure = NetworkExposure::Confirmed;
    }
    std::optional<IntrospectionSettings> external;
    if (usesExternalIntrospection()) {
        external = externalIntrospection();
        const QString problem = IntrospectionClient::settingsProblem(*external);
        if (!problem.isEmpty()) {
            m_state->setText(tr("Could not start: %1").arg(problem));
            Q_EMIT message(m_state->text());
            return;
        }
    }
    m_runningExternal = external.has_value();
    m_runningHost = host;
    // The counters start again from zero with the endpoint, and so does the log.
    m_log->clear();
    m_backend->setIntrospectEveryRequest(m_introspectEveryRequest->isChecked());
    m_backend->setTestTokenFormat(AccessTokenFormat(m_tokenFormat->currentData().toInt()));
    const Status started =
        m_backend->start(host, listenPort(), m_document->policy(), external, exposure);
    if (!started) {
        m_state->setText(tr("Could not start: %1").arg(started.error().toString()));
        Q_EMIT message(m_state->text());
        return;
    }
    if (!m_backend->isRunning())
        m_state->setText(tr("Starting\u2026"));
}

void ServerPanel::stop() {
    if (m_backend)
        m_backend->stop();
    refresh();
}

void ServerPanel::mintToken() {
    if (!isRunning())
        return;
    MintRequest request;
    request.scopes = ScopeGrammar::split(m_mintScopes->text());
    request.lifetimeSeconds = m_mintLifetime->value();
    request.audience = m_mintAudience->text().trimmed();
    const auto minted = m_backend->mintToken(request);
    if (!minted) {
        Q_EMIT message(tr("Mint token failed: %1").arg(minted.error().toString()));
        return;
    }
    Q_EMIT tokenMinted(minted.value());
}

void ServerPanel::chooseExport(bool csv) {
    m_log->flush();
    if (m_filtered->rowCount() == 0) {
        Q_EMIT message(m_log->rowCount() == 0
                           ? tr("The log is empty: nothing to export")
                           : tr("The filter hides every row of the log: nothing to export"));
        return;
    }
    QString fileName = QFileDialog::getSaveFileName(
        this, csv ? tr("Export log as CSV") : tr("Export log as JSON Lines"), QString(),
        csv ? tr("CSV (*.csv)") : tr("JSON Lines (*.jsonl)"));
    if (!fileName.isEmpty() && QFileInfo(fileName).suffix().isEmpty())
        fileName += csv ? QStringLiteral(".csv") : QStringLiteral(".jsonl");
    if (!fileName.isEmpty() && !exportLog(fileName, csv))
        Q_EMIT message(tr("Could not write %1").arg(fileName));
}

bool ServerPanel::exportLog(const QString &fileName, bool csv) {
    m_log->flush();
    // No rows, no file: a 0-byte export looks like a failure (chooseExport says why).
    if (m_filtered->rowCount() == 0)
        return false;
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    // What the filter shows, in the endpoint's own formats.
    QList<RequestRecord> shown;
    for (int row = 0; row < m_filtered->rowCount(); ++row)
        shown.append(m_log->recordAt(m_filtered->mapToSource(m_filtered->index(row, 0)).row()));
    file.write(csv ? RequestLog::toCsv(shown) : RequestLog::toJsonLines(shown));
    return file.commit();
}

QString ServerPanel::countersText() const {
    return m_counters->text();
}

void ServerPanel::refresh() {
    const bool available = m_backend != nullptr;
    const bool running = isRunning();
    m_startStop->setEnabled(available);
    m_startStop->setText(running ? tr("Stop") : tr("Start"));
    m_host->setEnabled(!running);
    m_port->setEnabled(!running);
    m_mint->setEnabled(running && !m_runningExternal);
    m_mint->setToolTip(running && m_runningExternal
                           ? tr("The built-in test authorization server does not run while an "
                                "external introspection server is used")
                           : QString());
    for (QWidget *field :
         {static_cast<QWidget *>(m_introspectionSource), static_cast<QWidget *>(m_tokenFormat),
          static_cast<QWidget *>(m_externalUrl), static_cast<QWidget *>(m_externalAuth),
          static_cast<QWidget *>(m_externalClientId), static_cast<QWidget *>(m_externalSecret)})
        field->setEnabled(!running);
    if (!available) {
        m_state->setText(tr("The embedded MCP endpoint is not available in this build."));
    } else if (!running) {
        // One line: a wrapped label is squeezed when the dock is at its smallest.
        m_state->setText(tr("Stopped. Start serves the edited policy."));
        m_state->setToolTip(tr("While it runs, edits apply to new requests."));
    }
    if (running) {
        const EndpointAddresses urls = m_backend->endpoints();
        m_state->setText(tr("Running"));
        m_state->setStyleSheet(QStringLiteral("color: #2e7d32; font-weight: bold;"));
        m_urls->setText(
            m_runningExternal
                ? tr("MCP %1\nMetadata %2\nIntrospection %3 (external)")
                      .arg(urls.endpointUrl.toString(), urls.metadataUrl,
                           externalIntrospection().url.adjusted(QUrl::RemoveUserInfo).toString())
                : tr("MCP %1\nMetadata %2\nToken %3")
                      .arg(urls.endpointUrl.toString(), urls.metadataUrl, urls.tokenEndpoint));
        m_clientId->setText(urls.clientId);
        m_clientSecret->setText(urls.clientSecret);
        m_counterTimer->start();
    } else {
        m_runningHost.clear();
        m_state->setStyleSheet(QString());
        m_urls->clear();
        m_clientId->clear();
        m_clientSecret->clear();
        m_counterTimer->stop();
    }
    // One short line: a wrapped label is squeezed when the dock is at its smallest.
    m_exposure->setVisible(isExposed());
    m_exposure->setText(!isExposed() ? QString()
                        : m_runningExternal
                            ? tr("\u26a0 Open to the network on %1").arg(m_runningHost)
                            : tr("\u26a0 Open to the network on %1: anyone can register and mint "
                                 "tokens")
                                  .arg(m_runningHost));
    m_exposure->setToolTip(
        tr("The endpoint checks the Host header against DNS rebinding on loopback only. Stop it "
           "and listen on %1 unless other machines must connect.")
            .arg(ListenAddress::defaultHost()));
    refreshCounters();
}

void ServerPanel::refreshCounters() {
    const EndpointCounters c = m_backend ? m_backend->counters() : EndpointCounters();
    m_counters->setText(
        tr("Requests %1 \u00b7 allowed %2 \u00b7 401 %3 \u00b7 403 %4 \u00b7 503 %5 "
           "\u00b7 other %6 \u00b7 %7 req/s")
            .arg(c.requests)
            .arg(c.allowed)
            .arg(c.unauthorized)
            .arg(c.forbidden)
            .arg(c.unavailable)
            .arg(c.other)
            .arg(c.requestsPerSecond, 0, 'f', 1));
}

} // namespace scopebench
