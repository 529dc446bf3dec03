#include "ProbePanel.h"

#include "PolicyDocument.h"
#include "client/ConformanceRun.h"

#include <QComboBox>
#include <QDesktopServices>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBlock>
#include <QVBoxLayout>

namespace scopebench {

namespace {

const QColor MatchColour(0xc8, 0xe6, 0xc9);
const QColor MismatchColour(0xff, 0xcd, 0xd2);
const QColor NotRunColour(0xe0, 0xe0, 0xe0);

// Marks the lines that differ from the other side with "!", the same lines with two spaces.
QString marked(const QString &text, const QString &other) {
    const QStringList lines = text.split(u'\n');
    const QStringList otherLines = other.split(u'\n');
    QStringList out;
    for (int i = 0; i < lines.size(); ++i)
        out.append((i < otherLines.size() && otherLines.at(i) == lines.at(i)
                        ? QStringLiteral("  ")
                        : QStringLiteral("! ")) +
                   lines.at(i));
    return out.join(u'\n');
}

QPlainTextEdit *readOnlyText(const QString &name) {
    auto *edit = new QPlainTextEdit;
    edit->setObjectName(name);
    edit->setReadOnly(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return edit;
}

} // namespace

ProbePanel::ProbePanel(PolicyDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document) {
    setObjectName(QStringLiteral("probePanel"));
    m_url = new QLineEdit;
    m_url->setObjectName(QStringLiteral("probeUrl"));
    m_url->setPlaceholderText(tr("http://127.0.0.1:8787/mcp"));
    m_grant = new QComboBox;
    m_grant->setObjectName(QStringLiteral("probeGrant"));
    m_grant->addItem(tr("Client credentials"), QStringLiteral("client_credentials"));
    m_grant->addItem(tr("Authorization code"), QStringLiteral("authorization_code"));
    m_authorize = new QComboBox;
    m_authorize->setObjectName(QStringLiteral("probeAuthorize"));
    m_authorize->addItem(tr("Follow redirects (no browser)"), QStringLiteral("follow"));
    m_authorize->addItem(tr("System browser"), QStringLiteral("browser"));
    m_clientId = new QLineEdit;
    m_clientId->setObjectName(QStringLiteral("probeClientId"));
    m_clientId->setPlaceholderText(tr("empty: dynamic registration"));
    m_clientSecret = new QLineEdit;
    m_clientSecret->setObjectName(QStringLiteral("probeClientSecret"));
    m_clientSecret->setEchoMode(QLineEdit::Password);
    m_clientSecret->setPlaceholderText(tr("never saved"));
    m_maxAuthorizations = new QSpinBox;
    m_maxAuthorizations->setObjectName(QStringLiteral("probeMaxAuthorizations"));
    m_maxAuthorizations->setRange(1, 20);
    m_maxAuthorizations->setValue(3);

    auto *form = new QFormLayout;
    form->addRow(tr("Server URL"), m_url);
    form->addRow(tr("Grant"), m_grant);
    form->addRow(tr("Authorization"), m_authorize);
    form->addRow(tr("Client ID"), m_clientId);
    form->addRow(tr("Client secret"), m_clientSecret);
    form->addRow(tr("Authorizations per case"), m_maxAuthorizations);

    m_run = new QPushButton(tr("Run"));
    m_run->setObjectName(QStringLiteral("probeRun"));
    m_cancel = new QPushButton(tr("Cancel"));
    m_cancel->setObjectName(QStringLiteral("probeCancel"));
    m_cancel->setEnabled(false);
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("probeProgress"));
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_exportJson = new QPushButton(tr("Export JSON\u2026"));
    m_exportJson->setObjectName(QStringLiteral("probeExportJson"));
    m_exportJunit = new QPushButton(tr("Export JUnit\u2026"));
    m_exportJunit->setObjectName(QStringLiteral("probeExportJunit"));
    m_exportJson->setEnabled(false);
    m_exportJunit->setEnabled(false);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_progress, 1);
    buttons->addWidget(m_exportJson);
    buttons->addWidget(m_exportJunit);

    m_summary = new QLabel(tr("Probes the server with the policy being edited."));
    m_summary->setObjectName(QStringLiteral("probeSummary"));
    m_summary->setWordWrap(true);

    m_matrix = new QTableWidget;
    m_matrix->setObjectName(QStringLiteral("probeMatrix"));
    m_matrix->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_matrix->setSelectionMode(QAbstractItemView::SingleSelection);
    m_matrix->horizontalHeader()->setDefaultSectionSize(36);
    m_predicted = readOnlyText(QStringLiteral("probePredicted"));
    m_observed = readOnlyText(QStringLiteral("probeObserved"));
    m_transcript = readOnlyText(QStringLiteral("probeTranscript"));
    m_findings = new QListWidget;
    m_findings->setObjectName(QStringLiteral("probeFindings"));
    m_findings->setWordWrap(true);

    auto *sideBySide = new QSplitter(Qt::Horizontal);
    auto *predictedBox = new QWidget;
    auto *predictedLayout = new QVBoxLayout(predictedBox);
    predictedLayout->setContentsMargins(0, 0, 0, 0);
    predictedLayout->addWidget(new QLabel(tr("Predicted (the policy)")));
    predictedLayout->addWidget(m_predicted);
    auto *observedBox = new QWidget;
    auto *observedLayout = new QVBoxLayout(observedBox);
    observedLayout->setContentsMargins(0, 0, 0, 0);
    observedLayout->addWidget(new QLabel(tr("Observed (the server)")));
    observedLayout->addWidget(m_observed);
    sideBySide->addWidget(predictedBox);
    sideBySide->addWidget(observedBox);

    auto *details = new QSplitter(Qt::Vertical);
    details->addWidget(sideBySide);
    details->addWidget(m_transcript);
    details->addWidget(m_findings);

    auto *main = new QSplitter(Qt::Horizontal);
    main->addWidget(m_matrix);
    main->addWidget(details);
    main->setStretchFactor(0, 3);
    main->setStretchFactor(1, 2);

    // In a scroll area, so that the dock it shares with the Server panel keeps the main window's
    // minimum size small enough for a 1366x768 screen.
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_summary);
    layout->addWidget(main, 1);
    content->setMinimumHeight(480);
    auto *scroll = new QScrollArea;
    scroll->setObjectName(QStringLiteral("probeScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);

    m_chooseFile = [this](const QString &suggested) {
        return QFileDialog::getSaveFileName(this, tr("Export the probe report"), suggested);
    };
    connect(m_run, &QPushButton::clicked, this, &ProbePanel::run);
    connect(m_cancel, &QPushButton::clicked, this, &ProbePanel::cancel);
    connect(m_matrix, &QTableWidget::currentCellChanged, this,
            [this](int row, int column) { showCell(row, column); });
    connect(m_exportJson, &QPushButton::clicked, this, [this] { exportTo(false); });
    connect(m_exportJunit, &QPushButton::clicked, this, [this] { exportTo(true); });
}

ProbePanel::~ProbePanel() = default;

void ProbePanel::setServerUrl(const QString &url) {
    m_url->setText(url);
}

void ProbePanel::run() {
    if (m_conformance && m_conformance->isRunning())
        return;
    const QUrl url(m_url->text().trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        m_summary->setText(tr("The server URL must be an absolute http(s) URL."));
        return;
    }
    ConformanceSettings settings;
    settings.client.serverUrl = url;
    settings.client.grant = m_grant->currentData().toString() == QLatin1String("client_credentials")
                                ? McpClientSettings::Grant::ClientCredentials
                                : McpClientSettings::Grant::AuthorizationCode;
    settings.client.clientId = m_clientId->text().trimmed();
    settings.client.clientSecret = m_clientSecret->text();
    settings.client.maxAuthorizations = m_maxAuthorizations->value();
    std::unique_ptr<Authorizer> authorizer;
    if (m_authorize->currentData().toString() == QLatin1String("browser"))
        authorizer = std::make_unique<BrowserAuthorizer>(
            [](const QUrl &u) { return QDesktopServices::openUrl(u); });
    else
        authorizer = std::make_unique<FollowAuthorizer>();
    delete m_conformance;
    m_conformance = new ConformanceRun(settings, m_document->policy(), std::move(authorizer), this);
    connect(m_conformance, &ConformanceRun::progress, this, [this](int done, int total) {
        m_progress->setRange(0, qMax(total, 1));
        m_progress->setValue(done);
    });
    connect(m_conformance, &ConformanceRun::finished, this, &ProbePanel::onFinished);
    m_matrix->clear();
    m_matrix->setRowCount(0);
    m_matrix->setColumnCount(0);
    m_findings->clear();
    m_predicted->clear();
    m_observed->clear();
    m_transcript->clear();
    m_run->setEnabled(false);
    m_cancel->setEnabled(true);
    m_exportJson->setEnabled(false);
    m_exportJunit->setEnabled(false);
    m_summary->setText(tr("Probing %1\u2026").arg(url.toString()));
    m_conformance->start();
}

void ProbePanel::cancel() {
    if (m_conformance)
        m_conformance->cancel();
}

void ProbePanel::onFinished() {
    const ConformanceReport &report = m_conformance->report();
    m_run->setEnabled(true);
    m_cancel->setEnabled(false);
    m_exportJson->setEnabled(true);
    m_exportJunit->setEnabled(true);
    m_matrix->setRowCount(int(report.cases.size()));
    m_matrix->setColumnCount(int(report.operations.size()));
    QStringList rows;
    for (const ConformanceCase &c : report.cases)
        rows.append(c.label);
    QStringList columns;
    for (const ConformanceOperation &op : report.operations)
        columns.append(op.tool.isEmpty() ? op.id : op.tool);
    m_matrix->setVerticalHeaderLabels(rows);
    m_matrix->setHorizontalHeaderLabels(columns);
    for (const ConformanceCell &cell : report.cells) {
        auto *item = new QTableWidgetItem;
        if (!cell.ran) {
            item->setText(QStringLiteral("?"));
            item->setBackground(NotRunColour);
            item->setToolTip(cell.failure);
        } else {
            item->setText(cell.observed.allowed ? QStringLiteral("200")
                                                : QString::number(cell.observed.status));
            item->setBackground(cell.match ? MatchColour : MismatchColour);
            item->setToolTip(cell.match ? tr("matches the policy") : cell.differences.join(u'\n'));
        }
        item->setTextAlignment(Qt::AlignCenter);
        m_matrix->setItem(cell.caseIndex, cell.operationIndex, item);
    }
    m_matrix->resizeColumnsToContents();
    for (const Finding &f : report.findings) {
        auto *item = new QListWidgetItem(
            QStringLiteral("[%1] %2: %3").arg(Finding::severityName(f.severity), f.id, f.message));
        item->setToolTip(f.basis);
        m_findings->addItem(item);
    }
    if (!report.stopped.isEmpty())
        m_summary->setText(tr("Stopped: %1").arg(report.stopped));
    else
        m_summary->setText(tr("%1 cells, %2 mismatches, %3 not run")
                               .arg(report.cells.size())
                               .arg(report.mismatches())
                               .arg(report.notRun()));
    Q_EMIT finished(report.allMatch());
}

void ProbePanel::showCell(int row, int column) {
    if (!m_conformance)
        return;
    const ConformanceReport &report = m_conformance->report();
    const ConformanceCell *cell = report.cell(row, column);
    if (!cell) {
        m_predicted->clear();
        m_observed->clear();
        m_transcript->clear();
        return;
    }
    QString predicted = cell->predicted.text;
    QString observed = cell->observed.text;
    if (cell->grantDiffers)
        predicted += tr("\n(predicted with the granted scopes: %1)").arg(cell->granted.join(u' '));
    if (!cell->ran)
        observed = tr("not run: %1").arg(cell->failure);
    m_predicted->setPlainText(marked(predicted, observed));
    m_observed->setPlainText(marked(observed, predicted));
    QStringList lines;
    const QList<Exchange> &exchanges = m_conformance->transcript().exchanges();
    for (int i = cell->firstExchange; i < cell->endExchange && i < exchanges.size(); ++i) {
        const Exchange &e = exchanges.at(i);
        lines.append(
            QStringLiteral("%1 %2 -> %3").arg(QString::fromLatin1(e.method), e.url).arg(e.status));
        for (const HttpHeader &h : e.requestHeaders)
            lines.append(QStringLiteral("  > %1: %2")
                             .arg(QString::fromLatin1(h.first), QString::fromUtf8(h.second)));
        for (const HttpHeader &h : e.responseHeaders)
            lines.append(QStringLiteral("  < %1: %2")
                             .arg(QString::fromLatin1(h.first), QString::fromUtf8(h.second)));
    }
    for (const QString &note : cell->notes)
        lines.append(QStringLiteral("note: ") + note);
    m_transcript->setPlainText(lines.join(u'\n'));
}

void ProbePanel::exportTo(bool junit) {
    if (!m_conformance)
        return;
    const QString file =
        m_chooseFile(junit ? QStringLiteral("probe.xml") : QStringLiteral("probe.json"));
    if (file.isEmpty())
        return;
    const ConformanceReport &report = m_conformance->report();
    QSaveFile out(file);
    const QByteArray data =
        junit ? report.toJUnit()
              : QJsonDocument(report.toJson(&m_conformance->transcript())).toJson();
    if (!out.open(QIODevice::WriteOnly) || out.write(data) < 0 || !out.commit())
        m_summary->setText(tr("Could not write %1: %2").arg(file, out.errorString()));
}

} // namespace scopebench
