#include "client/Authorizer.h"

#include "client/HttpFetcher.h"
#include "http/ListenAddress.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

namespace scopebench {

namespace {
const QString CallbackPath = QStringLiteral("/callback");

} // namespace

FollowAuthorizer::FollowAuthorizer(QObject *parent)
    : Authorizer(parent) {}

Result<QUrl> FollowAuthorizer::redirectUri() {
    // Never listened on: the redirect is recognised in a Location header and not followed.
    if (m_redirect.isEmpty())
        m_redirect = QUrl(QStringLiteral("http://127.0.0.1/callback"));
    return m_redirect;
}

bool FollowAuthorizer::reachesRedirect(const QUrl &url, const QUrl &redirectUri) {
    if (url.scheme() != redirectUri.scheme() || url.host() != redirectUri.host() ||
        url.path() != redirectUri.path())
        return false;
    return url.port(80) == redirectUri.port(80) ||
           (url.scheme() == QLatin1String("http") && ListenAddress::isLoopback(url.host()));
}

void FollowAuthorizer::authorize(const QUrl &authorizationUrl, HttpFetcher *fetcher,
                                 Callback done) {
    // Fixes the redirect URI the authorization URL was built with; it cannot fail here.
    [[maybe_unused]] const Result<QUrl> redirect = redirectUri();
    hop(authorizationUrl, 0, fetcher, std::move(done));
}

void FollowAuthorizer::hop(const QUrl &url, int hops, HttpFetcher *fetcher, Callback done) {
    HttpCall call;
    call.url = url;
    call.step = QStringLiteral("authorization");
    QPointer<FollowAuthorizer> self(this);
    fetcher->send(call, [self, hops, fetcher, done, url](Result<HttpAnswer> answer) {
        if (!self)
            return;
        if (!answer)
            return done(answer.error());
        const int status = answer->status;
        const QByteArray location = answer->header(QByteArrayLiteral("Location"));
        if (status < 300 || status > 399 || location.isEmpty())
            return done(Error{QStringLiteral("the authorization server answered %1 instead of "
                                             "redirecting; it needs a person (use the browser "
                                             "step)")
                                  .arg(status),
                              url.toString(QUrl::RemoveQuery), QStringLiteral("not-redirected")});
        const QUrl next = url.resolved(QUrl::fromEncoded(location, QUrl::StrictMode));
        if (!next.isValid())
            return done(Error{QStringLiteral("the redirect is not a valid URL"),
                              url.toString(QUrl::RemoveQuery), QStringLiteral("bad-redirect")});
        if (reachesRedirect(next, self->m_redirect))
            return done(next);
        if (hops + 1 >= fetcher->limits().maxRedirects)
            return done(Error{QStringLiteral("more than %1 redirects without reaching the "
                                             "redirect URI")
                                  .arg(fetcher->limits().maxRedirects),
                              url.toString(QUrl::RemoveQuery),
                              QStringLiteral("too-many-redirects")});
        self->hop(next, hops + 1, fetcher, done);
    });
}

BrowserAuthorizer::BrowserAuthorizer(Opener opener, int timeoutMs, QObject *parent)
    : Authorizer(parent)
    , m_opener(std::move(opener))
    , m_timeoutMs(timeoutMs) {}

BrowserAuthorizer::~BrowserAuthorizer() = default;

Result<QUrl> BrowserAuthorizer::redirectUri() {
    if (m_server)
        return m_redirect;
    m_server = new QTcpServer(this);
    // Loopback only, an ephemeral port (RFC 8252 §7.3, §8.3).
    if (!m_server->listen(QHostAddress(QHostAddress::LocalHost), 0)) {
        const QString why = m_server->errorString();
        delete m_server;
        m_server = nullptr;
        return Error{why, QStringLiteral("127.0.0.1"), QStringLiteral("listen-failed")};
    }
    m_server->setMaxPendingConnections(4);
    connect(m_server, &QTcpServer::newConnection, this, &BrowserAuthorizer::onConnection);
    m_redirect =
        QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->serverPort()).arg(CallbackPath));
    return m_redirect;
}

void BrowserAuthorizer::authorize(const QUrl &authorizationUrl, HttpFetcher *, Callback done) {
    const Result<QUrl> redirect = redirectUri();
    if (!redirect) {
        QTimer::singleShot(0, this, [done, e = redirect.error()] { done(e); });
        return;
    }
    m_pending = std::move(done);
    const quint64 generation = ++m_generation;
    QTimer::singleShot(m_timeoutMs, this, [this, generation] {
        if (generation == m_generation && m_pending)
            finish(Error{QStringLiteral("no redirect arrived within %1 s").arg(m_timeoutMs / 1000),
                         m_redirect.toString(), QStringLiteral("authorization-timeout")});
    });
    if (!m_opener || !m_opener(authorizationUrl))
        QTimer::singleShot(0, this, [this, generation] {
            if (generation == m_generation && m_pending)
                finish(Error{QStringLiteral("the browser could not be opened"), QString(),
                             QStringLiteral("no-browser")});
        });
}

void BrowserAuthorizer::finish(Result<QUrl> result) {
    Callback done = std::move(m_pending);
    m_pending = nullptr;
    ++m_generation;
    if (done)
        done(std::move(result));
}

void BrowserAuthorizer::onConnection() {
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
        // A connection that never completes its request does not hold the listener.
        QTimer::singleShot(10000, socket, [socket] { socket->abort(); });
    }
}

void BrowserAuthorizer::onReadable(QTcpSocket *socket) {
    QByteArray buffer = socket->property("buffer").toByteArray() + socket->readAll();
    if (buffer.size() > MaxRequestBytes) {
        socket->abort();
        return;
    }
    socket->setProperty("buffer", buffer);
    if (!buffer.contains("\r\n\r\n"))
        return;
    const QList<QByteArray> requestLine = buffer.left(buffer.indexOf("\r\n")).split(' ');
    auto answer = [socket](const QByteArray &status, const QByteArray &html) {
        socket->write("HTTP/1.1 " + status +
                      "\r\nContent-Type: text/html; charset=utf-8\r\nCache-Control: no-store\r\n"
                      "Connection: close\r\nContent-Length: " +
                      QByteArray::number(html.size()) + "\r\n\r\n" + html);
        socket->disconnectFromHost();
    };
    const QUrl target =
        requestLine.size() == 3 ? QUrl::fromEncoded(requestLine.at(1), QUrl::StrictMode) : QUrl();
    if (requestLine.value(0) != "GET" || target.path() != CallbackPath || !m_pending) {
        answer("404 Not Found", "<!doctype html><title>Not found</title><p>Nothing here.</p>");
        return;
    }
    QUrl full = m_redirect;
    full.setQuery(target.query(QUrl::FullyEncoded), QUrl::StrictMode);
    answer("200 OK", "<!doctype html><title>Scopebench</title><p>The authorization response "
                     "reached Scopebench. You can close this window.</p>");
    finish(full);
}

} // namespace scopebench
