#include "common/TimeText.h"

#include <QTest>

using namespace scopebench;

namespace {
// 2023-11-14 22:13:20 UTC: any fixed instant; the functions take the clock as a parameter.
constexpr qint64 Now = 1700000000;
} // namespace

class TestTimeText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void relative_data() {
        QTest::addColumn<qint64>("delta");
        QTest::addColumn<QString>("expected");
        QTest::newRow("now") << qint64(0) << "now";
        QTest::newRow("1 s ahead") << qint64(1) << "in 1 s";
        QTest::newRow("1 s ago") << qint64(-1) << "1 s ago";
        QTest::newRow("59 s ahead") << qint64(59) << "in 59 s";
        QTest::newRow("60 s ahead is a minute") << qint64(60) << "in 1 min";
        QTest::newRow("60 s ago is a minute") << qint64(-60) << "1 min ago";
        QTest::newRow("12 min ahead") << qint64(12 * 60) << "in 12 min";
        QTest::newRow("minutes truncate") << qint64(12 * 60 + 59) << "in 12 min";
        QTest::newRow("3 min ago") << qint64(-185) << "3 min ago";
        QTest::newRow("59 min 59 s ago") << qint64(-3599) << "59 min ago";
        QTest::newRow("an hour ago") << qint64(-3600) << "1 h ago";
        QTest::newRow("2 h ahead") << qint64(7200) << "in 2 h";
        QTest::newRow("47 h ahead") << qint64(2 * 86400 - 1) << "in 47 h";
        QTest::newRow("two days ahead") << qint64(2 * 86400) << "in 2 days";
        QTest::newRow("3 days ago") << qint64(-3 * 86400) << "3 days ago";
        QTest::newRow("a year ago") << qint64(-365 * 86400) << "365 days ago";
    }
    void relative() {
        QFETCH(qint64, delta);
        QFETCH(QString, expected);
        QCOMPARE(TimeText::relative(Now + delta, Now), expected);
    }

    void utc_data() {
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("expected");
        QTest::newRow("epoch") << qint64(0) << "1970-01-01 00:00:00 UTC";
        QTest::newRow("fixed instant") << Now << "2023-11-14 22:13:20 UTC";
        QTest::newRow("end of a year") << qint64(1798761599) << "2026-12-31 23:59:59 UTC";
    }
    void utc() {
        QFETCH(qint64, seconds);
        QFETCH(QString, expected);
        QCOMPARE(TimeText::utc(seconds), expected);
    }

    void withRelative() {
        QCOMPARE(TimeText::withRelative(Now + 720, Now),
                 QStringLiteral("2023-11-14 22:25:20 UTC (in 12 min)"));
        QCOMPARE(TimeText::withRelative(Now - 180, Now),
                 QStringLiteral("2023-11-14 22:10:20 UTC (3 min ago)"));
    }

    void timeClaims() {
        for (const char *name : {"exp", "iat", "nbf", "auth_time"})
            QVERIFY2(TimeText::isTimeClaim(QString::fromLatin1(name)), name);
        for (const char *name : {"EXP", "jti", "expires_in", ""})
            QVERIFY2(!TimeText::isTimeClaim(QString::fromLatin1(name)), name);
    }
};

QTEST_APPLESS_MAIN(TestTimeText)
#include "tst_timetext.moc"
