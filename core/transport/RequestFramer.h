#pragma once

#include "http/HttpRequest.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace scopebench {

// The one authority on where each request of a connection ends (RFC 9112 §6.3), and the one
// parser of HTTP/1.x: it reads the connection's bytes and hands on each request it accepted,
// whole and parsed (HttpRequest), so no other layer frames or parses a byte:
// - the request line must be `method SP target SP HTTP/x.y` (else Malformed, 400); a version
//   other than 1.x is VersionNotSupported (505); 1.2 and up are served as 1.1 (RFC 9110 §2.5);
// - every field line must be `token ":" OWS value OWS` with no whitespace before the colon, no
//   obsolete line folding, and no control character but HTAB in the value (else Malformed);
// - Content-Length: exactly one field of digits; Transfer-Encoding: exactly one field saying
//   `chunked`, never with Content-Length and never in HTTP/1.0 (else Malformed);
// - a chunked body is de-chunked here (trailer fields are dropped);
// - an `Expect` other than 100-continue is ExpectationFailed (417);
// - hop-by-hop fields (Connection, Keep-Alive, Upgrade, Expect, Transfer-Encoding) are not
//   handed on: connection handling is this layer's (Request::keepAlive), and an Upgrade is
//   declined by ignoring it (RFC 9110 §7.8);
// - after a request that closes the connection (Connection: close, or HTTP/1.0 without
//   keep-alive) nothing more is read (RFC 9112 §9.6).
// Limits: the head (request line and fields) at most maxHeaderBytes and maxHeaderFields
// (HeaderTooLarge / TooManyHeaders, 431), the body at most maxBodyBytes (BodyTooLarge, 413,
// decided from the head when the length is declared, before any of the body is read).
class RequestFramer {
public:
    enum class Verdict {
        Ok,
        HeaderTooLarge,
        TooManyHeaders,
        BodyTooLarge,
        Malformed,
        VersionNotSupported,
        ExpectationFailed
    };

    // An accepted request, and what its response must look like.
    struct Request {
        HttpRequest message;
        bool http10 = false;   // answer with HTTP/1.0
        bool keepAlive = true; // false: close the connection after the response
        bool head = false;     // HEAD: the headers of the GET response, no body
        bool expectContinue = false;
    };

    explicit RequestFramer(qint64 maxBodyBytes = 1024 * 1024, int maxHeaderFields = 100,
                           int maxHeaderBytes = 64 * 1024);

    // The next bytes received. Once it returns something other than Ok, it stays there and
    // reads nothing more.
    Verdict feed(QByteArrayView data);
    Verdict verdict() const { return m_verdict; }
    // Why, for the log and the error body; empty while Ok.
    const char *reason() const { return m_reason; }
    // Requests received completely (head and body) since the last call, in order.
    QList<Request> takeAccepted();
    // Inside a request that has not been received completely.
    bool midRequest() const;
    // Inside a request head that has begun to arrive.
    bool inHead() const { return m_state == State::Head && !m_line.isEmpty(); }
    // A head asked for 100-continue and none of its body has come yet.
    bool awaitingContinue() const { return m_awaitingContinue; }
    void continueSent() { m_awaitingContinue = false; }
    // A request that closes the connection was accepted: nothing after it is read.
    bool closed() const { return m_state == State::Closed; }
    int completedRequests() const { return m_completed; }

private:
    enum class State { Head, Body, ChunkSize, ChunkData, ChunkDataEnd, Trailer, Closed };

    Verdict endOfHead();
    Verdict fail(Verdict v, const char *reason);
    void finishRequest();
    bool chunkLine(char c, QByteArray *line);

    qint64 m_maxBody;
    int m_maxFields;
    int m_maxHeaderBytes;
    State m_state = State::Head;
    QByteArray m_line; // the head so far (Head) or the current chunk/trailer line
    Request m_current; // the request whose body is coming in
    qint64 m_left = 0; // body or chunk bytes still to come
    qint64 m_trailerBytes = 0;
    int m_completed = 0;
    bool m_closeAfter = false;
    bool m_awaitingContinue = false;
    QList<Request> m_accepted;
    Verdict m_verdict = Verdict::Ok;
    const char *m_reason = "";
};

} // namespace scopebench
