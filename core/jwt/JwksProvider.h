#pragma once

#include "common/Result.h"
#include "jose/Jwk.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace scopebench {

// Every bound of JWK Set fetching, explicit.
struct JwksProviderSettings {
    int timeoutMs = 5000;          // per HTTP request, from start to the last byte
    qint64 maxBytes = 256 * 1024;  // per response (metadata or JWK Set)
    int defaultCacheSeconds = 300; // when the JWK Set response has no max-age
    int minCacheSeconds = 60;      // max-age is clamped to [min, max]
    int maxCacheSeconds = 24 * 60 * 60;
    int unknownKidRefetchSeconds = 60; // at most one refetch for an unknown kid per issuer
    int failureRetrySeconds = 5;       // after a failed fetch, the failure is the answer
};

// The JWK Sets of trusted issuers, for local JWT verification. For an issuer it finds the
// jwks_uri in the RFC 8414 metadata (/.well-known/oauth-authorization-server, inserted before
// the issuer's path), then in OpenID Connect discovery (/.well-known/openid-configuration,
// appended), unless a JWK Set URL is given; the metadata's "issuer" must equal the issuer
// exactly (RFC 8414 §3.3). Fetches follow no redirect to another origin, stop at maxBytes and
// after timeoutMs, and accept http only on loopback hosts. The set is cached per issuer for its
// Cache-Control max-age (clamped); concurrent requests for one issuer share one fetch.
//
// A failure is an Error value (id "jwks-unavailable", "jwks-invalid", "metadata-unavailable",
// "metadata-invalid", "metadata-issuer-mismatch", "issuer-invalid"); a caller maps it to the
// decision's "could not check the token" (503), never to an allow. Lives in one thread.
class JwksProvider : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const Result<JwkSet> &)>;
    using Clock = std::function<qint64()>; // milliseconds since the epoch

    explicit JwksProvider(JwksProviderSettings settings = {}, QObject *parent = nullptr);
    ~JwksProvider() override;

    // Use this JWK Set URL for `issuer` instead of discovery.
    void setJwksUrl(const QString &issuer, const QUrl &jwksUrl);
    // Tests move time forward by hand; the default is the system clock.
    void setClock(Clock clock);
    const JwksProviderSettings &settings() const { return m_settings; }

    // The issuer's JWK Set: cached while fresh, else fetched. Calls `done` exactly once, later,
    // in this thread; not at all if `context` is destroyed first.
    void keys(const QString &issuer, QObject *context, Callback done);
    // After a token named a kid the cached set lacks (key rotation): fetches again, unless the
    // set was fetched less than unknownKidRefetchSeconds ago, in which case `done` gets the
    // cached set. So random kids cost the issuer at most one request per interval.
    void refreshKeys(const QString &issuer, QObject *context, Callback done);

    // How many HTTP requests this provider has started (metadata and JWK Sets), for tests and
    // counters.
    int requestCount() const { return m_requests; }

    // RFC 8414 §3.1 and OpenID Connect Discovery §4 URLs for an issuer.
    static QUrl authorizationServerMetadataUrl(const QUrl &issuer);
    static QUrl openIdConfigurationUrl(const QUrl &issuer);
    // Empty when `url` may be fetched: absolute, https, or http on a loopback host.
    static QString urlProblem(const QUrl &url);
    // max-age from a Cache-Control value, clamped to the settings; no-store/no-cache: the minimum.
    static int cacheSecondsFor(const QByteArray &cacheControl, const JwksProviderSettings &s);

private:
    struct Waiter {
        QPointer<QObject> context;
        Callback done;
    };
    struct Entry {
        std::optional<JwkSet> keys;
        qint64 expiresAt = 0;
        qint64 fetchedAt = 0;
        qint64 attemptedAt = 0; // the last fetch started
        QUrl jwksUrl;           // discovered or given
        bool givenUrl = false;
        bool inFlight = false;
        std::optional<Error> failure;
        qint64 failedAt = 0;
        QList<Waiter> waiters;
    };
    struct Fetched {
        QByteArray body;
        QByteArray cacheControl;
    };
    using FetchCallback = std::function<void(const Result<Fetched> &)>;

    void fetch(const QString &issuer);
    void discover(const QString &issuer, const QList<QUrl> &candidates, QStringList tried);
    void fetchKeys(const QString &issuer);
    void finish(const QString &issuer, const Result<JwkSet> &result);
    void finishLater(const QString &issuer, const Error &error);
    void get(const QUrl &url, FetchCallback done);
    void answerLater(QObject *context, Callback done, const Result<JwkSet> &result);
    qint64 now() const;

    JwksProviderSettings m_settings;
    QNetworkAccessManager *m_network;
    QHash<QString, Entry> m_entries;
    Clock m_clock;
    int m_requests = 0;
};

} // namespace scopebench
