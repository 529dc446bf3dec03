#include "observability/RequestLog.h"

#include <QMutexLocker>

namespace scopebench {

RequestLog::RequestLog(int capacity)
    : m_capacity(qMax(1, capacity)) {}

quint64 RequestLog::append(RequestRecord record) {
    QMutexLocker lock(&m_mutex);
    record.sequence = ++m_sequence;
    if (int(m_ring.size()) >= m_capacity)
        m_ring.pop_front();
    m_ring.push_back(std::move(record));
    return m_sequence;
}

QList<RequestRecord> RequestLog::snapshot() const {
    QMutexLocker lock(&m_mutex);
    return QList<RequestRecord>(m_ring.begin(), m_ring.end());
}

QList<RequestRecord> RequestLog::since(quint64 after) const {
    QMutexLocker lock(&m_mutex);
    QList<RequestRecord> out;
    if (m_ring.empty() || m_ring.back().sequence <= after)
        return out;
    const quint64 first = m_ring.front().sequence;
    const size_t skip = after < first ? 0 : size_t(after - first + 1);
    out.reserve(qsizetype(m_ring.size() - skip));
    for (auto it = m_ring.begin() + qsizetype(skip); it != m_ring.end(); ++it)
        out.append(*it);
    return out;
}

void RequestLog::clear() {
    QMutexLocker lock(&m_mutex);
    m_ring.clear();
}

int RequestLog::size() const {
    QMutexLocker lock(&m_mutex);
    return int(m_ring.size());
}

quint64 RequestLog::lastSequence() const {
    QMutexLocker lock(&m_mutex);
    return m_sequence;
}

QByteArray RequestLog::toJsonLines(const QList<RequestRecord> &records) {
    QByteArray out;
    for (const auto &r : records)
        out += r.toJsonLine();
    return out;
}

QByteArray RequestLog::toCsv(const QList<RequestRecord> &records) {
    QByteArray out = RequestRecord::csvHeader();
    for (const auto &r : records)
        out += r.toCsvRow();
    return out;
}

} // namespace scopebench
