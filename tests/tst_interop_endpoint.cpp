#include "mcp/EndpointRunner.h"
#include "observability/RequestLog.h"
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

        const Result<Policy> epicMe = PolicyFile::load(PolicyFile::bundledExample());
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

        QString failure;
        const QByteArray output = interop::runNodeTest(
            node, QStringLiteral("endpoint.test.mjs"),
            {{QStringLiteral("SCOPEBENCH_MCP_URL"), plain.endpointUrl().toString()},
             {QStringLiteral("SCOPEBENCH_MCP_URL_CLOSEST"), closest.endpointUrl().toString()},
             {QStringLiteral("SCOPEBENCH_TEST_CLIENT_ID"), plain.testClientId()},
             {QStringLiteral("SCOPEBENCH_TEST_CLIENT_SECRET"), plain.testClientSecret()}},
            &failure);
        qInfo().noquote() << QString::fromUtf8(output);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
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
