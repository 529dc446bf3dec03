#pragma once

#include "observability/RequestRecord.h"

#include <QList>
#include <QMutex>

#include <deque>

namespace scopebench {

// The last `capacity` request records. Written by the endpoint's thread, read from any other:
// every reader gets a consistent copy.
class RequestLog {
public:
    explicit RequestLog(int capacity = 10000);

    // Gives the record the next sequence number and returns it; drops the oldest when full.
    quint64 append(RequestRecord record);
    QList<RequestRecord> snapshot() const;
    // The records with a sequence number above `after` still in the ring, oldest first.
    QList<RequestRecord> since(quint64 after) const;
    void clear(); // the ring only: sequence numbers go on
    int size() const;
    int capacity() const { return m_capacity; }
    quint64 lastSequence() const;

    static QByteArray toJsonLines(const QList<RequestRecord> &records);
    static QByteArray toCsv(const QList<RequestRecord> &records);

private:
    const int m_capacity;
    mutable QMutex m_mutex;
    std::deque<RequestRecord> m_ring;
    quint64 m_sequence = 0;
};

} // namespace scopebench
