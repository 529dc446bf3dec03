#include "client/ConformanceRun.h"
#include "policy/PolicyFile.h"
#include "support/InteropSupport.h"
#include "support/TestAuthorizationServerHost.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

using namespace scopebench;

namespace {

// The policy probed: no server-level combinations, one scope per tool, and the challenge names
// the closest combination, as the SDK's requireScopes does.
Policy notesPolicy() {
    const QByteArray json = R"({
      "scopebench": 1,
      "name": "Notes",
      "scopes": [{"name": "notes:read"}, {"name": "notes:write"}, {"name": "admin"}],
      "validScopeCombinations": [],
      "toolScopes": {
        "read_note": [["notes:read"]],
        "write_note": [["notes:write"]],
        "purge": [["admin"]]
      },
      "challenge": {"scopeHint": "closest"}
    })";
    return PolicyFile::parse(json).value();
}

} // namespace

class tst_InteropProbe : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // A server written with the TypeScript SDK v2 whose "purge" needs notes:write where the
    // policy says admin: the report shows exactly that, in the purge column, and nothing else.
    void plantedMismatchInAnSdkServer() {
        INTEROP_FIND_NODE(node);
        const Policy policy = notesPolicy();
        TestAuthorizationServer::Settings as;
        as.catalog = policy.catalogNames();
        as.clientSecret = QStringLiteral("planted-introspection-secret-0123");
        TestAuthorizationServerHost asHost(as);
        const Result<QUrl> issuer = asHost.listen();
        QVERIFY(issuer.ok());
        TestAuthorizationServer *server = asHost.authorizationServer();

        QProcess planted;
        planted.setWorkingDirectory(interop::directory().path());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PLANTED_TOOLS"),
                   QStringLiteral(R"({"read_note":["notes:read"],"write_note":["notes:write"],)"
                                  R"("purge":["notes:write"]})"));
        env.insert(QStringLiteral("PLANTED_ISSUER"), issuer->toString());
        env.insert(QStringLiteral("PLANTED_INTROSPECTION_URL"), server->introspectionEndpoint());
        env.insert(QStringLiteral("PLANTED_CLIENT_ID"), server->clientId());
        env.insert(QStringLiteral("PLANTED_CLIENT_SECRET"), server->clientSecret());
        planted.setProcessEnvironment(env);
        planted.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        planted.start(node, {QStringLiteral("planted-server.mjs")});
        QVERIFY(planted.waitForStarted());
        QByteArray line;
        QVERIFY(QTest::qWaitFor(
            [&] {
                line += planted.readAllStandardOutput();
                return line.contains('\n') || planted.state() == QProcess::NotRunning;
            },
            20000));
        QVERIFY2(line.startsWith("listening "), line.constData());
        const int port = line.mid(10).trimmed().toInt();

        ConformanceSettings settings;
        settings.client.serverUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/mcp").arg(port));
        settings.client.grant = McpClientSettings::Grant::ClientCredentials;
        settings.client.clientId = server->clientId();
        settings.client.clientSecret = server->clientSecret();
        settings.client.limits.timeoutMs = 10000;
        ConformanceRun run(settings, policy, std::make_unique<FollowAuthorizer>());
        QSignalSpy finished(&run, &ConformanceRun::finished);
        run.start();
        QVERIFY(finished.wait(120000));
        planted.kill();
        planted.waitForFinished();
        const ConformanceReport &report = run.report();
        QVERIFY2(report.stopped.isEmpty(), qPrintable(report.stopped + run.transcript().toText()));
        QCOMPARE(report.notRun(), 0);
        // Every mismatch is in the purge column; the two cells where the answer flips (allowed
        // against refused) are among them; every other column matches in every row.
        QStringList mismatched;
        for (const ConformanceCell &c : report.cells) {
            if (!c.match)
                mismatched.append(report.cases.at(c.caseIndex).id + QLatin1Char('/') +
                                  report.operations.at(c.operationIndex).id);
        }
        const QString why = mismatched.join(u',') + QLatin1Char('\n') + report.toText();
        for (const QString &cell : mismatched)
            QVERIFY2(cell.endsWith(QLatin1String("/tools/call purge")), qPrintable(why));
        QVERIFY2(mismatched.contains(QStringLiteral("exact:notes:write/tools/call purge")),
                 qPrintable(why));
        QVERIFY2(mismatched.contains(QStringLiteral("exact:admin/tools/call purge")),
                 qPrintable(why));
        // Where both refuse, only the challenge's scope differs: notes:write instead of admin.
        for (const ConformanceCell &c : report.cells) {
            if (c.match || c.predicted.allowed || c.observed.allowed)
                continue;
            QCOMPARE(c.differences, QStringList{QStringLiteral(
                                        "scope: predicted [admin], observed [notes:write]")});
        }
        // The catalogue row holds every scope: purge is allowed either way.
        QVERIFY2(!mismatched.contains(QStringLiteral("catalogue/tools/call purge")),
                 qPrintable(why));
    }
};

QTEST_MAIN(tst_InteropProbe)
#include "tst_interop_probe.moc"
