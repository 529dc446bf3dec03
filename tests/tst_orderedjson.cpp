#include "common/OrderedJson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace scopebench;

class TestOrderedJson : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void keepsMemberOrder();
    void numbersKeepTheirWrittenForm_data();
    void numbersKeepTheirWrittenForm();
    void decodesStrings_data();
    void decodesStrings();
    void errors_data();
    void errors();
    void deepNestingIsRefusedWithoutCrashing_data();
    void deepNestingIsRefusedWithoutCrashing();
    void editingKeepsPositions();
    void builtValuesSerialize_data();
    void builtValuesSerialize();
    void qjsonConversion();
};

// Text already in the serializer's layout comes back byte for byte.
void TestOrderedJson::roundTrip_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("scalar true") << QByteArray("true\n");
    QTest::newRow("scalar null") << QByteArray("null\n");
    QTest::newRow("empty object") << QByteArray("{}\n");
    QTest::newRow("empty array") << QByteArray("[]\n");
    QTest::newRow("reverse alphabetical members") << QByteArray("{\n  \"z\": 1,\n  \"m\": 2,\n"
                                                                "  \"a\": 3\n}\n");
    QTest::newRow("nested order") << QByteArray(
        "{\n  \"b\": {\n    \"y\": true,\n    \"x\": false\n  },\n  \"a\": [\"q\", \"p\"]\n}\n");
    QTest::newRow("short array of arrays inline")
        << QByteArray("[[\"a\", \"b\"], [], [1, 2.50]]\n");
    QTest::newRow("long array of arrays one per line")
        << QByteArray("[\n  [\"user:read\"],\n  [\"entries:read\"],\n  [\"entries:write\"],\n"
                      "  [\"tags:read\", \"tags:write\"]\n]\n");
    QTest::newRow("objects of scalars in an array inline")
        << QByteArray("{\n  \"scopes\": [\n    {\"name\": \"a\", \"n\": 1, \"t\": [true]},\n"
                      "    {\n      \"name\": \"b\",\n      \"deep\": {\n        \"x\": 1\n"
                      "      }\n    }\n  ]\n}\n");
    QTest::newRow("escapes") << QByteArray("\"quote \\\" backslash \\\\ tab \\t nl \\n "
                                           "ctl \\u0001\"\n");
    QTest::newRow("non-ASCII kept as UTF-8") << QByteArray("\"caf\xC3\xA9 \xE2\x80\xA8\"\n");
    QTest::newRow("non-BMP kept whole") << QByteArray("\"grin \xF0\x9F\x98\x80 end\"\n");
    QTest::newRow("unknown members") << QByteArray(
        "{\n  \"scopebench\": 1,\n  \"x-note\": {\n    \"keep\": [1, \"two\", null]\n  }\n}\n");
}

void TestOrderedJson::roundTrip() {
    QFETCH(QByteArray, text);
    const Result<OrderedJson> parsed = OrderedJson::parse(text);
    QVERIFY2(parsed.ok(), qPrintable(parsed.error().toString()));
    QCOMPARE(parsed->serialize(), text);
    const Result<OrderedJson> again = OrderedJson::parse(parsed->serialize());
    QVERIFY(again.ok());
    QVERIFY(again.value() == parsed.value());
}

void TestOrderedJson::keepsMemberOrder() {
    const Result<OrderedJson> doc =
        OrderedJson::parse(R"({"zeta":1,"alpha":2,"mid":{"b":1,"a":2}})");
    QVERIFY(doc.ok());
    QStringList keys;
    for (const auto &m : doc->members())
        keys << m.first;
    QCOMPARE(keys,
             QStringList({QStringLiteral("zeta"), QStringLiteral("alpha"), QStringLiteral("mid")}));
    const OrderedJson *mid = doc->find(QStringLiteral("mid"));
    QVERIFY(mid && mid->isObject());
    QCOMPARE(mid->members().at(0).first, QStringLiteral("b"));
    QCOMPARE(mid->members().at(1).first, QStringLiteral("a"));
    QVERIFY(doc->serialize().indexOf("zeta") < doc->serialize().indexOf("alpha"));
}

void TestOrderedJson::numbersKeepTheirWrittenForm_data() {
    QTest::addColumn<QByteArray>("written");
    QTest::addColumn<double>("value");
    QTest::newRow("1.0") << QByteArray("1.0") << 1.0;
    QTest::newRow("1e5") << QByteArray("1e5") << 1e5;
    QTest::newRow("1E+2") << QByteArray("1E+2") << 100.0;
    QTest::newRow("-0") << QByteArray("-0") << 0.0;
    QTest::newRow("0.10") << QByteArray("0.10") << 0.1;
    QTest::newRow("2.5e-3") << QByteArray("2.5e-3") << 0.0025;
    QTest::newRow("big integer") << QByteArray("12345678901234567890") << 12345678901234567890.0;
}

void TestOrderedJson::numbersKeepTheirWrittenForm() {
    QFETCH(QByteArray, written);
    QFETCH(double, value);
    const Result<OrderedJson> doc = OrderedJson::parse("[" + written + "]");
    QVERIFY2(doc.ok(), qPrintable(doc.error().toString()));
    QCOMPARE(doc->elements().at(0).toDouble(), value);
    QCOMPARE(doc->serialize(), "[" + written + "]\n");
}

void TestOrderedJson::decodesStrings_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QByteArray("\"abc\"") << QStringLiteral("abc");
    QTest::newRow("short escapes")
        << QByteArray(R"("\"\\\/\b\f\n\r\t")") << QStringLiteral("\"\\/\b\f\n\r\t");
    QTest::newRow("u escape") << QByteArray(R"("\u00e9\u00C9")") << QStringLiteral("éÉ");
    QTest::newRow("surrogate pair")
        << QByteArray(R"("\ud83d\ude00")") << QString::fromUtf8("\xF0\x9F\x98\x80");
    QTest::newRow("raw UTF-8") << QByteArray("\"\xE2\x80\xA8\"") << QString(QChar(0x2028));
    QTest::newRow("byte order mark skipped")
        << QByteArray("\xEF\xBB\xBF\"x\"") << QStringLiteral("x");
}

void TestOrderedJson::decodesStrings() {
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    const Result<OrderedJson> doc = OrderedJson::parse(json);
    QVERIFY2(doc.ok(), qPrintable(doc.error().toString()));
    QVERIFY(doc->isString());
    QCOMPARE(doc->toString(), expected);
}

void TestOrderedJson::errors_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("messagePart");

    QTest::newRow("empty") << QByteArray("") << "line 1, column 1"
                           << "unexpected end of the file";
    QTest::newRow("only spaces") << QByteArray("  \n  ") << "line 2, column 3"
                                 << "unexpected end of the file";
    QTest::newRow("truncated object") << QByteArray("{\n  \"a\": 1,\n") << "line 3, column 1"
                                      << "unexpected end of the file";
    QTest::newRow("truncated after colon") << QByteArray("{\"a\":") << "line 1, column 6"
                                           << "unexpected end of the file";
    QTest::newRow("truncated array") << QByteArray("[1, 2") << "line 1, column 6"
                                     << "unexpected end of the file";
    QTest::newRow("truncated string") << QByteArray("{\"name\": \"Epic") << "line 1, column 15"
                                      << "unterminated string";
    QTest::newRow("truncated literal") << QByteArray("[tru") << "line 1, column 2"
                                       << "unexpected character";
    QTest::newRow("truncated u escape") << QByteArray("\"\\u00") << "line 1, column 6"
                                        << "unexpected end of the file in a \\u escape";
    QTest::newRow("bad escape letter") << QByteArray("[\"ok\",\n \"a\\qb\"]") << "line 2, column 4"
                                       << "unknown escape \\q";
    QTest::newRow("bad escape non-hex") << QByteArray("\"\\u12G4\"") << "line 1, column 2"
                                        << "four hexadecimal digits";
    QTest::newRow("bad escape 0x prefix") << QByteArray("\"\\u0x41\"") << "line 1, column 2"
                                          << "four hexadecimal digits";
    QTest::newRow("bad escape sign") << QByteArray("\"\\u+041\"") << "line 1, column 2"
                                     << "four hexadecimal digits";
    QTest::newRow("lone high surrogate") << QByteArray("\"a\\ud83d\"") << "line 1, column 3"
                                         << "no second half";
    QTest::newRow("lone low surrogate") << QByteArray("\"\\ude00\"") << "line 1, column 2"
                                        << "no first half";
    QTest::newRow("raw control character") << QByteArray("\"a\tb\"") << "line 1, column 3"
                                           << "control character";
    QTest::newRow("duplicate key")
        << QByteArray("{\n  \"a\": 1,\n  \"a\": 2\n}") << "line 3, column 3"
        << "member \"a\" appears twice";
    QTest::newRow("duplicate nested key")
        << QByteArray("{\"x\": {\"k\": 1, \"k\": 1}}") << "line 1, column 16"
        << "member \"k\" appears twice";
    QTest::newRow("invalid UTF-8 lone continuation")
        << QByteArray("{\"a\": \"x\x80\"}") << "line 1, column 9"
        << "not valid UTF-8 (byte 0x80)";
    QTest::newRow("invalid UTF-8 on line 2 after é")
        << QByteArray("[\"\xC3\xA9\",\n \"\xFF\"]") << "line 2, column 3"
        << "not valid UTF-8 (byte 0xFF)";
    QTest::newRow("invalid UTF-8 overlong") << QByteArray("\"\xC0\xAF\"") << "line 1, column 2"
                                            << "not valid UTF-8 (byte 0xC0)";
    QTest::newRow("invalid UTF-8 encoded surrogate")
        << QByteArray("\"\xED\xA0\x80\"") << "line 1, column 2"
        << "not valid UTF-8 (byte 0xED)";
    QTest::newRow("invalid UTF-8 truncated sequence")
        << QByteArray("\"\xE2\x80") << "line 1, column 2"
        << "not valid UTF-8 (byte 0xE2)";
    QTest::newRow("invalid UTF-8 above U+10FFFF")
        << QByteArray("\"\xF4\x90\x80\x80\"") << "line 1, column 2"
        << "not valid UTF-8 (byte 0xF4)";
    QTest::newRow("trailing garbage") << QByteArray("{} x") << "line 1, column 4"
                                      << "unexpected text after the JSON value";
    QTest::newRow("second document") << QByteArray("{}\n{}") << "line 2, column 1"
                                     << "unexpected text after the JSON value";
    QTest::newRow("trailing comma in array") << QByteArray("[1,]") << "line 1, column 4"
                                             << "unexpected character";
    QTest::newRow("trailing comma in object") << QByteArray("{\"a\":1,}") << "line 1, column 8"
                                              << "expected a quoted member name";
    QTest::newRow("missing colon") << QByteArray("{\"a\" 1}") << "line 1, column 6"
                                   << "expected ':'";
    QTest::newRow("single quotes") << QByteArray("['a']") << "line 1, column 2"
                                   << "unexpected character";
    QTest::newRow("leading zero") << QByteArray("[01]") << "line 1, column 3"
                                  << "expected ',' or ']'";
    QTest::newRow("bare minus") << QByteArray("-") << "line 1, column 1"
                                << "unexpected character";
    QTest::newRow("dot without digits") << QByteArray("1.") << "line 1, column 3"
                                        << "expected digits after '.'";
    QTest::newRow("number out of range") << QByteArray("[1e400]") << "line 1, column 2"
                                         << "number out of range";
    QTest::newRow("byte order mark does not count as a column")
        << QByteArray("\xEF\xBB\xBF{]") << "line 1, column 2"
        << "expected a quoted member name";
}

void TestOrderedJson::errors() {
    QFETCH(QByteArray, json);
    QFETCH(QString, where);
    QFETCH(QString, messagePart);
    const Result<OrderedJson> doc = OrderedJson::parse(json);
    QVERIFY(!doc.ok());
    QCOMPARE(doc.error().where, where);
    QVERIFY2(doc.error().message.contains(messagePart), qPrintable(doc.error().message));
}

void TestOrderedJson::deepNestingIsRefusedWithoutCrashing_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("100000 [") << QByteArray(100000, '[');
    QTest::newRow("100000 [ closed") << QByteArray(100000, '[') + QByteArray(100000, ']');
    QByteArray objects;
    for (int i = 0; i < 50000; ++i)
        objects += "{\"a\":";
    QTest::newRow("50000 objects") << objects;
}

void TestOrderedJson::deepNestingIsRefusedWithoutCrashing() {
    QFETCH(QByteArray, json);
    const Result<OrderedJson> doc = OrderedJson::parse(json);
    QVERIFY(!doc.ok());
    QVERIFY2(doc.error().message.contains(QStringLiteral("nested more than")),
             qPrintable(doc.error().message));
    QVERIFY(doc.error().where.startsWith(QStringLiteral("line 1, column ")));
}

void TestOrderedJson::editingKeepsPositions() {
    Result<OrderedJson> doc = OrderedJson::parse(R"({"a":1,"b":2,"c":3})");
    QVERIFY(doc.ok());
    OrderedJson edited = doc.value();
    edited.insert(QStringLiteral("b"), OrderedJson::string(QStringLiteral("two")));
    edited.insert(QStringLiteral("d"), OrderedJson::boolean(true));
    edited.remove(QStringLiteral("a"));
    QCOMPARE(edited.serialize(),
             QByteArray("{\n  \"b\": \"two\",\n  \"c\": 3,\n  \"d\": true\n}\n"));
    QVERIFY(edited != doc.value());
}

void TestOrderedJson::builtValuesSerialize_data() {
    QTest::addColumn<double>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("integer") << 60.0 << QByteArray("60\n");
    QTest::newRow("negative") << -3.0 << QByteArray("-3\n");
    QTest::newRow("fraction") << 0.5 << QByteArray("0.5\n");
    QTest::newRow("nan is null") << qQNaN() << QByteArray("null\n");
    QTest::newRow("infinity is null") << qInf() << QByteArray("null\n");
}

void TestOrderedJson::builtValuesSerialize() {
    QFETCH(double, value);
    QFETCH(QByteArray, expected);
    QCOMPARE(OrderedJson::number(value).serialize(), expected);
    QVERIFY(OrderedJson::parse(OrderedJson::number(value).serialize()).ok());
}

void TestOrderedJson::qjsonConversion() {
    const Result<OrderedJson> doc = OrderedJson::parse(R"({"b":[1,"x",true,null],"a":{"n":2.5}})");
    QVERIFY(doc.ok());
    const QJsonValue q = doc->toQJson();
    QVERIFY(q.isObject());
    QCOMPARE(q.toObject().value(QStringLiteral("b")).toArray().size(), 4);
    QCOMPARE(
        q.toObject().value(QStringLiteral("a")).toObject().value(QStringLiteral("n")).toDouble(),
        2.5);
    // Back from QJson the members come sorted (QJsonObject's order), but the content is equal.
    const OrderedJson back = OrderedJson::fromQJson(q);
    QCOMPARE(back.members().at(0).first, QStringLiteral("a"));
    QCOMPARE(back.toQJson(), q);
}

QTEST_GUILESS_MAIN(TestOrderedJson)
#include "tst_orderedjson.moc"
