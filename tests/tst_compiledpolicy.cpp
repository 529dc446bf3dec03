#include "decision/CompiledPolicy.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include <functional>

using namespace scopebench;

namespace {

QString scopeName(int i) {
    return QStringLiteral("s%1").arg(i);
}

// The semantics of docs/policy-format.md, written the slow way.
QSet<QString> closure(const Policy &p, const QStringList &granted) {
    const QStringList names = p.allScopeNames();
    const QSet<QString> known(names.cbegin(), names.cend());
    QSet<QString> out;
    QStringList queue = granted;
    while (!queue.isEmpty()) {
        const QString s = queue.takeFirst();
        if (!known.contains(s) || out.contains(s))
            continue;
        out.insert(s);
        for (const auto &imp : p.implies) {
            if (imp.scope == s)
                queue += imp.grants;
        }
    }
    return out;
}

int naiveFirstMet(const ScopeAlternatives &alternatives, const QSet<QString> &have) {
    for (int a = 0; a < alternatives.size(); ++a) {
        bool met = true;
        for (const auto &s : alternatives[a])
            met = met && have.contains(s);
        if (met)
            return a;
    }
    return -1;
}

int naiveClosest(const ScopeAlternatives &alternatives, const QSet<QString> &have) {
    int best = -1;
    int bestMissing = 0;
    for (int a = 0; a < alternatives.size(); ++a) {
        int missing = 0;
        for (const auto &s : QSet<QString>(alternatives[a].cbegin(), alternatives[a].cend()))
            missing += have.contains(s) ? 0 : 1;
        if (best < 0 || missing < bestMissing) {
            best = a;
            bestMissing = missing;
        }
    }
    return best;
}

} // namespace

class TestCompiledPolicy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void agreesWithTheSlowSemantics_data();
    void agreesWithTheSlowSemantics();
    void precomputedResponses();
    void unusableResourceFallsBackToTheDefault_data();
    void unusableResourceFallsBackToTheDefault();
    void closureOfLongChainsAndCycles_data();
    void closureOfLongChainsAndCycles();
};

void TestCompiledPolicy::agreesWithTheSlowSemantics_data() {
    QTest::addColumn<int>("scopes");
    QTest::addColumn<quint32>("seed");
    // Around the word boundaries of the bitsets: one word, two words, more.
    for (int n : {1, 5, 63, 64, 65, 127, 128, 129, 300})
        QTest::addRow("%d scopes", n) << n << quint32(n * 7919);
}

void TestCompiledPolicy::agreesWithTheSlowSemantics() {
    QFETCH(int, scopes);
    QFETCH(quint32, seed);
    QRandomGenerator rng(seed);

    Policy p;
    for (int i = 0; i < scopes; ++i)
        p.scopes.append({scopeName(i), QString()});
    for (int i = 0; i < scopes / 4; ++i)
        p.implies.append(
            {scopeName(int(rng.bounded(scopes))),
             {scopeName(int(rng.bounded(scopes))), scopeName(int(rng.bounded(scopes)))}});
    auto combination = [&] {
        ScopeCombination c;
        const int size = int(rng.bounded(1, 5));
        for (int k = 0; k < size; ++k)
            c.append(scopeName(int(rng.bounded(scopes))));
        return c;
    };
    for (int a = 0; a < 40; ++a)
        p.validScopeCombinations.append(combination());
    p.toolScopes.append({QStringLiteral("tool"), {combination(), combination()}});
    const CompiledPolicy compiled(p);
    const QStringList names = p.allScopeNames();

    for (int round = 0; round < 300; ++round) {
        QStringList granted;
        const int count = int(rng.bounded(0, 8));
        for (int k = 0; k < count; ++k)
            granted.append(scopeName(int(rng.bounded(scopes))));
        if (rng.bounded(4) == 0)
            granted.append(QStringLiteral("not-in-the-policy"));
        const QSet<QString> have = closure(p, granted);
        const CompiledPolicy::Bits bits = compiled.effectiveBits(granted);

        const auto &server = compiled.serverAlternatives();
        const QByteArray where =
            "round " + QByteArray::number(round) + ", granted " + granted.join(u' ').toLatin1();
        QVERIFY2(compiled.firstMet(server, bits) == naiveFirstMet(p.validScopeCombinations, have),
                 where.constData());
        QVERIFY2(compiled.closest(server, bits) == naiveClosest(p.validScopeCombinations, have),
                 where.constData());
        const auto *tool = compiled.toolAlternatives(QStringLiteral("tool"));
        QVERIFY(tool);
        QVERIFY2(compiled.firstMet(*tool, bits) ==
                     naiveFirstMet(p.toolScopes[0].alternatives, have),
                 where.constData());
        const QStringList effective = compiled.effectiveScopes(granted);
        QSet<QString> effectiveKnown;
        for (const auto &s : effective) {
            if (names.contains(s))
                effectiveKnown.insert(s);
        }
        QVERIFY2(effectiveKnown == have, where.constData());
        const auto gaps = compiled.gaps(server, granted);
        QCOMPARE(gaps.size(), p.validScopeCombinations.size());
        for (int a = 0; a < gaps.size(); ++a)
            QCOMPARE(gaps[a].missing.isEmpty(),
                     naiveFirstMet({p.validScopeCombinations[a]}, have) == 0);
    }
}

void TestCompiledPolicy::precomputedResponses() {
    Policy p;
    p.realm = QStringLiteral("R");
    p.scopes = {{QStringLiteral("a"), QString()}, {QStringLiteral("b"), QString()}};
    p.validScopeCombinations = {{QStringLiteral("a"), QStringLiteral("b")}, {QStringLiteral("b")}};
    const CompiledPolicy omit(p);
    const auto &set = omit.serverAlternatives();
    QCOMPARE(set.description,
             QStringLiteral("Any of the following combinations of scopes is valid: (a b), b"));
    QCOMPARE(set.metBy, (QStringList{QStringLiteral("met by a b"), QStringLiteral("met by b")}));
    QCOMPARE(set.forbiddenBody,
             QByteArray(R"({"error":"insufficient_scope","error_description":"Any of the )"
                        R"(following combinations of scopes is valid: (a b), b"})"));
    QCOMPARE(set.forbiddenChallenge,
             QByteArray("Bearer realm=\"R\", error=\"insufficient_scope\", error_description=\"Any "
                        "of the following combinations of scopes is valid: (a b), b\", "
                        "resource_metadata=\"http://127.0.0.1:8787/.well-known/"
                        "oauth-protected-resource/mcp\""));

    // With a hint the challenge depends on the token, so none is kept.
    p.challenge.scopeHint = ScopeHint::Closest;
    QVERIFY(CompiledPolicy(p).serverAlternatives().forbiddenChallenge.isEmpty());
}

void TestCompiledPolicy::unusableResourceFallsBackToTheDefault_data() {
    QTest::addColumn<QString>("inPolicy");
    QTest::addColumn<QString>("given");
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("metadata");
    QTest::addColumn<QString>("problem"); // expected within resourceProblem(); empty: none
    const QString def = QStringLiteral("http://127.0.0.1:8787/mcp");
    const QString defMetadata =
        QStringLiteral("http://127.0.0.1:8787/.well-known/oauth-protected-resource/mcp");
    QTest::newRow("none: the default") << ""
                                       << "" << def << defMetadata << "";
    QTest::newRow("the policy's") << "https://h.example/a"
                                  << ""
                                  << "https://h.example/a"
                                  << "https://h.example/.well-known/oauth-protected-resource/a"
                                  << "";
    QTest::newRow("given wins") << "https://h.example/a"
                                << "https://g.example"
                                << "https://g.example"
                                << "https://g.example/.well-known/oauth-protected-resource"
                                << "";
    QTest::newRow("relative in the policy")
        << "/mcp"
        << "" << def << defMetadata
        << "the resource \"/mcp\" is not usable (not an absolute URI); deciding for "
           "http://127.0.0.1:8787/mcp instead";
    QTest::newRow("no scheme") << "mcp.example.com/mcp"
                               << "" << def << defMetadata
                               << "\"mcp.example.com/mcp\" is not usable";
    QTest::newRow("no host") << "http:///mcp"
                             << "" << def << defMetadata << "no host";
    QTest::newRow("ftp given") << "https://h.example/a"
                               << "ftp://h.example/a" << def << defMetadata
                               << "\"ftp://h.example/a\" is not usable";
    QTest::newRow("fragment") << "https://h.example/a#b"
                              << "" << def << defMetadata << "fragment";
}

void TestCompiledPolicy::unusableResourceFallsBackToTheDefault() {
    QFETCH(QString, inPolicy);
    QFETCH(QString, given);
    QFETCH(QString, resource);
    QFETCH(QString, metadata);
    QFETCH(QString, problem);
    Policy p;
    p.resource = inPolicy;
    p.scopes = {{QStringLiteral("a"), QString()}};
    p.validScopeCombinations = {{QStringLiteral("a")}};
    const CompiledPolicy compiled(p, given);
    QCOMPARE(compiled.resource(), resource);
    QCOMPARE(compiled.resourceMetadataUrl(), metadata);
    QVERIFY(compiled.serverAlternatives().forbiddenChallenge.contains(
        QByteArray(QByteArray("resource_metadata=\"") + metadata.toLatin1() + '"')));
    if (problem.isEmpty())
        QCOMPARE(compiled.resourceProblem(), QString());
    else
        QVERIFY2(compiled.resourceProblem().contains(problem),
                 qPrintable(compiled.resourceProblem()));
}

void TestCompiledPolicy::closureOfLongChainsAndCycles_data() {
    QTest::addColumn<QString>("shape");
    QTest::addColumn<int>("scopes");
    // Deep enough that a recursive walk would be at risk, at the file format's limit of scopes.
    for (int n : {2, 65, 4096}) {
        QTest::addRow("chain down, %d", n) << QStringLiteral("down") << n;
        QTest::addRow("chain up, %d", n) << QStringLiteral("up") << n;
        QTest::addRow("one cycle, %d", n) << QStringLiteral("cycle") << n;
        QTest::addRow("chain into a cycle, %d", n) << QStringLiteral("tail") << n;
        QTest::addRow("star, %d", n) << QStringLiteral("star") << n;
    }
}

void TestCompiledPolicy::closureOfLongChainsAndCycles() {
    QFETCH(QString, shape);
    QFETCH(int, scopes);
    // s0 .. s(n-1) in the catalog; `reaches(i)` is how many scopes s(i)'s closure holds.
    Policy p;
    for (int i = 0; i < scopes; ++i)
        p.scopes.append({scopeName(i), QString()});
    std::function<int(int)> reaches;
    const int half = scopes / 2;
    if (shape == QLatin1String("down")) { // s0 -> s1 -> ... (written first to last)
        for (int i = 0; i + 1 < scopes; ++i)
            p.implies.append({scopeName(i), {scopeName(i + 1)}});
        reaches = [=](int i) { return scopes - i; };
    } else if (shape == QLatin1String("up")) { // the same chain written last to first
        for (int i = scopes - 2; i >= 0; --i)
            p.implies.append({scopeName(i), {scopeName(i + 1)}});
        reaches = [=](int i) { return scopes - i; };
    } else if (shape == QLatin1String("cycle")) {
        for (int i = 0; i < scopes; ++i)
            p.implies.append({scopeName(i), {scopeName((i + 1) % scopes)}});
        reaches = [=](int) { return scopes; };
    } else if (shape == QLatin1String("tail")) { // s0 .. s(half-1) chain into a cycle of the rest
        for (int i = 0; i + 1 < scopes; ++i)
            p.implies.append({scopeName(i), {scopeName(i + 1)}});
        p.implies.append({scopeName(scopes - 1), {scopeName(half)}});
        reaches = [=](int i) { return i < half ? scopes - i : scopes - half; };
    } else { // s0 implies everything, nothing else implies anything
        QStringList all;
        for (int i = 1; i < scopes; ++i)
            all.append(scopeName(i));
        p.implies.append({scopeName(0), all});
        reaches = [=](int i) { return i == 0 ? scopes : 1; };
    }
    const CompiledPolicy compiled(p);
    for (int i : {0, 1, half, scopes - 1}) {
        const CompiledPolicy::Bits bits = compiled.effectiveBits({scopeName(i)});
        int count = 0;
        for (const quint64 word : bits)
            count += int(qPopulationCount(word));
        QCOMPARE(count, reaches(i));
        QCOMPARE(compiled.effectiveScopes({scopeName(i)}).size(), reaches(i));
        // Every closure holds its own scope and the last scope reachable.
        QVERIFY(compiled.effectiveScopes({scopeName(i)}).contains(scopeName(i)));
    }
    // The slow semantics agree on a sample.
    const QSet<QString> slow = closure(p, {scopeName(half)});
    const QStringList fast = compiled.effectiveScopes({scopeName(half)});
    QCOMPARE(QSet<QString>(fast.cbegin(), fast.cend()), slow);
}

QTEST_GUILESS_MAIN(TestCompiledPolicy)
#include "tst_compiledpolicy.moc"
