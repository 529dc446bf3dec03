#include "transport/RequestFramer.h"

#include <QTest>

using namespace scopebench;

Q_DECLARE_METATYPE(RequestFramer::Verdict)

class tst_RequestFramer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void verdicts_data() {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<RequestFramer::Verdict>("verdict");
        QTest::addColumn<int>("completed");
        QTest::addColumn<bool>("midRequest");

        using V = RequestFramer::Verdict;
        const QByteArray get = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
        const QByteArray post = "POST /mcp HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello";
        QTest::newRow("one GET") << get << V::Ok << 1 << false;
        QTest::newRow("pipelined") << get + post + get << V::Ok << 3 << false;
        QTest::newRow("half a body") << post.left(post.size() - 2) << V::Ok << 0 << true;
        QTest::newRow("half a head")
            << QByteArray("POST /mcp HTTP/1.1\r\nHo") << V::Ok << 0 << true;
        QTest::newRow("body at the limit")
            << "POST / HTTP/1.1\r\nContent-Length: 100\r\n\r\n" + QByteArray(100, 'x') << V::Ok << 1
            << false;
        QTest::newRow("body over the limit")
            << QByteArray("POST / HTTP/1.1\r\ncontent-length: 101\r\n\r\n") << V::BodyTooLarge << 0
            << true;
        QTest::newRow("bad length") << QByteArray("POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n")
                                    << V::Malformed << 0 << true;
        QByteArray many = "GET / HTTP/1.1\r\n";
        for (int i = 0; i < 11; ++i)
            many += "X-" + QByteArray::number(i) + ": 1\r\n";
        QTest::newRow("too many fields") << many + "\r\n" << V::TooManyHeaders << 0 << true;
        QTest::newRow("head too large")
            << "GET / HTTP/1.1\r\nX: " + QByteArray(600, 'a') << V::HeaderTooLarge << 0 << true;
        const QByteArray chunked = "POST / HTTP/1.1\r\nTransfer-Encoding: "
                                   "chunked\r\n\r\n5\r\nhello\r\n3;x=1\r\nabc\r\n0\r\n\r\n";
        QTest::newRow("chunked") << chunked + get << V::Ok << 2 << false;
        QTest::newRow("chunked over the limit")
            << "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n" + QByteArray(64, 'a') +
                   "\r\n40\r\n"
            << V::BodyTooLarge << 0 << true;
    }

    void verdicts() {
        QFETCH(QByteArray, stream);
        QFETCH(RequestFramer::Verdict, verdict);
        QFETCH(int, completed);
        QFETCH(bool, midRequest);
        // The same stream at once, byte by byte, and in chunks of 7 gives the same answer.
        for (int chunk : {int(stream.size()), 1, 7}) {
            RequestFramer framer(100, 10, 512);
            RequestFramer::Verdict got = RequestFramer::Verdict::Ok;
            for (qsizetype i = 0; i < stream.size(); i += chunk)
                got = framer.feed(
                    QByteArrayView(stream).sliced(i, qMin<qsizetype>(chunk, stream.size() - i)));
            QCOMPARE(got, verdict);
            if (verdict == RequestFramer::Verdict::Ok) {
                QCOMPARE(framer.completedRequests(), completed);
                QCOMPARE(framer.midRequest(), midRequest);
            }
        }
    }
};

QTEST_GUILESS_MAIN(tst_RequestFramer)
#include "tst_requestframer.moc"
