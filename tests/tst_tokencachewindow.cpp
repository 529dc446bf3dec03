// The revoked-token window (docs/introspection-and-test-authorization-server.md): with the
// introspection cache on, a token revoked at the built-in authorization server still passes
// until its cached answer expires; with the cache's positive lifetime at 0 (`serve
// --no-token-cache`, "Introspect every request" in the server panel) the next request is refused.
#include "mcp/EndpointRunner.h"
#include "policy/PolicyFile.h"
#include "support/RevokedToken.h"

#include <QSignalSpy>
#include <QTest>

using namespace scopebench;

class tst_TokenCacheWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void revokedTokenAfterRevocation_data() {
        QTest::addColumn<int>("cacheMaxTtlSeconds");
        QTest::addColumn<int>("statusAfterRevocation");
        QTest::newRow("cached: passes in the window") << 60 << 200;
        QTest::newRow("introspect every request: refused") << 0 << 401;
    }

    void revokedTokenAfterRevocation() {
        QFETCH(int, cacheMaxTtlSeconds);
        QFETCH(int, statusAfterRevocation);
        RunnerSettings settings;
        settings.endpoint.port = 0;
        settings.policy = PolicyFile::load(PolicyFile::bundledExample()).value();
        settings.cacheMaxTtlSeconds = cacheMaxTtlSeconds;
        EndpointRunner runner;
        QSignalSpy started(&runner, &EndpointRunner::started);
        runner.start(settings);
        QVERIFY(started.wait(10000));

        const fixtures::Revocation r = fixtures::revokeAfterFirstUse(runner);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.beforeRevocation, 200);
        QCOMPARE(r.revocation, 200);
        QCOMPARE(r.afterRevocation, statusAfterRevocation);
        runner.stop();
    }
};

QTEST_GUILESS_MAIN(tst_TokenCacheWindow)
#include "tst_tokencachewindow.moc"
