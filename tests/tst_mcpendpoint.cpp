#include "authserver/TestAuthorizationServer.h"
#include "introspection/TokenLookup.h"
#include "mcp/McpEndpoint.h"
#include "observability/EndpointTally.h"
#include "observability/RequestLog.h"
#include "policy/PolicyFile.h"
#include "support/RawHttpClient.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace scopebench;

namespace {

// Stands in for the introspection cache: a table of tokens, an optional delay, and a switch that
// makes every lookup fail as if the authorization server were down.
class FakeLookup : public TokenLookup {
public:
    QHash<QByteArray, TokenFacts> tokens;
    int delayMs = 0;
    bool down = false;
    bool blank = false; // answers with a knowledge that knows nothing
    int calls = 0;

    void lookup(const QByteArray &token, QObject *context, Callback done) override {
        ++calls;
        TokenKnowledge k = down ? TokenKnowledge::failed(QStringLiteral("connection refused"))
                                : TokenKnowledge::known(tokens.value(token));
        if (blank)
            k = TokenKnowledge::notLookedUp();
        QPointer<QObject> guard(context);
        QTimer::singleShot(delayMs, context, [k, done, guard] {
            if (guard)
                done(k);
        });
    }
};

TokenFacts facts(const QStringList &scopes, const QString &sub = QStringLiteral("user-1"),
                 const QString &client = QStringLiteral("client-1")) {
    TokenFacts f;
    f.active = true;
    f.scopes = scopes;
    f.sub = sub;
    f.clientId = client;
    f.exp = QDateTime::currentSecsSinceEpoch() + 3600;
    return f;
}

using rawhttp::Client;
using rawhttp::Reply;
using rawhttp::rpc;

QByteArray request(const QByteArray &method, const QByteArray &target,
                   const QList<QByteArray> &headers, const QByteArray &body = QByteArray(),
                   bool json = true) {
    QByteArray r = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto &h : headers)
        r += h + "\r\n";
    if (json && !body.isEmpty())
        r += "Content-Type: application/json\r\n";
    if (!body.isEmpty() || method == "POST")
        r += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    return r + "\r\n" + body;
}

QByteArray callTool(const QString &tool, const QJsonObject &args = {}, int id = 1) {
    return rpc(QStringLiteral("tools/call"),
               {{QStringLiteral("name"), tool}, {QStringLiteral("arguments"), args}}, id);
}

QByteArray bearer(const QByteArray &token) {
    return "Authorization: Bearer " + token;
}

} // namespace

class tst_McpEndpoint : public QObject {
    Q_OBJECT
private:
    FakeLookup m_lookup;
    RequestLog m_log{100};
    EndpointTally m_tally;
    std::unique_ptr<McpEndpoint> m_endpoint;
    quint16 m_port = 0;

    void start(EndpointSettings settings = EndpointSettings()) {
        settings.port = 0;
        const Result<Policy> policy = PolicyFile::load(PolicyFile::bundledExample());
        QVERIFY(policy.ok());
        m_endpoint =
            std::make_unique<McpEndpoint>(settings, policy.value(), &m_lookup, &m_log, &m_tally);
        const Status s = m_endpoint->listen();
        QVERIFY2(s.ok(), qPrintable(s.error().toString()));
        m_port = m_endpoint->port();
    }

    // The built-in authorization server on the endpoint's listener: client "bench", secret
    // "s3cret-value", catalog entries:read.
    std::unique_ptr<TestAuthorizationServer> addAuthorizationServer() {
        TestAuthorizationServer::Settings as;
        as.issuer = m_endpoint->baseUrl().toString();
        as.clientId = QStringLiteral("bench");
        as.clientSecret = QStringLiteral("s3cret-value");
        as.catalog = QStringList{QStringLiteral("entries:read")};
        auto server = std::make_unique<TestAuthorizationServer>(as);
        const QList<TestAuthorizationServer::Route> routes = server->routes();
        for (const TestAuthorizationServer::Route &route : routes)
            m_endpoint->addRoute(route.path, route.handler, route.corsMethods);
        return server;
    }

    Reply roundTrip(const QByteArray &bytes) {
        Client c(m_port);
        c.send(bytes);
        return c.reply();
    }

    QByteArray initialize(const QByteArray &token) {
        const Reply r = roundTrip(
            request("POST", "/mcp", {bearer(token)},
                    rpc(QStringLiteral("initialize"),
                        {{QStringLiteral("protocolVersion"), QStringLiteral("2025-06-18")},
                         {QStringLiteral("capabilities"), QJsonObject()},
                         {QStringLiteral("clientInfo"),
                          QJsonObject{{QStringLiteral("name"), QStringLiteral("t")},
                                      {QStringLiteral("version"), QStringLiteral("1")}}}})));
        return r.header("Mcp-Session-Id");
    }

private Q_SLOTS:
    void init() {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        m_lookup.tokens.clear();
        m_lookup.delayMs = 0;
        m_lookup.down = false;
        m_lookup.blank = false;
        m_lookup.calls = 0;
        m_lookup.tokens.insert("all",
                               facts({QStringLiteral("user:read"), QStringLiteral("entries:read"),
                                      QStringLiteral("entries:write"), QStringLiteral("tags:read"),
                                      QStringLiteral("tags:write")}));
        m_lookup.tokens.insert("reader", facts({QStringLiteral("entries:read")}));
        m_lookup.tokens.insert("other",
                               facts({QStringLiteral("entries:read")}, QStringLiteral("user-2")));
        m_lookup.tokens.insert("none", facts({}));
        TokenFacts inactive;
        m_lookup.tokens.insert("inactive", inactive);
        TokenFacts expired = facts({QStringLiteral("entries:read")});
        expired.exp = now - 3600;
        m_lookup.tokens.insert("expired", expired);
        TokenFacts foreign = facts({QStringLiteral("entries:read")});
        foreign.aud = {QStringLiteral("https://elsewhere.example/mcp")};
        foreign.audPresent = true;
        m_lookup.tokens.insert("foreign", foreign);
        start();
    }
    void cleanup() { m_endpoint.reset(); }

    void statuses_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("challengeHas");
        QTest::addColumn<QByteArray>("bodyHas");

        const QByteArray list = rpc(QStringLiteral("tools/list"));
        QTest::newRow("no token") << request("POST", "/mcp", {}, list) << 401
                                  << QByteArray("Bearer realm=\"EpicMe\", resource_metadata=")
                                  << QByteArray("unauthorized");
        QTest::newRow("unknown scheme")
            << request("POST", "/mcp", {"Authorization: Basic dXNlcjpwYXNz"}, list) << 401
            << QByteArray("Bearer realm=\"EpicMe\", resource_metadata=") << QByteArray();
        QTest::newRow("two authorization headers")
            << request("POST", "/mcp", {bearer("all"), bearer("all")}, list) << 400
            << QByteArray("error=\"invalid_request\"") << QByteArray("invalid_request");
        QTest::newRow("token in query")
            << request("POST", "/mcp?access_token=all", {bearer("all")}, list) << 400
            << QByteArray("error=\"invalid_request\"") << QByteArray();
        QTest::newRow("garbage token")
            << request("POST", "/mcp", {"Authorization: Bearer a,b\"c"}, list) << 401
            << QByteArray("error=\"invalid_token\"") << QByteArray("malformed");
        QTest::newRow("bearer without token")
            << request("POST", "/mcp", {"Authorization: Bearer"}, list) << 400
            << QByteArray("invalid_request") << QByteArray();
        QTest::newRow("inactive") << request("POST", "/mcp", {bearer("inactive")}, list) << 401
                                  << QByteArray("error=\"invalid_token\"")
                                  << QByteArray("invalid or expired");
        QTest::newRow("unknown token") << request("POST", "/mcp", {bearer("nosuch")}, list) << 401
                                       << QByteArray("invalid_token") << QByteArray();
        QTest::newRow("expired") << request("POST", "/mcp", {bearer("expired")}, list) << 401
                                 << QByteArray("error=\"invalid_token\"") << QByteArray("(exp)");
        QTest::newRow("wrong audience")
            << request("POST", "/mcp", {bearer("foreign")}, list) << 401
            << QByteArray("invalid_token") << QByteArray("not issued for this resource");
        QTest::newRow("per-tool 403")
            << request("POST", "/mcp", {bearer("reader")}, callTool(QStringLiteral("create_entry")))
            << 403 << QByteArray("error=\"insufficient_scope\"") << QByteArray("entries:write");
        QTest::newRow("GET 405") << request("GET", "/mcp", {bearer("all")}) << 405 << QByteArray()
                                 << QByteArray();
        QTest::newRow("GET without token is 401 first")
            << request("GET", "/mcp", {}) << 401 << QByteArray("Bearer") << QByteArray();
        QTest::newRow("no session") << request("POST", "/mcp", {bearer("all")}, list) << 400
                                    << QByteArray() << QByteArray("Mcp-Session-Id");
        QTest::newRow("unknown session")
            << request("POST", "/mcp", {bearer("all"), "Mcp-Session-Id: 00ff"}, list) << 404
            << QByteArray() << QByteArray("Session not found");
        QTest::newRow("bad JSON") << request("POST", "/mcp", {bearer("all")}, "{\"jsonrpc\":")
                                  << 400 << QByteArray() << QByteArray("-32700");
        QTest::newRow("bad JSON without a token is 401")
            << request("POST", "/mcp", {}, "{\"jsonrpc\":") << 401 << QByteArray("Bearer")
            << QByteArray();
        QTest::newRow("batch") << request("POST", "/mcp", {bearer("all")}, "[" + list + "]") << 400
                               << QByteArray() << QByteArray("-32600");
        QTest::newRow("wrong content type")
            << request("POST", "/mcp", {bearer("all"), "Content-Type: text/plain"}, list, false)
            << 415 << QByteArray() << QByteArray();
        QTest::newRow("bad Origin")
            << request("POST", "/mcp", {bearer("all"), "Origin: https://evil.example"}, list) << 403
            << QByteArray() << QByteArray("Origin");
        QTest::newRow("bad Host") << ("POST /mcp HTTP/1.1\r\nHost: evil.example:8787\r\n" +
                                      bearer("all") +
                                      "\r\nContent-Type: application/json\r\nContent-Length: " +
                                      QByteArray::number(list.size()) + "\r\n\r\n" + list)
                                  << 403 << QByteArray() << QByteArray("Host");
        QTest::newRow("unknown path")
            << request("GET", "/elsewhere", {}) << 404 << QByteArray() << QByteArray();
        QTest::newRow("too many header fields") << [] {
            QList<QByteArray> many;
            for (int i = 0; i < 150; ++i)
                many.append("X-Filler-" + QByteArray::number(i) + ": 1");
            return request("POST", "/mcp", many, rpc(QStringLiteral("ping")));
        }() << 431 << QByteArray() << QByteArray("header");
        QTest::newRow("oversized body")
            << ("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n" + bearer("all") +
                "\r\nContent-Type: application/json\r\nContent-Length: 2000000\r\n\r\n{")
            << 413 << QByteArray() << QByteArray("larger");
    }

    void statuses() {
        QFETCH(QByteArray, bytes);
        QFETCH(int, status);
        QFETCH(QByteArray, challengeHas);
        QFETCH(QByteArray, bodyHas);
        const Reply r = roundTrip(bytes);
        QCOMPARE(r.status, status);
        if (!challengeHas.isEmpty())
            QVERIFY2(r.header("WWW-Authenticate").contains(challengeHas),
                     r.header("WWW-Authenticate").constData());
        if (status >= 400 && status != 405 && status != 404 && status < 500 && status != 431 &&
            status != 413)
            QVERIFY(r.header("Content-Type").startsWith("application/json"));
        if (!bodyHas.isEmpty())
            QVERIFY2(r.body.contains(bodyHas), r.body.constData());
    }

    void epicMe403ByteForByte() {
        const Reply r =
            roundTrip(request("POST", "/mcp", {bearer("none")}, rpc(QStringLiteral("tools/list"))));
        const QByteArray description =
            "Any of the following combinations of scopes is valid: user:read, entries:read, "
            "entries:write, tags:read, tags:write";
        const QByteArray body =
            "{\"error\":\"insufficient_scope\",\"error_description\":\"" + description + "\"}";
        const QByteArray expected =
            "HTTP/1.1 403 Forbidden\r\n"
            "WWW-Authenticate: Bearer realm=\"EpicMe\", error=\"insufficient_scope\", "
            "error_description=\"" +
            description + "\", resource_metadata=\"http://127.0.0.1:" + QByteArray::number(m_port) +
            "/.well-known/oauth-protected-resource/mcp\"\r\n"
            "Content-Type: application/json\r\n"
            "Content-Length: " +
            QByteArray::number(body.size()) + "\r\n\r\n" + body;
        if (r.raw != expected)
            qWarning("got:\n%s\nwanted:\n%s", r.raw.constData(), expected.constData());
        QCOMPARE(r.raw, expected);
    }

    void introspectionDownIs503() {
        m_lookup.down = true;
        const Reply r =
            roundTrip(request("POST", "/mcp", {bearer("all")}, rpc(QStringLiteral("tools/list"))));
        QCOMPARE(r.status, 503);
        QVERIFY(!r.header("Retry-After").isEmpty());
        QVERIFY(r.header("WWW-Authenticate").isEmpty());
        QCOMPARE(m_tally.snapshot().unavailable, quint64(1));
    }

    // A lookup that answers without an answer fails closed: 503, not an empty 200.
    void blankLookupAnswerIs503() {
        m_lookup.blank = true;
        const Reply r =
            roundTrip(request("POST", "/mcp", {bearer("all")}, rpc(QStringLiteral("tools/list"))));
        QCOMPARE(r.status, 503);
        QVERIFY(!r.header("Retry-After").isEmpty());
        QCOMPARE(m_log.snapshot().last().outcome, QStringLiteral("unavailable"));
    }

    void sessionLifecycle() {
        const QByteArray session = initialize("all");
        QCOMPARE(session.size(), 32);
        QVERIFY(m_endpoint->liveSessions() == 1);
        // A notification is accepted with no body.
        Reply r = roundTrip(request("POST", "/mcp", {bearer("all"), "Mcp-Session-Id: " + session},
                                    rpc(QStringLiteral("notifications/initialized"), {}, -1)));
        QCOMPARE(r.status, 202);
        QVERIFY(r.body.isEmpty());
        // Bad protocol version.
        r = roundTrip(request(
            "POST", "/mcp",
            {bearer("all"), "Mcp-Session-Id: " + session, "MCP-Protocol-Version: 1999-01-01"},
            rpc(QStringLiteral("ping"))));
        QCOMPARE(r.status, 400);
        // Another principal using the session: as if it did not exist.
        r = roundTrip(request("POST", "/mcp", {bearer("other"), "Mcp-Session-Id: " + session},
                              rpc(QStringLiteral("ping"))));
        QCOMPARE(r.status, 404);
        r = roundTrip(request(
            "POST", "/mcp",
            {bearer("all"), "Mcp-Session-Id: " + session, "MCP-Protocol-Version: 2025-06-18"},
            rpc(QStringLiteral("ping"))));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(QStringLiteral("result")).toObject(), QJsonObject());
        r = roundTrip(request("POST", "/mcp", {bearer("all"), "Mcp-Session-Id: " + session},
                              rpc(QStringLiteral("no/such"))));
        QCOMPARE(r.json()[QLatin1String("error")][QLatin1String("code")].toInt(), -32601);
        r = roundTrip(request("DELETE", "/mcp", {bearer("all"), "Mcp-Session-Id: " + session}));
        QCOMPARE(r.status, 204);
        r = roundTrip(request("POST", "/mcp", {bearer("all"), "Mcp-Session-Id: " + session},
                              rpc(QStringLiteral("ping"))));
        QCOMPARE(r.status, 404);
        r = roundTrip(request("DELETE", "/mcp", {bearer("all")}));
        QCOMPARE(r.status, 400);
    }

    // The answer's id is the request's, as JSON text: integers as sent, however large, and
    // strings and fractions as QJsonDocument writes them.
    void idIsEchoed_data() {
        QTest::addColumn<QByteArray>("id");
        QTest::addColumn<QByteArray>("echoed");
        QTest::newRow("small") << QByteArray("7") << QByteArray("7");
        QTest::newRow("zero") << QByteArray("0") << QByteArray("0");
        QTest::newRow("negative") << QByteArray("-12") << QByteArray("-12");
        QTest::newRow("above 2^53")
            << QByteArray("9007199254740993") << QByteArray("9007199254740993");
        QTest::newRow("largest qint64")
            << QByteArray("9223372036854775807") << QByteArray("9223372036854775807");
        QTest::newRow("exponent") << QByteArray("1e3") << QByteArray("1000");
        QTest::newRow("fraction") << QByteArray("1.5") << QByteArray("1.5");
        QTest::newRow("huge") << QByteArray("1e300") << QByteArray("1e+300");
        QTest::newRow("string") << QByteArray("\"a\\\"b\"") << QByteArray("\"a\\\"b\"");
    }
    void idIsEchoed() {
        QFETCH(QByteArray, id);
        QFETCH(QByteArray, echoed);
        const QByteArray session = initialize("all");
        const Reply r = roundTrip(
            request("POST", "/mcp", {bearer("all"), "Mcp-Session-Id: " + session},
                    "{\"jsonrpc\":\"2.0\",\"id\":" + id +
                        ",\"method\":\"tools/call\",\"params\":{\"name\":\"list_entries\"}}"));
        QCOMPARE(r.status, 200);
        const QByteArray expected = "{\"jsonrpc\":\"2.0\",\"id\":" + echoed + ",\"result\":";
        QVERIFY2(r.body.startsWith(expected), r.body.constData());
    }

    void versionNegotiation_data() {
        QTest::addColumn<QString>("asked");
        QTest::addColumn<QString>("given");
        QTest::newRow("2025-11-25") << QStringLiteral("2025-11-25") << QStringLiteral("2025-11-25");
        QTest::newRow("2025-06-18") << QStringLiteral("2025-06-18") << QStringLiteral("2025-06-18");
        QTest::newRow("2025-03-26") << QStringLiteral("2025-03-26") << QStringLiteral("2025-03-26");
        QTest::newRow("unknown") << QStringLiteral("2030-01-01") << QStringLiteral("2025-11-25");
    }
    void versionNegotiation() {
        QFETCH(QString, asked);
        QFETCH(QString, given);
        const Reply r = roundTrip(request(
            "POST", "/mcp", {bearer("all")},
            rpc(QStringLiteral("initialize"), {{QStringLiteral("protocolVersion"), asked},
                                               {QStringLiteral("capabilities"), QJsonObject()}})));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[QLatin1String("result")][QLatin1String("protocolVersion")].toString(),
                 given);
    }

    void toolsListIsFiltered_data() {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QStringList>("tools");
        QTest::newRow("entries:read")
            << QByteArray("reader")
            << QStringList{QStringLiteral("get_entry"), QStringLiteral("list_entries")};
        QTest::newRow("all")
            << QByteArray("all")
            << QStringList{QStringLiteral("whoami"),           QStringLiteral("get_entry"),
                           QStringLiteral("list_entries"),     QStringLiteral("create_entry"),
                           QStringLiteral("update_entry"),     QStringLiteral("delete_entry"),
                           QStringLiteral("add_tag_to_entry"), QStringLiteral("get_tag"),
                           QStringLiteral("list_tags"),        QStringLiteral("create_tag"),
                           QStringLiteral("update_tag"),       QStringLiteral("delete_tag")};
    }
    void toolsListIsFiltered() {
        QFETCH(QByteArray, token);
        QFETCH(QStringList, tools);
        const QByteArray session = initialize(token);
        const Reply r =
            roundTrip(request("POST", "/mcp", {bearer(token), "Mcp-Session-Id: " + session},
                              rpc(QStringLiteral("tools/list"))));
        QStringList names;
        for (const auto &t : r.json()[QLatin1String("result")][QLatin1String("tools")].toArray())
            names.append(t[QLatin1String("name")].toString());
        QCOMPARE(names, tools);
    }

    void toolCalls() {
        const QByteArray session = initialize("all");
        const QList<QByteArray> h = {bearer("all"), "Mcp-Session-Id: " + session};
        Reply r = roundTrip(request("POST", "/mcp", h,
                                    callTool(QStringLiteral("create_tag"),
                                             {{QStringLiteral("name"), QStringLiteral("a")}})));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[QLatin1String("result")][QLatin1String("structuredContent")]
                         [QLatin1String("id")]
                             .toInt(),
                 1);
        r = roundTrip(request("POST", "/mcp", h,
                              callTool(QStringLiteral("create_entry"),
                                       {{QStringLiteral("title"), QStringLiteral("T")},
                                        {QStringLiteral("content"), QStringLiteral("C")},
                                        {QStringLiteral("tags"), QJsonArray{1}}})));
        QCOMPARE(r.json()[QLatin1String("result")][QLatin1String("structuredContent")]
                         [QLatin1String("tags")]
                             .toArray(),
                 QJsonArray{1});
        QVERIFY(!r.json()[QLatin1String("result")].toObject().contains(QStringLiteral("isError")));
        r = roundTrip(request("POST", "/mcp", h,
                              callTool(QStringLiteral("get_entry"), {{QStringLiteral("id"), 9}})));
        QCOMPARE(r.json()[QLatin1String("result")][QLatin1String("isError")].toBool(), true);
        r = roundTrip(
            request("POST", "/mcp", h,
                    callTool(QStringLiteral("create_entry"), {{QStringLiteral("title"), 5}})));
        QCOMPARE(r.json()[QLatin1String("result")][QLatin1String("isError")].toBool(), true);
        QVERIFY(r.body.contains("Invalid arguments"));
        r = roundTrip(request("POST", "/mcp", h, callTool(QStringLiteral("whoami"))));
        QCOMPARE(r.json()[QLatin1String("result")][QLatin1String("structuredContent")]
                         [QLatin1String("sub")]
                             .toString(),
                 QStringLiteral("user-1"));
        r = roundTrip(request("POST", "/mcp", h, callTool(QStringLiteral("no_such_tool"))));
        QCOMPARE(r.json()[QLatin1String("error")][QLatin1String("code")].toInt(), -32602);
        const EndpointCounters c = m_tally.snapshot();
        QVERIFY(c.allowed >= 7);
        QCOMPARE(c.requests, quint64(m_log.lastSequence()));
    }

    void metadataDocuments_data() {
        QTest::addColumn<QByteArray>("path");
        QTest::newRow("path-inserted") << QByteArray("/.well-known/oauth-protected-resource/mcp");
        QTest::newRow("root") << QByteArray("/.well-known/oauth-protected-resource");
    }
    void metadataDocuments() {
        QFETCH(QByteArray, path);
        const Reply r = roundTrip(request("GET", path, {}));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Cache-Control"), QByteArray("max-age=300"));
        const QJsonObject doc = r.json();
        QCOMPARE(doc[QLatin1String("resource")].toString(),
                 QStringLiteral("http://127.0.0.1:%1/mcp").arg(m_port));
        QCOMPARE(doc[QLatin1String("bearer_methods_supported")].toArray(),
                 QJsonArray{QStringLiteral("header")});
        // The first server-level alternative, not the catalogue (Policy::publishedScopes).
        QCOMPARE(doc[QLatin1String("scopes_supported")].toArray(),
                 QJsonArray{QStringLiteral("user:read")});
        QCOMPARE(doc[QLatin1String("authorization_servers")].toArray().size(), 1);
        QCOMPARE(doc[QLatin1String("resource_name")].toString(), QStringLiteral("EpicMe journal"));
    }

    void preflight() {
        Reply r = roundTrip(
            request("OPTIONS", "/mcp",
                    {"Origin: http://localhost:6274", "Access-Control-Request-Method: POST",
                     "Access-Control-Request-Headers: authorization"}));
        QCOMPARE(r.status, 204);
        QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("http://localhost:6274"));
        QCOMPARE(r.header("Access-Control-Allow-Headers"), QByteArray("Authorization"));
        QVERIFY(r.header("Access-Control-Expose-Headers").contains("WWW-Authenticate"));
        r = roundTrip(request("OPTIONS", "/mcp", {"Origin: http://evil.example"}));
        QCOMPARE(r.status, 403);
        // An allowed origin sees the challenge of a 401.
        r = roundTrip(request("POST", "/mcp", {"Origin: http://127.0.0.1:3000"},
                              rpc(QStringLiteral("ping"))));
        QCOMPARE(r.status, 401);
        QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("http://127.0.0.1:3000"));
    }

    // CORS is one mechanism for the whole listener: what a browser client (e.g. the MCP
    // Inspector) fetches during discovery, registration and the token exchange, and the MCP path.
    void cors_data() {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QList<QByteArray>>("headers");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<int>("status");
        QTest::addColumn<bool>("cors");
        QTest::addColumn<QByteArray>("allowMethods"); // of a preflight; "Allow" without Origin
        QTest::addColumn<QByteArray>("exposed");

        const QByteArray form = "Content-Type: application/x-www-form-urlencoded";
        const QByteArray json = "Content-Type: application/json";
        const QByteArray basic = "token=abc&client_id=bench&client_secret=s3cret-value";
        struct Target {
            const char *name;
            QByteArray method, target;
            QList<QByteArray> headers;
            QByteArray body;
            int status;
            QByteArray allowMethods, exposed;
        };
        const Target targets[] = {
            {"mcp 401",
             "POST",
             "/mcp",
             {json},
             rpc(QStringLiteral("ping")),
             401,
             "POST, DELETE, OPTIONS",
             "WWW-Authenticate, Mcp-Session-Id"},
            {"mcp allowed",
             "POST",
             "/mcp",
             {json, bearer("all")},
             rpc(QStringLiteral("initialize"),
                 {{QStringLiteral("protocolVersion"), QStringLiteral("2025-06-18")},
                  {QStringLiteral("capabilities"), QJsonObject()},
                  {QStringLiteral("clientInfo"),
                   QJsonObject{{QStringLiteral("name"), QStringLiteral("t")},
                               {QStringLiteral("version"), QStringLiteral("1")}}}}),
             200,
             "POST, DELETE, OPTIONS",
             "WWW-Authenticate, Mcp-Session-Id"},
            {"resource metadata",
             "GET",
             "/.well-known/oauth-protected-resource/mcp",
             {},
             {},
             200,
             "GET, HEAD, OPTIONS",
             ""},
            {"root resource metadata",
             "GET",
             "/.well-known/oauth-protected-resource",
             {},
             {},
             200,
             "GET, HEAD, OPTIONS",
             ""},
            {"as metadata",
             "GET",
             "/.well-known/oauth-authorization-server",
             {},
             {},
             200,
             "GET, OPTIONS",
             ""},
            {"register",
             "POST",
             "/oauth/register",
             {json},
             "{\"redirect_uris\":[\"http://localhost:6274/oauth/callback\"],"
             "\"token_endpoint_auth_method\":\"none\"}",
             201,
             "POST, OPTIONS",
             ""},
            {"token",
             "POST",
             "/oauth/token",
             {form},
             "grant_type=client_credentials&client_id=bench&client_secret=s3cret-value",
             200,
             "POST, OPTIONS",
             ""},
            {"token, bad client",
             "POST",
             "/oauth/token",
             {form},
             "grant_type=client_credentials&client_id=bench&client_secret=wrong",
             401,
             "POST, OPTIONS",
             "WWW-Authenticate"},
            {"introspect", "POST", "/oauth/introspect", {form}, basic, 200, "POST, OPTIONS", ""},
            {"revoke", "POST", "/oauth/revoke", {form}, basic, 200, "POST, OPTIONS", ""},
        };
        const QByteArray allowed = "http://localhost:6274";
        const QByteArray evil = "https://evil.example";
        for (const Target &t : targets) {
            const auto row = [&](const char *what, const QByteArray &method,
                                 const QList<QByteArray> &headers, const QByteArray &body,
                                 const QByteArray &origin, int status, bool cors) {
                QTest::addRow("%s: %s", t.name, what)
                    << method << t.target << headers << body << origin << status << cors
                    << t.allowMethods << t.exposed;
            };
            const QList<QByteArray> ask = {
                "Access-Control-Request-Method: " + t.method,
                "Access-Control-Request-Headers: content-type,authorization, "
                "mcp-protocol-version,x-not-allowed"};
            row("preflight, allowed Origin", "OPTIONS", ask, {}, allowed, 204, true);
            row("preflight, other Origin", "OPTIONS", ask, {}, evil, 403, false);
            row("OPTIONS, no Origin", "OPTIONS", {}, {}, {}, 204, false);
            row("allowed Origin", t.method, t.headers, t.body, allowed, t.status, true);
            // §3 comes first on the MCP path: without a token the challenge (with no CORS
            // headers) precedes the Origin check.
            const int refused = t.target == "/mcp" && t.status == 401 ? 401 : 403;
            row("other Origin", t.method, t.headers, t.body, evil, refused, false);
            row("no Origin", t.method, t.headers, t.body, {}, t.status, false);
        }
        // An unknown path is readable (a discovery fallback must see the 404), never a preflight.
        QTest::newRow("unknown path: allowed Origin")
            << QByteArray("GET") << QByteArray("/.well-known/openid-configuration")
            << QList<QByteArray>() << QByteArray() << allowed << 404 << true << QByteArray()
            << QByteArray();
        QTest::newRow("unknown path: preflight")
            << QByteArray("OPTIONS") << QByteArray("/nowhere") << QList<QByteArray>()
            << QByteArray() << allowed << 404 << true << QByteArray() << QByteArray();
        // The consent page is navigated to, never fetched: no CORS, so another local origin cannot
        // read its request_id and approve on the user's behalf.
        QTest::newRow("consent page: preflight")
            << QByteArray("OPTIONS") << QByteArray("/oauth/authorize") << QList<QByteArray>()
            << QByteArray() << allowed << 405 << false << QByteArray() << QByteArray();
        QTest::newRow("consent page: GET from an allowed Origin")
            << QByteArray("GET")
            << QByteArray("/oauth/authorize?client_id=bench&response_type=code&redirect_uri=http:"
                          "//127.0.0.1:9/cb&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGjSst"
                          "w-cM&code_challenge_method=S256&scope=entries:read")
            << QList<QByteArray>() << QByteArray() << allowed << 200 << false << QByteArray()
            << QByteArray();
    }
    void cors() {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, target);
        QFETCH(QList<QByteArray>, headers);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, origin);
        QFETCH(int, status);
        QFETCH(bool, cors);
        QFETCH(QByteArray, allowMethods);
        QFETCH(QByteArray, exposed);
        const std::unique_ptr<TestAuthorizationServer> authServer = addAuthorizationServer();

        QList<QByteArray> all = headers;
        if (!origin.isEmpty())
            all.append("Origin: " + origin);
        QByteArray bytes = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        for (const QByteArray &h : all)
            bytes += h + "\r\n";
        if (!body.isEmpty())
            bytes += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        const Reply r = roundTrip(bytes + "\r\n" + body);
        QCOMPARE(r.status, status);

        QList<QByteArray> corsFields;
        for (const auto &h : r.headers) {
            if (h.first.toLower().startsWith("access-control-"))
                corsFields.append(h.first);
        }
        QVERIFY(r.header("Access-Control-Allow-Credentials").isEmpty());
        if (!cors) {
            QVERIFY2(corsFields.isEmpty(), corsFields.join(", ").constData());
            if (method == "OPTIONS" && status == 204)
                QCOMPARE(r.header("Allow"), allowMethods);
            return;
        }
        QCOMPARE(r.header("Access-Control-Allow-Origin"), origin);
        QVERIFY(r.header("Vary").contains("Origin"));
        if (method == "OPTIONS" && status == 204) {
            QCOMPARE(r.header("Access-Control-Allow-Methods"), allowMethods);
            QCOMPARE(r.header("Access-Control-Allow-Headers"),
                     QByteArray("Content-Type, Authorization, MCP-Protocol-Version"));
            QCOMPARE(r.header("Access-Control-Max-Age"), QByteArray("600"));
        } else {
            QVERIFY(r.header("Access-Control-Allow-Methods").isEmpty());
            QCOMPARE(r.header("Access-Control-Expose-Headers"), exposed);
        }
    }

    void pipelinedResponsesKeepOrder() {
        const QByteArray session = initialize("all");
        m_lookup.delayMs = 150;
        Client c(m_port);
        QByteArray all;
        // Slow (introspected), fast (401 without lookup), slow, fast (404), slow.
        all += request("POST", "/mcp", {bearer("all"), "Mcp-Session-Id: " + session},
                       rpc(QStringLiteral("ping"), {}, 1));
        all += request("POST", "/mcp", {}, rpc(QStringLiteral("ping"), {}, 2));
        all += request("POST", "/mcp", {bearer("reader")},
                       callTool(QStringLiteral("create_entry"), {}, 3));
        all += request("GET", "/nowhere", {});
        all += request("POST", "/mcp", {bearer("all"), "Mcp-Session-Id: " + session},
                       rpc(QStringLiteral("ping"), {}, 5));
        c.send(all);
        const QList<Reply> replies = c.replies(5);
        QCOMPARE(replies.size(), 5);
        QCOMPARE(replies[0].status, 200);
        QCOMPARE(replies[0].json()[QLatin1String("id")].toInt(), 1);
        QCOMPARE(replies[1].status, 401);
        QCOMPARE(replies[2].status, 403);
        QCOMPARE(replies[3].status, 404);
        QCOMPARE(replies[4].status, 200);
        QCOMPARE(replies[4].json()[QLatin1String("id")].toInt(), 5);
    }

    // Any route on the listener, behind a slow (introspected) MCP request on one connection.
    void everyRouteKeepsOrderAndIsLogged_data() {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("path");
        QTest::addColumn<QByteArray>("form");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("outcome");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QString>("member"); // in the second response's JSON body
        const QByteArray grant = "grant_type=client_credentials&client_id=bench&scope=entries:read";
        QTest::newRow("token") << QByteArray("POST") << QByteArray("/oauth/token")
                               << grant + "&client_secret=s3cret-value" << 200 << "public"
                               << QString() << "access_token";
        QTest::newRow("token-bad-secret") << QByteArray("POST") << QByteArray("/oauth/token")
                                          << grant + "&client_secret=wrong" << 401 << "public"
                                          << "Unauthorized: invalid_client"
                                          << "error";
        QTest::newRow("token-wrong-method")
            << QByteArray("GET") << QByteArray("/oauth/token") << QByteArray() << 405 << "public"
            << "Method Not Allowed: invalid_request"
            << "error";
        QTest::newRow("authorization-server-metadata")
            << QByteArray("GET") << QByteArray("/.well-known/oauth-authorization-server")
            << QByteArray() << 200 << "public" << QString() << "token_endpoint";
        QTest::newRow("resource-metadata")
            << QByteArray("GET") << QByteArray("/.well-known/oauth-protected-resource")
            << QByteArray() << 200 << "public" << QString() << "resource";
        QTest::newRow("unknown-path") << QByteArray("GET") << QByteArray("/oauth/nothing")
                                      << QByteArray() << 404 << "rejected" << QString() << "error";
    }
    void everyRouteKeepsOrderAndIsLogged() {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, path);
        QFETCH(QByteArray, form);
        QFETCH(int, status);
        QFETCH(QString, outcome);
        QFETCH(QString, reason);
        QFETCH(QString, member);
        const std::unique_ptr<TestAuthorizationServer> authServer = addAuthorizationServer();
        const QByteArray session = initialize("all");
        m_lookup.delayMs = 150;
        const quint64 before = m_log.lastSequence();

        QByteArray second = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        if (!form.isEmpty())
            second += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
                      QByteArray::number(form.size()) + "\r\n";
        second += "\r\n" + form;
        Client c(m_port);
        c.send(request("POST", "/mcp", {bearer("all"), "Mcp-Session-Id: " + session},
                       rpc(QStringLiteral("ping"), {}, 1)) +
               second);
        const QList<Reply> replies = c.replies(2);
        QCOMPARE(replies.size(), 2);
        QCOMPARE(replies[0].status, 200);
        QCOMPARE(replies[0].json()[QLatin1String("id")].toInt(), 1);
        QCOMPARE(replies[1].status, status);
        QVERIFY2(replies[1].json().contains(member), replies[1].body.constData());

        // One record each, logged as each was answered (the second one first).
        const QList<RequestRecord> records = m_log.since(before);
        QCOMPARE(records.size(), 2);
        const auto mcp = records[0].path == QLatin1String("/mcp") ? records[0] : records[1];
        const auto other = records[0].path == QLatin1String("/mcp") ? records[1] : records[0];
        QCOMPARE(mcp.outcome, QStringLiteral("allowed"));
        QCOMPARE(mcp.status, 200);
        QCOMPARE(mcp.rpcMethod, QStringLiteral("ping"));
        QCOMPARE(other.path, QString::fromLatin1(path));
        QCOMPARE(other.method, QString::fromLatin1(method));
        QCOMPARE(other.outcome, outcome);
        QCOMPARE(other.status, status);
        if (!reason.isEmpty())
            QCOMPARE(other.reason, reason);
        for (const RequestRecord &r : records) {
            QVERIFY(!r.toJsonLine().contains("s3cret"));
            QVERIFY(!r.toJsonLine().contains("wrong"));
        }
    }

    // DNS rebinding and cross-origin protection cover every path on the listener, not only the
    // MCP path: a bad Host or a bad Origin gets 403 before any route runs.
    void guardCoversEveryRoute_data() {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QByteArray>("form");
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<QByteArray>("origin"); // empty: none sent
        QTest::addColumn<int>("status");
        const QByteArray grant =
            "grant_type=client_credentials&client_id=bench&client_secret=s3cret-value";
        const QByteArray basic = "token=abc&client_id=bench&client_secret=s3cret-value";
        const QByteArray authorize =
            "/oauth/authorize?client_id=bench&response_type=code&redirect_uri=http://"
            "127.0.0.1:9/cb&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGjSstw-cM"
            "&code_challenge_method=S256&scope=entries:read";
        const QByteArray registration = "{\"redirect_uris\":[\"http://127.0.0.1:9/cb\"]}";
        struct Target {
            const char *name;
            QByteArray method, target, form;
            int goodStatus;
        };
        const Target targets[] = {
            {"token", "POST", "/oauth/token", grant, 200},
            {"authorize", "GET", authorize, QByteArray(), 200},
            {"consent post", "POST", "/oauth/authorize", "request_id=nosuch&action=approve", 400},
            {"introspect", "POST", "/oauth/introspect", basic, 200},
            {"revoke", "POST", "/oauth/revoke", basic, 200},
            {"register", "POST", "/oauth/register", registration, 201},
            {"as metadata", "GET", "/.well-known/oauth-authorization-server", QByteArray(), 200},
            {"pr metadata", "GET", "/.well-known/oauth-protected-resource/mcp", QByteArray(), 200},
            {"unknown path", "GET", "/nowhere", QByteArray(), 404},
            {"mcp preflight", "OPTIONS", "/mcp", QByteArray(), 204},
        };
        for (const Target &t : targets) {
            const auto row = [&](const char *what, const QByteArray &host, const QByteArray &origin,
                                 int status) {
                QTest::addRow("%s: %s", t.name, what)
                    << t.method << t.target << t.form << host << origin << status;
            };
            row("good", "127.0.0.1", QByteArray(), t.goodStatus);
            row("good with port and origin", "localhost:8787", "http://localhost:6274",
                t.goodStatus);
            row("good IPv6", "[::1]:8787", "http://[::1]:3000", t.goodStatus);
            row("rebound Host", "evil.example:8787", QByteArray(), 403);
            row("rebound Host with its own Origin", "evil.example", "http://evil.example", 403);
            row("loopback-looking Host", "localhost.evil.example", QByteArray(), 403);
            row("bad Origin", "127.0.0.1", "https://evil.example", 403);
            row("null Origin", "127.0.0.1", "null", 403);
            row("Origin with a path", "127.0.0.1", "http://localhost/x", 403);
        }
        QTest::newRow("no Host") << QByteArray("POST") << QByteArray("/oauth/token") << grant
                                 << QByteArray() << QByteArray() << 403;
    }
    void guardCoversEveryRoute() {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, target);
        QFETCH(QByteArray, form);
        QFETCH(QByteArray, host);
        QFETCH(QByteArray, origin);
        QFETCH(int, status);
        const std::unique_ptr<TestAuthorizationServer> authServer = addAuthorizationServer();
        const quint64 before = m_log.lastSequence();

        QByteArray bytes = method + ' ' + target + " HTTP/1.1\r\n";
        if (!host.isEmpty())
            bytes += "Host: " + host + "\r\n";
        if (!origin.isEmpty())
            bytes += "Origin: " + origin + "\r\n";
        if (!form.isEmpty())
            bytes += (form.startsWith('{') ? QByteArray("Content-Type: application/json\r\n")
                                           : QByteArray("Content-Type: "
                                                        "application/x-www-form-urlencoded\r\n")) +
                     "Content-Length: " + QByteArray::number(form.size()) + "\r\n";
        const Reply r = roundTrip(bytes + "\r\n" + form);
        QCOMPARE(r.status, status);
        const QList<RequestRecord> records = m_log.since(before);
        QCOMPARE(records.size(), 1);
        if (status == 403) {
            QCOMPARE(records.first().outcome, QStringLiteral("rejected"));
            QVERIFY(records.first().reason.endsWith(QLatin1String("not allowed")));
            QVERIFY(r.json().value(QLatin1String("error")) == QLatin1String("forbidden"));
        }
    }

    // A browser posts the consent form with its page's origin (Fetch: a same-origin POST carries
    // Origin); that must reach the authorization server and give the client its code.
    void consentFormPostsFromItsOwnOrigin() {
        const std::unique_ptr<TestAuthorizationServer> authServer = addAuthorizationServer();
        const QByteArray self = m_endpoint->baseUrl().toString().toLatin1();
        const QByteArray hostPort = self.mid(int(qstrlen("http://")));
        const Reply page =
            roundTrip("GET /oauth/authorize?client_id=bench&response_type=code&redirect_uri=http://"
                      "127.0.0.1:9/cb&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGjSstw-cM"
                      "&code_challenge_method=S256&scope=entries:read HTTP/1.1\r\nHost: " +
                      hostPort + "\r\n\r\n");
        QCOMPARE(page.status, 200);
        const QByteArray marker = "name=\"request_id\" value=\"";
        const qsizetype at = page.body.indexOf(marker) + marker.size();
        const QByteArray id = page.body.mid(at, page.body.indexOf('"', at) - at);
        QVERIFY(!id.isEmpty());
        const QByteArray form = "request_id=" + id + "&scope=entries:read&action=approve";
        const Reply posted =
            roundTrip("POST /oauth/authorize HTTP/1.1\r\nHost: " + hostPort +
                      "\r\nOrigin: " + self + "\r\nReferer: " + self +
                      "/oauth/authorize\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                      "Content-Length: " +
                      QByteArray::number(form.size()) + "\r\n\r\n" + form);
        QCOMPARE(posted.status, 302);
        QVERIFY2(posted.header("Location").startsWith("http://127.0.0.1:9/cb?code="),
                 posted.header("Location").constData());
    }

    void disconnectDuringLookup() {
        m_lookup.delayMs = 200;
        {
            Client gone(m_port);
            gone.send(request("POST", "/mcp", {bearer("all")}, rpc(QStringLiteral("ping"))));
            QVERIFY(QTest::qWaitFor([&] { return m_lookup.calls == 1; }, 5000));
            gone.socket.abort();
        }
        QVERIFY(QTest::qWaitFor([&] { return m_endpoint->pendingResponses() == 0; }, 5000));
        m_lookup.delayMs = 0;
        const Reply r = roundTrip(request("POST", "/mcp", {}, rpc(QStringLiteral("ping"))));
        QCOMPARE(r.status, 401);
    }

    void halfRequestTimesOut() {
        cleanup();
        EndpointSettings s;
        s.idleTimeoutMs = 200;
        start(s);
        Client silent(m_port);
        silent.send("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50\r\n\r\n{\"js");
        // Others are answered while it hangs.
        const Reply other = roundTrip(request("POST", "/mcp", {}, rpc(QStringLiteral("ping"))));
        QCOMPARE(other.status, 401);
        QVERIFY(silent.closedByServer());
        Reply r;
        QVERIFY(takeReply(silent.buffer, &r));
        QCOMPARE(r.status, 408);
    }

    void idleConnectionsAreCappedAndClosed() {
        cleanup();
        EndpointSettings s;
        s.maxConnections = 300;
        s.idleTimeoutMs = 3000;
        start(s);
        std::vector<std::unique_ptr<QTcpSocket>> idle;
        for (int i = 0; i < 300; ++i) {
            idle.push_back(std::make_unique<QTcpSocket>());
            idle.back()->connectToHost(QHostAddress::LocalHost, m_port);
        }
        const bool allOpen =
            QTest::qWaitFor([&] { return m_endpoint->openConnections() == 300; }, 10000);
        int connected = 0;
        for (const auto &s : idle)
            connected += s->state() == QAbstractSocket::ConnectedState;
        QVERIFY2(allOpen, qPrintable(QString::number(m_endpoint->openConnections()) +
                                     QLatin1Char(' ') + QString::number(connected) +
                                     QLatin1Char(' ') + idle.front()->errorString()));
        // One more is refused with 503 ...
        Client extra(m_port);
        QCOMPARE(extra.reply().status, 503);
        // ... and once the idle ones are closed, the server answers again.
        QVERIFY(QTest::qWaitFor([&] { return m_endpoint->openConnections() == 0; }, 10000));
        const Reply r = roundTrip(request("POST", "/mcp", {}, rpc(QStringLiteral("ping"))));
        QCOMPARE(r.status, 401);
    }

    void liveSessionsAreCapped() {
        cleanup();
        EndpointSettings s;
        s.maxSessions = 2;
        start(s);
        QVERIFY(!initialize("all").isEmpty());
        QVERIFY(!initialize("all").isEmpty());
        const Reply r = roundTrip(
            request("POST", "/mcp", {bearer("all")},
                    rpc(QStringLiteral("initialize"),
                        {{QStringLiteral("protocolVersion"), QStringLiteral("2025-11-25")}})));
        QCOMPARE(r.status, 503);
        QVERIFY(!r.header("Retry-After").isEmpty());
        QVERIFY(r.header("Mcp-Session-Id").isEmpty());
        QCOMPARE(m_endpoint->liveSessions(), 2);
    }

    void logRecords() {
        const Reply r = roundTrip(
            request("POST", "/mcp", {bearer("reader")}, callTool(QStringLiteral("create_entry"))));
        QCOMPARE(r.status, 403);
        const QList<RequestRecord> records = m_log.snapshot();
        QVERIFY(!records.isEmpty());
        const RequestRecord &last = records.last();
        QCOMPARE(last.status, 403);
        QCOMPARE(last.outcome, QStringLiteral("denied"));
        QCOMPARE(last.rpcMethod, QStringLiteral("tools/call"));
        QCOMPARE(last.tool, QStringLiteral("create_entry"));
        QCOMPARE(last.subject, QStringLiteral("user-1"));
        QCOMPARE(last.clientId, QStringLiteral("client-1"));
        QCOMPARE(last.tokenFingerprint.size(), 8);
        QVERIFY(!last.toJsonLine().contains("reader"));
        QVERIFY(last.toCsvRow().contains("create_entry"));
    }
};

QTEST_GUILESS_MAIN(tst_McpEndpoint)
#include "tst_mcpendpoint.moc"
