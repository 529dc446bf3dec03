#include "policy/CombinationSubsets.h"

#include <QRandomGenerator>
#include <QSet>
#include <QTest>

using namespace scopebench;

class TestCombinationSubsets : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void examples_data();
    void examples();
    void agreesWithPairwiseSets_data();
    void agreesWithPairwiseSets();
};

void TestCombinationSubsets::examples_data() {
    QTest::addColumn<ScopeAlternatives>("alternatives");
    QTest::addColumn<QList<int>>("firstCover"); // per combination
    const QString a = QStringLiteral("a");
    const QString b = QStringLiteral("b");
    const QString c = QStringLiteral("c");
    QTest::newRow("independent") << ScopeAlternatives{{a}, {b}} << QList<int>{-1, -1};
    QTest::newRow("duplicate: the later one")
        << ScopeAlternatives{{a, b}, {b, a}} << QList<int>{-1, 0};
    QTest::newRow("superset before its subset")
        << ScopeAlternatives{{a, b, c}, {c}} << QList<int>{1, -1};
    QTest::newRow("repeated scope counts once")
        << ScopeAlternatives{{a, a}, {a}} << QList<int>{-1, 0};
    QTest::newRow("empty covers everything after the first empty")
        << ScopeAlternatives{{a}, {}, {}} << QList<int>{1, -1, 1};
    QTest::newRow("first cover in order, not the smallest")
        << ScopeAlternatives{{a, b, c}, {a, b}, {a}} << QList<int>{1, 2, -1};
}

void TestCombinationSubsets::examples() {
    QFETCH(ScopeAlternatives, alternatives);
    QFETCH(QList<int>, firstCover);
    const CombinationSubsets subsets(alternatives);
    for (int i = 0; i < alternatives.size(); ++i)
        QCOMPARE(subsets.firstCover(i), firstCover[i]);
}

void TestCombinationSubsets::agreesWithPairwiseSets_data() {
    QTest::addColumn<int>("combinations");
    QTest::addColumn<int>("scopes");
    QTest::newRow("few scopes, many overlaps") << 200 << 6;
    QTest::newRow("some") << 300 << 30;
    QTest::newRow("sparse") << 500 << 400;
}

void TestCombinationSubsets::agreesWithPairwiseSets() {
    QFETCH(int, combinations);
    QFETCH(int, scopes);
    QRandomGenerator rng(quint32(combinations * 31 + scopes));
    ScopeAlternatives alternatives;
    for (int i = 0; i < combinations; ++i) {
        ScopeCombination c;
        const int size = int(rng.bounded(0, 5));
        for (int k = 0; k < size; ++k)
            c.append(QStringLiteral("s%1").arg(rng.bounded(scopes)));
        alternatives.append(c);
    }
    QList<QSet<QString>> sets;
    for (const auto &c : alternatives)
        sets.append(QSet<QString>(c.cbegin(), c.cend()));
    const CombinationSubsets subsets(alternatives);
    for (int a = 0; a < combinations; ++a) {
        std::vector<int> expected;
        int cover = -1;
        for (int b = 0; b < combinations; ++b) {
            if (b == a || !sets[a].contains(sets[b]))
                continue;
            expected.push_back(b);
            if (cover < 0 && (sets[b] != sets[a] || b < a))
                cover = b;
        }
        QCOMPARE(subsets.scopeCount(a), int(sets[a].size()));
        QVERIFY2(subsets.subsetsOf(a) == expected, qPrintable(QString::number(a)));
        QCOMPARE(subsets.firstCover(a), cover);
    }
}

QTEST_GUILESS_MAIN(TestCombinationSubsets)
#include "tst_combinationsubsets.moc"
