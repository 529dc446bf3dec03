#include "MainWindow.h"
#include "RequestLogModel.h"
#include "ServerPanel.h"

#include "policy/PolicyFile.h"
#include "support/McpRequests.h"
#include "support/TestAuthorizationServerHost.h"

#include <QFile>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace scopebench;

// The server panel with an external RFC 7662 server instead of the built-in one: a real test
// authorization server on a listener of its own (127.0.0.1:0) plays the external server; the
// endpoint asks it, and the secret never reaches the settings file.
class TestExternalIntrospection : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void externalServerDecides_data();
    void externalServerDecides();
    void badUrlDoesNotStart();
    void secretNeverReachesSettings();

private:
    IntrospectionSettings external(IntrospectionSettings::AuthMethod method,
                                   const QString &secret) const;

    QTemporaryDir m_settingsDir;
    std::unique_ptr<TestAuthorizationServerHost> m_authServer;
    MainWindow *m_window = nullptr;
    QNetworkAccessManager m_network;
};

static const QString clientSecret = QStringLiteral("external-secret-6f1c2a");

void TestExternalIntrospection::initTestCase() {
    QCoreApplication::setOrganizationName(QStringLiteral("ScopebenchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_ui_externalintrospection"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    const auto policy = PolicyFile::load(PolicyFile::bundledExample());
    QVERIFY(policy.ok());
    TestAuthorizationServer::Settings settings;
    settings.clientId = QStringLiteral("resource-server");
    settings.clientSecret = clientSecret;
    settings.catalog = policy.value().catalogNames();
    m_authServer = std::make_unique<TestAuthorizationServerHost>(settings);
    const auto issuer = m_authServer->listen();
    QVERIFY2(issuer.ok(), issuer.ok() ? "" : qPrintable(issuer.error().toString()));
}

void TestExternalIntrospection::init() {
    QSettings().clear();
    m_window = new MainWindow;
    m_window->setUnsavedQuestion([](const QString &) { return QMessageBox::Discard; });
    m_window->restoreSession();
    m_window->show();
    m_window->serverPanel()->setListenAddress(QStringLiteral("127.0.0.1"), 0);
}

void TestExternalIntrospection::cleanup() {
    delete m_window;
    m_window = nullptr;
}

IntrospectionSettings TestExternalIntrospection::external(IntrospectionSettings::AuthMethod method,
                                                          const QString &secret) const {
    IntrospectionSettings settings;
    settings.url = QUrl(m_authServer->authorizationServer()->introspectionEndpoint());
    settings.authMethod = method;
    settings.clientId = QStringLiteral("resource-server");
    settings.clientSecret = secret;
    return settings;
}

void TestExternalIntrospection::externalServerDecides_data() {
    using Method = IntrospectionSettings::AuthMethod;
    QTest::addColumn<int>("method");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QStringList>("scopes");
    QTest::addColumn<int>("status");
    QTest::newRow("basic, enough") << int(Method::ClientSecretBasic) << clientSecret
                                   << QStringList{QStringLiteral("entries:read")} << 200;
    QTest::newRow("post, enough") << int(Method::ClientSecretPost) << clientSecret
                                  << QStringList{QStringLiteral("tags:read")} << 200;
    QTest::newRow("basic, no scopes")
        << int(Method::ClientSecretBasic) << clientSecret << QStringList() << 403;
    // The external server refuses the client: no answer about the token, so 503.
    QTest::newRow("wrong secret") << int(Method::ClientSecretBasic)
                                  << QStringLiteral("not-the-secret")
                                  << QStringList{QStringLiteral("entries:read")} << 503;
}

void TestExternalIntrospection::externalServerDecides() {
    QFETCH(int, method);
    QFETCH(QString, secret);
    QFETCH(QStringList, scopes);
    QFETCH(int, status);
    ServerPanel *server = m_window->serverPanel();
    server->setUseExternalIntrospection(true);
    server->setExternalIntrospection(external(IntrospectionSettings::AuthMethod(method), secret));
    QSignalSpy running(server, &ServerPanel::runningChanged);
    server->start();
    QVERIFY(running.wait(10000));
    QVERIFY(server->isRunning());
    // The built-in server does not run, so there is nothing of it to mint with.
    auto *mint = server->findChild<QPushButton *>(QStringLiteral("mintButton"));
    QVERIFY(mint);
    QVERIFY(!mint->isEnabled());
    QVERIFY(server->findChild<QLabel *>(QStringLiteral("serverUrls"))
                ->text()
                .contains(QStringLiteral("(external)")));
    const QString token =
        m_authServer->authorizationServer()->mint(scopes, 600, QString()).accessToken;
    RequestLogModel *log = server->logModel();
    const int before = log->rowCount();
    QCOMPARE(fixtures::postMcp(m_network, server->backend()->endpoints().endpointUrl,
                               QStringLiteral("Bearer ") + token),
             status);
    QVERIFY(QTest::qWaitFor([&] { return log->rowCount() > before; }, 10000));
    QCOMPARE(log->recordAt(log->rowCount() - 1).status, status);
}

void TestExternalIntrospection::badUrlDoesNotStart() {
    ServerPanel *server = m_window->serverPanel();
    server->setUseExternalIntrospection(true);
    IntrospectionSettings settings =
        external(IntrospectionSettings::AuthMethod::ClientSecretBasic, clientSecret);
    settings.url = QUrl(QStringLiteral("introspect"));
    server->setExternalIntrospection(settings);
    server->start();
    QVERIFY(!server->isRunning());
    const QString state = server->findChild<QLabel *>(QStringLiteral("serverState"))->text();
    QVERIFY2(state.startsWith(QStringLiteral("Could not start")), qPrintable(state));
    QVERIFY(!state.contains(clientSecret));
}

void TestExternalIntrospection::secretNeverReachesSettings() {
    ServerPanel *server = m_window->serverPanel();
    server->setUseExternalIntrospection(true);
    const IntrospectionSettings settings =
        external(IntrospectionSettings::AuthMethod::ClientSecretPost, clientSecret);
    server->setExternalIntrospection(settings);
    QVERIFY(m_window->close());
    QSettings stored;
    stored.sync();
    QFile file(stored.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray written = file.readAll();
    QVERIFY(written.contains("resource-server"));
    QVERIFY(!written.contains(clientSecret.toUtf8()));

    // The next start brings back everything but the secret.
    delete m_window;
    m_window = new MainWindow;
    m_window->restoreSession();
    ServerPanel *restored = m_window->serverPanel();
    QVERIFY(restored->usesExternalIntrospection());
    const IntrospectionSettings back = restored->externalIntrospection();
    QCOMPARE(back.url, settings.url);
    QCOMPARE(back.authMethod, settings.authMethod);
    QCOMPARE(back.clientId, settings.clientId);
    QCOMPARE(back.clientSecret, QString());
}

QTEST_MAIN(TestExternalIntrospection)
#include "tst_ui_externalintrospection.moc"
