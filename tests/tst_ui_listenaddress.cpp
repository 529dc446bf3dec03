#include "http/ListenAddress.h"

#include <QTest>

using namespace scopebench;

// Which listen addresses keep the embedded endpoint on this machine: only loopback ones do, and
// anything that is not plainly one is treated as reachable from the network.
class TestListenAddress : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void classifies_data();
    void classifies();
};

void TestListenAddress::classifies_data() {
    QTest::addColumn<QString>("host");
    QTest::addColumn<bool>("parses");
    QTest::addColumn<bool>("loopback");
    QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1") << true << true;
    QTest::newRow("127.255.0.9") << QStringLiteral("127.255.0.9") << true << true;
    QTest::newRow("::1") << QStringLiteral("::1") << true << true;
    QTest::newRow("localhost") << QStringLiteral("localhost") << true << true;
    QTest::newRow("LOCALHOST, spaces") << QStringLiteral(" LOCALHOST ") << true << true;
    QTest::newRow("0.0.0.0") << QStringLiteral("0.0.0.0") << true << false;
    QTest::newRow("::") << QStringLiteral("::") << true << false;
    QTest::newRow("LAN") << QStringLiteral("192.168.1.20") << true << false;
    QTest::newRow("public") << QStringLiteral("203.0.113.7") << true << false;
    QTest::newRow("IPv6 link-local") << QStringLiteral("fe80::1") << true << false;
    QTest::newRow("128.0.0.1") << QStringLiteral("128.0.0.1") << true << false;
    QTest::newRow("host name") << QStringLiteral("localhost.example.com") << false << false;
    QTest::newRow("with port") << QStringLiteral("127.0.0.1:8787") << false << false;
    QTest::newRow("empty") << QString() << false << false;
}

void TestListenAddress::classifies() {
    QFETCH(QString, host);
    QFETCH(bool, parses);
    QFETCH(bool, loopback);
    QCOMPARE(ListenAddress::parse(host).has_value(), parses);
    QCOMPARE(ListenAddress::isLoopback(host), loopback);
}

QTEST_MAIN(TestListenAddress)
#include "tst_ui_listenaddress.moc"
