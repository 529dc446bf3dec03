// Client ID Metadata Documents at the test authorization server: a real QHttpServer on
// 127.0.0.1 serves the documents, the server fetches them (test mode: http on loopback).

#include "http/FormEncoding.h"
#include "support/TestAuthorizationServerHost.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace scopebench;

namespace {

struct Reply {
    int status = 0;
    QByteArray body;
    QByteArray location;
    QByteArray retryAfter;
    QString query(const QString &key) const {
        const QUrl url(QString::fromUtf8(location));
        return FormEncoding::value(
            FormEncoding::parseFields(url.query(QUrl::FullyEncoded).toUtf8()), key);
    }
};

const QString verifier = QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
const QString challenge = QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
const QString callback = QStringLiteral("http://127.0.0.1:7777/callback");

enum class Door { Deferred, Synchronous };

} // namespace
Q_DECLARE_METATYPE(Door)

class tst_ClientMetadataDocument : public QObject {
    Q_OBJECT
private:
    // The client's side: serves the documents.
    QHttpServer documents;
    QString docBase; // http://127.0.0.1:PORT
    // The authorization server on a host of its own, which answers a deferred route later or,
    // for the door that cannot wait, only through the routes' immediate handlers.
    std::unique_ptr<TestAuthorizationServerHost> host;
    TestAuthorizationServer *as = nullptr;
    QString base;
    qint64 now = 1700000000;
    QNetworkAccessManager nam;

    QString docUrl(const QString &name) const { return docBase + QStringLiteral("/doc/") + name; }

    QJsonObject goodDocument(const QString &name) const {
        return QJsonObject{
            {QStringLiteral("client_id"), docUrl(name)},
            {QStringLiteral("client_name"), QStringLiteral("Example MCP Client")},
            {QStringLiteral("redirect_uris"), QJsonArray{callback}},
            {QStringLiteral("grant_types"),
             QJsonArray{QStringLiteral("authorization_code"), QStringLiteral("refresh_token")}},
            {QStringLiteral("response_types"), QJsonArray{QStringLiteral("code")}},
            {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("none")}};
    }

    void serve(const QString &name, const QByteArray &body,
               const QByteArray &contentType = QByteArrayLiteral("application/json"),
               int status = 200, const QByteArray &cacheControl = QByteArray()) {
        documents.route(QStringLiteral("/doc/") + name, [body, contentType, status,
                                                         cacheControl](const QHttpServerRequest &) {
            QHttpServerResponse r(contentType, body, QHttpServerResponse::StatusCode(status));
            if (!cacheControl.isEmpty())
                r.addHeader("Cache-Control", cacheControl);
            if (status == 302)
                r.addHeader("Location", "http://127.0.0.1:1/elsewhere");
            return r;
        });
    }
    void serveJson(const QString &name, const QJsonObject &doc,
                   const QByteArray &cacheControl = QByteArray()) {
        serve(name, QJsonDocument(doc).toJson(QJsonDocument::Compact),
              QByteArrayLiteral("application/json"), 200, cacheControl);
    }

    void start(Door door, bool testMode, int timeoutMs = 3000) {
        TestAuthorizationServer::Settings s;
        s.clientSecret = QStringLiteral("test-secret");
        s.catalog = QStringList{QStringLiteral("entries:read"), QStringLiteral("tags:read")};
        s.clientMetadataHttpLoopback = testMode;
        s.clientMetadataTimeoutMs = timeoutMs;
        host = std::make_unique<TestAuthorizationServerHost>(
            s, nullptr,
            door == Door::Deferred ? TestAuthorizationServerHost::Answers::Later
                                   : TestAuthorizationServerHost::Answers::Immediately);
        const Result<QUrl> url = host->listen();
        QVERIFY(url.ok());
        base = url->toString();
        as = host->authorizationServer();
        as->setClock([this] { return now; });
    }

    Reply send(const QByteArray &verb, const QString &path, const QByteArray &body = {}) {
        QNetworkRequest request(QUrl(base + path));
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::ManualRedirectPolicy);
        if (verb == "POST")
            request.setHeader(QNetworkRequest::ContentTypeHeader,
                              QByteArrayLiteral("application/x-www-form-urlencoded"));
        QNetworkReply *reply = nam.sendCustomRequest(request, verb, body);
        QSignalSpy spy(reply, &QNetworkReply::finished);
        Reply r;
        if (!spy.wait(10000))
            return r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        r.location = reply->rawHeader("Location");
        r.retryAfter = reply->rawHeader("Retry-After");
        reply->deleteLater();
        return r;
    }
    static QString authorizeQuery(const QString &clientId, const QString &redirectUri) {
        return QStringLiteral("/oauth/authorize?") +
               QString::fromLatin1(FormEncoding::encodeFields(
                   {{QStringLiteral("response_type"), QStringLiteral("code")},
                    {QStringLiteral("client_id"), clientId},
                    {QStringLiteral("redirect_uri"), redirectUri},
                    {QStringLiteral("scope"), QStringLiteral("entries:read")},
                    {QStringLiteral("state"), QStringLiteral("s1")},
                    {QStringLiteral("code_challenge"), challenge},
                    {QStringLiteral("code_challenge_method"), QStringLiteral("S256")}}));
    }
    // The synchronous door answers 503 with a reloading page until the outcome is there: do
    // what the browser does, a bounded number of times.
    Reply authorize(const QString &clientId, const QString &redirectUri = callback) {
        Reply r;
        for (int i = 0; i < 50; ++i) {
            r = send("GET", authorizeQuery(clientId, redirectUri));
            if (r.status != 503)
                return r;
            if (r.retryAfter != "1" || !r.body.contains("http-equiv=\"refresh\""))
                return r;
            QTest::qWait(50);
        }
        return r;
    }

private Q_SLOTS:
    void initTestCase() {
        qRegisterMetaType<Door>();
        auto *tcp = new QTcpServer(&documents);
        QVERIFY(tcp->listen(QHostAddress::LocalHost));
        documents.bind(tcp);
        docBase = QStringLiteral("http://127.0.0.1:%1").arg(tcp->serverPort());

        serveJson(QStringLiteral("good"), goodDocument(QStringLiteral("good")));
        serveJson(QStringLiteral("cached"), goodDocument(QStringLiteral("cached")),
                  QByteArrayLiteral("max-age=60"));
        QJsonObject mismatch = goodDocument(QStringLiteral("mismatch"));
        mismatch.insert(QStringLiteral("client_id"), docUrl(QStringLiteral("someone-else")));
        serveJson(QStringLiteral("mismatch"), mismatch);
        QJsonObject secretAuth = goodDocument(QStringLiteral("secret-auth"));
        secretAuth.insert(QStringLiteral("token_endpoint_auth_method"),
                          QStringLiteral("client_secret_basic"));
        serveJson(QStringLiteral("secret-auth"), secretAuth);
        QJsonObject large = goodDocument(QStringLiteral("large"));
        large.insert(QStringLiteral("client_uri"), QString(6000, u'x'));
        serveJson(QStringLiteral("large"), large);
        serve(QStringLiteral("html"), "<html>hello</html>", "text/html");
        serve(QStringLiteral("broken"), "{\"client_id\":", "application/json");
        serve(QStringLiteral("missing"), "not here", "text/plain", 404);
        serve(QStringLiteral("moved"), QByteArray(), "text/plain", 302);
        documents.route(QStringLiteral("/doc/slow"), [](const QHttpServerRequest &,
                                                        QHttpServerResponder &&responder) {
            // The fetcher gives up first; the socket may be gone by then.
            const QPointer<QTcpSocket> socket(responder.socket());
            auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
            QTimer::singleShot(2000, [held, socket] {
                if (socket && socket->state() == QAbstractSocket::ConnectedState)
                    held->write(QByteArrayLiteral("{}"), "application/json");
            });
        });
    }

    void cleanup() {
        host.reset();
        as = nullptr;
    }

    void metadataAdvertisesDocuments_data() {
        QTest::addColumn<bool>("testMode");
        QTest::newRow("https only") << false;
        QTest::newRow("test mode") << true;
    }
    void metadataAdvertisesDocuments() {
        QFETCH(bool, testMode);
        start(Door::Deferred, testMode);
        const Reply r = send("GET", QStringLiteral("/.well-known/oauth-authorization-server"));
        QCOMPARE(r.status, 200);
        const QJsonObject o = QJsonDocument::fromJson(r.body).object();
        QCOMPARE(o.value(QLatin1String("client_id_metadata_document_supported")), QJsonValue(true));
        QCOMPARE(o.contains(QLatin1String("scopebench_test_mode_http_client_metadata")), testMode);
        QVERIFY(o.value(QLatin1String("token_endpoint_auth_methods_supported"))
                    .toArray()
                    .contains(QJsonValue(QStringLiteral("none"))));
    }

    void codeFlowWithADocument_data() {
        QTest::addColumn<Door>("door");
        QTest::newRow("deferred") << Door::Deferred;
        QTest::newRow("synchronous") << Door::Synchronous;
    }
    void codeFlowWithADocument() {
        QFETCH(Door, door);
        start(door, true);
        const QString clientId = docUrl(QStringLiteral("good"));
        const Reply page = authorize(clientId);
        QVERIFY2(page.status == 200, page.body.constData());
        // Who asks: the document's name and the host it came from.
        QVERIFY(page.body.contains("Example MCP Client"));
        QVERIFY(page.body.contains(
            QStringLiteral("<strong>127.0.0.1:%1</strong>").arg(QUrl(docBase).port()).toUtf8()));
        const auto m = QRegularExpression(QStringLiteral("name=\"request_id\" value=\"([^\"]+)\""))
                           .match(QString::fromUtf8(page.body));
        QVERIFY(m.hasMatch());
        const Reply approved = send(
            "POST", QStringLiteral("/oauth/authorize"),
            FormEncoding::encodeFields({{QStringLiteral("request_id"), m.captured(1)},
                                        {QStringLiteral("scope"), QStringLiteral("entries:read")},
                                        {QStringLiteral("action"), QStringLiteral("approve")}}));
        QCOMPARE(approved.status, 302);
        QVERIFY(approved.location.startsWith(QByteArray(callback.toUtf8() + '?')));
        const QString code = approved.query(QStringLiteral("code"));
        QVERIFY(!code.isEmpty());

        // The token endpoint knows the URL as a public client (PKCE, no secret).
        const Reply t =
            send("POST", QStringLiteral("/oauth/token"),
                 FormEncoding::encodeFields(
                     {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                      {QStringLiteral("client_id"), clientId},
                      {QStringLiteral("code"), code},
                      {QStringLiteral("redirect_uri"), callback},
                      {QStringLiteral("code_verifier"), verifier}}));
        QVERIFY2(t.status == 200, t.body.constData());
        const QJsonObject issued = QJsonDocument::fromJson(t.body).object();
        QVERIFY(!issued.value(QLatin1String("access_token")).toString().isEmpty());
        QCOMPARE(issued.value(QLatin1String("scope")).toString(), QStringLiteral("entries:read"));
        QCOMPARE(as->clientMetadataFetches(), 1);
    }

    void refusals_data() {
        QTest::addColumn<Door>("door");
        QTest::addColumn<bool>("testMode");
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<QString>("redirectUri");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<int>("fetches");
        const QString port = QString::number(QUrl(docBase).port());
        struct Row {
            const char *name;
            bool testMode;
            QString clientId;
            QString redirectUri;
            const char *code;
            const char *reason; // empty: the generic "not registered" page
            int fetches;
        };
        const Row rows[] = {
            {"client_id differs", true, docUrl(QStringLiteral("mismatch")), callback,
             "invalid_client", "client-id-mismatch", 1},
            {"redirect_uri not in the document", true, docUrl(QStringLiteral("good")),
             QStringLiteral("http://127.0.0.1:7777/elsewhere"), "", "", 1},
            {"document too large", true, docUrl(QStringLiteral("large")), callback,
             "invalid_client", "document-too-large", 1},
            {"not JSON", true, docUrl(QStringLiteral("html")), callback, "invalid_client",
             "document-not-json", 1},
            {"JSON type, broken body", true, docUrl(QStringLiteral("broken")), callback,
             "invalid_client", "document-not-json", 1},
            {"404", true, docUrl(QStringLiteral("missing")), callback, "invalid_client",
             "document-unreachable", 1},
            {"redirect not followed", true, docUrl(QStringLiteral("moved")), callback,
             "invalid_client", "document-redirect", 1},
            {"slower than the deadline", true, docUrl(QStringLiteral("slow")), callback,
             "invalid_client", "document-timeout", 1},
            {"client_secret_basic", true, docUrl(QStringLiteral("secret-auth")), callback,
             "invalid_client", "shared-secret-auth-method", 1},
            {"http without the test mode", false, docUrl(QStringLiteral("good")), callback,
             "invalid_request", "client-id-url-not-https", 0},
            {"https on loopback without the test mode", false,
             QStringLiteral("https://127.0.0.1:%1/doc/good").arg(port), callback, "invalid_request",
             "client-id-url-loopback", 0},
            {"fragment", true, docUrl(QStringLiteral("good")) + QStringLiteral("#frag"), callback,
             "invalid_request", "client-id-url-fragment", 0},
            {"credentials", true, QStringLiteral("http://user:pw@127.0.0.1:%1/doc/good").arg(port),
             callback, "invalid_request", "client-id-url-credentials", 0},
            {"no path", true, docBase + QStringLiteral("/"), callback, "invalid_request",
             "client-id-url-no-path", 0},
            {"dot segment", true, docBase + QStringLiteral("/doc/../doc/good"), callback,
             "invalid_request", "client-id-url-dot-segment", 0},
        };
        for (const Door door : {Door::Deferred, Door::Synchronous}) {
            for (const Row &row : rows)
                QTest::addRow("%s, %s", door == Door::Deferred ? "deferred" : "synchronous",
                              row.name)
                    << door << row.testMode << row.clientId << row.redirectUri
                    << QString::fromLatin1(row.code) << QString::fromLatin1(row.reason)
                    << row.fetches;
        }
    }
    void refusals() {
        QFETCH(Door, door);
        QFETCH(bool, testMode);
        QFETCH(QString, clientId);
        QFETCH(QString, redirectUri);
        QFETCH(QString, code);
        QFETCH(QString, reason);
        QFETCH(int, fetches);
        start(door, testMode, 300);
        const Reply r = authorize(clientId, redirectUri);
        // An error page, never a redirect to a URI no document vouched for.
        QCOMPARE(r.status, 400);
        QVERIFY(r.location.isEmpty());
        if (reason.isEmpty()) {
            QVERIFY(r.body.contains("not registered for this client"));
        } else {
            QVERIFY2(
                r.body.contains(QStringLiteral("<code id=\"error\">%1</code>").arg(code).toUtf8()),
                r.body.constData());
            QVERIFY2(r.body.contains(QStringLiteral("[%1]").arg(reason).toUtf8()),
                     r.body.constData());
        }
        QCOMPARE(as->clientMetadataFetches(), fetches);
        // Failures are not cached: the next request fetches again.
        if (fetches > 0 && !reason.isEmpty()) {
            const Reply again = authorize(clientId, redirectUri);
            QCOMPARE(again.status, 400);
            QCOMPARE(as->clientMetadataFetches(), fetches + 1);
        }
    }

    void documentsAreCachedUntilTheyExpire() {
        start(Door::Deferred, true);
        const QString clientId = docUrl(QStringLiteral("cached"));
        QCOMPARE(authorize(clientId).status, 200);
        QCOMPARE(authorize(clientId).status, 200);
        QCOMPARE(as->clientMetadataFetches(), 1);
        QCOMPARE(as->cachedClientMetadataDocuments(), 1);
        now += 61; // past max-age=60
        QCOMPARE(authorize(clientId).status, 200);
        QCOMPARE(as->clientMetadataFetches(), 2);
    }

    void concurrentRequestsShareOneFetch() {
        start(Door::Deferred, true);
        const QString clientId = docUrl(QStringLiteral("good"));
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 3; ++i)
            replies.append(
                nam.get(QNetworkRequest(QUrl(base + authorizeQuery(clientId, callback)))));
        for (QNetworkReply *reply : std::as_const(replies)) {
            if (!reply->isFinished())
                QVERIFY(QSignalSpy(reply, &QNetworkReply::finished).wait(10000));
            QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
            reply->deleteLater();
        }
        QCOMPARE(as->clientMetadataFetches(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_ClientMetadataDocument)
#include "tst_clientmetadatadocument.moc"
