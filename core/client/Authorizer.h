#pragma once

#include "common/Result.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

#include <functional>

class QTcpServer;
class QTcpSocket;

namespace scopebench {

class HttpFetcher;

// The authorization step as a strategy: turn an authorization URL into the redirect the
// authorization server sends back (the URL with code/state/iss or error).
class Authorizer : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(Result<QUrl>)>;
    using QObject::QObject;

    // The redirect URI to register and send; the browser step starts listening here.
    virtual Result<QUrl> redirectUri() = 0;
    // `done` exactly once, later. `fetcher` is the client's (its bounds, its transcript).
    virtual void authorize(const QUrl &authorizationUrl, HttpFetcher *fetcher, Callback done) = 0;
    virtual QString name() const = 0;
};

// Requests the authorization URL and follows its redirects, without a browser, until the
// redirect URI is reached: for servers that approve without interaction. At most
// HttpLimits::maxRedirects hops; a page instead of a redirect is an error.
class FollowAuthorizer : public Authorizer {
    Q_OBJECT
public:
    explicit FollowAuthorizer(QObject *parent = nullptr);
    Result<QUrl> redirectUri() override;
    void authorize(const QUrl &authorizationUrl, HttpFetcher *fetcher, Callback done) override;
    QString name() const override { return QStringLiteral("follow"); }

    // Whether `url` is the redirect URI (RFC 8252 §7.3: any port on the loopback address).
    static bool reachesRedirect(const QUrl &url, const QUrl &redirectUri);

private:
    void hop(const QUrl &url, int hops, HttpFetcher *fetcher, Callback done);
    QUrl m_redirect;
};

// Opens the system browser (through a callback the caller provides, so the core never links
// Gui) and waits for the redirect on a loopback listener at an ephemeral port on 127.0.0.1;
// answers the browser with a small page; gives up after `timeoutMs`.
class BrowserAuthorizer : public Authorizer {
    Q_OBJECT
public:
    using Opener = std::function<bool(const QUrl &)>;
    explicit BrowserAuthorizer(Opener opener, int timeoutMs = 300000, QObject *parent = nullptr);
    ~BrowserAuthorizer() override;
    Result<QUrl> redirectUri() override;
    void authorize(const QUrl &authorizationUrl, HttpFetcher *fetcher, Callback done) override;
    QString name() const override { return QStringLiteral("browser"); }

    static constexpr int MaxRequestBytes = 16 * 1024;

private:
    void onConnection();
    void onReadable(QTcpSocket *socket);
    void finish(Result<QUrl> result);

    Opener m_opener;
    int m_timeoutMs;
    QTcpServer *m_server = nullptr;
    QUrl m_redirect;
    Callback m_pending;
    quint64 m_generation = 0;
};

} // namespace scopebench
