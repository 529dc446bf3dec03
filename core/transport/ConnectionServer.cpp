#include "transport/ConnectionServer.h"

#include "transport/ResponseSequencer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

namespace scopebench {

ConnectionServer::ConnectionServer(const Limits &limits, ResponseSequencer *sequencer,
                                   Handler handler, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_sequencer(sequencer)
    , m_handler(std::move(handler)) {
    // Hundreds of clients may connect at once; the default backlog of 50 would make most wait
    // for SYN retries.
    setListenBacklogSize(qMax(128, m_limits.maxConnections));
    setMaxPendingConnections(qMax(30, m_limits.maxConnections));
    m_sweep.setInterval(qBound(20, m_limits.idleTimeoutMs / 4, 1000));
    connect(&m_sweep, &QTimer::timeout, this, &ConnectionServer::sweepIdle);
    m_sweep.start();
}

ConnectionServer::~ConnectionServer() {
    closeAll();
}

HttpResponse ConnectionServer::transportError(int status, const QString &description) {
    HttpResponse r;
    r.status = status;
    r.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    if (status == 503)
        r.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("1")});
    const QJsonObject body{{QStringLiteral("error"), status == 503
                                                         ? QStringLiteral("temporarily_unavailable")
                                                         : QStringLiteral("invalid_request")},
                           {QStringLiteral("error_description"), description}};
    r.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return r;
}

void ConnectionServer::incomingConnection(qintptr handle) {
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    // Whatever ends it (the peer, a limit, a closing response), the socket goes with its
    // connection.
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        m_connections.remove(socket);
        socket->deleteLater();
    });
    if (int(m_connections.size()) >= m_limits.maxConnections) {
        // Answered here and closed, without a framer.
        HttpResponse r = transportError(503, QStringLiteral("Too many open connections"));
        r.setHeader(QByteArrayLiteral("Connection"), QByteArrayLiteral("close"));
        socket->write(r.toRaw());
        socket->disconnectFromHost();
        Q_EMIT limitHit(503, QStringLiteral("connection limit"));
        return;
    }
    // Bounded, so a client that sends faster than it is served is held back by TCP.
    socket->setReadBufferSize(64 * 1024);
    Connection c{
        RequestFramer(m_limits.maxBodyBytes, m_limits.maxHeaderFields, m_limits.maxHeaderBytes),
        QElapsedTimer(), QElapsedTimer(), 0};
    c.lastActivity.start();
    m_connections.insert(socket, c);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] {
        const auto it = m_connections.find(socket);
        if (it == m_connections.end())
            return;
        it->lastActivity.start();
        // Reading may have been held back while the output queued up.
        if (socket->bytesAvailable() > 0)
            onReadyRead(socket);
    });
}

void ConnectionServer::onReadyRead(QTcpSocket *socket) {
    auto it = m_connections.find(socket);
    if (it == m_connections.end() || it->framer.closed()) {
        // Refused or closing: what else arrives is read and dropped, never parsed.
        socket->skip(socket->bytesAvailable());
        return;
    }
    it->lastActivity.start();
    RequestFramer::Verdict verdict = RequestFramer::Verdict::Ok;
    // Read in slices, so that a client that sends many requests and reads none of the answers
    // is held back (by TCP, once the socket's bounded read buffer is full) rather than queued for.
    while (socket->bytesAvailable() > 0 && verdict == RequestFramer::Verdict::Ok &&
           !it->framer.closed() && socket->state() == QAbstractSocket::ConnectedState) {
        if (socket->bytesToWrite() > m_limits.maxQueuedOutputBytes ||
            m_sequencer->pendingOn(socket) >= m_limits.maxPipelinedRequests)
            return;
        char slice[4096];
        const qint64 got = socket->read(slice, sizeof slice);
        if (got <= 0)
            break;
        verdict = it->framer.feed(QByteArrayView(slice, got));
        const QList<RequestFramer::Request> requests = it->framer.takeAccepted();
        // The head deadline runs from the first byte of each request head.
        if (it->framer.completedRequests() != it->completed || !it->framer.inHead())
            it->headSince.invalidate();
        it->completed = it->framer.completedRequests();
        if (it->framer.inHead() && !it->headSince.isValid())
            it->headSince.start();
        for (const RequestFramer::Request &r : requests) {
            const quint64 ticket = m_sequencer->enqueue(socket, r);
            if (ticket == 0)
                break; // the connection is closing
            m_handler(r.message, ticket);
        }
        // A handler's answer may have closed the connection.
        it = m_connections.find(socket);
        if (it == m_connections.end())
            return;
        // An interim 100 only while no earlier response is owed, so it cannot overtake one.
        if (it->framer.awaitingContinue() && !m_sequencer->busy(socket) &&
            socket->state() == QAbstractSocket::ConnectedState) {
            it->framer.continueSent();
            socket->write(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
        }
    }
    const auto reason = [&] { return QString::fromLatin1(it->framer.reason()); };
    switch (verdict) {
    case RequestFramer::Verdict::Ok:
        return;
    case RequestFramer::Verdict::BodyTooLarge:
        return reject(
            socket, 413,
            QStringLiteral("The request body is larger than %1 bytes").arg(m_limits.maxBodyBytes));
    case RequestFramer::Verdict::TooManyHeaders:
        return reject(socket, 431,
                      QStringLiteral("The request has more than %1 header fields")
                          .arg(m_limits.maxHeaderFields));
    case RequestFramer::Verdict::HeaderTooLarge:
        return reject(socket, 431,
                      QStringLiteral("The request's header section is larger than %1 bytes")
                          .arg(m_limits.maxHeaderBytes));
    case RequestFramer::Verdict::Malformed:
        return reject(socket, 400, QStringLiteral("Invalid HTTP/1.1 framing: ") + reason());
    case RequestFramer::Verdict::VersionNotSupported:
        return reject(socket, 505, QStringLiteral("Only HTTP/1.0 and HTTP/1.1 are served"));
    case RequestFramer::Verdict::ExpectationFailed:
        return reject(socket, 417, QStringLiteral("Only Expect: 100-continue is supported"));
    }
}

void ConnectionServer::reject(QTcpSocket *socket, int status, const QString &reason) {
    m_connections.remove(socket);
    m_sequencer->finish(socket, transportError(status, reason));
    Q_EMIT limitHit(status, reason);
}

void ConnectionServer::sweepIdle() {
    QList<QTcpSocket *> expired, heads;
    for (auto it = m_connections.begin(); it != m_connections.end(); ++it) {
        QTcpSocket *socket = it.key();
        if (it->headSince.isValid() && it->headSince.elapsed() > m_limits.headTimeoutMs) {
            heads.append(socket);
            continue;
        }
        // Waiting for its own responses (e.g. a token lookup) is not idle; output the client
        // does not take is: bytesWritten marks the progress.
        if (m_sequencer->busy(socket)) {
            it->lastActivity.start();
            continue;
        }
        if (it->lastActivity.elapsed() > m_limits.idleTimeoutMs)
            expired.append(socket);
    }
    for (QTcpSocket *socket : heads)
        reject(socket, 408, QStringLiteral("The request head was not completed in time"));
    for (QTcpSocket *socket : expired) {
        const bool half = m_connections.value(socket).framer.midRequest();
        if (half) {
            reject(socket, 408, QStringLiteral("The request was not completed in time"));
        } else {
            m_connections.remove(socket);
            socket->disconnectFromHost();
            Q_EMIT limitHit(0, QStringLiteral("idle connection closed"));
        }
    }
}

qint64 ConnectionServer::queuedOutputBytes() const {
    qint64 total = 0;
    for (auto it = m_connections.cbegin(); it != m_connections.cend(); ++it)
        total += it.key()->bytesToWrite();
    return total;
}

void ConnectionServer::closeAll() {
    const auto sockets = m_connections.keys();
    m_connections.clear();
    for (QTcpSocket *socket : sockets) {
        socket->abort();
        socket->deleteLater();
    }
}

} // namespace scopebench
