#include "common/NameIndex.h"

#include <QTest>

using namespace scopebench;

class TestNameIndex : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void findsEachNameAtItsPosition() {
        const QStringList names = {QStringLiteral("user:read"),     QStringLiteral("entries:read"),
                                   QStringLiteral("entries:write"), QStringLiteral("tags:read"),
                                   QStringLiteral("é:ünïcode"),     QString()};
        const NameIndex index(names);
        QCOMPARE(index.size(), names.size());
        for (int i = 0; i < names.size(); ++i)
            QCOMPARE(index.indexOf(names[i]), i);
    }

    void absentNamesAreMinusOne() {
        const NameIndex index({QStringLiteral("entries:read"), QStringLiteral("tags:read")});
        QCOMPARE(index.indexOf(u"entries:rea"), -1);
        QCOMPARE(index.indexOf(u"entries:read "), -1);
        QCOMPARE(index.indexOf(u"ENTRIES:READ"), -1); // scopes are case-sensitive (RFC 6749 §3.3)
        QCOMPARE(index.indexOf(u""), -1);
        QCOMPARE(NameIndex().indexOf(u"entries:read"), -1);
        QCOMPARE(NameIndex(QStringList()).indexOf(u"x"), -1);
    }

    void aRepeatedNameCountsAtItsLastPosition() {
        const NameIndex index({QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("a")});
        QCOMPARE(index.indexOf(u"a"), 2);
        QCOMPARE(index.indexOf(u"b"), 1);
    }

    // Many names, so that probe runs wrap around the table and cross each other: each is
    // still found where it is, and names that are not there are not found.
    void manyNames() {
        QStringList names;
        for (int i = 0; i < 5000; ++i)
            names.append(QStringLiteral("scope:%1").arg(i));
        const NameIndex index(names);
        for (int i = 0; i < names.size(); ++i)
            QCOMPARE(index.indexOf(names[i]), i);
        for (int i = 5000; i < 10000; ++i)
            QCOMPARE(index.indexOf(QStringLiteral("scope:%1").arg(i)), -1);
    }
};

QTEST_APPLESS_MAIN(TestNameIndex)
#include "tst_nameindex.moc"
