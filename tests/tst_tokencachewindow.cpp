// The revoked-token window (docs/introspection-and-test-authorization-server.md): with the
// introspection cache on, a token revoked at the built-in authorization server still passes
// until its cached answer expires; with the cache's positive lifetime at 0 (`serve
// --no-token-cache`, "Introspect every request" in the server panel) the next request is refused.
#include "mcp/EndpointRunner.h"
#include "policy/PolicyFile.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

using namespace scopebench;

namespace {

int post(const QUrl &url, const QByteArray &authorization, const QByteArray &contentType,
         const QByteArray &body) {
    QNetworkAccessManager nam;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    request.setRawHeader("Authorization", authorization);
    QNetworkReply *reply = nam.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    if (!finished.wait(10000))
        return 0;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return status;
}

const QByteArray initialize =
    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})";

} // namespace

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

        const Result<MintedToken> token = runner.mintToken({QStringLiteral("entries:read")}, 600);
        QVERIFY2(token.ok(), qPrintable(token.error().toString()));
        const QByteArray bearer = "Bearer " + token->accessToken.toLatin1();
        const QByteArray json = QByteArrayLiteral("application/json");
        QCOMPARE(post(runner.endpointUrl(), bearer, json, initialize), 200);

        const QByteArray client =
            "Basic " + (runner.testClientId() + QLatin1Char(':') + runner.testClientSecret())
                           .toUtf8()
                           .toBase64();
        QCOMPARE(post(QUrl(runner.baseUrl().toString() + QStringLiteral("/oauth/revoke")), client,
                      QByteArrayLiteral("application/x-www-form-urlencoded"),
                      "token=" + QUrl::toPercentEncoding(token->accessToken)),
                 200);

        QCOMPARE(post(runner.endpointUrl(), bearer, json, initialize), statusAfterRevocation);
        runner.stop();
    }
};

QTEST_GUILESS_MAIN(tst_TokenCacheWindow)
#include "tst_tokencachewindow.moc"
