#include "http/CurlCommand.h"
#include "mcp/EndpointRunner.h"
#include "policy/PolicyFile.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace scopebench;

// The curl tab's command, pasted into a shell with $TOKEN set, against the endpoint the app
// runs (EndpointRunner, with its built-in authorization server): it must get the answer the
// preview promises, in one call.
class tst_CurlCommand : public QObject {
    Q_OBJECT
private:
    EndpointRunner m_runner;
    QString m_curl;

    // Runs `command` with sh and $TOKEN; returns the status of curl's -i output.
    int run(const QString &command, const QString &token, QByteArray *output) {
        QProcess shell;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("TOKEN"), token);
        shell.setProcessEnvironment(env);
        shell.start(QStringLiteral("/bin/sh"),
                    {QStringLiteral("-c"), command + QStringLiteral(" -s")});
        if (!QTest::qWaitFor([&] { return shell.state() == QProcess::NotRunning; }, 20000)) {
            shell.kill();
            return -1;
        }
        *output = shell.readAllStandardOutput();
        // "HTTP/1.1 200 OK"
        return output->split('\n').first().split(' ').value(1).toInt();
    }

private Q_SLOTS:
    void initTestCase() {
        m_curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
        if (m_curl.isEmpty()) {
            if (!qEnvironmentVariableIsEmpty("SCOPEBENCH_REQUIRE_INTEROP"))
                QFAIL("curl is not installed (scripts/dev.sh installs it)");
            QSKIP("curl is not installed (scripts/dev.sh installs it)");
        }
        RunnerSettings settings;
        settings.endpoint.port = 0;
        settings.policy = PolicyFile::load(PolicyFile::bundledExample()).value();
        QSignalSpy started(&m_runner, &EndpointRunner::started);
        m_runner.start(settings);
        QVERIFY(started.wait(10000));
    }
    void cleanupTestCase() { m_runner.stop(); }

    void worksAsPasted_data() {
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QStringList>("scopes");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("discover") << QString() << QStringList{QStringLiteral("entries:read")} << 200
                                  << QByteArray("\"supportedVersions\"");
        QTest::newRow("allowed call")
            << QStringLiteral("list_entries") << QStringList{QStringLiteral("entries:read")} << 200
            << QByteArray("\"resultType\":\"complete\"");
        QTest::newRow("whoami") << QStringLiteral("whoami")
                                << QStringList{QStringLiteral("entries:read"),
                                               QStringLiteral("user:read")}
                                << 200 << QByteArray("\"structuredContent\"");
        QTest::newRow("refused call")
            << QStringLiteral("delete_entry") << QStringList{QStringLiteral("entries:read")} << 403
            << QByteArray("insufficient_scope");
    }
    void worksAsPasted() {
        QFETCH(QString, tool);
        QFETCH(QStringList, scopes);
        QFETCH(int, status);
        QFETCH(QByteArray, expected);
        const Result<MintedToken> token = m_runner.mintToken(scopes, 600);
        QVERIFY(token.ok());
        const QString command = CurlCommand::build(m_runner.endpointUrl().toString(), tool);
        QVERIFY(!command.contains(token->accessToken));
        QByteArray output;
        QCOMPARE(run(command, token->accessToken, &output), status);
        QVERIFY2(output.contains(expected), output.constData());
        QVERIFY(!output.contains("Mcp-Session-Id"));
    }
};

QTEST_GUILESS_MAIN(tst_CurlCommand)
#include "tst_curlcommand.moc"
