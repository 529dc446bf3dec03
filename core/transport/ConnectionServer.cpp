#include "transport/ConnectionServer.h"

#include "transport/ResponseSequencer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>

namespace scopebench {

ConnectionServer::ConnectionServer(const Limits &limits, ResponseSequencer *sequencer,
                                   QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_sequencer(sequencer) {
    // Hundreds of clients may connect at once; the default backlog of 50 would make most wait
    // for SYN retries.
    setListenBacklogSize(qMax(128, m_limits.maxConnections));
    setMaxPendingConnections(qMax(30, m_limits.maxConnections));
    m_sweep.setInterval(qBound(20, m_limits.idleTimeoutMs / 4, 1000));
    connect(&m_sweep, &QTimer::timeout, this, &ConnectionServer::sweepIdle);
    m_sweep.start();
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
    if (int(m_connections.size()) >= m_limits.maxConnections) {
        // Never handed to QHttpServer: answered here and closed.
        HttpResponse r = transportError(503, QStringLiteral("Too many open connections"));
        r.setHeader(QByteArrayLiteral("Connection"), QByteArrayLiteral("close"));
        socket->write(r.toRaw());
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        socket->disconnectFromHost();
        Q_EMIT limitHit(503, QStringLiteral("connection limit"));
        return;
    }
    Connection c{
        RequestFramer(m_limits.maxBodyBytes, m_limits.maxHeaderFields, m_limits.maxHeaderBytes),
        QElapsedTimer()};
    c.lastActivity.start();
    m_connections.insert(socket, c);
    // Connected before QHttpServer connects its own slot, so the framer sees each chunk first.
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    connect(socket, &QTcpSocket::bytesWritten, this, [this, socket] {
        const auto it = m_connections.find(socket);
        if (it != m_connections.end())
            it->lastActivity.start();
    });
    connect(socket, &QObject::destroyed, this, [this, socket] { m_connections.remove(socket); });
    connect(socket, &QTcpSocket::disconnected, this,
            [this, socket] { m_connections.remove(socket); });
    addPendingConnection(socket);
}

void ConnectionServer::onReadyRead(QTcpSocket *socket) {
    const auto it = m_connections.find(socket);
    if (it == m_connections.end())
        return;
    it->lastActivity.start();
    const QByteArray fresh = socket->peek(socket->bytesAvailable());
    switch (it->framer.feed(fresh)) {
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
        return reject(socket, 400, QStringLiteral("The request is not valid HTTP/1.1 framing"));
    }
}

void ConnectionServer::reject(QTcpSocket *socket, int status, const QString &reason) {
    m_connections.remove(socket);
    m_sequencer->finish(socket, transportError(status, reason));
    Q_EMIT limitHit(status, reason);
}

void ConnectionServer::sweepIdle() {
    QList<QTcpSocket *> expired;
    for (auto it = m_connections.begin(); it != m_connections.end(); ++it) {
        QTcpSocket *socket = it.key();
        if (m_sequencer->busy(socket) || socket->bytesToWrite() > 0) {
            it->lastActivity.start();
            continue;
        }
        if (it->lastActivity.elapsed() > m_limits.idleTimeoutMs)
            expired.append(socket);
    }
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

void ConnectionServer::closeAll() {
    const auto sockets = m_connections.keys();
    m_connections.clear();
    for (QTcpSocket *socket : sockets)
        socket->abort();
}

} // namespace scopebench
