#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"
#include "transport/RequestFramer.h"

#include <QElapsedTimer>
#include <QHash>
#include <QTcpServer>
#include <QTimer>

#include <functional>

class QTcpSocket;

namespace scopebench {

class ResponseSequencer;

// An HTTP/1.1 server's connections: it accepts them, reads them, and hands each request that
// its connection's RequestFramer accepted to the handler, whole and parsed, with a ticket of the
// ResponseSequencer that writes the answer in order. Refusals of the framing layer (400, 413,
// 417, 431, 505) are answered here, then the connection is closed. It also holds the limits: a
// cap on open connections (503 and close), an idle timeout (408 for a half-received request, a
// plain close otherwise), a deadline for each request head, bounded output and pipelining per
// connection, and the interim 100 (Continue) of RFC 9110 §10.1.1.
class ConnectionServer : public QTcpServer {
    Q_OBJECT
public:
    struct Limits {
        qint64 maxBodyBytes = 1024 * 1024;
        int maxHeaderFields = 100;
        int maxHeaderBytes = 64 * 1024;
        int idleTimeoutMs = 30000;
        int maxConnections = 1024;
        // The whole request head (request line and fields) must arrive within this, however
        // it trickles in.
        int headTimeoutMs = 10000;
        // Output queued for a client that does not read, and requests in flight on one
        // connection: above either, nothing more is read from it until it drains.
        qint64 maxQueuedOutputBytes = 1024 * 1024;
        int maxPipelinedRequests = 32;
    };

    // Called for each accepted request, in the order of its connection, with its sequencer
    // ticket; the answer goes to ResponseSequencer::complete(ticket, …), now or later.
    using Handler = std::function<void(const HttpRequest &request, quint64 ticket)>;

    // `sequencer` must outlive the server.
    ConnectionServer(const Limits &limits, ResponseSequencer *sequencer, Handler handler,
                     QObject *parent = nullptr);
    ~ConnectionServer() override;

    int openConnections() const { return int(m_connections.size()); }
    // Output written but not yet taken by the clients, over all connections.
    qint64 queuedOutputBytes() const;
    void closeAll();

    // The body of the responses the transport gives on its own, e.g. 413.
    static HttpResponse transportError(int status, const QString &description);

Q_SIGNALS:
    // A connection was refused or cut by a limit; status is what the client was told (0: none).
    void limitHit(int status, const QString &reason);

protected:
    void incomingConnection(qintptr handle) override;

private:
    struct Connection {
        RequestFramer framer;
        QElapsedTimer lastActivity;
        QElapsedTimer headSince; // valid while a request head is coming in
        int completed = 0;
    };

    void onReadyRead(QTcpSocket *socket);
    void sweepIdle();
    void reject(QTcpSocket *socket, int status, const QString &reason);

    Limits m_limits;
    ResponseSequencer *m_sequencer;
    Handler m_handler;
    QHash<QTcpSocket *, Connection> m_connections;
    QTimer m_sweep;
};

} // namespace scopebench
