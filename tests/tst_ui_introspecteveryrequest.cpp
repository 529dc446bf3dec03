// The server panel's "Introspect every request" on the real embedded endpoint: ticked before
// Start, a token revoked at the built-in authorization server is refused on the very next
// request; unticked, it passes from the cache (docs/introspection-and-test-authorization-server.md,
// "The revoked-token window").
#include "EndpointServerBackend.h"
#include "PolicyDocument.h"
#include "ServerPanel.h"

#include "mcp/EndpointRunner.h"

#include <QCheckBox>
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

} // namespace

class TestIntrospectEveryRequest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void revokedTokenAfterRevocation_data() {
        QTest::addColumn<bool>("everyRequest");
        QTest::addColumn<int>("statusAfterRevocation");
        QTest::newRow("unticked: passes from the cache") << false << 200;
        QTest::newRow("ticked: refused at once") << true << 401;
    }

    void revokedTokenAfterRevocation() {
        QFETCH(bool, everyRequest);
        QFETCH(int, statusAfterRevocation);
        PolicyDocument document;
        document.openExample();
        ServerPanel panel(&document);
        EndpointServerBackend backend;
        panel.setBackend(&backend);
        panel.setListenAddress(QStringLiteral("127.0.0.1"), 0);
        auto *box = panel.findChild<QCheckBox *>(QStringLiteral("introspectEveryRequest"));
        QVERIFY(box);
        QVERIFY(!box->isChecked()); // the cache is on unless asked
        QVERIFY(!box->toolTip().isEmpty());
        box->setChecked(everyRequest);
        QSignalSpy running(&backend, &ServerBackend::runningChanged);
        panel.start();
        QVERIFY(running.wait(10000));
        QVERIFY(backend.isRunning());

        EndpointRunner *runner = backend.runner();
        const Result<MintedToken> token = runner->mintToken({QStringLiteral("entries:read")}, 600);
        QVERIFY2(token.ok(), qPrintable(token.error().toString()));
        const QByteArray bearer = "Bearer " + token->accessToken.toLatin1();
        const QByteArray json = QByteArrayLiteral("application/json");
        const QByteArray initialize =
            R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}})";
        QCOMPARE(post(runner->endpointUrl(), bearer, json, initialize), 200);

        const QByteArray client =
            "Basic " + (runner->testClientId() + QLatin1Char(':') + runner->testClientSecret())
                           .toUtf8()
                           .toBase64();
        QCOMPARE(post(QUrl(runner->baseUrl().toString() + QStringLiteral("/oauth/revoke")), client,
                      QByteArrayLiteral("application/x-www-form-urlencoded"),
                      "token=" + QUrl::toPercentEncoding(token->accessToken)),
                 200);
        QCOMPARE(post(runner->endpointUrl(), bearer, json, initialize), statusAfterRevocation);
        panel.stop();
    }
};

QTEST_MAIN(TestIntrospectEveryRequest)
#include "tst_ui_introspecteveryrequest.moc"
