#pragma once

#include "common/Result.h"
#include "http/HttpResponse.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>

class QNetworkAccessManager;

namespace scopebench {

class Transcript;

// Every bound of the client in one place (docs/probe.md).
struct HttpLimits {
    int timeoutMs = 15000;                 // per request, from sending to the last byte
    qint64 maxResponseBytes = 1024 * 1024; // a larger body is refused, not truncated
    int maxRequests = 200;                 // in all, for the client's lifetime
    int maxRedirects = 10;                 // hops of the `follow` authorization step
};

struct HttpAnswer {
    int status = 0;
    QUrl url;
    HttpHeaders headers;
    QByteArray body;
    QByteArray header(const QByteArray &name) const; // case-insensitive; first match
    QByteArray contentType() const; // the media type, lowercased, without parameters
};

struct HttpCall {
    QByteArray method = QByteArrayLiteral("GET");
    QUrl url;
    HttpHeaders headers;
    QByteArray body;
    QString step; // for the transcript
    // Called as the body arrives; true ends the transfer early with what has arrived (an SSE
    // stream that stays open after the response it carried).
    std::function<bool(const QByteArray &bodySoFar)> enough;
};

// QNetworkAccessManager with the client's bounds: no automatic redirects, a deadline per
// request, a size limit per response, a budget of requests. Every exchange is recorded in the
// transcript, redacted. Errors are values: a transport failure is an Error, any HTTP status an
// answer.
class HttpFetcher : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(Result<HttpAnswer>)>;

    HttpFetcher(HttpLimits limits, Transcript *transcript, QObject *parent = nullptr);
    ~HttpFetcher() override;

    // `done` is called exactly once, later (never from inside send), unless the fetcher is
    // destroyed first.
    void send(const HttpCall &call, Callback done);
    int requestsSent() const { return m_sent; }
    const HttpLimits &limits() const { return m_limits; }

private:
    HttpLimits m_limits;
    Transcript *m_transcript;
    QNetworkAccessManager *m_nam;
    int m_sent = 0;
};

} // namespace scopebench
