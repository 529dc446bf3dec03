#include "mcp/OriginGuard.h"

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
    }
    void hosts() {
        QFETCH(bool, loopbackOnly);
        QFETCH(QByteArray, host);
        QFETCH(bool, allowed);
        QCOMPARE(OriginGuard(loopbackOnly, {}).hostAllowed(host), allowed);
    }
};

QTEST_GUILESS_MAIN(tst_OriginGuard)
#include "tst_originguard.moc"
