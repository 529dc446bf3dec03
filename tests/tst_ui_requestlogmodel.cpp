#include "RequestLogModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace scopebench;

class TestRequestLogModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void boundedAndColoured_data();
    void boundedAndColoured();

private:
    static RequestRecord record(int status, const QString &tool = QString());
};

RequestRecord TestRequestLogModel::record(int status, const QString &tool) {
    RequestRecord r;
    r.time = QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC);
    r.method = QStringLiteral("POST");
    r.path = QStringLiteral("/mcp");
    r.rpcMethod = QStringLiteral("tools/call");
    r.tool = tool;
    r.tokenFingerprint = QStringLiteral("0123abcd");
    r.clientId = QStringLiteral("scopebench");
    r.outcome = status == 200 ? QStringLiteral("allowed") : QStringLiteral("denied");
    r.status = status;
    r.latencyMs = 0.25;
    return r;
}

void TestRequestLogModel::boundedAndColoured_data() {
    QTest::addColumn<int>("capacity");
    QTest::addColumn<QList<int>>("statuses");
    QTest::newRow("under capacity") << 10 << QList<int>{200, 401, 403, 503};
    QTest::newRow("over capacity") << 2 << QList<int>{200, 401, 403, 503};
}

void TestRequestLogModel::boundedAndColoured() {
    QFETCH(int, capacity);
    QFETCH(QList<int>, statuses);
    RequestLogModel model(capacity);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    for (int status : statuses)
        model.append(record(status));
    QCOMPARE(model.rowCount(), 0); // not yet: one batch per flush
    QVERIFY(inserted.wait(5000));
    QCOMPARE(inserted.size(), 1);
    model.append(record(200));
    model.append(record(200));
    model.flush(); // full ring: the oldest go in one removal
    const int last = statuses.last();
    model.append(record(last));
    model.flush();
    statuses << 200 << 200 << last;
    const int kept = qMin(capacity, int(statuses.size()));
    QCOMPARE(model.rowCount(), kept);
    // The newest are kept, in order.
    for (int row = 0; row < kept; ++row) {
        const int status = statuses.at(statuses.size() - kept + row);
        QCOMPARE(model.data(model.index(row, 0), RequestLogModel::StatusRole).toInt(), status);
        QColor expected = RequestLogModel::statusColor(status);
        QCOMPARE(model.data(model.index(row, 0), Qt::BackgroundRole).value<QColor>().rgb(),
                 expected.rgb());
    }
    QVERIFY(RequestLogModel::statusColor(200) != RequestLogModel::statusColor(403));
    QVERIFY(RequestLogModel::statusColor(401) != RequestLogModel::statusColor(403));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestRequestLogModel)
#include "tst_ui_requestlogmodel.moc"
