#include "policy/CompiledPolicy.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using namespace scopebench;

namespace {

QString scopeName(int i) {
    return QStringLiteral("s%1").arg(i);
}

// The semantics of behaviour §2, written the slow way.
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

QTEST_GUILESS_MAIN(TestCompiledPolicy)
#include "tst_compiledpolicy.moc"
