#include "introspection/IntrospectionResponse.h"

#include <QTest>

using namespace scopebench;

// JSON written with single quotes, turned into double quotes here.
static QByteArray jsonText(const char *text) {
    return QByteArray(text).replace('\'', '"');
}

class tst_IntrospectionResponse : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parse_data() {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<IntrospectionError>("error");
        QTest::addColumn<bool>("active");
        QTest::newRow("inactive") << jsonText("{'active':false}") << IntrospectionError::None
                                  << false;
        QTest::newRow("minimal active")
            << jsonText("{'active':true}") << IntrospectionError::None << true;
        QTest::newRow("nulls count as absent")
            << jsonText("{'active':true,'scope':null,'exp':null,'aud':null}")
            << IntrospectionError::None << true;
        QTest::newRow("fractional exp")
            << jsonText("{'active':true,'exp':1700000000.9}") << IntrospectionError::None << true;
        QTest::newRow("empty body") << QByteArray() << IntrospectionError::NotJson << false;
        QTest::newRow("truncated")
            << QByteArray("{\"active\":tr") << IntrospectionError::NotJson << false;
        QTest::newRow("string") << QByteArray("\"active\"") << IntrospectionError::NotJson << false;
        QTest::newRow("active null")
            << jsonText("{'active':null}") << IntrospectionError::MissingActive << false;
        QTest::newRow("active 1") << jsonText("{'active':1}") << IntrospectionError::WrongFieldType
                                  << false;
        QTest::newRow("client_id number") << jsonText("{'active':true,'client_id':5}")
                                          << IntrospectionError::WrongFieldType << false;
        QTest::newRow("negative exp")
            << jsonText("{'active':true,'exp':-1}") << IntrospectionError::WrongFieldType << false;
        QTest::newRow("nbf object")
            << jsonText("{'active':true,'nbf':{}}") << IntrospectionError::WrongFieldType << false;
        QTest::newRow("aud number")
            << jsonText("{'active':true,'aud':3}") << IntrospectionError::WrongFieldType << false;
        QTest::newRow("aud array with number") << jsonText("{'active':true,'aud':['a',3]}")
                                               << IntrospectionError::WrongFieldType << false;
        QTest::newRow("too large") << QByteArray(IntrospectionResponse::maxBodySize + 1, ' ')
                                   << IntrospectionError::ResponseTooLarge << false;
    }
    void parse() {
        QFETCH(QByteArray, body);
        QFETCH(IntrospectionError, error);
        QFETCH(bool, active);
        const IntrospectionResponse r = IntrospectionResponse::parse(body);
        QCOMPARE(r.error, error);
        QCOMPARE(r.ok(), error == IntrospectionError::None);
        QCOMPARE(r.facts.active && r.ok(), active);
        QCOMPARE(r.detail.isEmpty(), r.ok());
    }

    void fields() {
        const IntrospectionResponse r = IntrospectionResponse::parse(jsonText(
            "{'active':true,'scope':'a  b','aud':'https://x/mcp','exp':1700000000.9,'nbf':5}"));
        QVERIFY(r.ok());
        QCOMPARE(r.facts.scopes, QStringList({QStringLiteral("a"), QStringLiteral("b")}));
        QCOMPARE(r.facts.aud, QStringList{QStringLiteral("https://x/mcp")});
        QVERIFY(r.facts.audPresent);
        QCOMPARE(*r.facts.exp, 1700000000);
        QCOMPARE(*r.facts.nbf, 5);
        QVERIFY(!r.facts.iat);
        const IntrospectionResponse empty =
            IntrospectionResponse::parse(jsonText("{'active':true,'aud':[]}"));
        QVERIFY(empty.facts.audPresent);
        QVERIFY(empty.facts.aud.isEmpty());
    }

    void errorNames() {
        QCOMPARE(introspectionErrorName(IntrospectionError::Timeout), QStringLiteral("timeout"));
        QCOMPARE(introspectionErrorName(IntrospectionError::WrongFieldType),
                 QStringLiteral("wrong_field_type"));
        QCOMPARE(introspectionErrorName(IntrospectionError::Redirect), QStringLiteral("redirect"));
    }
};

QTEST_GUILESS_MAIN(tst_IntrospectionResponse)
#include "tst_introspectionresponse.moc"
