#include "authserver/TestAuthorizationServer.h"
#include "introspection/TokenLookup.h"
#include "mcp/McpEndpoint.h"
#include "observability/EndpointTally.h"
#include "observability/RequestLog.h"
#include "policy/PolicyFile.h"

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

// A table of tokens, answered at once.
class TableLookup : public TokenLookup {
public:
    QHash<QByteArray, TokenFacts> tokens;
    void lookup(const QByteArray &token, QObject *context, Callback done) override {
        const TokenKnowledge k = TokenKnowledge::known(tokens.value(token));
        QPointer<QObject> guard(context);
        QTimer::singleShot(0, context, [k, done, guard] {
            if (guard)
                done(k);
        });
    }
};

TokenFacts facts(const QStringList &scopes) {
    TokenFacts f;
    f.active = true;
    f.scopes = scopes;
    f.sub = QStringLiteral("user-1");
    f.clientId = QStringLiteral("client-1");
    f.exp = QDateTime::currentSecsSinceEpoch() + 3600;
    return f;
}

struct Reply {
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    bool has(const QByteArray &name) const {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    int errorCode() const { return json()[QLatin1String("error")][QLatin1String("code")].toInt(); }
    QJsonObject result() const { return json()[QLatin1String("result")].toObject(); }
};

// One request on a new connection, one response back (Content-Length framed).
Reply roundTrip(quint16 port, const QByteArray &bytes) {
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    socket.waitForConnected(5000);
    socket.write(bytes);
    QByteArray buffer;
    Reply r;
    const bool complete = QTest::qWaitFor(
        [&] {
            buffer += socket.readAll();
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return false;
            const QList<QByteArray> lines = buffer.left(end).split('\n');
            r.status = lines.first().split(' ').value(1).toInt();
            r.headers.clear();
            qint64 length = 0;
            for (int i = 1; i < lines.size(); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                const qsizetype colon = line.indexOf(':');
                r.headers.append({line.left(colon), line.mid(colon + 1).trimmed()});
                if (line.left(colon).compare("Content-Length", Qt::CaseInsensitive) == 0)
                    length = line.mid(colon + 1).trimmed().toLongLong();
            }
            if (buffer.size() < end + 4 + length)
                return false;
            r.body = buffer.mid(end + 4, length);
            return true;
        },
        5000);
    Q_UNUSED(complete); // an incomplete reply has status 0, which every test compares
    return r;
}

const QString V = QStringLiteral("2026-07-28");

QJsonObject meta(const QString &version = V) {
    return QJsonObject{
        {QStringLiteral("_meta"),
         QJsonObject{
             {QStringLiteral("io.modelcontextprotocol/protocolVersion"), version},
             {QStringLiteral("io.modelcontextprotocol/clientInfo"),
              QJsonObject{{QStringLiteral("name"), QStringLiteral("raw")},
                          {QStringLiteral("version"), QStringLiteral("1")}}},
             {QStringLiteral("io.modelcontextprotocol/clientCapabilities"), QJsonObject()}}}};
}

QByteArray body(const QString &method, QJsonObject params = meta(), int id = 1) {
    QJsonObject o{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                  {QStringLiteral("method"), method},
                  {QStringLiteral("params"), params}};
    if (id >= 0)
        o.insert(QStringLiteral("id"), id);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray call(const QString &tool, const QJsonObject &arguments = {}) {
    QJsonObject p = meta();
    p.insert(QStringLiteral("name"), tool);
    p.insert(QStringLiteral("arguments"), arguments);
    return body(QStringLiteral("tools/call"), p);
}

// A POST with the given extra header lines (Authorization included).
QByteArray post(const QList<QByteArray> &headers, const QByteArray &json) {
    QByteArray r = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                   "Accept: application/json, text/event-stream\r\n";
    for (const QByteArray &h : headers)
        r += h + "\r\n";
    return r + "Content-Length: " + QByteArray::number(json.size()) + "\r\n\r\n" + json;
}

// The headers a conforming client sends for `method` (and `name` for tools/call).
QList<QByteArray> standard(const QByteArray &token, const QByteArray &method,
                           const QByteArray &name = QByteArray()) {
    QList<QByteArray> h{"Authorization: Bearer " + token, "MCP-Protocol-Version: 2026-07-28",
                        "Mcp-Method: " + method};
    if (!name.isNull())
        h.append("Mcp-Name: " + name);
    return h;
}

} // namespace

class tst_McpEndpoint2026 : public QObject {
    Q_OBJECT
private:
    TableLookup m_lookup;
    RequestLog m_log{100};
    EndpointTally m_tally;
    std::unique_ptr<McpEndpoint> m_endpoint;
    quint16 m_port = 0;

    Reply send(const QByteArray &bytes) { return roundTrip(m_port, bytes); }

private Q_SLOTS:
    void init() {
        m_lookup.tokens.insert("all",
                               facts({QStringLiteral("user:read"), QStringLiteral("entries:read"),
                                      QStringLiteral("entries:write"), QStringLiteral("tags:read"),
                                      QStringLiteral("tags:write")}));
        m_lookup.tokens.insert("reader", facts({QStringLiteral("entries:read")}));
        m_log.clear();
        m_tally.reset();
        EndpointSettings settings;
        settings.port = 0;
        const Result<Policy> policy = PolicyFile::load(PolicyFile::bundledExample());
        QVERIFY(policy.ok());
        m_endpoint =
            std::make_unique<McpEndpoint>(settings, policy.value(), &m_lookup, &m_log, &m_tally);
        QVERIFY(m_endpoint->listen().ok());
        m_port = m_endpoint->port();
    }
    void cleanup() { m_endpoint.reset(); }

    // Every method without initialize, and no session minted.
    void answeredWithoutInitialize_data() {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<QByteArray>("name");
        QTest::newRow("server/discover") << QByteArray("server/discover")
                                         << body(QStringLiteral("server/discover")) << QByteArray();
        QTest::newRow("tools/list")
            << QByteArray("tools/list") << body(QStringLiteral("tools/list")) << QByteArray();
        QTest::newRow("tools/call")
            << QByteArray("tools/call") << call(QStringLiteral("whoami")) << QByteArray("whoami");
    }
    void answeredWithoutInitialize() {
        QFETCH(QByteArray, method);
        QFETCH(QByteArray, request);
        QFETCH(QByteArray, name);
        const Reply r = send(post(standard("all", method, name), request));
        QCOMPARE(r.status, 200);
        QVERIFY2(r.json().contains(QStringLiteral("result")), r.body.constData());
        QCOMPARE(r.result().value(QStringLiteral("resultType")).toString(),
                 QStringLiteral("complete"));
        QVERIFY(!r.has("Mcp-Session-Id"));
        QCOMPARE(m_endpoint->liveSessions(), 0);
    }

    void discover() {
        const Reply r = send(
            post(standard("reader", "server/discover"), body(QStringLiteral("server/discover"))));
        const QJsonObject result = r.result();
        const QJsonArray versions = result.value(QStringLiteral("supportedVersions")).toArray();
        QCOMPARE(versions.first().toString(), V);
        QVERIFY(versions.contains(QStringLiteral("2025-11-25")));
        QVERIFY(result.value(QStringLiteral("capabilities"))
                    .toObject()
                    .contains(QStringLiteral("tools")));
        QCOMPARE(result[QLatin1String("_meta")][QLatin1String("io.modelcontextprotocol/serverInfo")]
                       [QLatin1String("name")]
                           .toString(),
                 QStringLiteral("scopebench"));
        QCOMPARE(result.value(QStringLiteral("cacheScope")).toString(), QStringLiteral("public"));
        QVERIFY(result.value(QStringLiteral("ttlMs")).isDouble());
    }

    // Filtered by the token, so private; the catalogue's order, the same every time.
    void toolsListOrderAndCacheScope() {
        const QByteArray req = body(QStringLiteral("tools/list"));
        const Reply a = send(post(standard("reader", "tools/list"), req));
        const Reply b = send(post(standard("reader", "tools/list"), req));
        QCOMPARE(a.status, 200);
        QCOMPARE(a.body, b.body);
        QStringList names;
        for (const auto &t : a.result().value(QStringLiteral("tools")).toArray())
            names.append(t[QLatin1String("name")].toString());
        QCOMPARE(names, (QStringList{QStringLiteral("get_entry"), QStringLiteral("list_entries")}));
        QCOMPARE(a.result().value(QStringLiteral("cacheScope")).toString(),
                 QStringLiteral("private"));
        QCOMPARE(a.result().value(QStringLiteral("ttlMs")).toInt(-1), 0);
        const Reply all = send(post(standard("all", "tools/list"), req));
        QCOMPARE(all.result().value(QStringLiteral("tools")).toArray().size(), 12);
    }

    void headerMismatch_data() {
        QTest::addColumn<QList<QByteArray>>("headers");
        QTest::addColumn<QByteArray>("request");
        const QByteArray whoami = call(QStringLiteral("whoami"));
        QTest::newRow("Mcp-Name disagrees with params.name")
            << standard("all", "tools/call", "get_entry") << whoami;
        QTest::newRow("Mcp-Name missing") << standard("all", "tools/call") << whoami;
        QTest::newRow("Mcp-Name base64 of another name")
            << standard("all", "tools/call", "=?base64?Z2V0X2VudHJ5?=") << whoami;
        QTest::newRow("Mcp-Name bad base64")
            << standard("all", "tools/call", "=?base64?!!!?=") << whoami;
        QTest::newRow("Mcp-Method disagrees")
            << standard("all", "tools/list") << body(QStringLiteral("server/discover"));
        QTest::newRow("Mcp-Method missing")
            << QList<QByteArray>{"Authorization: Bearer all", "MCP-Protocol-Version: 2026-07-28"}
            << body(QStringLiteral("tools/list"));
        QTest::newRow("header version missing, body modern")
            << QList<QByteArray>{"Authorization: Bearer all", "Mcp-Method: tools/list"}
            << body(QStringLiteral("tools/list"));
        QTest::newRow("header legacy, body modern")
            << QList<QByteArray>{"Authorization: Bearer all", "MCP-Protocol-Version: 2025-11-25",
                                 "Mcp-Method: tools/list"}
            << body(QStringLiteral("tools/list"));
        QTest::newRow("no _meta version in the body")
            << standard("all", "tools/list") << body(QStringLiteral("tools/list"), QJsonObject());
    }
    void headerMismatch() {
        QFETCH(QList<QByteArray>, headers);
        QFETCH(QByteArray, request);
        const Reply r = send(post(headers, request));
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorCode(), -32020);
        QCOMPARE(r.json().value(QStringLiteral("id")).toInt(), 1);
    }

    // The sentinel is decoded before comparing: "whoami" in Base64 matches.
    void base64NameMatches() {
        const Reply r = send(post(standard("all", "tools/call", "=?base64?d2hvYW1p?="),
                                  call(QStringLiteral("whoami"))));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.result()[QLatin1String("structuredContent")][QLatin1String("sub")].toString(),
                 QStringLiteral("user-1"));
    }

    void unsupportedVersion() {
        const Reply r =
            send(post({"Authorization: Bearer all", "MCP-Protocol-Version: 1999-01-01",
                       "Mcp-Method: tools/list"},
                      body(QStringLiteral("tools/list"), meta(QStringLiteral("1999-01-01")))));
        QCOMPARE(r.status, 400);
        QCOMPARE(r.errorCode(), -32022);
        const QJsonObject data = r.json()[QLatin1String("error")][QLatin1String("data")].toObject();
        QCOMPARE(data.value(QStringLiteral("requested")).toString(), QStringLiteral("1999-01-01"));
        QCOMPARE(data.value(QStringLiteral("supported")).toArray().first().toString(), V);
    }

    void unknownMethodIs404_data() {
        QTest::addColumn<QString>("method");
        QTest::newRow("no/such") << QStringLiteral("no/such");
        QTest::newRow("initialize") << QStringLiteral("initialize");
        QTest::newRow("ping") << QStringLiteral("ping");
    }
    void unknownMethodIs404() {
        QFETCH(QString, method);
        const Reply r = send(post(standard("all", method.toLatin1()), body(method)));
        QCOMPARE(r.status, 404);
        QCOMPARE(r.errorCode(), -32601);
        QVERIFY(!r.has("Mcp-Session-Id"));
    }

    void getAndDeleteAre405_data() {
        QTest::addColumn<QByteArray>("method");
        QTest::newRow("GET") << QByteArray("GET");
        QTest::newRow("DELETE") << QByteArray("DELETE");
    }
    void getAndDeleteAre405() {
        QFETCH(QByteArray, method);
        const Reply r = send(method + " /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                                      "all\r\nMCP-Protocol-Version: 2026-07-28\r\nMcp-Session-Id: "
                                      "abc\r\n\r\n");
        QCOMPARE(r.status, 405);
    }

    // A session id sent by the client is neither honoured nor echoed.
    void sessionIdIgnored() {
        QList<QByteArray> h = standard("all", "tools/list");
        h.append("Mcp-Session-Id: 0123456789abcdef0123456789abcdef");
        const Reply r = send(post(h, body(QStringLiteral("tools/list"))));
        QCOMPARE(r.status, 200);
        QVERIFY(!r.has("Mcp-Session-Id"));
    }

    // Authorization comes first: without a token the 401, whatever the headers say; a token
    // without the tool's scopes the 403 (the decision reads the body, not Mcp-Name).
    void decisionBeforeHeaderChecks() {
        Reply r = send(post({"MCP-Protocol-Version: 2026-07-28", "Mcp-Method: tools/list"},
                            body(QStringLiteral("tools/call"))));
        QCOMPARE(r.status, 401);
        r = send(post(standard("reader", "tools/call", "get_entry"),
                      call(QStringLiteral("delete_entry"), {{QStringLiteral("id"), 1}})));
        QCOMPARE(r.status, 403);
    }

    void notificationAccepted() {
        const Reply r = send(post(standard("all", "notifications/cancelled"),
                                  body(QStringLiteral("notifications/cancelled"), meta(), -1)));
        QCOMPARE(r.status, 202);
        QVERIFY(r.body.isEmpty());
    }

    // The log and the counters tell the eras apart; the legacy era still works beside it.
    void logAndCountersShowTheEra() {
        send(post(standard("all", "tools/list"), body(QStringLiteral("tools/list"))));
        QJsonObject legacyInit{
            {QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("id"), 1},
            {QStringLiteral("method"), QStringLiteral("initialize")},
            {QStringLiteral("params"),
             QJsonObject{{QStringLiteral("protocolVersion"), QStringLiteral("2025-11-25")},
                         {QStringLiteral("capabilities"), QJsonObject()}}}};
        const Reply init = send(post({"Authorization: Bearer all"},
                                     QJsonDocument(legacyInit).toJson(QJsonDocument::Compact)));
        QCOMPARE(init.status, 200);
        QVERIFY(init.has("Mcp-Session-Id"));
        const QList<RequestRecord> records = m_log.snapshot();
        QCOMPARE(records.size(), 2);
        QCOMPARE(records.at(0).era, QStringLiteral("modern"));
        QCOMPARE(records.at(1).era, QStringLiteral("legacy"));
        QCOMPARE(records.at(0).toJson().value(QStringLiteral("era")).toString(),
                 QStringLiteral("modern"));
        const EndpointCounters c = m_tally.snapshot();
        QCOMPARE(c.modern, quint64(1));
        QCOMPARE(c.legacy, quint64(1));
    }
};

QTEST_GUILESS_MAIN(tst_McpEndpoint2026)
#include "tst_mcpendpoint_2026.moc"
