#include "mcp/SessionStore.h"

#include <QTest>

using namespace scopebench;

class tst_SessionStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // One principal's many initialize calls replace its own oldest sessions and never lock
    // other principals out (previously 1,000 calls from one client filled the store for an
    // hour).
    void onePrincipalCannotFillTheStore() {
        SessionStore store(10, 3600, 3);
        const SessionStore::Principal a{QStringLiteral("user-a"), QStringLiteral("c")};
        const SessionStore::Principal b{QStringLiteral("user-b"), QStringLiteral("c")};
        const QByteArray bFirst = store.create(b, QStringLiteral("2025-06-18"), 1);
        QVERIFY(!bFirst.isEmpty());
        QList<QByteArray> ofA;
        for (int i = 0; i < 1000; ++i)
            ofA.append(store.create(a, QStringLiteral("2025-06-18"), 10 + i));
        QVERIFY(!ofA.contains(QByteArray()));
        QCOMPARE(store.size(), 4); // 3 of a, 1 of b
        // a's newest three live, its older ones are gone; b's is untouched.
        QVERIFY(store.find(ofA.last(), a, 2000));
        QVERIFY(store.find(ofA.at(997), a, 2000));
        QVERIFY(!store.find(ofA.at(996), a, 2000));
        QVERIFY(store.find(bFirst, b, 2000));
        QVERIFY(!store.create(b, QStringLiteral("2025-06-18"), 2001).isEmpty());
    }

    // The least recently used of the principal's sessions goes, not the least recently made.
    void leastRecentlyUsedIsReplaced() {
        SessionStore store(10, 3600, 2);
        const SessionStore::Principal a{QStringLiteral("user-a"), QStringLiteral("c")};
        const QByteArray first = store.create(a, QString(), 1);
        const QByteArray second = store.create(a, QString(), 2);
        QVERIFY(store.find(first, a, 3));
        store.create(a, QString(), 4);
        QVERIFY(store.find(first, a, 5));
        QVERIFY(!store.find(second, a, 5));
    }

    void totalCapStillHolds() {
        SessionStore store(2, 3600, 5);
        QVERIFY(!store.create({QStringLiteral("a"), QString()}, QString(), 1).isEmpty());
        QVERIFY(!store.create({QStringLiteral("b"), QString()}, QString(), 1).isEmpty());
        QVERIFY(store.create({QStringLiteral("c"), QString()}, QString(), 1).isEmpty());
    }
};

QTEST_GUILESS_MAIN(tst_SessionStore)
#include "tst_sessionstore.moc"
