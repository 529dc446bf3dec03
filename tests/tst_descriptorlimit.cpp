#include "transport/DescriptorLimit.h"

#include <QTest>

#include <sys/resource.h>

using namespace scopebench;

class tst_DescriptorLimit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // With 1,024 descriptors the cap of 1,024 connections could never be reached: accept()
    // failed first and the event loop spun. The cap is kept below the descriptors.
    void capFitsTheDescriptors_data() {
        QTest::addColumn<int>("requested");
        QTest::addColumn<qint64>("descriptors");
        QTest::addColumn<int>("cap");
        QTest::newRow("plenty") << 1024 << qint64(1048576) << 1024;
        QTest::newRow("soft limit 1024") << 1024 << qint64(1024) << 1024 - 64;
        QTest::newRow("tiny") << 1024 << qint64(10) << 1;
        QTest::newRow("unknown") << 1024 << qint64(-1) << 1024;
    }
    void capFitsTheDescriptors() {
        QFETCH(int, requested);
        QFETCH(qint64, descriptors);
        QFETCH(int, cap);
        QCOMPARE(connectionCapFor(requested, descriptors), cap);
    }

    void softLimitIsRaisedToTheHardOne() {
        rlimit before{};
        QCOMPARE(getrlimit(RLIMIT_NOFILE, &before), 0);
        if (before.rlim_cur > 256) {
            rlimit lowered = before;
            lowered.rlim_cur = 256;
            QCOMPARE(setrlimit(RLIMIT_NOFILE, &lowered), 0);
        }
        const qint64 now = raiseDescriptorLimit();
        rlimit after{};
        QCOMPARE(getrlimit(RLIMIT_NOFILE, &after), 0);
        QCOMPARE(after.rlim_cur, before.rlim_max);
        if (after.rlim_cur != RLIM_INFINITY)
            QCOMPARE(now, qint64(after.rlim_cur));
    }
};

QTEST_GUILESS_MAIN(tst_DescriptorLimit)
#include "tst_descriptorlimit.moc"
