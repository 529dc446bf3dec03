#include "mcp/EndpointRunner.h"
#include "observability/RequestLog.h"
#include "policy/PolicyFile.h"
#include "support/InteropSupport.h"

#include <QSignalSpy>
#include <QTest>

using namespace scopebench;

// Runs tests/interop/v2client.test.mjs (the official MCP TypeScript SDK v2 client) against an
// endpoint in this process on 127.0.0.1:0: the bundled policy with challenge.scopeHint
// "closest", the built-in test authorization server approving what is asked (`--grant ""`).
class tst_InteropV2Client : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void officialV2Client() {
        INTEROP_FIND_NODE(node);
        const Result<Policy> epicMe = PolicyFile::load(PolicyFile::bundledExample());
        QVERIFY(epicMe.ok());
        RunnerSettings settings;
        settings.endpoint.port = 0;
        settings.policy = epicMe.value();
        settings.policy.challenge.scopeHint = ScopeHint::Closest;
        settings.autoApprove = QStringList{};
        EndpointRunner runner;
        QSignalSpy started(&runner, &EndpointRunner::started);
        runner.start(settings);
        QVERIFY(started.wait(10000));

        QString failure;
        const QByteArray output = interop::runNodeTest(
            node, QStringLiteral("v2client.test.mjs"),
            {{QStringLiteral("SCOPEBENCH_MCP_URL"), runner.endpointUrl().toString()}}, &failure);
        qInfo().noquote() << QString::fromUtf8(output);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        // The SDK spoke each era to the endpoint, which told them apart: its own tools/list
        // (the test's raw request is a tools/call) in both, initialize only in the legacy one.
        bool modernList = false, legacyList = false, modernInitialize = false,
             legacyInitialize = false;
        for (const RequestRecord &r : runner.log().snapshot()) {
            const bool modern = r.era == QLatin1String("modern");
            if (r.rpcMethod == QLatin1String("tools/list") && r.status == 200)
                (modern ? modernList : legacyList) = true;
            if (r.rpcMethod == QLatin1String("initialize") && r.status == 200)
                (modern ? modernInitialize : legacyInitialize) = true;
        }
        QVERIFY(modernList);
        QVERIFY(legacyList);
        QVERIFY(legacyInitialize);
        QVERIFY(!modernInitialize);
        const EndpointCounters c = runner.counters();
        QVERIFY(c.modern > 0);
        QVERIFY(c.legacy > 0);
        QVERIFY(c.forbidden > 0);
    }
};

QTEST_GUILESS_MAIN(tst_InteropV2Client)
#include "tst_interop_v2client.moc"
