#pragma once

#include "http/HttpResponse.h"
#include "transport/RequestFramer.h"

#include <QObject>

#include <memory>

class QTcpSocket;

namespace scopebench {

// Keeps the responses of each connection in request order. Every pipelined request goes to its
// handler at once; answers that wait for introspection would otherwise overtake each other. Each
// request takes a ticket in arrival order; a response is written only when every earlier one on
// its connection has been, in the shape its request asked for (HTTP/1.0, HEAD, closing).
class ResponseSequencer : public QObject {
    Q_OBJECT
public:
    explicit ResponseSequencer(QObject *parent = nullptr);
    ~ResponseSequencer() override;

    // 0 when the connection is closing (a final response is queued) or gone: drop the request.
    quint64 enqueue(QTcpSocket *socket, const RequestFramer::Request &request);
    // Writes the response once its turn comes; nothing when the connection went away.
    void complete(quint64 ticket, const HttpResponse &response);
    // A last response after the pending ones (e.g. 413), then the connection is closed; later
    // requests on it are dropped.
    void finish(QTcpSocket *socket, const HttpResponse &response);
    bool isOpen(quint64 ticket) const;
    bool busy(QTcpSocket *socket) const;     // responses still owed
    int pendingOn(QTcpSocket *socket) const; // how many
    int pending() const;                     // over all connections

private:
    struct Private;
    void flush(QTcpSocket *socket);
    std::unique_ptr<Private> d;
};

} // namespace scopebench
