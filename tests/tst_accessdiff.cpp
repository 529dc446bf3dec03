#include "analysis/AccessDiff.h"
#include "analysis/CoverageMatrix.h"
#include "decision/CompiledPolicy.h"
#include "support/DecisionFixtures.h"
#include "support/RandomPolicies.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include <algorithm>

using namespace scopebench;

namespace {

QString key(QStringList scopes) {
    scopes.sort();
    return scopes.join(QLatin1Char(' '));
}

// The minimal sets among `sets` (by inclusion), as sorted keys.
QSet<QString> minimalKeys(const QList<QStringList> &sets) {
    QSet<QString> out;
    for (const auto &s : sets) {
        const QSet<QString> mine(s.cbegin(), s.cend());
        const bool dominated = std::any_of(sets.cbegin(), sets.cend(), [&](const QStringList &t) {
            const QSet<QString> theirs(t.cbegin(), t.cend());
            return theirs.size() < mine.size() && mine.contains(theirs);
        });
        if (!dominated)
            out.insert(key(s));
    }
    return out;
}

QSet<QString> reported(const QList<AccessChange> &changes, const Operation &op) {
    QSet<QString> out;
    for (const auto &c : changes) {
        if (c.operation == op)
            out.insert(key(c.scopes));
    }
    return out;
}

// The same policy written in another order: catalogue, implies, alternatives, the scopes inside
// them and the tools shuffled.
Policy shuffled(Policy p, quint32 seed) {
    QRandomGenerator rng(seed);
    auto shuffle = [&rng](auto &list) {
        for (qsizetype i = list.size() - 1; i > 0; --i)
            list.swapItemsAt(i, qsizetype(rng.bounded(int(i + 1))));
    };
    shuffle(p.scopes);
    shuffle(p.implies);
    for (auto &imp : p.implies)
        shuffle(imp.grants);
    shuffle(p.validScopeCombinations);
    for (auto &c : p.validScopeCombinations)
        shuffle(c);
    shuffle(p.toolScopes);
    for (auto &t : p.toolScopes) {
        shuffle(t.alternatives);
        for (auto &c : t.alternatives)
            shuffle(c);
    }
    return p;
}

} // namespace

class tst_AccessDiff : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void identicalPolicyIsIdentical() {
        const Policy p = fixtures::epicMe();
        const AccessDiff d = AccessDiff::compute(p, p);
        QCOMPARE(d.verdict(), AccessDiff::Verdict::Identical);
        QVERIFY(d.widened().isEmpty());
        QVERIFY(d.narrowed().isEmpty());
        QCOMPARE(d.operations().size(), 13);
    }

    void anotherOrderIsIdentical() {
        for (quint32 seed = 1; seed <= 200; ++seed) {
            const Policy p = randompolicies::generate(seed);
            const AccessDiff d = AccessDiff::compute(p, shuffled(p, seed * 7919u));
            QVERIFY2(d.identical(), qPrintable(QStringLiteral("seed %1: %2")
                                                   .arg(seed)
                                                   .arg(QString::fromUtf8(d.renderText()))));
        }
    }

    void sameAccessWrittenDifferentlyIsIdentical() {
        // A redundant superset and a scope implied anyway change nothing.
        const Policy before = fixtures::policyFrom(R"({"scopebench": 1,
            "implies": {"w": ["r"]},
            "validScopeCombinations": [["r"]],
            "toolScopes": {"t": [["w"]]}})");
        const Policy after = fixtures::policyFrom(R"({"scopebench": 1,
            "implies": {"w": ["r"]},
            "validScopeCombinations": [["r"], ["r", "x"], ["w"]],
            "toolScopes": {"t": [["w", "r"]]}})");
        QVERIFY(AccessDiff::compute(before, after).identical());
    }

    // The worked example of docs/analysis-and-export.md.
    void widenedExample() {
        const Policy before = fixtures::epicMe();
        Policy after = before;
        for (auto &t : after.toolScopes) {
            if (t.tool == QLatin1String("delete_tag"))
                t.alternatives.append({QStringLiteral("tags:read")});
        }
        const AccessDiff d = AccessDiff::compute(before, after);
        QCOMPARE(d.verdict(), AccessDiff::Verdict::Widened);
        QCOMPARE(d.widened().size(), 1);
        QCOMPARE(d.widened().first().sentence(),
                 QStringLiteral("a token with only `tags:read` can now call `delete_tag`"));
        QVERIFY(d.narrowed().isEmpty());
        const QJsonObject json = QJsonDocument::fromJson(d.renderJson()).object();
        QCOMPARE(json.value(QStringLiteral("verdict")).toString(), QStringLiteral("widened"));
        QCOMPARE(json.value(QStringLiteral("widened")).toArray().size(), 1);
        QVERIFY(d.renderText().contains("can now call `delete_tag`"));

        const AccessDiff back = AccessDiff::compute(after, before);
        QCOMPARE(back.verdict(), AccessDiff::Verdict::NarrowedOnly);
        QCOMPARE(back.narrowed().first().sentence(),
                 QStringLiteral("a token with only `tags:read` can no longer call `delete_tag`"));

        // With "tags:write implies tags:read" as well, as in the docs.
        after.implies.append({QStringLiteral("tags:write"), {QStringLiteral("tags:read")}});
        const AccessDiff both = AccessDiff::compute(before, after);
        QStringList sentences;
        for (const auto &c : both.widened())
            sentences.append(c.sentence());
        QCOMPARE(sentences,
                 (QStringList{
                     QStringLiteral("a token with only `tags:write` can now call `get_tag`"),
                     QStringLiteral("a token with only `tags:write` can now call `list_tags`"),
                     QStringLiteral("a token with only `tags:read` can now call `delete_tag`")}));
        const AccessDiff reverse = AccessDiff::compute(after, before);
        QCOMPARE(reverse.verdict(), AccessDiff::Verdict::NarrowedOnly);
        QCOMPARE(reverse.narrowed().size(), 3);
    }

    void impliesChangeWidensThroughAnotherScope() {
        // Adding b → a lets a token of only b do what needed a: the counterexample is {b}, not
        // {a} (which both policies allow).
        const Policy before =
            fixtures::policyFrom(R"({"scopebench": 1, "validScopeCombinations": [["a"]]})");
        const Policy after = fixtures::policyFrom(
            R"({"scopebench": 1, "implies": {"b": ["a"]}, "validScopeCombinations": [["a"]]})");
        const AccessDiff d = AccessDiff::compute(before, after);
        QCOMPARE(d.widened().size(), 1);
        QCOMPARE(d.widened().first().scopes, QStringList{QStringLiteral("b")});
        QCOMPARE(d.widened().first().sentence(),
                 QStringLiteral("a token with only `b` can now connect (any request)"));
    }

    void emptyTokenAndNewTools() {
        const Policy before = fixtures::policyFrom(
            R"({"scopebench": 1, "validScopeCombinations": [["a"]], "toolScopes": {"t": [["b"]]}})");
        const Policy after = fixtures::policyFrom(
            R"({"scopebench": 1, "validScopeCombinations": [], "toolScopes": {"u": [["c"]]}})");
        const AccessDiff d = AccessDiff::compute(before, after);
        QCOMPARE(d.operations().size(), 3); // any request, t, u
        QStringList sentences;
        for (const auto &c : d.widened())
            sentences.append(c.sentence());
        QVERIFY2(sentences.contains(QStringLiteral("a token with no scopes can now connect (any "
                                                   "request)")),
                 qPrintable(sentences.join(u'\n')));
        QVERIFY(sentences.contains(QStringLiteral("a token with no scopes can now call `t`")));
        QVERIFY(sentences.contains(QStringLiteral("a token with only `c` can now call `u`")));
        QStringList lost;
        for (const auto &c : d.narrowed())
            lost.append(c.sentence());
        QVERIFY2(lost.contains(QStringLiteral("a token with only `a` can no longer call `u`")),
                 qPrintable(lost.join(u'\n')));
    }

    // The core claim: for random pairs of policies (implies included), the reported widened and
    // narrowed sets are exactly the minimal counterexamples brute force finds over every subset
    // of the scopes either policy names, each decided by Decider::decide.
    void bruteForce_data() {
        QTest::addColumn<quint32>("seed");
        for (quint32 seed = 1; seed <= 300; ++seed)
            QTest::addRow("seed %u", seed) << seed;
    }
    void bruteForce() {
        QFETCH(quint32, seed);
        const Policy oldPolicy = randompolicies::generate(seed);
        // Half the pairs are a random policy and an edit of it, half two unrelated ones.
        Policy newPolicy = randompolicies::generate(seed + 100000u);
        if (seed % 2) {
            newPolicy = oldPolicy;
            QRandomGenerator rng(seed);
            const Policy other = randompolicies::generate(seed + 100000u);
            switch (rng.bounded(4)) {
            case 0:
                newPolicy.implies = other.implies;
                break;
            case 1:
                newPolicy.validScopeCombinations = other.validScopeCombinations;
                break;
            case 2:
                if (!newPolicy.toolScopes.isEmpty() && !other.toolScopes.isEmpty())
                    newPolicy.toolScopes.first().alternatives =
                        other.toolScopes.first().alternatives;
                break;
            default:
                newPolicy.toolScopes = other.toolScopes;
            }
        }
        const AccessDiff d = AccessDiff::compute(oldPolicy, newPolicy);
        QVERIFY(d.incomplete().isEmpty());

        const CompiledPolicy oldCompiled(oldPolicy);
        const CompiledPolicy newCompiled(newPolicy);
        QStringList universe = oldPolicy.allScopeNames();
        for (const auto &s : newPolicy.allScopeNames()) {
            if (!universe.contains(s))
                universe.append(s);
        }
        const QList<QStringList> subsets = randompolicies::allSubsets(universe);
        bool anyWidened = false;
        bool anyNarrowed = false;
        for (const auto &op : d.operations()) {
            QList<QStringList> gained;
            QList<QStringList> lost;
            for (const auto &g : subsets) {
                const bool before = ScopeDecision::decide(oldCompiled, g, op).allowed;
                const bool after = ScopeDecision::decide(newCompiled, g, op).allowed;
                if (after && !before)
                    gained.append(g);
                if (before && !after)
                    lost.append(g);
            }
            anyWidened = anyWidened || !gained.isEmpty();
            anyNarrowed = anyNarrowed || !lost.isEmpty();
            QCOMPARE(reported(d.widened(), op), minimalKeys(gained));
            QCOMPARE(reported(d.narrowed(), op), minimalKeys(lost));
        }
        const AccessDiff::Verdict expected = anyWidened    ? AccessDiff::Verdict::Widened
                                             : anyNarrowed ? AccessDiff::Verdict::NarrowedOnly
                                                           : AccessDiff::Verdict::Identical;
        QCOMPARE(d.verdict(), expected);
    }

    void deterministic() {
        const Policy a = randompolicies::generate(42);
        const Policy b = randompolicies::generate(43);
        QCOMPARE(AccessDiff::compute(a, b).renderJson(), AccessDiff::compute(a, b).renderJson());
        QCOMPARE(AccessDiff::compute(a, b).renderJson(),
                 AccessDiff::compute(shuffled(a, 1), shuffled(b, 2)).renderJson());
    }

    void boundedSearchFailsClosed() {
        // 12 scopes each provided by 12 others: 12^12 candidate sets for one term.
        QString implies;
        QStringList needed;
        for (int i = 0; i < 12; ++i) {
            needed.append(QStringLiteral("\"n%1\"").arg(i));
            for (int j = 0; j < 12; ++j)
                implies += QStringLiteral("\"p%1_%2\": [\"n%1\"], ").arg(i).arg(j);
        }
        implies.chop(2);
        const Policy before = fixtures::policyFrom(R"({"scopebench": 1})");
        const Policy after =
            fixtures::policyFrom((QStringLiteral(R"({"scopebench": 1, "implies": {)") + implies +
                                  QStringLiteral(R"(}, "validScopeCombinations": [[)") +
                                  needed.join(u',') + QStringLiteral("]]}"))
                                     .toUtf8());
        QCOMPARE(after.implies.size(), 144);
        const AccessDiff d = AccessDiff::compute(after, before);
        QCOMPARE(d.incomplete().size(), 1);
        QCOMPARE(d.verdict(), AccessDiff::Verdict::Widened);
    }
};

QTEST_GUILESS_MAIN(tst_AccessDiff)
#include "tst_accessdiff.moc"
