#include "http/FormEncoding.h"

#include <QTest>

using namespace scopebench;

class tst_FormEncoding : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void encode_data() {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QByteArray>("encoded");
        QTest::newRow("plain") << "abc-._~" << QByteArray("abc-._~");
        QTest::newRow("space is plus") << "a b" << QByteArray("a+b");
        QTest::newRow("plus is escaped") << "a+b" << QByteArray("a%2Bb");
        QTest::newRow("reserved") << ":&=/?" << QByteArray("%3A%26%3D%2F%3F");
        QTest::newRow("utf-8") << QStringLiteral("\u00e9") << QByteArray("%C3%A9");
    }
    void encode() {
        QFETCH(QString, value);
        QFETCH(QByteArray, encoded);
        QCOMPARE(FormEncoding::encode(value), encoded);
        QCOMPARE(FormEncoding::decode(encoded), value);
    }

    void fields() {
        const auto f = FormEncoding::parseFields("a=1&b=x+y&a=2&flag&&c=%26");
        QCOMPARE(FormEncoding::value(f, QStringLiteral("a")), QStringLiteral("1"));
        QCOMPARE(FormEncoding::values(f, QStringLiteral("a")).size(), 2);
        QCOMPARE(FormEncoding::value(f, QStringLiteral("b")), QStringLiteral("x y"));
        QVERIFY(FormEncoding::has(f, QStringLiteral("flag")));
        QCOMPARE(FormEncoding::value(f, QStringLiteral("c")), QStringLiteral("&"));
        QVERIFY(!FormEncoding::has(f, QStringLiteral("d")));
        QCOMPARE(FormEncoding::encodeFields(f), QByteArray("a=1&b=x+y&a=2&flag=&c=%26"));
    }

    void basic_data() {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<bool>("ok");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("secret");
        QTest::newRow("encoded pair")
            << ("Basic " + QByteArray("my+id:s%3Ax").toBase64()) << true << "my id"
            << "s:x";
        QTest::newRow("scheme case") << ("bAsIc " + QByteArray("a:b").toBase64()) << true << "a"
                                     << "b";
        QTest::newRow("colon in secret")
            << ("Basic " + QByteArray("a:b:c").toBase64()) << true << "a"
            << "b:c";
        QTest::newRow("no colon") << ("Basic " + QByteArray("ab").toBase64()) << false << ""
                                  << "";
        QTest::newRow("empty id") << ("Basic " + QByteArray(":b").toBase64()) << false << ""
                                  << "b";
        QTest::newRow("bearer") << QByteArray("Bearer abc") << false << ""
                                << "";
        QTest::newRow("bad base64") << QByteArray("Basic !!!") << false << ""
                                    << "";
    }
    void basic() {
        QFETCH(QByteArray, header);
        QFETCH(bool, ok);
        QFETCH(QString, id);
        QFETCH(QString, secret);
        QString gotId, gotSecret;
        QCOMPARE(FormEncoding::parseBasicAuthorization(header, &gotId, &gotSecret), ok);
        if (ok) {
            QCOMPARE(gotId, id);
            QCOMPARE(gotSecret, secret);
            QCOMPARE(FormEncoding::parseBasicAuthorization(
                         FormEncoding::basicAuthorization(id, secret), &gotId, &gotSecret),
                     true);
            QCOMPARE(gotId, id); // a round trip through our own encoding
            QCOMPARE(gotSecret, secret);
        }
    }
};

QTEST_GUILESS_MAIN(tst_FormEncoding)
#include "tst_formencoding.moc"
