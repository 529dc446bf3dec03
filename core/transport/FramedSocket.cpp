#include "transport/FramedSocket.h"

namespace scopebench {

FramedSocket::FramedSocket(QTcpSocket *wire, QObject *parent)
    : QTcpSocket(parent)
    , m_wire(wire) {
    m_wire->setParent(this);
    setPeerAddress(wire->peerAddress());
    setPeerPort(wire->peerPort());
    setLocalAddress(wire->localAddress());
    setLocalPort(wire->localPort());
    // Buffered: QHttpServer 6.4 reads a head one byte at a time, which the QIODevice buffer
    // serves without a call to readData() each.
    QIODevice::open(QIODevice::ReadWrite);
    setSocketState(QAbstractSocket::ConnectedState);
    connect(m_wire, &QTcpSocket::bytesWritten, this, &FramedSocket::bytesWritten);
    connect(m_wire, &QTcpSocket::disconnected, this, &FramedSocket::wireGone);
}

FramedSocket::~FramedSocket() {
    // There is no socket engine behind this object for QAbstractSocket to abort.
    setSocketState(QAbstractSocket::UnconnectedState);
}

void FramedSocket::wireGone() {
    if (state() == QAbstractSocket::UnconnectedState)
        return;
    setSocketState(QAbstractSocket::UnconnectedState);
    Q_EMIT stateChanged(QAbstractSocket::UnconnectedState);
    Q_EMIT readChannelFinished();
    Q_EMIT disconnected();
}

void FramedSocket::deliver(const QByteArray &bytes) {
    if (bytes.isEmpty() || state() != QAbstractSocket::ConnectedState)
        return;
    if (m_inPos == m_in.size()) {
        m_in = bytes;
        m_inPos = 0;
    } else {
        m_in.append(bytes);
    }
    // QHttpServer 6.4 takes one request per readyRead; repeat while it makes progress.
    qint64 left = bytesAvailable();
    while (left > 0 && state() == QAbstractSocket::ConnectedState) {
        Q_EMIT readyRead();
        const qint64 now = bytesAvailable();
        if (now >= left)
            break;
        left = now;
    }
}

RequestFramer::Request FramedSocket::takeRequest() {
    if (m_requests.empty())
        return RequestFramer::Request();
    const RequestFramer::Request r = m_requests.front();
    m_requests.pop_front();
    return r;
}

qint64 FramedSocket::bytesAvailable() const {
    return QIODevice::bytesAvailable() + (m_in.size() - m_inPos);
}

qint64 FramedSocket::bytesToWrite() const {
    return m_wire->bytesToWrite();
}

qint64 FramedSocket::readData(char *data, qint64 maxSize) {
    const qint64 n = qMin<qint64>(maxSize, m_in.size() - m_inPos);
    if (n <= 0)
        return 0;
    memcpy(data, m_in.constData() + m_inPos, size_t(n));
    m_inPos += n;
    if (m_inPos == m_in.size()) {
        m_in.clear();
        m_inPos = 0;
    }
    return n;
}

qint64 FramedSocket::writeData(const char *data, qint64 size) {
    if (m_wire->state() != QAbstractSocket::ConnectedState)
        return -1;
    return m_wire->write(data, size);
}

void FramedSocket::disconnectFromHost() {
    m_wire->disconnectFromHost();
}

void FramedSocket::close() {
    m_wire->disconnectFromHost();
    QIODevice::close();
}

} // namespace scopebench
