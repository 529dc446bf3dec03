// The endpoint's HTTP framing seen from a raw socket (RFC 9112): one authority decides where each
// request ends, and only requests it accepted reach QHttpServer. Each case is a byte stream a
// client could send; the answer, and whether the connection stays open, is what is checked.
#include "introspection/TokenLookup.h"
#include "mcp/EndpointHost.h"
#include "mcp/McpEndpoint.h"
#include "observability/RequestLog.h"
#include "policy/PolicyFile.h"
#include "support/RawHttpClient.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace scopebench;

namespace {

// Every token is "all": the example's every scope, user-1.
class AllowAll : public TokenLookup {
public:
    int calls = 0;
    void lookup(const QByteArray &, QObject *context, Callback done) override {
        ++calls;
        TokenFacts f;
        f.active = true;
        f.scopes = QStringList{QStringLiteral("user:read"), QStringLiteral("entries:read"),
                               QStringLiteral("entries:write"), QStringLiteral("tags:read"),
                               QStringLiteral("tags:write")};
        f.sub = QStringLiteral("user-1");
        f.clientId = QStringLiteral("client-1");
        f.exp = QDateTime::currentSecsSinceEpoch() + 3600;
        QPointer<QObject> guard(context);
        QTimer::singleShot(0, context, [f, done, guard] {
            if (guard)
                done(TokenKnowledge::known(f));
        });
    }
};

using rawhttp::Reply;
using rawhttp::rpc;

// This file's waits are three seconds where a call names none.
class Client : public rawhttp::Client {
public:
    explicit Client(quint16 port)
        : rawhttp::Client(port, 3000) {}
};

QByteArray post(const QByteArray &body, const QByteArray &extra = QByteArray(),
                const QByteArray &target = "/mcp") {
    return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
           extra + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

const QByteArray metadataGet = "GET /.well-known/oauth-protected-resource HTTP/1.1\r\n"
                               "Host: 127.0.0.1\r\n\r\n";

} // namespace

class tst_FramingSocket : public QObject {
    Q_OBJECT
private:
    AllowAll m_lookup;
    RequestLog m_log{1000};
    std::unique_ptr<McpEndpoint> m_endpoint;
    quint16 m_port = 0;

    void start(EndpointSettings settings = EndpointSettings()) {
        settings.port = 0;
        const Result<Policy> policy =
            PolicyFile::load(QStringLiteral(":/scopebench/policies/epicme.json"));
        QVERIFY(policy.ok());
        m_endpoint =
            std::make_unique<McpEndpoint>(settings, policy.value(), &m_lookup, &m_log, nullptr);
        const Status s = m_endpoint->listen();
        QVERIFY2(s.ok(), qPrintable(s.error().toString()));
        m_port = m_endpoint->port();
    }

    int recordsFor(const QString &path, quint64 since) const {
        int n = 0;
        const QList<RequestRecord> records = m_log.since(since);
        for (const RequestRecord &r : records)
            n += r.path == path;
        return n;
    }

    QByteArray initialize() {
        Client c(m_port);
        c.send(post(rpc(QStringLiteral("initialize"),
                        {{QStringLiteral("protocolVersion"), QStringLiteral("2025-06-18")}}),
                    "Authorization: Bearer all\r\n"));
        const QList<Reply> r = c.replies(1);
        return r.isEmpty() ? QByteArray() : r.first().header("Mcp-Session-Id");
    }

private Q_SLOTS:
    void init() { start(); }
    void cleanup() { m_endpoint.reset(); }

    // Streams the framing layer must refuse: the status, and the connection closed after it.
    // Nothing behind the refused head (a smuggled second request) may be answered or logged.
    void refusedAndClosed_data() {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<int>("status");
        const QByteArray smuggled = "GET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        const QByteArray cl = "Content-Length: " + QByteArray::number(smuggled.size()) + "\r\n";
        const QByteArray head = "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        QTest::newRow("CL 100000000 then CL 0")
            << head + "Content-Length: 100000000\r\nContent-Length: 0\r\n\r\n" + smuggled << 400;
        QTest::newRow("CL 0 then CL 100000000")
            << head + "Content-Length: 0\r\nContent-Length: 100000000\r\n\r\n"
            << 400;
        QTest::newRow("same CL twice") << head + cl + cl + "\r\n" + smuggled << 400;
        QTest::newRow("CL list") << head + "Content-Length: 5, 5\r\n\r\nhello" << 400;
        QTest::newRow("CL not a number") << head + "Content-Length: +5\r\n\r\nhello" << 400;
        QTest::newRow("colon-less line smuggles the body")
            << head + cl + "X-Broken header line\r\n\r\n" + smuggled << 400;
        QTest::newRow("space before the colon")
            << head + "Content-Length : 0\r\n" + cl + "\r\n" + smuggled << 400;
        QTest::newRow("obs-fold") << head + cl + "X-A: 1\r\n  folded\r\n\r\n" + smuggled << 400;
        QTest::newRow("NUL in a value")
            << head + cl + QByteArray("X-A: a\0b\r\n\r\n", 12) + smuggled << 400;
        QTest::newRow("bare CR in a value") << head + cl + "X-A: a\rb\r\n\r\n" + smuggled << 400;
        QTest::newRow("TE and CL") << head + cl + "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                                   << 400;
        QTest::newRow("TE gzip") << head + "Transfer-Encoding: gzip\r\n\r\n" + smuggled << 400;
        QTest::newRow("TE chunked twice")
            << head + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n"
            << 400;
        QTest::newRow("two TE fields")
            << head + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
            << 400;
        QTest::newRow("TE in HTTP/1.0")
            << QByteArray("POST /mcp HTTP/1.0\r\nHost: 127.0.0.1\r\nTransfer-Encoding: "
                          "chunked\r\n\r\n0\r\n\r\n")
            << 400;
        QTest::newRow("bad chunk size")
            << head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + smuggled << 400;
        QTest::newRow("request line with two spaces")
            << QByteArray("GET  / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n") + smuggled << 400;
        QTest::newRow("HTTP/0.9 request line") << QByteArray("GET /\r\n\r\n") + smuggled << 400;
        QTest::newRow("lower-case version")
            << QByteArray("GET / http/1.1\r\nHost: 127.0.0.1\r\n\r\n") + smuggled << 400;
        QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n") +
                                         smuggled
                                  << 505;
        QTest::newRow("HTTP/2 preface") << QByteArray("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n") << 505;
        QTest::newRow("Expect something else")
            << head + "Expect: 200-ok\r\nContent-Length: 2\r\n\r\n{}" << 417;
        QTest::newRow("body too large") << head + "Content-Length: 1048577\r\n\r\n" << 413;
    }
    void refusedAndClosed() {
        QFETCH(QByteArray, stream);
        QFETCH(int, status);
        const quint64 before = m_log.lastSequence();
        Client c(m_port);
        c.send(stream);
        const QList<Reply> replies = c.replies(2, 1500);
        QVERIFY2(!replies.isEmpty(), "no answer");
        QCOMPARE(replies.first().status, status);
        QCOMPARE(replies.size(), 1);
        QCOMPARE(replies.first().header("Connection"), QByteArray("close"));
        QVERIFY(c.closedByServer());
        QCOMPARE(recordsFor(QStringLiteral("/smuggled"), before), 0);
        QCOMPARE(recordsFor(QStringLiteral("/mcp"), before), 0);
    }

    // Content-Length 100000000 then 0: refused at once, without the 100 MB.
    void conflictingLengthsAnsweredWithoutTheBody() {
        Client c(m_port);
        c.send("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer x\r\n"
               "Content-Length: 100000000\r\nContent-Length: 0\r\n\r\n");
        const QList<Reply> replies = c.replies(1);
        QCOMPARE(replies.size(), 1);
        QVERIFY(replies.first().status == 400 || replies.first().status == 413);
        QVERIFY(c.closedByServer());
    }

    // A GET pipelined in front of a POST whose body comes in pieces: both answered, no 413.
    void pipelinedGetThenSplitPost_data() {
        QTest::addColumn<int>("firstCut");  // bytes of the POST sent with the GET
        QTest::addColumn<int>("secondCut"); // bytes of the POST sent by then
        QTest::addColumn<int>("padding");   // bytes added to the body
        const int head = int(post(rpc(QStringLiteral("ping"))).indexOf("\r\n\r\n")) + 4;
        QTest::newRow("head, then the body in two") << head << head + 10 << 0;
        QTest::newRow("head and a bit, then the rest in two") << head + 5 << head + 20 << 0;
        QTest::newRow("half a head, then the rest in two") << head / 2 << head + 10 << 0;
        QTest::newRow("all but 5, then 3, then 2") << -5 << -2 << 0;
        QTest::newRow("600 KB body, head and half, then the rest")
            << head + 300000 << head + 300001 << 600000;
        QTest::newRow("600 KB body, in thirds") << head + 200000 << head + 400000 << 600000;
    }
    void pipelinedGetThenSplitPost() {
        QFETCH(int, firstCut);
        QFETCH(int, secondCut);
        QFETCH(int, padding);
        const QByteArray body = rpc(QStringLiteral("ping"),
                                    {{QStringLiteral("pad"), QString(padding, QLatin1Char('x'))}});
        const QByteArray second = post(body);
        const int n = int(second.size());
        const int a = firstCut < 0 ? n + firstCut : firstCut;
        const int b = secondCut < 0 ? n + secondCut : secondCut;
        Client c(m_port);
        c.send(metadataGet + second.left(a));
        QList<Reply> replies = c.replies(1);
        QCOMPARE(replies.size(), 1);
        QCOMPARE(replies.first().status, 200);
        c.send(second.mid(a, b - a));
        QTest::qWait(50);
        c.send(second.mid(b));
        replies = c.replies(1);
        QCOMPARE(replies.size(), 1);
        QCOMPARE(replies.first().status, 401);
        QCOMPARE(c.socket.state(), QAbstractSocket::ConnectedState);
    }

    // Many requests in one write, and then byte by byte: every one answered in order.
    void pipelinedInOneWriteAndByteByByte() {
        QByteArray all;
        for (int i = 0; i < 20; ++i)
            all += i % 2 ? metadataGet : post(rpc(QStringLiteral("ping"), {}, i));
        Client c(m_port);
        c.send(all);
        QList<Reply> replies = c.replies(20);
        QCOMPARE(replies.size(), 20);
        for (int i = 0; i < 20; ++i)
            QCOMPARE(replies[i].status, i % 2 ? 200 : 401);
        Client slow(m_port);
        const QByteArray one = metadataGet + post(rpc(QStringLiteral("ping")));
        for (char b : one) {
            slow.send(QByteArray(1, b));
            QTest::qWait(1);
        }
        replies = slow.replies(2);
        QCOMPARE(replies.size(), 2);
        QCOMPARE(replies[0].status, 200);
        QCOMPARE(replies[1].status, 401);
    }

    // Connection: Upgrade + Upgrade: websocket on a tools/call: the upgrade is declined (RFC 9110
    // §7.8 lets a server ignore it), the tool runs once and is answered once.
    void upgradeIsDeclinedAndTheToolRunsOnce() {
        const QByteArray session = initialize();
        QVERIFY(!session.isEmpty());
        const quint64 before = m_log.lastSequence();
        Client c(m_port);
        const QByteArray call =
            rpc(QStringLiteral("tools/call"),
                {{QStringLiteral("name"), QStringLiteral("create_entry")},
                 {QStringLiteral("arguments"),
                  QJsonObject{{QStringLiteral("title"), QStringLiteral("t")},
                              {QStringLiteral("content"), QStringLiteral("c")}}}});
        c.send(post(call, "Authorization: Bearer all\r\nMcp-Session-Id: " + session +
                              "\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: "
                              "dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"));
        const QList<Reply> replies = c.replies(2, 1500);
        QCOMPARE(replies.size(), 1);
        QCOMPARE(replies.first().status, 200);
        QVERIFY(replies.first().header("Upgrade").isEmpty());
        QCOMPARE(recordsFor(QStringLiteral("/mcp"), before), 1);
    }

    // A chunked body is de-chunked by the framing layer and reaches the handler whole.
    void chunkedBodyIsDechunked() {
        const QByteArray body =
            rpc(QStringLiteral("initialize"),
                {{QStringLiteral("protocolVersion"), QStringLiteral("2025-06-18")}});
        QByteArray chunked;
        for (qsizetype i = 0; i < body.size(); i += 10) {
            const QByteArray piece = body.mid(i, 10);
            chunked += QByteArray::number(piece.size(), 16) + ";ext=1\r\n" + piece + "\r\n";
        }
        chunked += "0\r\nX-Trailer: t\r\n\r\n";
        Client c(m_port);
        c.send("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer all\r\n"
               "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
               chunked + metadataGet);
        const QList<Reply> replies = c.replies(2);
        QCOMPARE(replies.size(), 2);
        QCOMPARE(replies[0].status, 200);
        QVERIFY(!replies[0].header("Mcp-Session-Id").isEmpty());
        QCOMPARE(replies[1].status, 200);
    }

    void http10IsAnsweredAs10AndClosed() {
        Client c(m_port);
        c.send("GET /.well-known/oauth-protected-resource HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n" +
               metadataGet);
        const QList<Reply> replies = c.replies(2, 1500);
        QCOMPARE(replies.size(), 1);
        QVERIFY2(replies.first().statusLine.startsWith("HTTP/1.0 200"),
                 replies.first().statusLine.constData());
        QVERIFY(c.closedByServer());
    }

    void http10KeepAlive() {
        Client c(m_port);
        const QByteArray get = "GET /.well-known/oauth-protected-resource HTTP/1.0\r\n"
                               "Host: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n";
        c.send(get + get);
        const QList<Reply> replies = c.replies(2);
        QCOMPARE(replies.size(), 2);
        for (const Reply &r : replies) {
            QVERIFY(r.statusLine.startsWith("HTTP/1.0 200"));
            QCOMPARE(r.header("Connection").toLower(), QByteArray("keep-alive"));
        }
        QCOMPARE(c.socket.state(), QAbstractSocket::ConnectedState);
    }

    // Connection: close: that response says so, the connection is closed, and a request
    // pipelined behind it is not processed (RFC 9112 §9.6).
    void connectionCloseIsHonoured() {
        const quint64 before = m_log.lastSequence();
        Client c(m_port);
        c.send("GET /.well-known/oauth-protected-resource HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               "Connection: close\r\n\r\n"
               "GET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        const QList<Reply> replies = c.replies(2, 1500);
        QCOMPARE(replies.size(), 1);
        QCOMPARE(replies.first().status, 200);
        QCOMPARE(replies.first().header("Connection"), QByteArray("close"));
        QVERIFY(c.closedByServer());
        QCOMPARE(recordsFor(QStringLiteral("/smuggled"), before), 0);
    }

    // Expect: 100-continue gets the interim 100 before the body is sent.
    void expectContinue() {
        Client c(m_port);
        const QByteArray body = rpc(QStringLiteral("ping"));
        c.send("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               "Expect: 100-continue\r\nContent-Length: " +
               QByteArray::number(body.size()) + "\r\n\r\n");
        QList<Reply> replies = c.replies(1);
        QCOMPARE(replies.size(), 1);
        QCOMPARE(replies.first().status, 100);
        c.send(body);
        replies = c.replies(1);
        QCOMPARE(replies.size(), 1);
        QCOMPARE(replies.first().status, 401);
    }

    // ... and a body over the limit is refused at once, before it is sent.
    void expectContinueTooLarge() {
        Client c(m_port);
        c.send("POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\n"
               "Content-Length: 5000000\r\n\r\n");
        const QList<Reply> replies = c.replies(1);
        QCOMPARE(replies.size(), 1);
        QCOMPARE(replies.first().status, 413);
    }

    // HEAD: the headers GET would have, Content-Length included, and no body.
    void headHasTheRealContentLength() {
        Client c(m_port);
        c.send("HEAD /.well-known/oauth-protected-resource HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" +
               metadataGet);
        const QList<Reply> replies = c.replies(2, 3000, true);
        QCOMPARE(replies.size(), 2);
        QCOMPARE(replies[0].status, 200);
        QCOMPARE(replies[1].status, 200);
        QVERIFY(!replies[1].body.isEmpty());
        QCOMPARE(replies[0].header("Content-Length"), QByteArray::number(replies[1].body.size()));
        QVERIFY(replies[0].body.isEmpty());
    }

    // HTTP/1.1 with a higher minor version is processed as 1.1 (RFC 9110 §2.5).
    void higherMinorVersionIsServedAs11() {
        Client c(m_port);
        c.send("GET /.well-known/oauth-protected-resource HTTP/1.2\r\nHost: 127.0.0.1\r\n\r\n");
        const QList<Reply> replies = c.replies(1);
        QCOMPARE(replies.size(), 1);
        QCOMPARE(replies.first().status, 200);
        QVERIFY(replies.first().statusLine.startsWith("HTTP/1.1 "));
    }

    // Bounded everything: the limits below hold per connection, whatever the client does.

    // One byte every 100 ms never looks idle, but the head as a whole has a deadline: 408.
    void headDeadline() {
        cleanup();
        EndpointSettings s;
        s.idleTimeoutMs = 2000;
        s.headTimeoutMs = 400;
        start(s);
        Client c(m_port);
        const QByteArray head =
            "POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + QByteArray(200, 'a');
        qsizetype sent = 0;
        const bool closed = QTest::qWaitFor(
            [&] {
                if (sent < head.size())
                    c.send(head.mid(sent++, 1));
                QTest::qWait(100);
                c.buffer += c.socket.readAll();
                return c.socket.state() == QAbstractSocket::UnconnectedState;
            },
            6000);
        QVERIFY(closed);
        Reply r;
        QVERIFY(takeReply(c.buffer, &r));
        QCOMPARE(r.status, 408);
    }

    // A client that pipelines and never reads: the server stops reading from it instead of
    // queueing its answers without bound.
    void queuedOutputIsBounded() {
        const QByteArray session = initialize();
        QVERIFY(!session.isEmpty());
        QTcpSocket c;
        c.setReadBufferSize(4096); // and reads nothing
        c.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(c.waitForConnected(5000));
        const QByteArray one =
            post(rpc(QStringLiteral("tools/list")),
                 "Authorization: Bearer all\r\nMcp-Session-Id: " + session + "\r\n");
        QByteArray many;
        for (int i = 0; i < 20000; ++i)
            many += one;
        c.write(many);
        qint64 last = -1;
        int still = 0;
        // Until the queued output stops changing.
        const bool settled = QTest::qWaitFor(
            [&] {
                const qint64 now = m_endpoint->queuedOutputBytes();
                still = now == last ? still + 1 : 0;
                last = now;
                return still >= 10;
            },
            20000);
        QVERIFY(settled);
        QVERIFY2(last <= 4 * 1024 * 1024, QByteArray::number(last).constData());
        QVERIFY(c.bytesToWrite() > 0); // the server is no longer reading
    }

    // The built-in authorization server on the endpoint's listener, with the connection cap
    // full of idle clients: the endpoint's own introspection has its own way in, so a valid
    // token is still served, and a very long well-formed token is 401, not 503.
    void introspectionHasItsOwnWayIn() {
        cleanup();
        RunnerSettings rs;
        rs.endpoint.port = 0;
        rs.endpoint.maxConnections = 4;
        rs.testClientSecret = QStringLiteral("s3cret-value");
        const Result<Policy> policy =
            PolicyFile::load(QStringLiteral(":/scopebench/policies/epicme.json"));
        QVERIFY(policy.ok());
        rs.policy = policy.value();
        EndpointHost host(rs, &m_log, nullptr);
        const Result<EndpointAddresses> a = host.start();
        QVERIFY(a.ok());
        const quint16 port = quint16(a.value().baseUrl.port());
        const Result<MintedToken> token =
            host.mint(QStringList{QStringLiteral("entries:read")}, 600, QString());
        QVERIFY(token.ok());

        std::vector<std::unique_ptr<Client>> idle;
        for (int i = 0; i < 4; ++i)
            idle.push_back(std::make_unique<Client>(port));
        QVERIFY(QTest::qWaitFor([&] { return host.openConnections() == 4; }, 5000));
        Client extra(port);
        QCOMPARE(extra.replies(1).value(0).status, 503);
        idle.pop_back();
        QVERIFY(QTest::qWaitFor([&] { return host.openConnections() == 3; }, 5000));

        Client c(port);
        c.send(post(rpc(QStringLiteral("initialize"),
                        {{QStringLiteral("protocolVersion"), QStringLiteral("2025-06-18")}}),
                    "Authorization: Bearer " + token.value().accessToken.toLatin1() + "\r\n"));
        const QList<Reply> ok = c.replies(1, 5000);
        QCOMPARE(ok.size(), 1);
        QCOMPARE(ok.first().status, 200);

        c.send(post(rpc(QStringLiteral("initialize"),
                        {{QStringLiteral("protocolVersion"), QStringLiteral("2025-06-18")}}),
                    "Authorization: Bearer " + QByteArray(60000, 'A') + "\r\n"));
        const QList<Reply> long401 = c.replies(1, 5000);
        QCOMPARE(long401.size(), 1);
        QCOMPARE(long401.first().status, 401);
    }
};

QTEST_GUILESS_MAIN(tst_FramingSocket)
#include "tst_framing_socket.moc"
