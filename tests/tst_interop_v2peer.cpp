#include "mcp/EndpointRunner.h"
#include "policy/PolicyFile.h"
#include "support/InteropSupport.h"
#include "support/McpRequests.h"

#include <QNetworkAccessManager>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace scopebench;

// The load harness's MCP SDK v2 peer (bench/peers/sdk-v2-server.mjs, @modelcontextprotocol/server
// 2.4.0 with requireScopes on each tool) started as bench/load/run.sh starts it, against the
// built-in test authorization server of an endpoint in this process: an entries:read token gets
// 200 for list_entries and 403 insufficient_scope naming entries:write for create_entry, and no
// token gets 401. So the peer cannot stop working without a test noticing.
class tst_InteropV2Peer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void answersAsTheHarnessExpects() {
        INTEROP_FIND_NODE(node);
        INTEROP_REQUIRE(interop::packageMissing(QStringLiteral("@modelcontextprotocol/server"),
                                                QStringLiteral("bench/peers")));

        RunnerSettings settings;
        settings.endpoint.port = 0;
        settings.policy = PolicyFile::load(PolicyFile::bundledExample()).value();
        EndpointRunner runner;
        QSignalSpy started(&runner, &EndpointRunner::started);
        runner.start(settings);
        QVERIFY(started.wait(10000));
        const Result<MintedToken> read = runner.mintToken({QStringLiteral("entries:read")}, 600);
        QVERIFY2(read.ok(), qPrintable(read.error().toString()));

        QProcess peer;
        const QDir peers = interop::sourceDirectory(QStringLiteral("bench/peers"));
        peer.setWorkingDirectory(peers.path());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        const QString base = runner.baseUrl().toString();
        env.insert(QStringLiteral("INTROSPECTION_URL"), base + QStringLiteral("/oauth/introspect"));
        env.insert(QStringLiteral("CLIENT_ID"), runner.testClientId());
        env.insert(QStringLiteral("CLIENT_SECRET"), runner.testClientSecret());
        env.insert(QStringLiteral("RESOURCE_METADATA_URL"), runner.metadataUrl());
        env.insert(QStringLiteral("PORT"), QStringLiteral("0"));
        peer.setProcessEnvironment(env);
        peer.setProcessChannelMode(QProcess::MergedChannels);
        peer.start(node, {peers.filePath(QStringLiteral("sdk-v2-server.mjs"))});
        QVERIFY2(peer.waitForStarted(), qPrintable(peer.errorString()));
        QByteArray printed;
        QUrl url;
        const bool ended = QTest::qWaitFor(
            [&] {
                printed += peer.readAll();
                const qsizetype at = printed.indexOf("PEER_URL ");
                const qsizetype end = printed.indexOf('\n', at);
                if (at >= 0 && end > at)
                    url = QUrl(QString::fromLatin1(printed.mid(at + 9, end - at - 9).trimmed()));
                return url.isValid() || peer.state() == QProcess::NotRunning;
            },
            30000);
        Q_UNUSED(ended); // the URL or what the peer printed says more
        QVERIFY2(url.isValid(), printed.constData());

        // As bench/load/run.sh sends them (bench/load/request.lua): 2025-06-18, no session.
        const QList<QPair<QByteArray, QByteArray>> era{{"MCP-Protocol-Version", "2025-06-18"}};
        const QString bearer = QStringLiteral("Bearer ") + read->accessToken;
        QNetworkAccessManager network;
        const fixtures::McpAnswer list = fixtures::exchangeMcp(
            network, url, bearer,
            R"({"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_entries","arguments":{}}})",
            era);
        QCOMPARE(list.status, 200);
        QVERIFY2(list.body.contains("\"entries\":[]"), list.body.constData());

        const fixtures::McpAnswer create = fixtures::exchangeMcp(
            network, url, bearer,
            R"({"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"create_entry","arguments":{"title":"t","content":"c"}}})",
            era);
        QCOMPARE(create.status, 403);
        QVERIFY2(create.challenge.contains("error=\"insufficient_scope\""),
                 create.challenge.constData());
        QVERIFY2(create.challenge.contains("scope=\"entries:write\""),
                 create.challenge.constData());
        const QByteArray metadata = "resource_metadata=\"" + runner.metadataUrl().toUtf8() + '"';
        QVERIFY2(create.challenge.contains(metadata), create.challenge.constData());

        const fixtures::McpAnswer anonymous = fixtures::exchangeMcp(
            network, url, QString(),
            R"({"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"list_entries","arguments":{}}})",
            era);
        QCOMPARE(anonymous.status, 401);

        peer.kill();
        peer.waitForFinished(5000);
        runner.stop();
    }
};

QTEST_GUILESS_MAIN(tst_InteropV2Peer)
#include "tst_interop_v2peer.moc"
