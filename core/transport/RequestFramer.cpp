#include "transport/RequestFramer.h"

namespace scopebench {

RequestFramer::RequestFramer(qint64 maxBodyBytes, int maxHeaderFields, int maxHeaderBytes)
    : m_maxBody(maxBodyBytes)
    , m_maxFields(maxHeaderFields)
    , m_maxHeaderBytes(maxHeaderBytes) {}

bool RequestFramer::midRequest() const {
    return m_state != State::Head || !m_line.isEmpty();
}

void RequestFramer::finishRequest() {
    m_state = State::Head;
    m_line.clear();
    m_left = 0;
    m_bodySize = 0;
    ++m_completed;
}

RequestFramer::Verdict RequestFramer::endOfHead() {
    // The request line, the fields, and the final empty line.
    const int fields = int(m_line.count('\n')) - 2;
    if (fields > m_maxFields)
        return Verdict::TooManyHeaders;
    qint64 length = 0;
    bool chunked = false;
    qsizetype start = m_line.indexOf('\n') + 1;
    while (start > 0 && start < m_line.size()) {
        qsizetype end = m_line.indexOf('\n', start);
        if (end < 0)
            end = m_line.size();
        const QByteArrayView line = QByteArrayView(m_line).sliced(start, end - start);
        start = end + 1;
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArrayView name = line.first(colon).trimmed();
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            bool ok = false;
            length = line.sliced(colon + 1).trimmed().toLongLong(&ok);
            if (!ok || length < 0)
                return Verdict::Malformed;
        } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            chunked = line.sliced(colon + 1).toByteArray().toLower().contains("chunked");
        }
    }
    m_line.clear();
    if (chunked) {
        m_state = State::ChunkSize;
    } else if (length > m_maxBody) {
        return Verdict::BodyTooLarge;
    } else if (length > 0) {
        m_state = State::Body;
        m_left = length;
    } else {
        finishRequest();
    }
    return Verdict::Ok;
}

RequestFramer::Verdict RequestFramer::feed(QByteArrayView data) {
    qsizetype i = 0;
    const qsizetype n = data.size();
    while (m_verdict == Verdict::Ok && i < n) {
        switch (m_state) {
        case State::Head: {
            if (m_line.isEmpty()) {
                while (i < n && (data[i] == '\r' || data[i] == '\n'))
                    ++i; // empty lines between pipelined requests
                if (i == n)
                    break;
            }
            // Look for the end of the header section in this chunk, with the three bytes before
            // it that may have arrived earlier.
            const qsizetype carried = qMin<qsizetype>(3, m_line.size());
            const qsizetype before = m_line.size();
            m_line.append(data.sliced(i).constData(), n - i);
            const qsizetype end = m_line.indexOf("\r\n\r\n", before - carried);
            const qsizetype endBare = end < 0 ? m_line.indexOf("\n\n", before - carried) : -1;
            const qsizetype stop = end >= 0 ? end + 4 : endBare >= 0 ? endBare + 2 : -1;
            if (stop < 0) {
                i = n;
                if (m_line.size() > m_maxHeaderBytes)
                    m_verdict = Verdict::HeaderTooLarge;
                break;
            }
            if (stop > m_maxHeaderBytes) {
                m_verdict = Verdict::HeaderTooLarge;
                break;
            }
            i += stop - before;
            m_line.truncate(stop);
            m_verdict = endOfHead();
            break;
        }
        case State::Body: {
            const qint64 take = qMin<qint64>(m_left, n - i);
            i += take;
            m_left -= take;
            if (m_left == 0)
                finishRequest();
            break;
        }
        case State::ChunkSize:
        case State::ChunkDataEnd:
        case State::Trailer: {
            const char c = data[i++];
            m_line.append(c);
            if (m_line.size() > 1024)
                m_verdict = Verdict::Malformed;
            if (c != '\n')
                break;
            const QByteArray line = m_line.trimmed();
            m_line.clear();
            if (m_state == State::ChunkDataEnd) {
                m_state = State::ChunkSize;
            } else if (m_state == State::Trailer) {
                if (line.isEmpty())
                    finishRequest();
            } else {
                bool ok = false;
                const qsizetype semicolon = line.indexOf(';');
                const qint64 size =
                    (semicolon < 0 ? line : line.left(semicolon)).toLongLong(&ok, 16);
                if (!ok || size < 0)
                    m_verdict = Verdict::Malformed;
                else if (m_bodySize + size > m_maxBody)
                    m_verdict = Verdict::BodyTooLarge;
                else if (size == 0)
                    m_state = State::Trailer;
                else {
                    m_bodySize += size;
                    m_left = size;
                    m_state = State::ChunkData;
                }
            }
            break;
        }
        case State::ChunkData: {
            const qint64 take = qMin<qint64>(m_left, n - i);
            i += take;
            m_left -= take;
            if (m_left == 0)
                m_state = State::ChunkDataEnd;
            break;
        }
        }
    }
    return m_verdict;
}

} // namespace scopebench
