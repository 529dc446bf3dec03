#include "http/FormEncoding.h"
#include "introspection/IntrospectionClient.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <list>

using namespace scopebench;

// A local RFC 7662 server that answers well or badly, chosen by the request path.
class MisbehavingServer {
public:
    MisbehavingServer() {
        // bind() makes the QHttpServer the QTcpServer's parent.
        m_tcp = new QTcpServer;
        QVERIFY(m_tcp->listen(QHostAddress::LocalHost, 0));
        m_http.bind(m_tcp);
        auto json = [](const char *body, QHttpServerResponse::StatusCode status =
                                             QHttpServerResponse::StatusCode::Ok) {
            return QHttpServerResponse(QByteArrayLiteral("application/json"), QByteArray(body),
                                       status);
        };
        m_http.route(QStringLiteral("/active"), [this, json](const QHttpServerRequest &r) {
            lastHeaders = r.headers();
            lastBody = r.body();
            return json(
                R"({"active":true,"scope":"entries:read tags:read","client_id":"c1",)"
                R"("sub":"user-1","exp":2000000000.5,"iat":1700000000,"aud":["https://a/mcp",)"
                R"("https://b"],"iss":"https://as","jti":"j1","extra":{"x":1}})");
        });
        m_http.route(QStringLiteral("/inactive"), [json] { return json(R"({"active":false})"); });
        m_http.route(QStringLiteral("/status401"), [json] {
            return json(R"({"error":"invalid_client"})",
                        QHttpServerResponse::StatusCode::Unauthorized);
        });
        m_http.route(QStringLiteral("/status500"), [json] {
            return json(R"({"active":true})", QHttpServerResponse::StatusCode::InternalServerError);
        });
        m_http.route(QStringLiteral("/html"), [] {
            return QHttpServerResponse(QByteArrayLiteral("text/html"),
                                       QByteArrayLiteral("<html><body>active</body></html>"));
        });
        m_http.route(QStringLiteral("/noactive"),
                     [json] { return json(R"({"scope":"entries:read"})"); });
        m_http.route(QStringLiteral("/activestring"),
                     [json] { return json(R"({"active":"true","scope":"entries:read"})"); });
        m_http.route(QStringLiteral("/scopearray"),
                     [json] { return json(R"({"active":true,"scope":["entries:read"]})"); });
        m_http.route(QStringLiteral("/expstring"),
                     [json] { return json(R"({"active":true,"exp":"2000000000"})"); });
        m_http.route(QStringLiteral("/array"), [json] { return json(R"([{"active":true}])"); });
        m_http.route(QStringLiteral("/redirect"), [] {
            QHttpServerResponse r(QHttpServerResponse::StatusCode::Found);
            r.setHeader(QByteArrayLiteral("Location"), QByteArrayLiteral("/active"));
            return r;
        });
        m_http.route(QStringLiteral("/endless"),
                     [this](const QHttpServerRequest &, QHttpServerResponder &&responder) {
                         responder.writeStatusLine();
                         responder.writeHeaders(
                             {{"Content-Type", "application/json"}, {"Content-Length", "1000"}});
                         responder.writeBody(R"({"active":true,)");
                         m_held.push_back(std::move(responder));
                     });
        m_http.route(QStringLiteral("/reset"),
                     [](const QHttpServerRequest &, QHttpServerResponder &&responder) {
                         QTcpSocket *socket = responder.socket();
                         socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                       "Content-Length: 40\r\n\r\n{\"active\":tr");
                         socket->flush();
                         socket->abort();
                     });
    }
    QUrl url(const QString &path) const {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_tcp->serverPort()).arg(path));
    }

    QList<QPair<QByteArray, QByteArray>> lastHeaders;
    QByteArray lastBody;

private:
    QHttpServer m_http;
    QTcpServer *m_tcp = nullptr;
    std::list<QHttpServerResponder> m_held;
};

class tst_IntrospectionClient : public QObject {
    Q_OBJECT
private:
    IntrospectionReply *run(IntrospectionClient &client, const QByteArray &token) {
        IntrospectionReply *reply = client.introspect(token);
        QSignalSpy spy(reply, &IntrospectionReply::finished);
        if (!spy.wait(10000))
            return nullptr;
        return reply;
    }
    static QByteArray header(const QList<QPair<QByteArray, QByteArray>> &headers,
                             const QByteArray &name) {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }

private Q_SLOTS:
    void failures_data() {
        QTest::addColumn<QString>("path");
        QTest::addColumn<IntrospectionError>("error");
        QTest::addColumn<QString>("name");
        QTest::newRow("401") << "/status401" << IntrospectionError::HttpStatus << "http_status";
        QTest::newRow("500") << "/status500" << IntrospectionError::HttpStatus << "http_status";
        QTest::newRow("html") << "/html" << IntrospectionError::NotJson << "not_json";
        QTest::newRow("json array") << "/array" << IntrospectionError::NotJson << "not_json";
        QTest::newRow("no active")
            << "/noactive" << IntrospectionError::MissingActive << "missing_active";
        QTest::newRow("active string")
            << "/activestring" << IntrospectionError::WrongFieldType << "wrong_field_type";
        QTest::newRow("scope array")
            << "/scopearray" << IntrospectionError::WrongFieldType << "wrong_field_type";
        QTest::newRow("exp string")
            << "/expstring" << IntrospectionError::WrongFieldType << "wrong_field_type";
        QTest::newRow("redirect") << "/redirect" << IntrospectionError::Redirect << "redirect";
        QTest::newRow("endless body") << "/endless" << IntrospectionError::Timeout << "timeout";
        QTest::newRow("connection reset")
            << "/reset" << IntrospectionError::ConnectionFailed << "connection_failed";
    }
    void failures() {
        QFETCH(QString, path);
        QFETCH(IntrospectionError, error);
        QFETCH(QString, name);
        MisbehavingServer server;
        IntrospectionSettings settings;
        settings.url = server.url(path);
        settings.clientId = QStringLiteral("rs");
        settings.clientSecret = QStringLiteral("secret");
        settings.timeoutMs = 500;
        IntrospectionClient client(settings);
        IntrospectionReply *reply = run(client, QByteArrayLiteral("tok-abc"));
        QVERIFY(reply);
        QCOMPARE(reply->error(), error);
        QCOMPARE(reply->errorName(), name);
        QCOMPARE(reply->result().state, TokenKnowledge::State::IntrospectionFailed);
        QVERIFY(!reply->result().facts.active);
        QVERIFY(reply->result().failure.startsWith(name));
        QVERIFY(!reply->result().failure.contains(QLatin1String("tok-abc")));
        QVERIFY(!reply->result().failure.contains(QLatin1String("secret")));
    }

    void connectionRefused() {
        QTcpServer closed;
        QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
        const quint16 port = closed.serverPort();
        closed.close();
        IntrospectionSettings settings;
        settings.url = QUrl(QStringLiteral("http://127.0.0.1:%1/introspect").arg(port));
        settings.authMethod = IntrospectionSettings::AuthMethod::None;
        IntrospectionClient client(settings);
        IntrospectionReply *reply = run(client, QByteArrayLiteral("t"));
        QVERIFY(reply);
        QCOMPARE(reply->error(), IntrospectionError::ConnectionFailed);
    }

    void invalidSettings_data() {
        QTest::addColumn<QString>("url");
        QTest::addColumn<int>("method");
        QTest::newRow("ftp") << "ftp://127.0.0.1/x" << int(IntrospectionSettings::AuthMethod::None);
        QTest::newRow("relative") << "/introspect" << int(IntrospectionSettings::AuthMethod::None);
        QTest::newRow("basic without id")
            << "http://127.0.0.1:1/x" << int(IntrospectionSettings::AuthMethod::ClientSecretBasic);
        QTest::newRow("bearer without token")
            << "http://127.0.0.1:1/x" << int(IntrospectionSettings::AuthMethod::BearerToken);
        QTest::newRow("credentials in the URL")
            << "http://rs:s3cret@127.0.0.1:1/x" << int(IntrospectionSettings::AuthMethod::None);
        QTest::newRow("user in the URL")
            << "http://rs@127.0.0.1:1/x" << int(IntrospectionSettings::AuthMethod::None);
    }
    void invalidSettings() {
        QFETCH(QString, url);
        QFETCH(int, method);
        IntrospectionSettings settings;
        settings.url = QUrl(url);
        settings.authMethod = IntrospectionSettings::AuthMethod(method);
        IntrospectionClient client(settings);
        IntrospectionReply *reply = client.introspect(QByteArrayLiteral("t"));
        QSignalSpy spy(reply, &IntrospectionReply::finished);
        QVERIFY(spy.wait(5000)); // emitted later, so a receiver connected after the call sees it
        QCOMPARE(spy.size(), 1);
        QCOMPARE(reply->error(), IntrospectionError::InvalidSettings);
        QVERIFY(!reply->errorDetail().contains(QLatin1String("s3cret")));
    }

    void parsesActiveResponse() {
        MisbehavingServer server;
        IntrospectionSettings settings;
        settings.url = server.url(QStringLiteral("/active"));
        settings.clientId = QStringLiteral("rs");
        settings.clientSecret = QStringLiteral("s");
        IntrospectionClient client(settings);
        IntrospectionReply *reply = run(client, QByteArrayLiteral("tok"));
        QVERIFY(reply);
        QCOMPARE(reply->error(), IntrospectionError::None);
        QCOMPARE(reply->httpStatus(), 200);
        const TokenFacts &f = reply->result().facts;
        QCOMPARE(reply->result().state, TokenKnowledge::State::Known);
        QVERIFY(f.active);
        QCOMPARE(f.scopes,
                 QStringList({QStringLiteral("entries:read"), QStringLiteral("tags:read")}));
        QCOMPARE(f.clientId, QStringLiteral("c1"));
        QCOMPARE(f.sub, QStringLiteral("user-1"));
        QCOMPARE(f.exp.value_or(0), 2000000000);
        QCOMPARE(f.iat.value_or(0), 1700000000);
        QVERIFY(!f.nbf);
        QVERIFY(f.audPresent);
        QCOMPARE(f.aud.size(), 2);
        QCOMPARE(f.iss, QStringLiteral("https://as"));
        QCOMPARE(f.jti, QStringLiteral("j1"));
        QVERIFY(f.raw.contains(QLatin1String("extra")));
        QVERIFY(reply->rawBody().contains("extra"));
    }

    void inactiveIsKnownAndInactive() {
        MisbehavingServer server;
        IntrospectionSettings settings;
        settings.url = server.url(QStringLiteral("/inactive"));
        settings.authMethod = IntrospectionSettings::AuthMethod::None;
        IntrospectionClient client(settings);
        IntrospectionReply *reply = run(client, QByteArrayLiteral("tok"));
        QVERIFY(reply);
        QCOMPARE(reply->error(), IntrospectionError::None);
        QCOMPARE(reply->result().state, TokenKnowledge::State::Known);
        QVERIFY(!reply->result().facts.active);
    }

    void clientAuthentication_data() {
        QTest::addColumn<int>("method");
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<QByteArray>("body");
        // RFC 6749 §2.3.1: id and secret form-urlencoded, then Base64.
        QTest::newRow("basic") << int(IntrospectionSettings::AuthMethod::ClientSecretBasic)
                               << (QByteArrayLiteral("Basic ") +
                                   QByteArrayLiteral("my+id:s%3Ae%26c%2Bret+%C3%A9").toBase64())
                               << QByteArrayLiteral("token=a%2Bb+c&token_type_hint=access_token");
        QTest::newRow("post") << int(IntrospectionSettings::AuthMethod::ClientSecretPost)
                              << QByteArray()
                              << QByteArrayLiteral("token=a%2Bb+c&token_type_hint=access_token"
                                                   "&client_id=my+id&client_secret=s%3Ae%26c%2B"
                                                   "ret+%C3%A9");
        QTest::newRow("bearer") << int(IntrospectionSettings::AuthMethod::BearerToken)
                                << QByteArrayLiteral("Bearer s:e&c+ret \xc3\xa9")
                                << QByteArrayLiteral("token=a%2Bb+c&token_type_hint=access_token");
        QTest::newRow("none") << int(IntrospectionSettings::AuthMethod::None) << QByteArray()
                              << QByteArrayLiteral("token=a%2Bb+c&token_type_hint=access_token"
                                                   "&client_id=my+id");
    }
    void clientAuthentication() {
        QFETCH(int, method);
        QFETCH(QByteArray, authorization);
        QFETCH(QByteArray, body);
        MisbehavingServer server;
        IntrospectionSettings settings;
        settings.url = server.url(QStringLiteral("/active"));
        settings.authMethod = IntrospectionSettings::AuthMethod(method);
        settings.clientId = QStringLiteral("my id");
        settings.clientSecret = QStringLiteral("s:e&c+ret \u00e9");
        IntrospectionClient client(settings);
        IntrospectionReply *reply = run(client, QByteArrayLiteral("a+b c"));
        QVERIFY(reply);
        QCOMPARE(reply->error(), IntrospectionError::None);
        QCOMPARE(header(server.lastHeaders, "Authorization"), authorization);
        QCOMPARE(server.lastBody, body);
        QCOMPARE(header(server.lastHeaders, "Content-Type"),
                 QByteArrayLiteral("application/x-www-form-urlencoded"));
        QCOMPARE(header(server.lastHeaders, "Accept"), QByteArrayLiteral("application/json"));
        QCOMPARE(reply->tokenFingerprint().size(), 8);
    }

    void cancel() {
        MisbehavingServer server;
        IntrospectionSettings settings;
        settings.url = server.url(QStringLiteral("/endless"));
        settings.authMethod = IntrospectionSettings::AuthMethod::None;
        IntrospectionClient client(settings);
        IntrospectionReply *reply = client.introspect(QByteArrayLiteral("t"));
        QSignalSpy spy(reply, &IntrospectionReply::finished);
        reply->cancel();
        reply->cancel();
        QCOMPARE(spy.size(), 1);
        QCOMPARE(reply->error(), IntrospectionError::Cancelled);
        QCOMPARE(reply->result().state, TokenKnowledge::State::IntrospectionFailed);
        QVERIFY(!spy.wait(200));
    }
};

QTEST_GUILESS_MAIN(tst_IntrospectionClient)
#include "tst_introspectionclient.moc"
