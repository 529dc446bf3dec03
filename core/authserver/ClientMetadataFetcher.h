#pragma once

#include "authserver/ClientRegistry.h"
#include "common/Result.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace scopebench {

// Fetches Client ID Metadata Documents for the test authorization server, without ever
// blocking: a fetch is a QNetworkReply on the fetcher's thread, bounded in time (one deadline
// for the whole transfer), in size (ClientMetadataDocument::maxDocumentBytes, checked while
// reading) and in kind (no redirect followed, a JSON content type). Good documents are cached
// (a bounded count, for the response's max-age within [0, maxTtlSeconds], else
// defaultTtlSeconds); failures are never cached (the draft's rule), only kept for the one
// request that waits to pick them up (see take()). Concurrent requests for one URL share a
// fetch. Its cache has a mutex of its own, never held across a fetch or a callback.
class ClientMetadataFetcher : public QObject {
    Q_OBJECT
public:
    using Outcome = Result<ClientRegistry::Client>;
    using Callback = std::function<void(const Outcome &)>;

    static constexpr int maxCached = 100;
    static constexpr int maxInFlight = 16;
    static constexpr int defaultTtlSeconds = 300;
    static constexpr int maxTtlSeconds = 3600;
    // How long a failure or an uncacheable document waits for the request that picks it up.
    static constexpr int pickupSeconds = 60;

    explicit ClientMetadataFetcher(QObject *parent = nullptr);
    ~ClientMetadataFetcher() override;

    void setTimeoutMs(int ms); // the whole transfer's deadline; 5000 unless set
    void setClock(std::function<qint64()> nowSeconds);

    // Thread-safe. What is known about `url`: a cached document still fresh, or the outcome a
    // fetch started with an empty callback left for pickup (handed out once). Nothing: fetch.
    std::optional<Outcome> take(const QString &url);
    // On the fetcher's thread only. Starts a fetch of `url` unless one is in flight, and calls
    // `done` there with the outcome; an empty `done` leaves the outcome for take(). Callbacks
    // still waiting when the fetcher is destroyed are dropped, never called.
    void fetch(const QString &url, Callback done);

    int cachedCount() const;    // thread-safe
    int fetchesStarted() const; // thread-safe: network fetches so far (for tests)

private:
    struct Entry {
        Outcome outcome;
        qint64 expiresAt = 0;
        bool pickupOnce = false; // handed out once by take(), then gone
    };
    struct InFlight {
        QList<Callback> callbacks;
        bool pickup = false; // someone waits to take() the outcome
    };
    void finished(QNetworkReply *reply, const QString &url, bool timedOut, bool tooLarge);
    void store(const QString &url, const Outcome &outcome, int ttlSeconds, bool pickup);

    QNetworkAccessManager *m_network;
    int m_timeoutMs = 5000;
    std::function<qint64()> m_now;
    QHash<QString, InFlight> m_inFlight; // the fetcher's thread only

    mutable QMutex m_mutex; // guards what follows
    QHash<QString, Entry> m_cache;
    int m_fetchesStarted = 0;
};

} // namespace scopebench
