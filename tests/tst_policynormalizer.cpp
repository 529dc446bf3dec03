#include "decision/CompiledPolicy.h"
#include "policy/PolicyFile.h"
#include "policy/PolicyNormalizer.h"

#include <QRandomGenerator>
#include <QTest>

using namespace scopebench;

class TestPolicyNormalizer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void alternatives_data();
    void alternatives();
    void perPolicyAndPerTool();
    void normalPolicyHasNoChanges_data();
    void normalPolicyHasNoChanges();
    void neverChangesADecision_data();
    void neverChangesADecision();
};

namespace {
// "a b | a | " -> [[a, b], [a], []]; "" -> no combinations at all.
ScopeAlternatives alts(const char *text) {
    ScopeAlternatives out;
    const QString s = QString::fromUtf8(text);
    if (s.isEmpty())
        return out;
    for (const auto &part : s.split(u'|'))
        out.append(part.split(u' ', Qt::SkipEmptyParts));
    return out;
}

QString S(const char *s) {
    return QString::fromUtf8(s);
}
} // namespace

void TestPolicyNormalizer::alternatives_data() {
    QTest::addColumn<ScopeAlternatives>("input");
    QTest::addColumn<ScopeAlternatives>("expected");
    QTest::addColumn<QStringList>("changes");

    QTest::newRow("no combinations") << alts("") << alts("") << QStringList();
    QTest::newRow("already normal") << alts("a | b c | d") << alts("a | b c | d") << QStringList();
    QTest::newRow("repeated scope dropped")
        << alts("a b a | c") << alts("a b | c")
        << QStringList{S("dropped the repeated scope a from (a b a)")};
    QTest::newRow("scope repeated three times")
        << alts("b b b") << alts("b")
        << QStringList{S("dropped the repeated scope b from (b b b)"),
                       S("dropped the repeated scope b from (b b b)")};
    QTest::newRow("duplicate dropped, first kept")
        << alts("b a | c | a b") << alts("b a | c")
        << QStringList{S("dropped (a b), a duplicate of (b a)")};
    QTest::newRow("duplicate after removing repeats")
        << alts("a | a a") << alts("a")
        << QStringList{S("dropped the repeated scope a from (a a)"),
                       S("dropped (a), a duplicate of (a)")};
    QTest::newRow("superset absorbed")
        << alts("a b | a") << alts("a")
        << QStringList{S("dropped (a b), absorbed by (a): it is enough on its own")};
    QTest::newRow("superset absorbed by a later survivor, named")
        << alts("a b c | a b | a") << alts("a")
        << QStringList{S("dropped (a b c), absorbed by (a): it is enough on its own"),
                       S("dropped (a b), absorbed by (a): it is enough on its own")};
    QTest::newRow("empty set absorbs all")
        << alts("a | | b c") << ScopeAlternatives{QStringList()}
        << QStringList{
               S("dropped (a), absorbed by the empty combination (): it is enough on its own"),
               S("dropped (b c), absorbed by the empty combination (): it is enough on its own")};
    QTest::newRow("two empty sets")
        << alts(" | ") << ScopeAlternatives{QStringList()}
        << QStringList{S("dropped (), a duplicate of the empty combination ()")};
    QTest::newRow("order of survivors kept")
        << alts("d | b a | a b c | c | e d") << alts("d | b a | c")
        << QStringList{S("dropped (a b c), absorbed by (b a): it is enough on its own"),
                       S("dropped (e d), absorbed by (d): it is enough on its own")};
    QTest::newRow("scope order inside a set kept")
        << alts("c b a") << alts("c b a") << QStringList();
    QTest::newRow("overlap is not absorption")
        << alts("a b | b c | a c") << alts("a b | b c | a c") << QStringList();
}

void TestPolicyNormalizer::alternatives() {
    QFETCH(ScopeAlternatives, input);
    QFETCH(ScopeAlternatives, expected);
    QFETCH(QStringList, changes);
    QStringList dropped;
    QCOMPARE(PolicyNormalizer::normalizeAlternatives(input, &dropped), expected);
    QCOMPARE(dropped, changes);
    // Normalizing twice changes nothing more.
    QStringList again;
    QCOMPARE(PolicyNormalizer::normalizeAlternatives(expected, &again), expected);
    QCOMPARE(again, QStringList());
    // Without a list for the changes, the same result.
    QCOMPARE(PolicyNormalizer::normalizeAlternatives(input), expected);
}

void TestPolicyNormalizer::perPolicyAndPerTool() {
    const QByteArray json = R"({
  "scopebench": 1,
  "x-keep": true,
  "scopes": [{"name": "a"}, {"name": "b"}],
  "validScopeCombinations": [["a", "b"], ["a"]],
  "toolScopes": {
    "clean": [["b"]],
    "messy": [["b"], ["b"], ["a", "a"]]
  }
})";
    const Result<Policy> loaded = PolicyFile::parse(json);
    QVERIFY(loaded.ok());
    const PolicyNormalizer::Outcome outcome = PolicyNormalizer::normalize(loaded.value());

    QCOMPARE(outcome.policy.validScopeCombinations, alts("a"));
    QCOMPARE(outcome.policy.tool(S("clean"))->alternatives, alts("b"));
    QCOMPARE(outcome.policy.tool(S("messy"))->alternatives, alts("b | a"));
    QCOMPARE(outcome.policy.catalogNames(), loaded->catalogNames());

    QCOMPARE(outcome.changes.size(), 3);
    QCOMPARE(outcome.changes[0].owner, S("server level"));
    QCOMPARE(outcome.changes[0].description,
             S("dropped (a b), absorbed by (a): it is enough on its own"));
    QCOMPARE(outcome.changes[1].owner, S("tool messy"));
    QCOMPARE(outcome.changes[1].description, S("dropped the repeated scope a from (a a)"));
    QCOMPARE(outcome.changes[2].owner, S("tool messy"));
    QCOMPARE(outcome.changes[2].description, S("dropped (b), a duplicate of (b)"));

    // Unknown fields survive, the input is untouched, and the result saves and loads.
    const Result<Policy> saved = PolicyFile::parse(PolicyFile::serialize(outcome.policy));
    QVERIFY(saved.ok());
    QCOMPARE(saved.value(), outcome.policy);
    QVERIFY(saved->source.find(S("x-keep")));
    QCOMPARE(loaded->validScopeCombinations, alts("a b | a"));
    QVERIFY(PolicyNormalizer::normalize(outcome.policy).changes.isEmpty());
}

void TestPolicyNormalizer::normalPolicyHasNoChanges_data() {
    QTest::addColumn<Policy>("policy");
    const Result<Policy> example = PolicyFile::load(PolicyFile::bundledExample());
    QVERIFY(example.ok());
    QTest::newRow("bundled example") << example.value();
    QTest::newRow("empty policy") << Policy();
}

void TestPolicyNormalizer::normalPolicyHasNoChanges() {
    QFETCH(Policy, policy);
    const PolicyNormalizer::Outcome outcome = PolicyNormalizer::normalize(policy);
    QVERIFY(outcome.changes.isEmpty());
    QCOMPARE(outcome.policy, policy);
    QCOMPARE(PolicyFile::serialize(outcome.policy), PolicyFile::serialize(policy));
}

void TestPolicyNormalizer::neverChangesADecision_data() {
    QTest::addColumn<quint32>("seed");
    for (quint32 seed : {1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u})
        QTest::addRow("seed %u", seed) << seed;
}

// For random small policies (4 scopes, random implies, random alternatives with repeats,
// duplicates, empty sets), every granted subset gets the same answer before and after.
void TestPolicyNormalizer::neverChangesADecision() {
    QFETCH(quint32, seed);
    QRandomGenerator random(seed);
    const QStringList names = {S("a"), S("b"), S("c"), S("d")};
    auto randomAlternatives = [&] {
        ScopeAlternatives out;
        const int sets = int(random.bounded(5));
        for (int i = 0; i < sets; ++i) {
            QStringList set;
            const int size = int(random.bounded(4));
            for (int k = 0; k < size; ++k)
                set.append(names[int(random.bounded(names.size()))]);
            out.append(set);
        }
        return out;
    };
    int policiesChanged = 0;
    for (int round = 0; round < 60; ++round) {
        Policy p;
        for (const auto &n : names)
            p.scopes.append({n, QString()});
        if (random.bounded(2))
            p.implies.append({names[int(random.bounded(4))], {names[int(random.bounded(4))]}});
        p.validScopeCombinations = randomAlternatives();
        p.toolScopes = {{S("t1"), randomAlternatives()}, {S("t2"), randomAlternatives()}};

        const PolicyNormalizer::Outcome outcome = PolicyNormalizer::normalize(p);
        policiesChanged += !outcome.changes.isEmpty();
        const CompiledPolicy before(p);
        const CompiledPolicy after(outcome.policy);
        for (int mask = 0; mask < 16; ++mask) {
            QStringList granted;
            for (int i = 0; i < 4; ++i) {
                if (mask & (1 << i))
                    granted.append(names[i]);
            }
            const auto bitsBefore = before.effectiveBits(granted);
            const auto bitsAfter = after.effectiveBits(granted);
            const QString context =
                QStringLiteral("seed %1 round %2 granted (%3) server %4 -> %5")
                    .arg(seed)
                    .arg(round)
                    .arg(granted.join(u' '))
                    .arg(CompiledPolicy::describeAlternatives(p.validScopeCombinations),
                         CompiledPolicy::describeAlternatives(
                             outcome.policy.validScopeCombinations));
            QVERIFY2(before.isMet(before.serverAlternatives(), bitsBefore) ==
                         after.isMet(after.serverAlternatives(), bitsAfter),
                     qPrintable(context));
            for (const auto &tool : {S("t1"), S("t2"), S("no entry")}) {
                QVERIFY2(before.toolAllowed(tool, bitsBefore) == after.toolAllowed(tool, bitsAfter),
                         qPrintable(context + QStringLiteral(" tool ") + tool));
            }
        }
    }
    // The generator must actually produce policies that normalization changes.
    QVERIFY(policiesChanged > 20);
}

QTEST_GUILESS_MAIN(TestPolicyNormalizer)
#include "tst_policynormalizer.moc"
