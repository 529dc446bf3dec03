#include "DecisionPreview.h"
#include "EndpointServerBackend.h"
#include "MainWindow.h"
#include "PolicyDocument.h"
#include "PolicyEditor.h"
#include "RequestLogModel.h"
#include "ServerPanel.h"
#include "TokenPanel.h"

#include "common/TokenFingerprint.h"
#include "support/McpRequests.h"

#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace scopebench;

// The server panel on the real embedded endpoint (its own thread, 127.0.0.1:0): requests sent
// with QNetworkAccessManager show up in the log with their outcome, and Mint token puts a token
// in the token panel that introspection then resolves to an allow.
class TestEndpointServerBackend : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void requestsAppearInTheLog_data();
    void requestsAppearInTheLog();
    void mintTokenFillsTokenPanelAndAllows();
    void editsApplyToNewRequests();
    void settingsHoldNoServerSecrets();
    void secretsStayOutOfWhatIsShownAndExported();
    void offLoopbackNeedsConfirmation_data();
    void offLoopbackNeedsConfirmation();

private:
    // Mints a token in the server panel and waits until the token panel has introspected it.
    QString mintAndIntrospect();

    QTemporaryDir m_settingsDir;
    MainWindow *m_window = nullptr;
    QNetworkAccessManager m_network;
    QString m_url;
};

QString TestEndpointServerBackend::mintAndIntrospect() {
    m_window->serverPanel()->mintToken();
    const bool known = QTest::qWaitFor(
        [&] {
            return m_window->tokenPanel()->input().knowledge.state == TokenKnowledge::State::Known;
        },
        10000);
    return known
               ? m_window->tokenPanel()->findChild<QLineEdit *>(QStringLiteral("tokenEdit"))->text()
               : QString();
}

void TestEndpointServerBackend::initTestCase() {
    QCoreApplication::setOrganizationName(QStringLiteral("ScopebenchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_ui_endpointserverbackend"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestEndpointServerBackend::init() {
    QSettings().clear();
    m_window = new MainWindow;
    m_window->setUnsavedQuestion([](const QString &) { return QMessageBox::Discard; });
    m_window->restoreSession();
    m_window->show();
    ServerPanel *server = m_window->serverPanel();
    server->setListenAddress(QStringLiteral("127.0.0.1"), 0);
    QSignalSpy running(server, &ServerPanel::runningChanged);
    server->start();
    QVERIFY(running.wait(10000));
    QVERIFY(server->isRunning());
    m_url = server->backend()->endpoints().endpointUrl.toString();
    QVERIFY(m_url.startsWith(QStringLiteral("http://127.0.0.1:")));
}

void TestEndpointServerBackend::cleanup() {
    delete m_window;
    m_window = nullptr;
}

void TestEndpointServerBackend::requestsAppearInTheLog_data() {
    QTest::addColumn<QStringList>("scopes"); // minted; empty list with `bearer` false: no header
    QTest::addColumn<bool>("bearer");
    QTest::addColumn<int>("status");
    QTest::newRow("no token") << QStringList() << false << 401;
    QTest::newRow("token without scopes") << QStringList() << true << 403;
    QTest::newRow("enough") << QStringList{QStringLiteral("entries:read")} << true << 200;
}

void TestEndpointServerBackend::requestsAppearInTheLog() {
    QFETCH(QStringList, scopes);
    QFETCH(bool, bearer);
    QFETCH(int, status);
    ServerPanel *server = m_window->serverPanel();
    QString authorization;
    if (bearer) {
        MintRequest mint;
        mint.scopes = scopes;
        const auto token = server->backend()->mintToken(mint);
        QVERIFY(token.ok());
        authorization = QStringLiteral("Bearer ") + token.value();
    }
    RequestLogModel *log = server->logModel();
    const int before = log->rowCount();
    QCOMPARE(fixtures::postMcp(m_network, QUrl(m_url), authorization), status);
    QVERIFY(QTest::qWaitFor([&] { return log->rowCount() > before; }, 10000));
    const int row = log->rowCount() - 1;
    QCOMPARE(log->data(log->index(row, 0), RequestLogModel::StatusRole).toInt(), status);
    QCOMPARE(log->recordAt(row).rpcMethod, QStringLiteral("initialize"));
    QCOMPARE(log->recordAt(row).outcome,
             status == 200 ? QStringLiteral("allowed") : QStringLiteral("denied"));
    // The log never holds the token, only its fingerprint.
    if (bearer) {
        const QString token = authorization.mid(7);
        QVERIFY(!log->recordAt(row).toJsonLine().contains(token.toUtf8()));
        QVERIFY(!log->recordAt(row).tokenFingerprint.isEmpty());
    }
}

void TestEndpointServerBackend::mintTokenFillsTokenPanelAndAllows() {
    ServerPanel *server = m_window->serverPanel();
    server->findChild<QLineEdit *>(QStringLiteral("mintScopes"))
        ->setText(QStringLiteral("entries:write"));
    m_window->preview()->setTool(QStringLiteral("create_entry"));
    QSignalSpy changed(m_window->tokenPanel(), &TokenPanel::inputChanged);
    QVERIFY(!mintAndIntrospect().isEmpty());
    QCOMPARE(m_window->tokenPanel()->input().kind, TokenInput::Kind::Pasted);
    m_window->preview()->flush();
    QCOMPARE(m_window->preview()->report().decision.outcome, Outcome::Allow);
    QVERIFY(m_window->preview()->curlCommand().contains(m_url));
    QVERIFY(!m_window->preview()->curlCommand().contains(
        m_window->tokenPanel()->findChild<QLineEdit *>(QStringLiteral("tokenEdit"))->text()));
}

void TestEndpointServerBackend::editsApplyToNewRequests() {
    ServerPanel *server = m_window->serverPanel();
    MintRequest mint;
    mint.scopes = {QStringLiteral("tags:read")};
    const auto token = server->backend()->mintToken(mint);
    QVERIFY(token.ok());
    const QString authorization = QStringLiteral("Bearer ") + token.value();
    QCOMPARE(fixtures::postMcp(m_network, QUrl(m_url), authorization), 200);
    // Untick tags:read in its server-level row: that token is no longer enough.
    m_window->editor()->showTool(QString());
    auto *matrix =
        m_window->editor()->findChild<QTableView *>(QStringLiteral("matrixView"))->model();
    const QModelIndex cell = matrix->index(3, 3);
    QCOMPARE(matrix->headerData(3, Qt::Horizontal).toString(), QStringLiteral("tags:read"));
    QVERIFY(matrix->setData(cell, Qt::Unchecked, Qt::CheckStateRole));
    QVERIFY(matrix->setData(matrix->index(3, 4), Qt::Checked, Qt::CheckStateRole));
    QCOMPARE(fixtures::postMcp(m_network, QUrl(m_url), authorization), 403);
}

void TestEndpointServerBackend::settingsHoldNoServerSecrets() {
    ServerPanel *server = m_window->serverPanel();
    const EndpointAddresses endpoints = server->backend()->endpoints();
    QVERIFY(!endpoints.clientSecret.isEmpty());
    const QString token = mintAndIntrospect();
    QVERIFY(!token.isEmpty());
    QVERIFY(m_window->close());
    QVERIFY(!server->isRunning()); // closing stops the endpoint and frees the port
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    QVERIFY(written.contains("server"));
    QVERIFY(!written.contains(endpoints.clientSecret.toUtf8()));
    QVERIFY(!written.contains(token.toUtf8()));
}

// Everything a user sees outside the masked fields, or writes out, while a token, the test
// client's secret and an external server's secret are all in the window.
void TestEndpointServerBackend::secretsStayOutOfWhatIsShownAndExported() {
    ServerPanel *server = m_window->serverPanel();
    const QString clientSecret = server->backend()->endpoints().clientSecret;
    QVERIFY(!clientSecret.isEmpty());
    server->findChild<QLineEdit *>(QStringLiteral("mintScopes"))
        ->setText(QStringLiteral("entries:read"));
    const QString token = mintAndIntrospect();
    QVERIFY(!token.isEmpty());
    QCOMPARE(fixtures::postMcp(m_network, QUrl(m_url), QStringLiteral("Bearer ") + token), 200);
    // A client that puts the token in the query (RFC 6750 §2.3) does not get it logged either.
    QUrl withQuery(m_url);
    withQuery.setQuery(QStringLiteral("access_token=") + token);
    QVERIFY(fixtures::postMcp(m_network, withQuery, QString()) > 0);
    // The external server's secret waits in its field for the next start.
    const QString externalSecret = QStringLiteral("external-s3cr3t-c0ffee");
    IntrospectionSettings external;
    external.url = QUrl(QStringLiteral("https://as.example/introspect"));
    external.clientId = QStringLiteral("rs");
    external.clientSecret = externalSecret;
    server->setExternalIntrospection(external);
    QVERIFY(QTest::qWaitFor([&] { return server->logModel()->rowCount() >= 3; }, 10000));

    const QStringList secrets{token, clientSecret, externalSecret};
    QStringList shown{m_window->windowTitle(), m_window->statusBar()->currentMessage()};
    for (QWidget *widget : m_window->findChildren<QWidget *>()) {
        shown << widget->toolTip() << widget->statusTip() << widget->whatsThis()
              << widget->windowTitle();
        if (auto *label = qobject_cast<QLabel *>(widget))
            shown << label->text();
    }
    QTemporaryDir dir;
    for (bool csv : {false, true}) {
        const QString fileName =
            dir.filePath(csv ? QStringLiteral("log.csv") : QStringLiteral("log.jsonl"));
        QVERIFY(server->exportLog(fileName, csv));
        QFile file(fileName);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString exported = QString::fromUtf8(file.readAll());
        QVERIFY(exported.count(u'\n') >= 3);
        shown << exported;
    }
    const QString all = shown.join(u'\n');
    for (const QString &secret : secrets)
        QVERIFY2(!all.contains(secret), qPrintable(secret.left(4)));
    QVERIFY(all.contains(tokenFingerprint(token.toUtf8()))); // the token is known by its print
}

void TestEndpointServerBackend::offLoopbackNeedsConfirmation_data() {
    QTest::addColumn<QString>("host");
    QTest::addColumn<QString>("error");
    QTest::newRow("any IPv4") << QStringLiteral("0.0.0.0") << QStringLiteral("confirmation");
    QTest::newRow("LAN") << QStringLiteral("192.168.1.20") << QStringLiteral("confirmation");
    QTest::newRow("any IPv6") << QStringLiteral("::") << QStringLiteral("confirmation");
    QTest::newRow("host name") << QStringLiteral("example.com")
                               << QStringLiteral("not an IP address");
}

// The backend refuses on its own, whoever calls it; a confirmed wide start is not tried here,
// as tests listen on loopback only.
void TestEndpointServerBackend::offLoopbackNeedsConfirmation() {
    QFETCH(QString, host);
    QFETCH(QString, error);
    EndpointServerBackend backend;
    QSignalSpy running(&backend, &ServerBackend::runningChanged);
    const Status started = backend.start(host, 0, m_window->document()->policy(), std::nullopt,
                                         NetworkExposure::LoopbackOnly);
    QVERIFY(!started);
    QVERIFY2(started.error().toString().contains(error), qPrintable(started.error().toString()));
    QVERIFY(!backend.isRunning());
    QCOMPARE(running.size(), 0);
}

QTEST_MAIN(TestEndpointServerBackend)
#include "tst_ui_endpointserverbackend.moc"
