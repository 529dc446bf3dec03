#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace scopebench {

// Follows the request stream of one connection, ahead of QHttpServer (which has no limits of its
// own), to find the requests that break a limit before their bodies are buffered: too many or too
// large header fields (431), a body larger than allowed (413). It knows where each request ends,
// Content-Length and chunked alike, so pipelined requests are checked one by one.
class RequestFramer {
public:
    enum class Verdict { Ok, HeaderTooLarge, TooManyHeaders, BodyTooLarge, Malformed };

    explicit RequestFramer(qint64 maxBodyBytes = 1024 * 1024, int maxHeaderFields = 100,
                           int maxHeaderBytes = 64 * 1024);

    // The next bytes received. Once it returns something other than Ok, it stays there.
    Verdict feed(QByteArrayView data);
    // Inside a request that has not been received completely.
    bool midRequest() const;
    int completedRequests() const { return m_completed; }

private:
    enum class State { Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailer };

    Verdict endOfHead();
    void finishRequest();

    qint64 m_maxBody;
    int m_maxFields;
    int m_maxHeaderBytes;
    State m_state = State::Head;
    QByteArray m_line; // the header section (Head) or the current line (chunk framing)
    qint64 m_left = 0; // body or chunk bytes still to come
    qint64 m_bodySize = 0;
    int m_completed = 0;
    Verdict m_verdict = Verdict::Ok;
};

} // namespace scopebench
