#pragma once

// HTTP/1.1 seen from a raw socket, for the tests that send byte streams a library client would
// never send (RFC 9112 framing, pipelining, half-sent requests) and read every answer as it comes.

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QTcpSocket>
#include <QTest>

namespace scopebench::rawhttp {

struct Reply {
    QByteArray statusLine;
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray raw; // the whole response as it came
    QByteArray header(const QByteArray &name) const {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return QByteArray();
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

// Takes one complete response off the front of `buffer`; `noBody` for the answer to HEAD. An
// interim (1xx) response has no body.
inline bool takeReply(QByteArray &buffer, Reply *out, bool noBody = false) {
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    Reply r;
    const QList<QByteArray> lines = buffer.left(end).split('\n');
    r.statusLine = lines.first().trimmed();
    r.status = r.statusLine.split(' ').value(1).toInt();
    qint64 length = 0;
    for (int i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = line.left(colon), value = line.mid(colon + 1).trimmed();
        r.headers.append({name, value});
        if (name.compare("Content-Length", Qt::CaseInsensitive) == 0)
            length = value.toLongLong();
    }
    if (noBody || r.status < 200)
        length = 0;
    if (buffer.size() < end + 4 + length)
        return false;
    r.body = buffer.mid(end + 4, length);
    r.raw = buffer.left(end + 4 + length);
    buffer.remove(0, end + 4 + length);
    *out = r;
    return true;
}

// One connection to 127.0.0.1:port. Waits are bounded: `defaultTimeoutMs` where a call names
// none (timeoutMs < 0).
class Client {
public:
    explicit Client(quint16 port, int defaultTimeoutMs = 5000)
        : m_defaultTimeoutMs(defaultTimeoutMs) {
        socket.connectToHost(QHostAddress::LocalHost, port);
        socket.waitForConnected(5000);
    }
    void send(const QByteArray &bytes) {
        socket.write(bytes);
        socket.flush();
    }
    // Waits for `count` responses; fewer when the server closes or stays silent. `firstIsHead`:
    // the first answers a HEAD request.
    QList<Reply> replies(int count, int timeoutMs = -1, bool firstIsHead = false) {
        QList<Reply> out;
        auto drain = [&] {
            buffer += socket.readAll();
            Reply r;
            while (takeReply(buffer, &r, firstIsHead && out.isEmpty()))
                out.append(r);
        };
        const bool done = QTest::qWaitFor(
            [&] {
                drain();
                return out.size() >= count || socket.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs < 0 ? m_defaultTimeoutMs : timeoutMs);
        Q_UNUSED(done);
        drain();
        return out;
    }
    // The first response, or an empty Reply (status 0) when none came.
    Reply reply(int timeoutMs = -1) {
        const QList<Reply> r = replies(1, timeoutMs);
        return r.isEmpty() ? Reply() : r.first();
    }
    bool closedByServer(int timeoutMs = -1) {
        return QTest::qWaitFor(
            [&] {
                buffer += socket.readAll();
                return socket.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs < 0 ? m_defaultTimeoutMs : timeoutMs);
    }
    QTcpSocket socket;
    QByteArray buffer;

private:
    int m_defaultTimeoutMs;
};

// A JSON-RPC request; `id` < 0: a notification (no id).
inline QByteArray rpc(const QString &method, const QJsonObject &params = {}, int id = 1) {
    QJsonObject o{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                  {QStringLiteral("method"), method}};
    if (id >= 0)
        o.insert(QStringLiteral("id"), id);
    if (!params.isEmpty())
        o.insert(QStringLiteral("params"), params);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace scopebench::rawhttp
