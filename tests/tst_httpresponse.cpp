#include "http/HttpResponse.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace scopebench;

class TestHttpResponse : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void errorBody_data();
    void errorBody();
    void toRaw_data();
    void toRaw();
    void json();
};

void TestHttpResponse::errorBody_data() {
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("description");
    QTest::addColumn<QByteArray>("expected"); // empty: only check that it parses back

    QTest::newRow("plain") << QStringLiteral("invalid_token")
                           << QStringLiteral("The access token is invalid or expired")
                           << QByteArray(R"({"error":"invalid_token","error_description":"The )"
                                         R"(access token is invalid or expired"})");
    QTest::newRow("empty") << QString() << QString()
                           << QByteArray(R"({"error":"","error_description":""})");
    QTest::newRow("quotes and backslashes")
        << QStringLiteral("e") << QStringLiteral("a\"b\\c")
        << QByteArray(R"({"error":"e","error_description":"a\"b\\c"})");
    QTest::newRow("controls") << QStringLiteral("e") << QStringLiteral("a\nb\x01")
                              << QByteArray(
                                     R"({"error":"e","error_description":"a\u000ab\u0001"})");
    QTest::newRow("non-ASCII and a surrogate pair")
        << QStringLiteral("e") << QStringLiteral("caf\u00e9 \U0001F600 \u4e2d")
        << QByteArray("{\"error\":\"e\",\"error_description\":\"caf\xc3\xa9 \xf0\x9f\x98\x80 "
                      "\xe4\xb8\xad\"}");
}

void TestHttpResponse::errorBody() {
    QFETCH(QString, error);
    QFETCH(QString, description);
    QFETCH(QByteArray, expected);
    const QByteArray body = HttpResponse::errorBody(error, description);
    QCOMPARE(body, expected);
    QJsonParseError parseError;
    const QJsonObject o = QJsonDocument::fromJson(body, &parseError).object();
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    QCOMPARE(o.value(QStringLiteral("error")).toString(), error);
    QCOMPARE(o.value(QStringLiteral("error_description")).toString(), description);
}

void TestHttpResponse::toRaw_data() {
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("200, no body") << 200 << QByteArray() << QByteArray("HTTP/1.1 200 OK\r\n\r\n");
    QTest::newRow("403 with body") << 403 << QByteArray("{}")
                                   << QByteArray("HTTP/1.1 403 Forbidden\r\nX: y\r\n"
                                                 "Content-Length: 2\r\n\r\n{}");
    QTest::newRow("401, empty body") << 401 << QByteArray()
                                     << QByteArray("HTTP/1.1 401 Unauthorized\r\nX: y\r\n"
                                                   "Content-Length: 0\r\n\r\n");
}

void TestHttpResponse::toRaw() {
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    HttpResponse r;
    r.status = status;
    r.body = body;
    if (status != 200)
        r.setHeader("X", "y");
    QCOMPARE(r.toRaw(), expected);
}

void TestHttpResponse::json() {
    const HttpResponse r =
        HttpResponse::json(201, QJsonObject{{QStringLiteral("a"), QStringLiteral("b c")}});
    QCOMPARE(r.status, 201);
    QCOMPARE(r.header(QByteArrayLiteral("content-type")), QByteArrayLiteral("application/json"));
    QCOMPARE(r.body, QByteArrayLiteral("{\"a\":\"b c\"}"));
    QCOMPARE(r.headers.size(), 1); // no caching headers: those are the caller's choice
}

QTEST_GUILESS_MAIN(TestHttpResponse)
#include "tst_httpresponse.moc"
