#pragma once

#include "transport/RequestFramer.h"

#include <QByteArray>
#include <QTcpSocket>

#include <deque>

namespace scopebench {

// The socket QHttpServer is given for a connection: not the connection itself but a stand-in
// whose input is only what the RequestFramer accepted (ConnectionServer reads the real socket,
// the "wire", and hands the accepted bytes to deliver()). Writes go straight to the wire. Each
// accepted request's shape (HTTP/1.0, keep-alive, HEAD) waits here, in order, for the writer of
// its response (ResponseSequencer).
class FramedSocket : public QTcpSocket {
    Q_OBJECT
public:
    // Takes the wire as a child.
    explicit FramedSocket(QTcpSocket *wire, QObject *parent = nullptr);
    ~FramedSocket() override;

    QTcpSocket *wire() const { return m_wire; }
    // Passes accepted bytes on to the reader (QHttpServer), as many readyRead as it takes.
    void deliver(const QByteArray &bytes);
    void pushRequest(const RequestFramer::Request &request) { m_requests.push_back(request); }
    // The shape of the oldest request not yet answered; a plain HTTP/1.1 one when none is known.
    RequestFramer::Request takeRequest();

    qint64 bytesAvailable() const override;
    qint64 bytesToWrite() const override;
    void close() override;
    void disconnectFromHost() override;

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    void wireGone();

    QTcpSocket *m_wire;
    QByteArray m_in;
    qsizetype m_inPos = 0;
    std::deque<RequestFramer::Request> m_requests;
};

} // namespace scopebench
