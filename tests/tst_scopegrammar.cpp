#include "policy/ScopeGrammar.h"

#include <QTest>

using namespace scopebench;

class TestScopeGrammar : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void refused_data();
    void refused();
    void accepted_data();
    void accepted();
    void everyAsciiCharacter();
    void split_data();
    void split();
};

namespace {
QString hex(uint c) {
    return QStringLiteral("U+%1").arg(QString::number(c, 16).toUpper().rightJustified(4, u'0'));
}
} // namespace

// Every row puts one excluded character at position 3 of "ab?cd" (or is the whole token).
void TestScopeGrammar::refused_data() {
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("named"); // how explain() names the character
    QTest::addColumn<int>("position");

    for (uint c = 0x00; c <= 0x1F; ++c) {
        QTest::addRow("control %s", qPrintable(hex(c)))
            << QStringLiteral("ab") + QChar(char16_t(c)) + QStringLiteral("cd")
            << QStringLiteral("the control character ") + hex(c) << 3;
    }
    QTest::newRow("DEL") << QStringLiteral("ab\x7F"
                                           "cd")
                         << QStringLiteral("the control character U+007F") << 3;
    QTest::newRow("space") << QStringLiteral("ab cd") << QStringLiteral("a space") << 3;
    QTest::newRow("double quote") << QStringLiteral("ab\"cd") << QStringLiteral("a double quote")
                                  << 3;
    QTest::newRow("backslash") << QStringLiteral("ab\\cd") << QStringLiteral("a backslash") << 3;
    QTest::newRow("e acute") << QStringLiteral("abécd")
                             << QStringLiteral("the non-ASCII character \"é\" (U+00E9)") << 3;
    QTest::newRow("U+2028 line separator")
        << QStringLiteral("ab") + QChar(0x2028) + QStringLiteral("cd")
        << QStringLiteral("the non-ASCII character U+2028") << 3;
    QTest::newRow("no-break space") << QStringLiteral("ab") + QChar(0xA0) + QStringLiteral("cd")
                                    << QStringLiteral("the non-ASCII character U+00A0") << 3;
    QTest::newRow("fullwidth colon")
        << QStringLiteral("entries：read")
        << QStringLiteral("the non-ASCII character \"：\" (U+FF1A)") << 8;
    QTest::newRow("emoji after emoji counts characters")
        << QStringLiteral("a😀b😀") << QStringLiteral("the non-ASCII character \"😀\" (U+1F600)") << 2;
    QTest::newRow("leading space") << QStringLiteral(" read") << QStringLiteral("a space") << 1;
    QTest::newRow("trailing newline")
        << QStringLiteral("read\n") << QStringLiteral("the control character U+000A") << 5;
    QTest::newRow("first of several is named")
        << QStringLiteral("a\"b c") << QStringLiteral("a double quote") << 2;
}

void TestScopeGrammar::refused() {
    QFETCH(QString, token);
    QFETCH(QString, named);
    QFETCH(int, position);
    QVERIFY(!ScopeGrammar::isScopeToken(token));
    const QString why = ScopeGrammar::explain(token);
    QCOMPARE(why,
             named + QStringLiteral(" at position %1 is not allowed in a scope (RFC 6749 §3.3)")
                         .arg(position));
}

void TestScopeGrammar::accepted_data() {
    QTest::addColumn<QString>("token");
    QTest::newRow("0x21 !") << QStringLiteral("!");
    QTest::newRow("0x23 #") << QStringLiteral("#");
    QTest::newRow("0x5B [") << QStringLiteral("[");
    QTest::newRow("0x5D ]") << QStringLiteral("]");
    QTest::newRow("0x7E ~") << QStringLiteral("~");
    QTest::newRow("all boundaries") << QStringLiteral("!#[]~");
    QTest::newRow("colon") << QStringLiteral("entries:read");
    QTest::newRow("comma is grammatical") << QStringLiteral("a,b");
    QTest::newRow("url-like") << QStringLiteral("https://api.example.com/scope.read");
    QTest::newRow("star") << QStringLiteral("*");
}

void TestScopeGrammar::accepted() {
    QFETCH(QString, token);
    QVERIFY(ScopeGrammar::isScopeToken(token));
    QCOMPARE(ScopeGrammar::explain(token), QString());
}

// The grammar, character by character: exactly 0x21, 0x23-0x5B and 0x5D-0x7E pass.
void TestScopeGrammar::everyAsciiCharacter() {
    for (uint c = 0; c < 0x100; ++c) {
        const bool expected = c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
        const QString token{QChar(char16_t(c))};
        QVERIFY2(ScopeGrammar::isScopeToken(token) == expected, qPrintable(hex(c)));
        QVERIFY2(ScopeGrammar::explain(token).isEmpty() == expected, qPrintable(hex(c)));
    }
    QVERIFY(!ScopeGrammar::isScopeToken(QString()));
    QCOMPARE(ScopeGrammar::explain(QString()), QStringLiteral("a scope cannot be empty"));
}

void TestScopeGrammar::split_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("empty") << QString() << QStringList();
    QTest::newRow("only spaces") << QStringLiteral("    ") << QStringList();
    QTest::newRow("one") << QStringLiteral("user:read") << QStringList{QStringLiteral("user:read")};
    QTest::newRow("two") << QStringLiteral("a b")
                         << QStringList{QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("run of spaces")
        << QStringLiteral("a     b") << QStringList{QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("leading and trailing")
        << QStringLiteral("  a b   ") << QStringList{QStringLiteral("a"), QStringLiteral("b")};
    QTest::newRow("order and repeats kept")
        << QStringLiteral("b a b")
        << QStringList{QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("b")};
    // Only the space separates (RFC 6749 §3.3); a tab stays inside the token, which then
    // fails the grammar instead of silently becoming two scopes.
    QTest::newRow("tab is not a separator")
        << QStringLiteral("a\tb") << QStringList{QStringLiteral("a\tb")};
    QTest::newRow("comma is not a separator")
        << QStringLiteral("a,b c") << QStringList{QStringLiteral("a,b"), QStringLiteral("c")};
}

void TestScopeGrammar::split() {
    QFETCH(QString, text);
    QFETCH(QStringList, expected);
    QCOMPARE(ScopeGrammar::split(text), expected);
}

QTEST_GUILESS_MAIN(TestScopeGrammar)
#include "tst_scopegrammar.moc"
