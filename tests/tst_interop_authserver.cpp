#include "authserver/TestAuthorizationServerHost.h"
#include "support/InteropSupport.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QTest>

using namespace scopebench;

// Runs tests/interop/authserver.test.mjs (the official MCP TypeScript SDK) against a real
// TestAuthorizationServer listening on 127.0.0.1 in this process.
class tst_InteropAuthServer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void officialSdk() {
        INTEROP_FIND_NODE(node);
        const QDir interop = interop::directory();

        TestAuthorizationServer::Settings settings;
        settings.catalog = {QStringLiteral("user:read"), QStringLiteral("entries:read"),
                            QStringLiteral("entries:write"), QStringLiteral("tags:read"),
                            QStringLiteral("tags:write")};
        TestAuthorizationServerHost host(settings);
        const Result<QUrl> issuer = host.listen();
        QVERIFY2(issuer.ok(), qPrintable(issuer.error().toString()));

        QProcess process;
        process.setWorkingDirectory(interop.path());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("SCOPEBENCH_AS_ISSUER"), issuer->toString());
        env.insert(QStringLiteral("SCOPEBENCH_TEST_CLIENT_ID"),
                   host.authorizationServer()->clientId());
        env.insert(QStringLiteral("SCOPEBENCH_TEST_CLIENT_SECRET"),
                   host.authorizationServer()->clientSecret());
        process.setProcessEnvironment(env);
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(node, {QStringLiteral("--test"), QStringLiteral("authserver.test.mjs")});
        QVERIFY2(process.waitForStarted(), qPrintable(process.errorString()));
        // The event loop must run while node talks to the server in this process.
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
    }
};

QTEST_GUILESS_MAIN(tst_InteropAuthServer)
#include "tst_interop_authserver.moc"
