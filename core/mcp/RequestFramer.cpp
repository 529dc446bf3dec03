#include "mcp/RequestFramer.h"

#include <QList>

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
    const QList<QByteArray> lines = m_line.split('\n');
    // The request line, the fields, and the two empty pieces of the final CRLF CRLF.
    const int fields = int(lines.size()) - 3;
    if (fields > m_maxFields)
        return Verdict::TooManyHeaders;
    qint64 length = 0;
    bool chunked = false;
    for (int i = 1; i < lines.size(); ++i) {
        const QByteArray &line = lines.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            continue;
        const QByteArray name = line.left(colon).trimmed().toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (name == "content-length") {
            bool ok = false;
            length = value.toLongLong(&ok);
            if (!ok || length < 0)
                return Verdict::Malformed;
        } else if (name == "transfer-encoding") {
            chunked = value.toLower().contains("chunked");
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
            const char c = data[i++];
            if (m_line.isEmpty() && (c == '\r' || c == '\n'))
                break; // empty lines between pipelined requests
            m_line.append(c);
            if (m_line.size() > m_maxHeaderBytes)
                m_verdict = Verdict::HeaderTooLarge;
            else if (c == '\n' && m_line.endsWith("\r\n\r\n"))
                m_verdict = endOfHead();
            else if (c == '\n' && m_line.endsWith("\n\n"))
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
