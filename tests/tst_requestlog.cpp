#include "observability/RequestLog.h"

#include <QJsonDocument>
#include <QTest>

#include <thread>

using namespace scopebench;

class tst_RequestLog : public QObject {
    Q_OBJECT
private:
    static RequestRecord record(int status, const QString &reason = QString()) {
        RequestRecord r;
        r.time = QDateTime::fromMSecsSinceEpoch(1764000000000, Qt::UTC);
        r.method = QStringLiteral("POST");
        r.path = QStringLiteral("/mcp");
        r.status = status;
        r.reason = reason;
        return r;
    }

private Q_SLOTS:
    void ringKeepsTheNewest_data() {
        QTest::addColumn<int>("capacity");
        QTest::addColumn<int>("appended");
        QTest::addColumn<quint64>("firstKept");
        QTest::newRow("under") << 5 << 3 << quint64(1);
        QTest::newRow("full") << 5 << 5 << quint64(1);
        QTest::newRow("over") << 5 << 12 << quint64(8);
    }
    void ringKeepsTheNewest() {
        QFETCH(int, capacity);
        QFETCH(int, appended);
        QFETCH(quint64, firstKept);
        RequestLog log(capacity);
        for (int i = 0; i < appended; ++i)
            log.append(record(200));
        const QList<RequestRecord> all = log.snapshot();
        QCOMPARE(all.size(), qMin(capacity, appended));
        QCOMPARE(all.first().sequence, firstKept);
        QCOMPARE(all.last().sequence, quint64(appended));
        QCOMPARE(log.since(quint64(appended - 1)).size(), 1);
        QCOMPARE(log.since(quint64(appended)).size(), 0);
        QCOMPARE(log.since(0).size(), all.size());
    }

    void serializations_data() {
        QTest::addColumn<QString>("reason");
        QTest::addColumn<QByteArray>("csvReason");
        QTest::newRow("plain") << QStringLiteral("Allowed") << QByteArray("Allowed");
        QTest::newRow("comma and quote")
            << QStringLiteral("a, \"b\"") << QByteArray("\"a, \"\"b\"\"\"");
        QTest::newRow("formula") << QStringLiteral("=HYPERLINK(\"http://x\")")
                                 << QByteArray("\"'=HYPERLINK(\"\"http://x\"\")\"");
        QTest::newRow("plus") << QStringLiteral("+1") << QByteArray("'+1");
        QTest::newRow("minus") << QStringLiteral("-2+3") << QByteArray("'-2+3");
        QTest::newRow("at") << QStringLiteral("@SUM(A1)") << QByteArray("'@SUM(A1)");
        QTest::newRow("tab") << QStringLiteral("\t=1") << QByteArray("'\t=1");
    }
    void serializations() {
        QFETCH(QString, reason);
        QFETCH(QByteArray, csvReason);
        RequestLog log;
        log.append(record(403, reason));
        const QByteArray lines = RequestLog::toJsonLines(log.snapshot());
        QVERIFY(lines.endsWith('\n'));
        const QJsonObject o = QJsonDocument::fromJson(lines).object();
        QCOMPARE(o.value(QStringLiteral("status")).toInt(), 403);
        QCOMPARE(o.value(QStringLiteral("reason")).toString(), reason);
        QCOMPARE(o.value(QStringLiteral("time")).toString(),
                 QStringLiteral("2025-11-24T16:00:00.000Z"));
        const QByteArray csv = RequestLog::toCsv(log.snapshot());
        QVERIFY(csv.startsWith(RequestRecord::csvHeader()));
        // The era is the last column, empty off the MCP path.
        QVERIFY(csv.endsWith(QByteArray("," + csvReason + ",\r\n")));
    }

    void readersSeeConsistentCopies() {
        RequestLog log(64);
        std::thread writer([&] {
            for (int i = 0; i < 20000; ++i)
                log.append(record(200));
        });
        bool ordered = true;
        for (int i = 0; i < 200; ++i) {
            const QList<RequestRecord> copy = log.snapshot();
            for (qsizetype k = 1; k < copy.size(); ++k)
                ordered = ordered && copy[k].sequence == copy[k - 1].sequence + 1;
        }
        writer.join();
        QVERIFY(ordered);
        QCOMPARE(log.lastSequence(), quint64(20000));
        QCOMPARE(log.size(), 64);
    }
};

QTEST_GUILESS_MAIN(tst_RequestLog)
#include "tst_requestlog.moc"
