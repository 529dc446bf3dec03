#include "common/TokenFingerprint.h"
#include "mcp/EndpointRunner.h"
#include "observability/RequestLog.h"
#include "policy/PolicyFile.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace scopebench;

namespace {

Policy epicMe() {
    return PolicyFile::load(PolicyFile::bundledExample()).value();
}

struct Answer {
    int status = 0;
    QByteArray body;
    QByteArray sessionId;
};

Answer post(const QUrl &url, const QString &token, const QByteArray &body,
            const QByteArray &session = QByteArray()) {
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    if (!session.isEmpty())
        request.setRawHeader("Mcp-Session-Id", session);
    QNetworkReply *reply = nam.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(10000))
        return {};
    Answer a{reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), reply->readAll(),
             reply->rawHeader("Mcp-Session-Id")};
    reply->deleteLater();
    return a;
}

const QByteArray initialize =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})";
const QByteArray listTools = R"({"jsonrpc":"2.0","id":2,"method":"tools/list"})";

} // namespace

class tst_EndpointRunner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void startMintDecideStop() {
        QTemporaryDir dir;
        RunnerSettings settings;
        settings.endpoint.port = 0;
        settings.policy = epicMe();
        settings.logFile = dir.filePath(QStringLiteral("requests.jsonl"));
        EndpointRunner runner;
        QSignalSpy started(&runner, &EndpointRunner::started);
        QSignalSpy logged(&runner, &EndpointRunner::requestLogged);
        runner.start(settings);
        QVERIFY(started.wait(10000));
        QVERIFY(runner.isRunning());
        const QUrl url = runner.endpointUrl();
        QCOMPARE(url.host(), QStringLiteral("127.0.0.1"));
        QVERIFY(url.port() > 0);
        QCOMPARE(runner.metadataUrl(),
                 QStringLiteral("http://127.0.0.1:%1/.well-known/oauth-protected-resource/mcp")
                     .arg(url.port()));
        QCOMPARE(runner.testClientId(), QStringLiteral("scopebench"));
        QVERIFY(runner.testClientSecret().size() >= 16);

        const Result<MintedToken> reader = runner.mintToken({QStringLiteral("entries:read")}, 600);
        QVERIFY2(reader.ok(), qPrintable(reader.error().toString()));
        QCOMPARE(reader->audience, runner.resource());
        Answer a = post(url, reader->accessToken, initialize);
        QCOMPARE(a.status, 200);
        QVERIFY(!a.sessionId.isEmpty());
        QCOMPARE(runner.liveSessions(), 1);
        a = post(url, reader->accessToken, listTools, a.sessionId);
        QCOMPARE(a.status, 200);
        QCOMPARE(QJsonDocument::fromJson(a.body)[QLatin1String("result")][QLatin1String("tools")]
                     .toArray()
                     .size(),
                 2);

        // A live policy edit: entries:read alone no longer gives access.
        Policy stricter = epicMe();
        stricter.validScopeCombinations = {{QStringLiteral("tags:read")}};
        runner.setPolicy(stricter);
        QVERIFY(QTest::qWaitFor(
            [&] { return post(url, reader->accessToken, initialize).status == 403; }, 5000));

        // Records reach this thread, and the file, with a fingerprint instead of the token.
        // A refused token request (the built-in authorization server answers 401
        // invalid_client) is not a 401 of the protected resource.
        {
            QNetworkAccessManager nam;
            QNetworkRequest request{QUrl(runner.tokenEndpoint())};
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArrayLiteral("application/x-www-form-urlencoded"));
            request.setRawHeader("Authorization", "Basic " + QByteArray("nobody:wrong").toBase64());
            QNetworkReply *reply =
                nam.post(request, QByteArrayLiteral("grant_type=client_credentials"));
            QSignalSpy finished(reply, &QNetworkReply::finished);
            QVERIFY(finished.wait(10000));
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
            reply->deleteLater();
        }

        QVERIFY(logged.count() >= 3 || logged.wait(5000));
        // The endpoint's own introspection call reaches the same listener and is logged too,
        // answered (and so logged) before the MCP request that waited for it.
        QList<RequestRecord> records;
        for (const QList<QVariant> &signal : std::as_const(logged))
            records.append(signal.first().value<RequestRecord>());
        QCOMPARE(records.first().path, QStringLiteral("/oauth/introspect"));
        QCOMPARE(records.first().outcome, QStringLiteral("public"));
        QCOMPARE(records.first().status, 200);
        const RequestRecord first = records.at(1);
        QCOMPARE(first.path, QStringLiteral("/mcp"));
        QCOMPARE(first.outcome, QStringLiteral("allowed"));
        QCOMPARE(first.subject, QStringLiteral("scopebench"));
        const EndpointCounters c = runner.counters();
        QVERIFY(c.allowed >= 2);
        QVERIFY(c.forbidden >= 1);
        QCOMPARE(c.requests, runner.log().lastSequence());
        // The built-in authorization server's requests are "other", never a decision's outcome.
        quint64 allowedRecords = 0;
        quint64 publicRecords = 0;
        for (const RequestRecord &r : runner.log().snapshot()) {
            allowedRecords += r.outcome == QLatin1String("allowed") ? 1 : 0;
            publicRecords += r.outcome == QLatin1String("public") ? 1 : 0;
        }
        QVERIFY(publicRecords >= 1);
        QCOMPARE(c.allowed, allowedRecords);
        QCOMPARE(c.other, publicRecords);
        QCOMPARE(c.unauthorized, quint64(0));
        // One token, introspected once over HTTP, then served from the cache.
        const IntrospectionCache::Counters cache = runner.cacheCounters();
        QCOMPARE(cache.misses, quint64(1));
        QVERIFY(cache.hits >= 2);

        const quint16 port = quint16(url.port());
        QSignalSpy stopped(&runner, &EndpointRunner::stopped);
        runner.stop();
        QCOMPARE(stopped.count(), 1);
        QVERIFY(!runner.isRunning());
        QVERIFY(!runner.mintToken({}, 60).ok());
        // The port is free again.
        QTcpServer again;
        QVERIFY(again.listen(QHostAddress::LocalHost, port));

        QFile log(settings.logFile);
        QVERIFY(log.open(QIODevice::ReadOnly));
        const QByteArray lines = log.readAll();
        QVERIFY(lines.count('\n') >= 3);
        QVERIFY(!lines.contains(reader->accessToken.toLatin1()));
        QVERIFY(lines.contains(tokenFingerprint(reader->accessToken).toLatin1()));

        // A new run starts its counters from zero; the log keeps the earlier records.
        again.close();
        QSignalSpy restarted(&runner, &EndpointRunner::started);
        runner.start(settings);
        QVERIFY(restarted.wait(10000));
        QCOMPARE(runner.counters().requests, quint64(0));
        QVERIFY(runner.log().size() >= 3);
        runner.stop();
    }

    void portInUseFails() {
        QTcpServer taken;
        QVERIFY(taken.listen(QHostAddress::LocalHost, 0));
        RunnerSettings settings;
        settings.endpoint.port = taken.serverPort();
        settings.policy = epicMe();
        EndpointRunner runner;
        QSignalSpy failed(&runner, &EndpointRunner::failed);
        runner.start(settings);
        QVERIFY(failed.wait(10000));
        QVERIFY(failed.first().first().toString().contains(QString::number(taken.serverPort())));
        QVERIFY(!runner.isRunning());
    }

    void introspectionDownGives503() {
        RunnerSettings settings;
        settings.endpoint.port = 0;
        settings.policy = epicMe();
        // Nothing listens there: every lookup fails.
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        IntrospectionSettings is;
        is.url = QUrl(QStringLiteral("http://127.0.0.1:%1/introspect").arg(closed.serverPort()));
        is.clientId = QStringLiteral("rs");
        is.clientSecret = QStringLiteral("secret");
        is.timeoutMs = 2000;
        closed.close();
        settings.introspection = is;
        EndpointRunner runner;
        QSignalSpy started(&runner, &EndpointRunner::started);
        runner.start(settings);
        QVERIFY(started.wait(10000));
        QVERIFY(runner.tokenEndpoint().isEmpty());
        QVERIFY(!runner.mintToken({}, 60).ok());
        QCOMPARE(post(runner.endpointUrl(), QStringLiteral("sometoken"), listTools).status, 503);
        QCOMPARE(runner.counters().unavailable, quint64(1));
    }
};

QTEST_GUILESS_MAIN(tst_EndpointRunner)
#include "tst_endpointrunner.moc"
