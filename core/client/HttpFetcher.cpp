#include "client/HttpFetcher.h"

#include "client/Transcript.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <memory>

namespace scopebench {

QByteArray HttpAnswer::header(const QByteArray &name) const {
    const QList<QByteArray> values = headerValues(headers, name);
    return values.isEmpty() ? QByteArray() : values.constFirst();
}

QByteArray HttpAnswer::contentType() const {
    QByteArray type = header(QByteArrayLiteral("Content-Type"));
    const qsizetype semicolon = type.indexOf(';');
    if (semicolon >= 0)
        type.truncate(semicolon);
    return type.trimmed().toLower();
}

namespace {

// The headers worth showing: what authenticates, what MCP routes on, what OAuth answers with.
bool mattersInTranscript(const QByteArray &name) {
    static const QList<QByteArray> names{"authorization", "content-type",   "www-authenticate",
                                         "location",      "mcp-session-id", "mcp-protocol-version",
                                         "mcp-method",    "mcp-name",       "accept"};
    return names.contains(name.toLower());
}

QString summarizeBody(const QByteArray &contentType, const QByteArray &body) {
    if (body.isEmpty())
        return QString();
    if (contentType.startsWith("application/x-www-form-urlencoded"))
        return Transcript::redactForm(body);
    if (contentType.contains("json"))
        return Transcript::redactJson(body);
    if (contentType.startsWith("text/event-stream")) {
        // The JSON-RPC messages of the stream, each redacted.
        QStringList parts;
        for (const QByteArray &line : body.split('\n')) {
            if (line.startsWith("data:"))
                parts.append(Transcript::redactJson(line.mid(5).trimmed(), 1024));
        }
        return QStringLiteral("SSE ") + parts.join(QStringLiteral(" | "));
    }
    return QStringLiteral("(%1 bytes of %2)")
        .arg(body.size())
        .arg(QString::fromLatin1(contentType.isEmpty() ? QByteArrayLiteral("unknown type")
                                                       : contentType));
}

} // namespace

HttpFetcher::HttpFetcher(HttpLimits limits, Transcript *transcript, QObject *parent)
    : QObject(parent)
    , m_limits(limits)
    , m_transcript(transcript)
    , m_nam(new QNetworkAccessManager(this)) {
    // Redirects are the caller's decision (the `follow` step counts its hops; nothing else
    // follows one), and no proxy from the environment sees tokens by accident.
    m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

HttpFetcher::~HttpFetcher() = default;

void HttpFetcher::send(const HttpCall &call, Callback done) {
    Exchange ex;
    ex.step = call.step;
    ex.method = call.method;
    ex.url = Transcript::redactUrl(call.url);
    QByteArray requestType;
    for (const HttpHeader &h : call.headers) {
        if (h.first.compare("content-type", Qt::CaseInsensitive) == 0)
            requestType = h.second.toLower();
        if (mattersInTranscript(h.first))
            ex.requestHeaders.append(Transcript::redactHeader(h));
    }
    ex.requestBody = summarizeBody(requestType, call.body);

    auto finishEarly = [this, done](Exchange ex, const QString &message, const QString &id) {
        ex.error = message;
        if (m_transcript)
            m_transcript->addExchange(ex);
        QTimer::singleShot(0, this, [done, message, id, url = ex.url] {
            done(Error{message, url, id});
        });
    };
    const QString scheme = call.url.scheme().toLower();
    if (!call.url.isValid() ||
        (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
        return finishEarly(ex, QStringLiteral("not an http(s) URL"), QStringLiteral("bad-url"));
    if (m_sent >= m_limits.maxRequests)
        return finishEarly(
            ex,
            QStringLiteral("the client's budget of %1 requests is spent").arg(m_limits.maxRequests),
            QStringLiteral("request-limit"));
    ++m_sent;

    QNetworkRequest request(call.url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setTransferTimeout(m_limits.timeoutMs);
    for (const HttpHeader &h : call.headers)
        request.setRawHeader(h.first, h.second);
    QNetworkReply *reply = m_nam->sendCustomRequest(request, call.method, call.body);

    struct State {
        QByteArray body;
        bool finished = false;
        bool early = false;
        QString failure;
        QString failureId;
    };
    auto state = std::make_shared<State>();
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    const qint64 maxBytes = m_limits.maxResponseBytes;
    const int timeoutMs = m_limits.timeoutMs;

    auto complete = [this, reply, state, ex, done]() mutable {
        if (state->finished)
            return;
        state->finished = true;
        reply->disconnect();
        reply->deleteLater();
        if (!state->early && state->failure.isEmpty())
            state->body += reply->readAll();
        HttpAnswer a;
        a.url = reply->url();
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        for (const auto &pair : reply->rawHeaderPairs())
            a.headers.append({pair.first, pair.second});
        a.body = state->body;
        for (const HttpHeader &h : std::as_const(a.headers)) {
            if (mattersInTranscript(h.first))
                ex.responseHeaders.append(Transcript::redactHeader(h));
        }
        ex.status = a.status;
        // An HTTP error status is an answer, not a failure; only no answer at all is.
        if (state->failure.isEmpty() && a.status == 0)
            state->failure = reply->errorString();
        if (!state->failure.isEmpty() && !state->early) {
            ex.status = 0;
            ex.error = state->failure;
            if (m_transcript)
                m_transcript->addExchange(ex);
            done(
                Error{state->failure, ex.url,
                      state->failureId.isEmpty() ? QStringLiteral("transport") : state->failureId});
            return;
        }
        ex.responseBody = summarizeBody(a.contentType(), a.body);
        if (m_transcript)
            m_transcript->addExchange(ex);
        done(std::move(a));
    };

    connect(reply, &QNetworkReply::readyRead, this,
            [reply, state, maxBytes, enough = call.enough, complete]() mutable {
                if (state->finished)
                    return;
                state->body += reply->readAll();
                if (state->body.size() > maxBytes) {
                    state->failure =
                        QStringLiteral("the response is larger than %1 bytes").arg(maxBytes);
                    state->failureId = QStringLiteral("response-too-large");
                    reply->abort();
                    return;
                }
                if (enough && enough(state->body)) {
                    state->early = true;
                    complete();
                    reply->abort();
                }
            });
    connect(reply, &QNetworkReply::finished, this, complete);
    connect(deadline, &QTimer::timeout, this, [reply, state, timeoutMs] {
        state->failure = QStringLiteral("no complete answer within %1 ms").arg(timeoutMs);
        state->failureId = QStringLiteral("timeout");
        reply->abort();
    });
    deadline->start(timeoutMs);
}

} // namespace scopebench
