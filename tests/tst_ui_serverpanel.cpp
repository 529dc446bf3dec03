#include "PolicyDocument.h"
#include "RequestLogModel.h"
#include "ServerPanel.h"
#include "SetCellCommand.h"

#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace scopebench;

namespace {

// Stands in for the endpoint: records what the panel asks of it.
class FakeBackend : public ServerBackend {
public:
    bool isRunning() const override { return running; }
    Status start(const QString &host, quint16 port, const Policy &policy,
                 const std::optional<IntrospectionSettings> &external,
                 NetworkExposure asked) override {
        if (port == 1)
            return Error{QStringLiteral("cannot listen"), host + u':' + QString::number(port)};
        running = true;
        served = policy;
        introspection = external;
        exposure = asked;
        startedHost = host;
        Q_EMIT runningChanged(true);
        return Status::success();
    }
    void stop() override {
        if (!running)
            return;
        running = false;
        Q_EMIT runningChanged(false);
    }
    void setPolicy(const Policy &policy) override {
        served = policy;
        ++policyUpdates;
    }
    EndpointAddresses endpoints() const override {
        EndpointAddresses e;
        e.endpointUrl = QUrl(QStringLiteral("http://127.0.0.1:4321/mcp"));
        e.tokenEndpoint = QStringLiteral("http://127.0.0.1:4321/oauth/token");
        e.introspectionEndpoint = QStringLiteral("http://127.0.0.1:4321/oauth/introspect");
        e.clientId = QStringLiteral("scopebench");
        e.clientSecret = QStringLiteral("test-secret");
        return e;
    }
    EndpointCounters counters() const override {
        EndpointCounters c;
        c.requests = 3;
        c.forbidden = 2;
        return c;
    }
    Result<QString> mintToken(const MintRequest &request) override {
        minted = request;
        return QStringLiteral("minted-token");
    }
    void log(int status, const QString &tool) {
        RequestRecord r;
        // A fixed time: the filter matches every column, and a clock reading such as
        // 12:00:00.403 would match a filter for the status 403.
        r.time = QDateTime(QDate(2026, 1, 2), QTime(10, 0, 0), Qt::UTC);
        r.method = QStringLiteral("POST");
        r.path = QStringLiteral("/mcp");
        r.tool = tool;
        r.status = status;
        r.outcome = status == 200 ? QStringLiteral("allowed") : QStringLiteral("denied");
        Q_EMIT requestLogged(r);
    }

    bool running = false;
    Policy served;
    std::optional<IntrospectionSettings> introspection;
    NetworkExposure exposure = NetworkExposure::LoopbackOnly;
    QString startedHost;
    int policyUpdates = 0;
    MintRequest minted;
};

} // namespace

class TestServerPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void withoutBackendExplains();
    void startServesTheEditedPolicyLive();
    void startFailureIsShown();
    void notAnAddressIsRefused();
    void offLoopbackAsksEveryStart_data();
    void offLoopbackAsksEveryStart();
    void externalUrlWithUserInfoIsRefused();
    void laterFailureIsShown();
    void mintPassesTheChoices();
    void logFiltersAndExports_data();
    void logFiltersAndExports();
};

void TestServerPanel::withoutBackendExplains() {
    PolicyDocument document;
    ServerPanel panel(&document);
    QVERIFY(!panel.isRunning());
    panel.start(); // nothing to start: no crash, nothing running
    QVERIFY(!panel.isRunning());
}

void TestServerPanel::startServesTheEditedPolicyLive() {
    PolicyDocument document;
    document.openExample();
    ServerPanel panel(&document);
    FakeBackend backend;
    panel.setBackend(&backend);
    QSignalSpy endpoints(&panel, &ServerPanel::endpointsChanged);
    panel.start();
    QVERIFY(panel.isRunning());
    QCOMPARE(endpoints.size(), 1);
    QCOMPARE(endpoints.at(0).at(0).value<EndpointAddresses>().endpointUrl.toString(),
             QStringLiteral("http://127.0.0.1:4321/mcp"));
    QCOMPARE(backend.served, document.policy());
    // The built-in test authorization server unless an external one is chosen.
    QVERIFY(!backend.introspection.has_value());
    QVERIFY(panel.countersText().contains(QStringLiteral("403 2")));

    document.undoStack()->push(
        new SetCellCommand(&document, QString(), 0, QStringLiteral("tags:read"), true));
    QCOMPARE(backend.policyUpdates, 1);
    QCOMPARE(backend.served, document.policy());

    panel.stop();
    QVERIFY(!panel.isRunning());
    QCOMPARE(endpoints.size(), 2);
    QVERIFY(endpoints.at(1).at(0).value<EndpointAddresses>().endpointUrl.isEmpty());
    document.undoStack()->undo();
    QCOMPARE(backend.policyUpdates, 1); // stopped: nothing sent
}

void TestServerPanel::startFailureIsShown() {
    PolicyDocument document;
    ServerPanel panel(&document);
    FakeBackend backend;
    panel.setBackend(&backend);
    panel.setListenAddress(QStringLiteral("127.0.0.1"), 1);
    QSignalSpy message(&panel, &ServerPanel::message);
    panel.start();
    QVERIFY(!panel.isRunning());
    QCOMPARE(message.size(), 1);
    QVERIFY(message.at(0).at(0).toString().contains(QStringLiteral("cannot listen")));
}

void TestServerPanel::notAnAddressIsRefused() {
    PolicyDocument document;
    ServerPanel panel(&document);
    FakeBackend backend;
    panel.setBackend(&backend);
    int asked = 0;
    panel.setExposureQuestion([&](const QString &) { return ++asked, true; });
    panel.setListenAddress(QStringLiteral("my-laptop.local"), 8787);
    QSignalSpy message(&panel, &ServerPanel::message);
    panel.start();
    QVERIFY(!panel.isRunning());
    QCOMPARE(asked, 0);
    QCOMPARE(message.size(), 1);
    QVERIFY2(message.at(0).at(0).toString().contains(QStringLiteral("not an IP address")),
             qPrintable(message.at(0).at(0).toString()));
}

void TestServerPanel::offLoopbackAsksEveryStart_data() {
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("external");
    QTest::addColumn<bool>("exposed");
    QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1") << false << false;
    QTest::newRow("127.1.2.3") << QStringLiteral("127.1.2.3") << false << false;
    QTest::newRow("localhost") << QStringLiteral("LocalHost") << false << false;
    QTest::newRow("::1") << QStringLiteral("::1") << false << false;
    QTest::newRow("any IPv4") << QStringLiteral("0.0.0.0") << false << true;
    QTest::newRow("any IPv6") << QStringLiteral("::") << false << true;
    QTest::newRow("LAN") << QStringLiteral("192.168.1.20") << false << true;
    QTest::newRow("LAN, external introspection") << QStringLiteral("10.0.0.5") << true << true;
    QTest::newRow("IPv6 global") << QStringLiteral("2001:db8::1") << false << true;
}

void TestServerPanel::offLoopbackAsksEveryStart() {
    QFETCH(QString, host);
    QFETCH(bool, external);
    QFETCH(bool, exposed);
    PolicyDocument document;
    document.openExample();
    ServerPanel panel(&document);
    panel.show();
    FakeBackend backend;
    panel.setBackend(&backend);
    if (external) {
        IntrospectionSettings settings;
        settings.url = QUrl(QStringLiteral("https://as.example/introspect"));
        settings.clientId = QStringLiteral("rs");
        panel.setUseExternalIntrospection(true);
        panel.setExternalIntrospection(settings);
    }
    panel.setListenAddress(host, 8787);
    QStringList questions;
    bool answer = false;
    panel.setExposureQuestion([&](const QString &question) {
        questions.append(question);
        return answer;
    });
    auto *warning = panel.findChild<QLabel *>(QStringLiteral("exposureWarning"));
    QVERIFY(warning);

    // Declined: nothing listens.
    QSignalSpy message(&panel, &ServerPanel::message);
    panel.start();
    QCOMPARE(questions.size(), exposed ? 1 : 0);
    QCOMPARE(panel.isRunning(), !exposed);
    QVERIFY(warning->isHidden());
    if (exposed) {
        QVERIFY(questions.at(0).contains(host));
        QCOMPARE(questions.at(0).contains(QStringLiteral("mints tokens")), !external);
        QCOMPARE(message.size(), 1);
        QVERIFY(message.at(0).at(0).toString().contains(QStringLiteral("Not started")));
    }
    panel.stop();

    // Accepted: it listens, with the warning shown for as long as it runs, and asks again on
    // the next start.
    answer = true;
    for (int start = 1; start <= 2; ++start) {
        panel.start();
        QVERIFY(panel.isRunning());
        QCOMPARE(questions.size(), exposed ? 1 + start : 0);
        QCOMPARE(backend.startedHost, host);
        QCOMPARE(backend.exposure,
                 exposed ? NetworkExposure::Confirmed : NetworkExposure::LoopbackOnly);
        QCOMPARE(panel.isExposed(), exposed);
        QCOMPARE(warning->isVisible(), exposed);
        if (exposed) {
            QVERIFY(warning->text().contains(host));
            QCOMPARE(warning->text().contains(QStringLiteral("mint tokens")), !external);
        }
        panel.stop();
        QVERIFY(warning->isHidden());
        QVERIFY(!panel.isExposed());
    }
}

void TestServerPanel::externalUrlWithUserInfoIsRefused() {
    PolicyDocument document;
    ServerPanel panel(&document);
    FakeBackend backend;
    panel.setBackend(&backend);
    IntrospectionSettings settings;
    settings.url = QUrl(QStringLiteral("https://rs:pa55word@as.example/introspect"));
    settings.clientId = QStringLiteral("rs");
    panel.setUseExternalIntrospection(true);
    panel.setExternalIntrospection(settings);
    QSignalSpy message(&panel, &ServerPanel::message);
    panel.start();
    QVERIFY(!panel.isRunning());
    QCOMPARE(message.size(), 1);
    const QString text = message.at(0).at(0).toString();
    QVERIFY2(text.contains(QStringLiteral("user name or password")), qPrintable(text));
    QVERIFY(!text.contains(QStringLiteral("pa55word")));
}

void TestServerPanel::laterFailureIsShown() {
    PolicyDocument document;
    ServerPanel panel(&document);
    FakeBackend backend;
    panel.setBackend(&backend);
    QSignalSpy message(&panel, &ServerPanel::message);
    Q_EMIT backend.failed(QStringLiteral("address in use"));
    QCOMPARE(message.size(), 1);
    QVERIFY(message.at(0).at(0).toString().contains(QStringLiteral("address in use")));
    QVERIFY(panel.findChild<QLabel *>(QStringLiteral("serverState"))
                ->text()
                .contains(QStringLiteral("address in use")));
}

void TestServerPanel::mintPassesTheChoices() {
    PolicyDocument document;
    document.openExample();
    ServerPanel panel(&document);
    FakeBackend backend;
    panel.setBackend(&backend);
    QSignalSpy minted(&panel, &ServerPanel::tokenMinted);
    panel.mintToken(); // not running: nothing
    QCOMPARE(minted.size(), 0);
    panel.start();
    auto *scopes = panel.findChild<QLineEdit *>(QStringLiteral("mintScopes"));
    scopes->setText(QStringLiteral("entries:read  tags:read"));
    panel.mintToken();
    QCOMPARE(minted.size(), 1);
    QCOMPARE(minted.at(0).at(0).toString(), QStringLiteral("minted-token"));
    QCOMPARE(backend.minted.scopes,
             (QStringList{QStringLiteral("entries:read"), QStringLiteral("tags:read")}));
    QCOMPARE(backend.minted.lifetimeSeconds, 3600);
}

void TestServerPanel::logFiltersAndExports_data() {
    QTest::addColumn<QString>("filter");
    QTest::addColumn<int>("rows");
    QTest::newRow("all") << QString() << 3;
    QTest::newRow("by tool") << QStringLiteral("create_entry") << 1;
    QTest::newRow("by status") << QStringLiteral("403") << 2;
}

void TestServerPanel::logFiltersAndExports() {
    QFETCH(QString, filter);
    QFETCH(int, rows);
    PolicyDocument document;
    ServerPanel panel(&document);
    FakeBackend backend;
    panel.setBackend(&backend);
    panel.start();
    backend.log(200, QStringLiteral("whoami"));
    backend.log(403, QStringLiteral("create_entry"));
    backend.log(403, QStringLiteral("delete_tag"));
    QVERIFY(QTest::qWaitFor([&] { return panel.logModel()->rowCount() == 3; }, 5000));
    panel.findChild<QLineEdit *>(QStringLiteral("logFilter"))->setText(filter);
    QCOMPARE(panel.filteredLog()->rowCount(), rows);

    QTemporaryDir dir;
    const QString jsonl = dir.filePath(QStringLiteral("log.jsonl"));
    const QString csv = dir.filePath(QStringLiteral("log.csv"));
    QVERIFY(panel.exportLog(jsonl, false));
    QVERIFY(panel.exportLog(csv, true));
    QFile jsonFile(jsonl);
    QVERIFY(jsonFile.open(QIODevice::ReadOnly));
    QCOMPARE(jsonFile.readAll().count('\n'), rows);
    QFile csvFile(csv);
    QVERIFY(csvFile.open(QIODevice::ReadOnly));
    QCOMPARE(csvFile.readAll().count('\n'), rows + 1);
}

QTEST_MAIN(TestServerPanel)
#include "tst_ui_serverpanel.moc"
