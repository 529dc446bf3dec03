#pragma once

#include "introspection/TokenLookup.h"

#include <QHash>
#include <QList>
#include <QObject>
#include <QPointer>

#include <atomic>
#include <functional>
#include <list>

namespace scopebench {

class IntrospectionClient;
class IntrospectionReply;

// The token cache of docs/introspection-and-test-authorization-server.md in front of an
// IntrospectionClient. Keys are SHA-256 digests of the token (the token itself is never stored).
// Active answers live until min(exp, now + maxTtl), inactive ones for negativeTtl, failures not at
// all; at most maxEntries, least recently used evicted first. Concurrent lookups of one token share
// one request. Lives in the client's thread; lookup() and clear() are called from it, counters()
// from any.
class IntrospectionCache : public QObject, public TokenLookup {
    Q_OBJECT
public:
    using Settings = TokenCacheBounds;
    struct Counters {
        quint64 hits = 0, misses = 0, sharedWaits = 0, errors = 0;
    };

    IntrospectionCache(IntrospectionClient *client, Settings settings, QObject *parent = nullptr);
    ~IntrospectionCache() override;

    void setClock(std::function<qint64()> nowSeconds); // tests pin time
    void lookup(const QByteArray &token, QObject *context, Callback done) override;
    void lookupDigest(const QByteArray &token, const QByteArray &sha256, QObject *context,
                      Callback done) override;
    std::optional<TokenKnowledge> known(const QByteArray &sha256) override; // counts a hit
    Counters counters() const;                                              // thread-safe
    int size() const { return int(m_entries.size()); }
    void clear();

Q_SIGNALS:
    void countersChanged();

private:
    struct Entry {
        TokenKnowledge knowledge;
        qint64 expiresAt = 0;
        std::list<QByteArray>::iterator lru;
    };
    struct Waiter {
        QPointer<QObject> context;
        Callback done;
    };
    struct InFlight {
        QPointer<IntrospectionReply> reply;
        QList<Waiter> waiters;
    };

    static void deliver(QObject *context, Callback done, const TokenKnowledge &knowledge);
    void onReplyFinished(const QByteArray &key);
    void answerWaiters(const QList<Waiter> &waiters, const TokenKnowledge &knowledge);
    void store(const QByteArray &key, const TokenKnowledge &knowledge);
    void bump(std::atomic<quint64> &counter);

    QPointer<IntrospectionClient> m_client;
    Settings m_settings;
    std::function<qint64()> m_now;
    QHash<QByteArray, Entry> m_entries;
    std::list<QByteArray> m_lru; // most recently used first
    QHash<QByteArray, InFlight> m_inFlight;
    std::atomic<quint64> m_hits{0}, m_misses{0}, m_sharedWaits{0}, m_errors{0};
};

} // namespace scopebench
