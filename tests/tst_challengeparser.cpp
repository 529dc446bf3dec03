#include "decision/ChallengeBuilder.h"
#include "decision/ChallengeParser.h"

#include <QRandomGenerator>
#include <QTest>

using namespace scopebench;

namespace {

// "Scheme{name=value,...}" or "Scheme[token68]", challenges joined by '|'.
QString render(const QList<Challenge> &challenges) {
    QStringList parts;
    for (const auto &c : challenges) {
        if (!c.token68.isEmpty()) {
            parts.append(c.scheme + QLatin1Char('[') + c.token68 + QLatin1Char(']'));
            continue;
        }
        QStringList params;
        for (const auto &p : c.params)
            params.append(p.first + QLatin1Char('=') + p.second);
        parts.append(c.scheme + QLatin1Char('{') + params.join(QLatin1Char(',')) +
                     QLatin1Char('}'));
    }
    return parts.join(QLatin1Char('|'));
}

// The builder's rules, written again independently of it.
QString keepPrintable(const QString &s) {
    QString out;
    for (const QChar ch : s) {
        if (ch.unicode() >= 0x20 && ch.unicode() <= 0x7E)
            out += ch;
    }
    return out;
}
QString keepDescription(const QString &s) {
    QString out;
    for (const QChar ch : keepPrintable(s)) {
        if (ch != u'"' && ch != u'\\')
            out += ch;
    }
    return out;
}
bool isScope(const QString &s) {
    return !s.isEmpty() && keepDescription(s) == s && !s.contains(u' ');
}

QString randomText(QRandomGenerator &rng, const QStringList &alphabet, int maxPieces) {
    QString out;
    const int n = int(rng.bounded(maxPieces + 1));
    for (int i = 0; i < n; ++i)
        out += alphabet.at(int(rng.bounded(int(alphabet.size()))));
    return out;
}

} // namespace

class TestChallengeParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void accessors();
    void oversized_data();
    void oversized();
    void manyParametersWithinTheLimit();
    void roundTrip_data();
    void roundTrip();
};

void TestChallengeParser::parse_data() {
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("expected"); // empty: an error

    QTest::newRow("several challenges")
        << QByteArray(R"(Basic realm="x", Bearer realm="y", error="invalid_token")")
        << QStringLiteral("Basic{realm=x}|Bearer{realm=y,error=invalid_token}");
    QTest::newRow("token68 with padding")
        << QByteArray("Negotiate abc==") << QStringLiteral("Negotiate[abc==]");
    QTest::newRow("token68 with one =")
        << QByteArray("Newauth abc=") << QStringLiteral("Newauth[abc=]");
    QTest::newRow("token68 then a challenge")
        << QByteArray(R"(Negotiate a/b+c==, Bearer realm="r")")
        << QStringLiteral("Negotiate[a/b+c==]|Bearer{realm=r}");
    QTest::newRow("token68 without padding")
        << QByteArray("Newauth abc") << QStringLiteral("Newauth[abc]");
    QTest::newRow("scheme only") << QByteArray("Bearer") << QStringLiteral("Bearer{}");
    QTest::newRow("schemes only") << QByteArray("Basic, Bearer")
                                  << QStringLiteral("Basic{}|Bearer{}");
    QTest::newRow("quoted-pair") << QByteArray(R"(Bearer realm="a\"b\\c\d")")
                                 << QStringLiteral("Bearer{realm=a\"b\\cd}");
    QTest::newRow("empty quoted value")
        << QByteArray(R"(Bearer realm="")") << QStringLiteral("Bearer{realm=}");
    QTest::newRow("names case-insensitive, lowercased")
        << QByteArray(R"(BEARER REALM="x", Error="y")")
        << QStringLiteral("BEARER{realm=x,error=y}");
    QTest::newRow("OWS around = and commas")
        << QByteArray("Bearer realm = \"x\" , error= y ,scope =\"a b\"\t,  error_uri\t=\t\"u\"")
        << QStringLiteral("Bearer{realm=x,error=y,scope=a b,error_uri=u}");
    QTest::newRow("leading and trailing blanks")
        << QByteArray("  Bearer realm=\"x\"  ") << QStringLiteral("Bearer{realm=x}");
    QTest::newRow("empty list elements") << QByteArray(R"(, Bearer realm="x",, , error="e",)")
                                         << QStringLiteral("Bearer{realm=x,error=e}");
    QTest::newRow("scope= inside a quoted description")
        << QByteArray(R"(Bearer error_description="use scope=\"admin\" now", realm="r")")
        << QStringLiteral("Bearer{error_description=use scope=\"admin\" now,realm=r}");
    QTest::newRow("comma and scheme inside a quoted description")
        << QByteArray(R"(Bearer error_description="x, Basic scope=admin, y=z", realm="r")")
        << QStringLiteral("Bearer{error_description=x, Basic scope=admin, y=z,realm=r}");
    QTest::newRow("token value") << QByteArray("Bearer error=invalid_token")
                                 << QStringLiteral("Bearer{error=invalid_token}");
    QTest::newRow("same parameter in two challenges")
        << QByteArray(R"(Basic realm="a", Bearer realm="b")")
        << QStringLiteral("Basic{realm=a}|Bearer{realm=b}");
    QTest::newRow("obs-text kept")
        << QByteArray("Bearer realm=\"caf\xe9\"") << QStringLiteral("Bearer{realm=caf\u00e9}");
    QTest::newRow("tab inside a quoted string")
        << QByteArray("Bearer realm=\"a\tb\"") << QStringLiteral("Bearer{realm=a\tb}");

    const QString error;
    QTest::newRow("duplicate parameter") << QByteArray(R"(Bearer realm="a", realm="b")") << error;
    QTest::newRow("duplicate parameter, other case")
        << QByteArray(R"(Bearer realm="a", REALM="b")") << error;
    QTest::newRow("duplicate parameter, token form")
        << QByteArray(R"(Bearer error=a, error="b")") << error;
    QTest::newRow("unterminated quote") << QByteArray(R"(Bearer realm="abc)") << error;
    QTest::newRow("unterminated after backslash") << QByteArray("Bearer realm=\"abc\\") << error;
    QTest::newRow("only a quote") << QByteArray("Bearer realm=\"") << error;
    QTest::newRow("empty header") << QByteArray() << error;
    QTest::newRow("blank header") << QByteArray(" \t ") << error;
    QTest::newRow("only commas") << QByteArray(", ,") << error;
    QTest::newRow("no scheme") << QByteArray(R"(="x")") << error;
    QTest::newRow("quoted scheme") << QByteArray(R"("Bearer")") << error;
    QTest::newRow("missing comma between parameters")
        << QByteArray(R"(Bearer realm="x" error="y")") << error;
    QTest::newRow("parameter without value") << QByteArray(R"(Bearer realm="x", error=)") << error;
    QTest::newRow("garbage after the scheme") << QByteArray("Bearer @@@") << error;
    QTest::newRow("garbage in the scheme") << QByteArray("Bea{rer realm=\"x\"") << error;
    QTest::newRow("control character in a quoted string")
        << QByteArray("Bearer realm=\"a\x01b\"") << error;
    QTest::newRow("NUL") << QByteArray("Bearer realm=\"a\0b\"", 17) << error;
    QTest::newRow("CR LF") << QByteArray("Bearer realm=\"a\r\nb\"") << error;
    QTest::newRow("token68 followed by junk") << QByteArray("Negotiate abc== def") << error;
    QTest::newRow("binary") << QByteArray("\xff\xfe\x00\x01", 4) << error;
}

void TestChallengeParser::parse() {
    QFETCH(QByteArray, header);
    QFETCH(QString, expected);
    const auto parsed = ChallengeParser::parse(header);
    if (expected.isEmpty()) {
        QVERIFY(!parsed.ok());
        QVERIFY(!parsed.error().message.isEmpty());
        QVERIFY(parsed.error().where.startsWith(QLatin1String("WWW-Authenticate")));
        return;
    }
    QVERIFY2(parsed.ok(), qPrintable(parsed.error().toString()));
    QCOMPARE(render(parsed.value()), expected);
}

void TestChallengeParser::accessors() {
    const auto parsed = ChallengeParser::parse(R"(bEaReR Realm="x", ERROR="e")");
    QVERIFY(parsed.ok());
    const Challenge &c = parsed->first();
    QVERIFY(c.isScheme(QStringLiteral("Bearer")));
    QVERIFY(!c.isScheme(QStringLiteral("Basic")));
    QVERIFY(c.hasParam(QStringLiteral("Error")));
    QCOMPARE(c.param(QStringLiteral("REALM")), QStringLiteral("x"));
    QVERIFY(!c.hasParam(QStringLiteral("scope")));
    QCOMPARE(c.param(QStringLiteral("scope")), QString());
}

void TestChallengeParser::oversized_data() {
    QTest::addColumn<QByteArray>("header");
    const int mib = 1024 * 1024;
    QTest::newRow("1 MiB quoted string") << QByteArray("Bearer realm=\"") + QByteArray(mib, 'a');
    QTest::newRow("1 MiB of parameters")
        << QByteArray("Bearer ") + QByteArray("a=b, ").repeated(mib / 5);
    QTest::newRow("1 MiB of backslashes")
        << QByteArray("Bearer realm=\"") + QByteArray(mib, '\\') + '"';
    QTest::newRow("1 MiB of commas") << QByteArray(mib, ',');
    QTest::newRow("one byte over the limit")
        << QByteArray("Bearer realm=\"") + QByteArray(ChallengeParser::MaxLength, 'a') + '"';
}

void TestChallengeParser::oversized() {
    QFETCH(QByteArray, header);
    const auto parsed = ChallengeParser::parse(header);
    QVERIFY(!parsed.ok());
    QVERIFY(parsed.error().message.contains(QString::number(ChallengeParser::MaxLength)));
}

void TestChallengeParser::manyParametersWithinTheLimit() {
    QByteArray header = "Bearer ";
    int count = 0;
    while (header.size() < ChallengeParser::MaxLength - 32) {
        header += (count ? ", p" : "p") + QByteArray::number(count) + "=\"v\"";
        ++count;
    }
    const auto parsed = ChallengeParser::parse(header);
    QVERIFY2(parsed.ok(), qPrintable(parsed.error().toString()));
    QCOMPARE(parsed->first().params.size(), count);
    QCOMPARE(parsed->first().params.last().first, QStringLiteral("p%1").arg(count - 1));

    // The same with a repeat at the very end is refused.
    const auto repeated = ChallengeParser::parse(header + ", P0=\"w\"");
    QVERIFY(!repeated.ok());
}

void TestChallengeParser::roundTrip_data() {
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<QStringList>("alphabet");

    const QStringList plain{QStringLiteral("a"), QStringLiteral("Z"), QStringLiteral("0"),
                            QStringLiteral(" "), QStringLiteral(":"), QStringLiteral("/"),
                            QStringLiteral("."), QStringLiteral("-")};
    QStringList hostile = plain;
    hostile << QStringLiteral("\"") << QStringLiteral("\\") << QStringLiteral(",")
            << QStringLiteral("=") << QStringLiteral("\t") << QStringLiteral("\r\n")
            << QString(QChar(0)) << QStringLiteral("\x7f") << QStringLiteral("scope=\"x\"")
            << QStringLiteral(", Basic realm=\"") << QStringLiteral("\\\"");
    QStringList unicode = hostile;
    unicode << QStringLiteral("\u00e9") << QStringLiteral("\u4e2d") << QStringLiteral("\U0001F600")
            << QStringLiteral("\u2028") << QStringLiteral("\ufeff");
    QTest::newRow("plain") << quint32(1) << plain;
    QTest::newRow("hostile ASCII") << quint32(2) << hostile;
    QTest::newRow("hostile with non-ASCII") << quint32(3) << unicode;
    QTest::newRow("hostile with non-ASCII, another seed") << quint32(20261126) << unicode;
}

void TestChallengeParser::roundTrip() {
    QFETCH(quint32, seed);
    QFETCH(QStringList, alphabet);
    QRandomGenerator rng(seed);

    for (int i = 0; i < 500; ++i) {
        ChallengeParams p;
        p.realm = randomText(rng, alphabet, 8);
        p.error = randomText(rng, alphabet, 3);
        p.errorDescription = randomText(rng, alphabet, 30);
        const int scopes = int(rng.bounded(5));
        for (int s = 0; s < scopes; ++s)
            p.scope.append(randomText(rng, alphabet, 4));
        p.resourceMetadata = randomText(rng, alphabet, 12);

        QList<QPair<QString, QString>> expected;
        auto expect = [&](const char *name, const QString &value) {
            if (!value.isEmpty())
                expected.append({QString::fromLatin1(name), value});
        };
        expect("realm", keepPrintable(p.realm));
        expect("error", keepDescription(p.error));
        expect("error_description", keepDescription(p.errorDescription));
        QStringList scope;
        for (const auto &s : p.scope) {
            if (isScope(s) && !scope.contains(s))
                scope.append(s);
        }
        expect("scope", scope.join(u' '));
        expect("resource_metadata", keepPrintable(p.resourceMetadata));

        const QByteArray header = ChallengeBuilder::build(p);
        const auto parsed = ChallengeParser::parse(header);
        const QByteArray where =
            "seed " + QByteArray::number(seed) + ", case " + QByteArray::number(i) + ": " + header;
        QVERIFY2(parsed.ok(), where.constData());
        QVERIFY2(parsed->size() == 1, where.constData());
        const Challenge &c = parsed->first();
        QVERIFY2(c.scheme == QLatin1String("Bearer") && c.token68.isEmpty(), where.constData());
        QVERIFY2(c.params == expected, where.constData());
    }
}

QTEST_GUILESS_MAIN(TestChallengeParser)
#include "tst_challengeparser.moc"
