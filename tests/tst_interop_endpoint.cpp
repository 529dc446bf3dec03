#include "mcp/EndpointRunner.h"
#include "mcp/RequestLog.h"
#include "policy/PolicyFile.h"
#include "support/InteropSupport.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>

using namespace scopebench;

// Runs tests/interop/endpoint.test.mjs (the official MCP TypeScript SDK client) against two
// endpoints in this process, each on 127.0.0.1:0 with the built-in test authorization server.
class tst_InteropEndpoint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void officialSdk() {
        INTEROP_FIND_NODE(node);
        const QDir interop = interop::directory();

        const Result<Policy> epicMe =
            PolicyFile::load(QStringLiteral(":/scopebench/policies/epicme.json"));
        QVERIFY(epicMe.ok());
        const QString secret = QString::number(QRandomGenerator::system()->generate64(), 36);

        RunnerSettings settings;
        settings.endpoint.port = 0;
        settings.policy = epicMe.value();
        settings.testClientSecret = secret;
        EndpointRunner plain;
        QSignalSpy plainStarted(&plain, &EndpointRunner::started);
        plain.start(settings);

        settings.policy.challenge.scopeHint = ScopeHint::Closest;
        EndpointRunner closest;
        QSignalSpy closestStarted(&closest, &EndpointRunner::started);
        closest.start(settings);
        QVERIFY(plainStarted.count() == 1 || plainStarted.wait(10000));
        QVERIFY(closestStarted.count() == 1 || closestStarted.wait(10000));

        QProcess process;
        process.setWorkingDirectory(interop.path());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SCOPEBENCH_MCP_URL"), plain.endpointUrl().toString());
        env.insert(QStringLiteral("SCOPEBENCH_MCP_URL_CLOSEST"), closest.endpointUrl().toString());
        env.insert(QStringLiteral("SCOPEBENCH_TEST_CLIENT_ID"), plain.testClientId());
        env.insert(QStringLiteral("SCOPEBENCH_TEST_CLIENT_SECRET"), plain.testClientSecret());
        process.setProcessEnvironment(env);
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(node, {QStringLiteral("--test"), QStringLiteral("endpoint.test.mjs")});
        QVERIFY2(process.waitForStarted(), qPrintable(process.errorString()));
        const bool done =
            QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 90000);
        if (!done)
            process.kill();
        const QByteArray output = process.readAll();
        qInfo().noquote() << QString::fromUtf8(output);
        QVERIFY2(done, "node did not finish in time");
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(output.contains("# fail 0"));
        // Everything the SDK did is in the log, and the secret in none of it.
        const QByteArray lines = RequestLog::toJsonLines(plain.log().snapshot());
        QVERIFY(lines.contains("\"rpc_method\":\"tools/call\""));
        QVERIFY(!lines.contains(secret.toUtf8()));
        QVERIFY(plain.counters().allowed > 0);
        QVERIFY(closest.counters().forbidden > 0);
    }
};

QTEST_GUILESS_MAIN(tst_InteropEndpoint)
#include "tst_interop_endpoint.moc"
