#include "cli/CliSupport.h"

#include <QTest>

using namespace scopebench;

class TestCliSupport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void oneLine_data();
    void oneLine();
    void checkFormat_data();
    void checkFormat();
    void checkResource_data();
    void checkResource();
};

void TestCliSupport::oneLine_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << "a, $.b: c"
                           << "a, $.b: c";
    QTest::newRow("line feed") << "a\nb"
                               << "a\\nb";
    QTest::newRow("carriage return and tab") << "a\r\tb"
                                             << "a\\r\\tb";
    QTest::newRow("escape") << QStringLiteral("a\x1b[2Jb") << "a\\u001b[2Jb";
    QTest::newRow("delete") << QStringLiteral("a\x7f") << "a\\u007f";
    QTest::newRow("C1 next line") << QString(QChar(0x85)) << "\\u0085";
    QTest::newRow("line separator") << QString(QChar(0x2028)) << "\\u2028";
    QTest::newRow("non-ASCII kept")
        << QStringLiteral("caf\u00e9 \u2192") << QStringLiteral("caf\u00e9 \u2192");
}

void TestCliSupport::oneLine() {
    QFETCH(QString, text);
    QTEST(CliSupport::oneLine(text), "expected");
}

void TestCliSupport::checkFormat_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QStringList>("allowed");
    QTest::addColumn<QString>("err"); // empty: accepted
    const QStringList three = {QStringLiteral("text"), QStringLiteral("json"),
                               QStringLiteral("http")};
    const QStringList two = {QStringLiteral("text"), QStringLiteral("json")};
    QTest::newRow("accepted") << "http" << three << "";
    QTest::newRow("three choices")
        << "xml" << three
        << "scopebench check: --format must be text, json or http, not \"xml\" (see scopebench "
           "check --help)\n";
    QTest::newRow("two choices") << "http" << two
                                 << "scopebench check: --format must be text or json, not \"http\" "
                                    "(see scopebench check --help)\n";
    QTest::newRow("case matters") << "JSON" << two << "not \"JSON\"";
}

void TestCliSupport::checkFormat() {
    QFETCH(QString, format);
    QFETCH(QStringList, allowed);
    QFETCH(QString, err);
    QString text;
    QTextStream stream(&text);
    int code = -1;
    const bool ok =
        CliSupport::checkFormat(format, allowed, stream, QStringLiteral("check"), &code);
    stream.flush();
    QCOMPARE(ok, err.isEmpty());
    QCOMPARE(code, err.isEmpty() ? -1 : 2);
    if (err.endsWith(u'\n'))
        QCOMPARE(text, err);
    else
        QVERIFY2(text.contains(err), qPrintable(text));
}

void TestCliSupport::checkResource_data() {
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("err"); // within the message; empty: accepted
    QTest::newRow("unset") << ""
                           << "";
    QTest::newRow("usable") << "https://h.example/mcp"
                            << "";
    QTest::newRow("relative") << "/mcp"
                              << "--resource: not an absolute URI";
    QTest::newRow("fragment") << "https://h.example/mcp#x"
                              << "--resource: a resource URI must not";
}

void TestCliSupport::checkResource() {
    QFETCH(QString, resource);
    QFETCH(QString, err);
    QString text;
    QTextStream stream(&text);
    int code = -1;
    const bool ok = CliSupport::checkResource(resource, stream, QStringLiteral("check"), &code);
    stream.flush();
    QCOMPARE(ok, err.isEmpty());
    QCOMPARE(code, err.isEmpty() ? -1 : 2);
    QVERIFY2(err.isEmpty() ? text.isEmpty() : text.contains(err), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestCliSupport)
#include "tst_clisupport.moc"
