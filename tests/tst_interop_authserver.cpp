#include "support/InteropSupport.h"
#include "support/TestAuthorizationServerHost.h"

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

        TestAuthorizationServer::Settings settings;
        settings.catalog = {QStringLiteral("user:read"), QStringLiteral("entries:read"),
                            QStringLiteral("entries:write"), QStringLiteral("tags:read"),
                            QStringLiteral("tags:write")};
        TestAuthorizationServerHost host(settings);
        const Result<QUrl> issuer = host.listen();
        QVERIFY2(issuer.ok(), qPrintable(issuer.error().toString()));

        QString failure;
        const QByteArray output = interop::runNodeTest(
            node, QStringLiteral("authserver.test.mjs"),
            {{QStringLiteral("SCOPEBENCH_AS_ISSUER"), issuer->toString()},
             {QStringLiteral("SCOPEBENCH_TEST_CLIENT_ID"), host.authorizationServer()->clientId()},
             {QStringLiteral("SCOPEBENCH_TEST_CLIENT_SECRET"),
              host.authorizationServer()->clientSecret()}},
            &failure);
        qInfo().noquote() << QString::fromUtf8(output);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }
};

QTEST_GUILESS_MAIN(tst_InteropAuthServer)
#include "tst_interop_authserver.moc"
