#include "decision/ChallengeBuilder.h"
#include "decision/ChallengeParser.h"
#include "decision/ScopeChallenge.h"
#include "decision/StepUpForecast.h"
#include "support/DecisionFixtures.h"

#include <QTest>

using namespace scopebench;
using namespace scopebench::fixtures;

namespace {

bool isDescriptionChar(char16_t c) {
    return c == 0x20 || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

// a b c d w; server [a b] [c] [a d]; tool t [c d w] [b]; w implies a.
QByteArray hintPolicy(const QString &hint) {
    return QByteArray(R"({"scopebench": 1, "realm": "R",
        "scopes": [{"name": "a"}, {"name": "b"}, {"name": "c"}, {"name": "d"}, {"name": "w"}],
        "implies": {"w": ["a"]},
        "validScopeCombinations": [["a", "b"], ["c"], ["a", "d"]],
        "toolScopes": {"t": [["c", "d", "w"], ["b"]]},
        "challenge": {"scopeHint": ")") +
           hint.toLatin1() + "\"}}";
}

QStringList s_all() {
    return {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d"),
            QStringLiteral("w")};
}

} // namespace

class TestChallengeBuilder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void build_data();
    void build();
    void sanitizeDescription_data();
    void sanitizeDescription();
    void sanitizeDescriptionKeepsExactlyTheGrammar();
    void scopeHint_data();
    void scopeHint();
    void oneChallengeIsEnough_data();
    void oneChallengeIsEnough();
    void offlineAccessIsNeverChallenged();
    void pairSearchIsBounded();
    void stepUpForecast_data();
    void stepUpForecast();
};

void TestChallengeBuilder::build_data() {
    QTest::addColumn<QString>("realm");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("description");
    QTest::addColumn<QStringList>("scope");
    QTest::addColumn<QString>("metadata");
    QTest::addColumn<QByteArray>("expected");

    const QString md =
        QStringLiteral("https://rs.example/.well-known/oauth-protected-resource/mcp");
    const QByteArray mdq = "resource_metadata=\"" + md.toLatin1() + "\"";

    QTest::newRow("every parameter, in order")
        << QStringLiteral("EpicMe") << QStringLiteral("insufficient_scope")
        << QStringLiteral("Need more") << QStringList{QStringLiteral("a"), QStringLiteral("b:c")}
        << md
        << QByteArray("Bearer realm=\"EpicMe\", error=\"insufficient_scope\", "
                      "error_description=\"Need more\", scope=\"a b:c\", " +
                      mdq);
    QTest::newRow("nothing") << QString() << QString() << QString() << QStringList() << QString()
                             << QByteArray("Bearer");
    QTest::newRow("only resource_metadata") << QString() << QString() << QString() << QStringList()
                                            << md << QByteArray("Bearer " + mdq);
    QTest::newRow("realm and metadata")
        << QStringLiteral("R") << QString() << QString() << QStringList() << md
        << QByteArray("Bearer realm=\"R\", " + mdq);
    QTest::newRow("error without description")
        << QString() << QStringLiteral("invalid_token") << QString() << QStringList() << QString()
        << QByteArray("Bearer error=\"invalid_token\"");
    QTest::newRow("realm quote and backslash escaped")
        << QStringLiteral("a\"b\\c") << QString() << QString() << QStringList() << QString()
        << QByteArray(R"(Bearer realm="a\"b\\c")");
    QTest::newRow("realm of only non-ASCII is omitted")
        << QStringLiteral("\u00e9\u4e2d\n") << QStringLiteral("invalid_token") << QString()
        << QStringList() << QString() << QByteArray("Bearer error=\"invalid_token\"");
    QTest::newRow("description loses quotes, backslashes, controls, non-ASCII")
        << QString() << QStringLiteral("invalid_token")
        << QStringLiteral("Say \"hi\" \\ back\tslash\r\n caf\u00e9!") << QStringList() << QString()
        << QByteArray("Bearer error=\"invalid_token\", error_description=\"Say hi  backslash "
                      "caf!\"");
    QTest::newRow("description of only dropped characters is omitted")
        << QStringLiteral("R") << QStringLiteral("invalid_token") << QStringLiteral("\"\\\t\u00e9")
        << QStringList() << QString() << QByteArray("Bearer realm=\"R\", error=\"invalid_token\"");
    QTest::newRow("scope keeps grammatical tokens once")
        << QString() << QStringLiteral("insufficient_scope") << QString()
        << QStringList{QStringLiteral("a"),      QStringLiteral("b c"),
                       QStringLiteral("d\"e"),   QString(),
                       QStringLiteral("\u00e9"), QStringLiteral("x\\y"),
                       QStringLiteral("ok:1"),   QStringLiteral("a"),
                       QStringLiteral("t\tab")}
        << QString() << QByteArray("Bearer error=\"insufficient_scope\", scope=\"a ok:1\"");
    // Past 16 entries the repeats are found through a set: the same result, in the same order.
    QStringList many;
    QByteArray manyExpected;
    for (int i = 0; i < 40; ++i) {
        many.append(QStringLiteral("s%1").arg(i % 25));
        if (i % 7 == 0)
            many.append(QStringLiteral("bad scope"));
        if (i < 25)
            manyExpected += (i ? " s" : "s") + QByteArray::number(i);
    }
    QTest::newRow("long scope list keeps each token once, in order")
        << QString() << QStringLiteral("insufficient_scope") << QString() << many << QString()
        << QByteArray("Bearer error=\"insufficient_scope\", scope=\"" + manyExpected + "\"");
    QTest::newRow("scope of only bad tokens is omitted")
        << QString() << QStringLiteral("insufficient_scope") << QString()
        << QStringList{QStringLiteral("a b"), QString()} << QString()
        << QByteArray("Bearer error=\"insufficient_scope\"");
    QTest::newRow("metadata with a quote cannot break out")
        << QString() << QString() << QString() << QStringList()
        << QStringLiteral("http://x/\", error=\"forged")
        << QByteArray(R"(Bearer resource_metadata="http://x/\", error=\"forged")");
}

void TestChallengeBuilder::build() {
    QFETCH(QString, realm);
    QFETCH(QString, error);
    QFETCH(QString, description);
    QFETCH(QStringList, scope);
    QFETCH(QString, metadata);
    QFETCH(QByteArray, expected);

    const ChallengeParams params{realm, error, description, scope, metadata};
    const QByteArray header = ChallengeBuilder::build(params);
    QCOMPARE(header, expected);

    // Whatever went in, the result parses as one Bearer challenge with no parameter twice.
    const auto parsed = ChallengeParser::parse(header);
    QVERIFY2(parsed.ok(), qPrintable(parsed.error().toString()));
    QCOMPARE(parsed->size(), 1);
    QCOMPARE(parsed->first().scheme, QStringLiteral("Bearer"));
    QVERIFY(parsed->first().token68.isEmpty());
    // error_description never carries a backslash, escaped or not.
    const qsizetype at = header.indexOf("error_description=\"");
    if (at >= 0) {
        const qsizetype end = header.indexOf('"', at + 19);
        QVERIFY(!header.mid(at, end - at).contains('\\'));
    }
}

void TestChallengeBuilder::sanitizeDescription_data() {
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QStringLiteral("Any of: a, (b c)")
                           << QStringLiteral("Any of: a, (b c)");
    QTest::newRow("quote") << QStringLiteral("a\"b") << QStringLiteral("ab");
    QTest::newRow("backslash") << QStringLiteral("a\\b") << QStringLiteral("ab");
    QTest::newRow("tab") << QStringLiteral("a\tb") << QStringLiteral("ab");
    QTest::newRow("newline") << QStringLiteral("a\r\nb") << QStringLiteral("ab");
    QTest::newRow("DEL") << QStringLiteral("a\x7f") << QStringLiteral("a");
    QTest::newRow("NUL") << QString(QChar(0)) + QStringLiteral("x") << QStringLiteral("x");
    QTest::newRow("latin1") << QStringLiteral("caf\u00e9") << QStringLiteral("caf");
    QTest::newRow("emoji") << QStringLiteral("ok \U0001F600") << QStringLiteral("ok ");
    QTest::newRow("all punctuation kept") << QStringLiteral("!#$%&'()*+,-./:;<=>?@[]^_`{|}~")
                                          << QStringLiteral("!#$%&'()*+,-./:;<=>?@[]^_`{|}~");
    QTest::newRow("empty") << QString() << QString();
}

void TestChallengeBuilder::sanitizeDescription() {
    QFETCH(QString, input);
    QFETCH(QString, expected);
    QCOMPARE(ChallengeBuilder::sanitizeDescription(input), expected);
}

void TestChallengeBuilder::sanitizeDescriptionKeepsExactlyTheGrammar() {
    for (uint c = 0; c <= 0xFFFF; ++c) {
        const QString in = QString(QChar(char16_t(c)));
        const QString out = ChallengeBuilder::sanitizeDescription(in);
        if (out != (isDescriptionChar(char16_t(c)) ? in : QString()))
            QFAIL(
                qPrintable(QStringLiteral("U+%1 handled wrongly").arg(c, 4, 16, QLatin1Char('0'))));
    }
}

void TestChallengeBuilder::scopeHint_data() {
    QTest::addColumn<QString>("hint");
    QTest::addColumn<bool>("credentials");
    QTest::addColumn<QStringList>("granted");
    QTest::addColumn<QString>("tool");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("scope"); // "-": no scope parameter

    const QString omit = QStringLiteral("omit");
    const QString closest = QStringLiteral("closest");
    const QString plus = QStringLiteral("closest+granted");
    const QString absent = QStringLiteral("-");
    auto s = [](const char *list) {
        return QString::fromLatin1(list).split(u' ', Qt::SkipEmptyParts);
    };

    QTest::newRow("omit: 403") << omit << true << s("") << QString() << 403 << absent;
    QTest::newRow("omit: 403 with grants") << omit << true << s("d") << QString() << 403 << absent;
    QTest::newRow("omit: no credentials") << omit << false << s("") << QString() << 401 << absent;
    QTest::newRow("closest: fewest missing")
        << closest << true << s("") << QString() << 403 << QStringLiteral("c");
    QTest::newRow("closest: three-way tie, first in policy order")
        << closest << true << s("a") << QString() << 403 << QStringLiteral("a b");
    QTest::newRow("closest: tie after the first, first of the tied")
        << closest << true << s("d") << QString() << 403 << QStringLiteral("c");
    QTest::newRow("closest: counts implied scopes as held")
        << closest << true << s("w") << QString() << 403 << QStringLiteral("a b");
    QTest::newRow("closest: ignores unknown grants")
        << closest << true << s("zz d") << QString() << 403 << QStringLiteral("c");
    QTest::newRow("closest+granted: united with the grants")
        << plus << true << s("d") << QString() << 403 << QStringLiteral("c d");
    QTest::newRow("closest+granted: no repeats")
        << plus << true << s("b") << QString() << 403 << QStringLiteral("a b");
    QTest::newRow("closest+granted: granted, not implied")
        << plus << true << s("w") << QString() << 403 << QStringLiteral("a b w");
    QTest::newRow("closest+granted: unknown grants kept")
        << plus << true << s("d zz") << QString() << 403 << QStringLiteral("c d zz");
    QTest::newRow("closest: tool level, fewest missing")
        << closest << true << s("c") << QStringLiteral("t") << 403 << QStringLiteral("b");
    QTest::newRow("closest+granted: tool level")
        << plus << true << s("c") << QStringLiteral("t") << 403 << QStringLiteral("b c");
    QTest::newRow("closest: tool level, tie to first")
        << closest << true << s("c d") << QStringLiteral("t") << 403 << QStringLiteral("c d w");
    QTest::newRow("closest+granted: tool level, tie to first")
        << plus << true << s("d c") << QStringLiteral("t") << 403 << QStringLiteral("c d w");
    QTest::newRow("closest: no credentials, the first alternative")
        << closest << false << s("") << QString() << 401 << QStringLiteral("a b");
    QTest::newRow("closest+granted: no credentials, the first alternative")
        << plus << false << s("") << QString() << 401 << QStringLiteral("a b");
    QTest::newRow("closest: no credentials for a tool call adds the tool's first")
        << closest << false << s("") << QStringLiteral("t") << 401 << QStringLiteral("a b c d w");
    // Both levels unmet on a tools/call: one challenge for the whole operation (SEP-2350). The
    // pair (server [a b], tool [b]) misses 2, fewer than any other and first among the ties.
    QTest::newRow("closest: both levels unmet, one pair for the operation")
        << closest << true << s("") << QStringLiteral("t") << 403 << QStringLiteral("a b");
    QTest::newRow("closest: both levels unmet, tie to the first pair in policy order")
        << closest << true << s("d") << QStringLiteral("t") << 403 << QStringLiteral("a b");
    QTest::newRow("closest: both levels unmet, implied scopes count as held")
        << closest << true << s("w") << QStringLiteral("t") << 403 << QStringLiteral("a b");
    QTest::newRow("closest+granted: both levels unmet, then the grants")
        << plus << true << s("d") << QStringLiteral("t") << 403 << QStringLiteral("a b d");
    QTest::newRow("omit: both levels unmet")
        << omit << true << s("d") << QStringLiteral("t") << 403 << absent;
}

// The point of SEP-2350: after one challenge, a client that asks for the union of what it had and
// what the challenge names holds enough for the operation; with closest+granted even a client
// that replaces its scopes does. Every grant over the policy's five scopes, with and without the
// tool.
void TestChallengeBuilder::oneChallengeIsEnough_data() {
    QTest::addColumn<QString>("hint");
    QTest::addColumn<QString>("tool");
    for (const char *hint : {"closest", "closest+granted"}) {
        for (const char *tool : {"", "t"}) {
            QTest::addRow("%s, tool \"%s\"", hint, tool)
                << QString::fromLatin1(hint) << QString::fromLatin1(tool);
        }
    }
}

void TestChallengeBuilder::oneChallengeIsEnough() {
    QFETCH(QString, hint);
    QFETCH(QString, tool);
    const CompiledPolicy policy(policyFrom(hintPolicy(hint)));
    const QStringList all{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"),
                          QStringLiteral("d"), QStringLiteral("w")};
    int forbidden = 0;
    for (int mask = 0; mask < 32; ++mask) {
        QStringList granted;
        for (int i = 0; i < 5; ++i) {
            if (mask & (1 << i))
                granted.append(all[i]);
        }
        const RequestFacts request = requestWith({"Bearer abc"}, tool);
        const Decision d = Decider::decide(policy, request, activeToken(granted), Now);
        if (d.status() != 403)
            continue;
        ++forbidden;
        const StepUpForecast f = StepUpForecast::forecast(policy, request, d, granted);
        QVERIFY(f.asksAgain);
        QVERIFY(f.fromChallenge);
        const QString where = granted.join(QLatin1Char(' '));
        QVERIFY2(f.unionPasses, qPrintable(where));
        const Decision again = Decider::decide(policy, request, activeToken(f.unionClient), Now);
        QVERIFY2(again.outcome == Outcome::Allow, qPrintable(where));
        if (hint == QLatin1String("closest+granted"))
            QVERIFY2(f.replacePasses, qPrintable(where));
    }
    QVERIFY(forbidden > 0);
}

void TestChallengeBuilder::offlineAccessIsNeverChallenged() {
    const CompiledPolicy policy(policyFrom(R"({"scopebench": 1,
        "scopes": ["a", "b", "offline_access"],
        "validScopeCombinations": [["offline_access", "a"]],
        "toolScopes": {"t": [["b", "offline_access"]]},
        "challenge": {"scopeHint": "closest+granted"}})"));
    const RequestFacts request = requestWith({"Bearer abc"}, QStringLiteral("t"));
    const Decision forbidden = Decider::decide(
        policy, request, activeToken({QStringLiteral("offline_access"), QStringLiteral("z")}), Now);
    QCOMPARE(forbidden.status(), 403);
    QCOMPARE(ChallengeParser::parse(forbidden.response.header("WWW-Authenticate"))
                 ->first()
                 .param(QStringLiteral("scope")),
             QStringLiteral("a b z"));
    const Decision unauthorized =
        Decider::decide(policy, requestWith({}, QStringLiteral("t")), activeToken({}), Now);
    QCOMPARE(unauthorized.status(), 401);
    QCOMPARE(ChallengeParser::parse(unauthorized.response.header("WWW-Authenticate"))
                 ->first()
                 .param(QStringLiteral("scope")),
             QStringLiteral("a b"));
    QCOMPARE(policy.policy().publishedScopes(), QStringList{QStringLiteral("a")});
}

// Past ScopeChallenge::MaxPairs the levels are chosen one after the other: the tool's closest,
// then the server's closest given it. Still one challenge, still deterministic.
void TestChallengeBuilder::pairSearchIsBounded() {
    Policy p;
    p.challenge.scopeHint = ScopeHint::Closest;
    for (int i = 0; i < 300; ++i) {
        p.validScopeCombinations.append({QStringLiteral("s%1").arg(i), QStringLiteral("x")});
    }
    ToolRequirement t{QStringLiteral("t"), {}};
    for (int i = 0; i < 300; ++i)
        t.alternatives.append({QStringLiteral("t%1").arg(i), QStringLiteral("q")});
    t.alternatives.append({QStringLiteral("x"), QStringLiteral("y")});
    p.toolScopes.append(t);
    const CompiledPolicy policy(p);
    QVERIFY(qsizetype(300) * 301 > ScopeChallenge::MaxPairs);
    const QStringList granted{QStringLiteral("x")};
    const QStringList hint = ScopeChallenge::forForbidden(policy, QStringLiteral("t"),
                                                          policy.effectiveBits(granted), granted);
    // Tool: [x y] misses one (y), the first with the fewest; server: [s0 x] then misses s0.
    QCOMPARE(hint, (QStringList{QStringLiteral("s0"), QStringLiteral("x"), QStringLiteral("y")}));
}

void TestChallengeBuilder::stepUpForecast_data() {
    QTest::addColumn<QString>("hint");
    QTest::addColumn<QStringList>("requested");
    QTest::addColumn<QString>("tool");
    QTest::addColumn<QStringList>("unionClient");
    QTest::addColumn<bool>("unionPasses");
    QTest::addColumn<QStringList>("replaceClient");
    QTest::addColumn<bool>("replacePasses");
    auto s = [](const char *list) {
        return QString::fromLatin1(list).split(u' ', Qt::SkipEmptyParts);
    };
    // Token {c}: server met by [c]; tool t closest is [b].
    QTest::newRow("closest, tool unmet: a replace-client loses server access")
        << QStringLiteral("closest") << s("c") << QStringLiteral("t") << s("c b") << true << s("b")
        << false;
    QTest::newRow("closest+granted: both converge")
        << QStringLiteral("closest+granted") << s("c") << QStringLiteral("t") << s("c b") << true
        << s("b c") << true;
    // omit: no scope in the challenge, both fall back to scopes_supported (the first alternative).
    QTest::newRow("omit: both fall back to scopes_supported")
        << QStringLiteral("omit") << s("c") << QStringLiteral("t") << s("c a b") << true << s("a b")
        << true;
}

void TestChallengeBuilder::stepUpForecast() {
    QFETCH(QString, hint);
    QFETCH(QStringList, requested);
    QFETCH(QString, tool);
    QFETCH(QStringList, unionClient);
    QFETCH(bool, unionPasses);
    QFETCH(QStringList, replaceClient);
    QFETCH(bool, replacePasses);
    const CompiledPolicy policy(policyFrom(hintPolicy(hint)));
    const RequestFacts request = requestWith({"Bearer abc"}, tool);
    const Decision d = Decider::decide(policy, request, activeToken(requested), Now);
    QCOMPARE(d.status(), 403);
    const StepUpForecast f = StepUpForecast::forecast(policy, request, d, requested);
    QVERIFY(f.asksAgain);
    QCOMPARE(f.unionClient, unionClient);
    QCOMPARE(f.unionPasses, unionPasses);
    QCOMPARE(f.replaceClient, replaceClient);
    QCOMPARE(f.replacePasses, replacePasses);

    const Decision allowed = Decider::decide(policy, request, activeToken(s_all()), Now);
    QCOMPARE(StepUpForecast::forecast(policy, request, allowed, requested).asksAgain, false);
}

void TestChallengeBuilder::scopeHint() {
    QFETCH(QString, hint);
    QFETCH(bool, credentials);
    QFETCH(QStringList, granted);
    QFETCH(QString, tool);
    QFETCH(int, status);
    QFETCH(QString, scope);

    const CompiledPolicy policy(policyFrom(hintPolicy(hint)));
    QCOMPARE(Policy::scopeHintName(policy.policy().challenge.scopeHint), hint);
    const Decision d = Decider::decide(
        policy,
        requestWith(credentials ? QList<QByteArray>{"Bearer abc"} : QList<QByteArray>{}, tool),
        activeToken(granted), Now);
    QCOMPARE(d.status(), status);
    const auto parsed = ChallengeParser::parse(d.response.header("WWW-Authenticate"));
    QVERIFY2(parsed.ok(), qPrintable(parsed.error().toString()));
    const Challenge &c = parsed->first();
    if (scope == QLatin1String("-"))
        QVERIFY(!c.hasParam(QStringLiteral("scope")));
    else
        QCOMPARE(c.param(QStringLiteral("scope")), scope);
    // The description lists every alternative whatever the hint.
    if (status == 403 && tool.isEmpty())
        QCOMPARE(c.param(QStringLiteral("error_description")),
                 QStringLiteral("Any of the following combinations of scopes is valid: (a b), c, "
                                "(a d)"));
}

QTEST_GUILESS_MAIN(TestChallengeBuilder)
#include "tst_challengebuilder.moc"
