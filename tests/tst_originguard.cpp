#include "transport/OriginGuard.h"

#include <QTest>

using namespace scopebench;

class tst_OriginGuard : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void origins_data() {
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("localhost with port") << QByteArray("http://localhost:6274") << true;
        QTest::newRow("127.0.0.1 https") << QByteArray("https://127.0.0.1") << true;
        QTest::newRow("[::1]") << QByteArray("http://[::1]:3000") << true;
        QTest::newRow("LOCALHOST") << QByteArray("http://LOCALHOST:1") << true;
        QTest::newRow("extra") << QByteArray("https://app.example") << true;
        QTest::newRow("other host") << QByteArray("https://evil.example") << false;
        QTest::newRow("localhost suffix") << QByteArray("http://localhost.evil.example") << false;
        QTest::newRow("null") << QByteArray("null") << false;
        QTest::newRow("file") << QByteArray("file://localhost") << false;
        QTest::newRow("with a path") << QByteArray("http://localhost/x") << false;
        QTest::newRow("user info") << QByteArray("http://a@localhost") << false;
    }
    void origins() {
        QFETCH(QByteArray, origin);
        QFETCH(bool, allowed);
        const OriginGuard guard(true, {QStringLiteral("https://app.example")});
        QCOMPARE(guard.originAllowed(origin), allowed);
    }

    void hosts_data() {
        QTest::addColumn<bool>("loopbackOnly");
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("127.0.0.1:8787") << true << QByteArray("127.0.0.1:8787") << true;
        QTest::newRow("localhost") << true << QByteArray("localhost") << true;
        QTest::newRow("[::1]:80") << true << QByteArray("[::1]:80") << true;
        QTest::newRow("rebinding name") << true << QByteArray("attacker.example:8787") << false;
        QTest::newRow("empty") << true << QByteArray() << false;
        QTest::newRow("[::2]") << true << QByteArray("[::2]:80") << false;
        QTest::newRow("broken bracket") << true << QByteArray("[::1") << false;
        QTest::newRow("not loopback: any") << false << QByteArray("mcp.example") << true;
        QTest::newRow("LOCALHOST (names are case-insensitive)")
            << true << QByteArray("LOCALHOST:8787") << true;
        QTest::newRow("bare ::1") << true << QByteArray("::1") << false;
        QTest::newRow("trailing dot") << true << QByteArray("localhost.:8787") << false;
        QTest::newRow("loopback-looking prefix")
            << true << QByteArray("127.0.0.1.evil.example") << false;
        QTest::newRow("[::1] then junk") << true << QByteArray("[::1]evil") << false;
    }
    void hosts() {
        QFETCH(bool, loopbackOnly);
        QFETCH(QByteArray, host);
        QFETCH(bool, allowed);
        QCOMPARE(OriginGuard(loopbackOnly, {}).hostAllowed(host), allowed);
    }

    void preflightGrantsOnlyListedHeaders_data() {
        QTest::addColumn<QList<QByteArray>>("requested");
        QTest::addColumn<QByteArray>("granted"); // empty: no Access-Control-Allow-Headers
        QTest::newRow("none asked") << QList<QByteArray>() << QByteArray();
        QTest::newRow("one, lower case")
            << QList<QByteArray>{"authorization"} << QByteArray("Authorization");
        QTest::newRow("all, odd spacing")
            << QList<QByteArray>{"last-event-id ,MCP-PROTOCOL-VERSION,mcp-session-id, "
                                 "content-type,authorization"}
            << QByteArray("Last-Event-ID, MCP-Protocol-Version, Mcp-Session-Id, Content-Type, "
                          "Authorization");
        QTest::newRow("unlisted left out")
            << QList<QByteArray>{"x-api-key, content-type, cookie"} << QByteArray("Content-Type");
        QTest::newRow("only unlisted") << QList<QByteArray>{"x-api-key"} << QByteArray();
        QTest::newRow("repeated, over two fields")
            << QList<QByteArray>{"authorization", "Authorization, content-type"}
            << QByteArray("Authorization, Content-Type");
        QTest::newRow("empty items") << QList<QByteArray>{",, ,"} << QByteArray();
    }
    void preflightGrantsOnlyListedHeaders() {
        QFETCH(QList<QByteArray>, requested);
        QFETCH(QByteArray, granted);
        const HttpResponse r =
            OriginGuard::preflight(QByteArrayLiteral("POST, OPTIONS"), requested);
        QCOMPARE(r.status, 204);
        QCOMPARE(r.header("Access-Control-Allow-Methods"), QByteArray("POST, OPTIONS"));
        QCOMPARE(r.header("Access-Control-Allow-Headers"), granted);
        QCOMPARE(r.header("Access-Control-Max-Age"), QByteArray("600"));
        QVERIFY(r.header("Access-Control-Allow-Credentials").isEmpty());
    }

    void corsHeaders_data() {
        QTest::addColumn<QByteArray>("exposed");
        QTest::addColumn<QByteArray>("vary"); // already on the response
        QTest::addColumn<int>("varyFields");
        QTest::newRow("plain") << QByteArray() << QByteArray() << 1;
        QTest::newRow("exposed") << QByteArray("WWW-Authenticate") << QByteArray() << 1;
        QTest::newRow("already varies on Origin") << QByteArray() << QByteArray("Origin") << 1;
        QTest::newRow("varies on something else")
            << QByteArray() << QByteArray("Accept-Encoding") << 2;
    }
    void corsHeaders() {
        QFETCH(QByteArray, exposed);
        QFETCH(QByteArray, vary);
        QFETCH(int, varyFields);
        HttpResponse r;
        if (!vary.isEmpty())
            r.headers.append({QByteArrayLiteral("Vary"), vary});
        OriginGuard::addCorsHeaders(r, "http://localhost:6274", exposed);
        QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("http://localhost:6274"));
        QCOMPARE(r.header("Access-Control-Expose-Headers"), exposed);
        QCOMPARE(headerValues(r.headers, "Vary").size(), varyFields);
        QVERIFY(headerValues(r.headers, "Vary").join(", ").contains("Origin"));
        QVERIFY(r.header("Access-Control-Allow-Credentials").isEmpty());
    }

    // The listener's own origin, added once its port is known, so its pages can post to it.
    void addedOriginIsAllowedExactly() {
        OriginGuard guard(false, {});
        QVERIFY(!guard.originAllowed("http://192.0.2.7:8787"));
        guard.allowOrigin(QStringLiteral("http://192.0.2.7:8787"));
        QVERIFY(guard.originAllowed("http://192.0.2.7:8787"));
        QVERIFY(!guard.originAllowed("http://192.0.2.7:8788"));
        QVERIFY(!guard.originAllowed("https://192.0.2.7:8787"));
    }
};

QTEST_GUILESS_MAIN(tst_OriginGuard)
#include "tst_originguard.moc"
