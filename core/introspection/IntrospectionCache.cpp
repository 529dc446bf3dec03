#include "introspection/IntrospectionCache.h"

#include "introspection/IntrospectionClient.h"

#include <QCryptographicHash>
#include <QDateTime>

#include <algorithm>

namespace scopebench {

IntrospectionCache::IntrospectionCache(IntrospectionClient *client, Settings settings,
                                       QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_settings(settings)
    , m_now([] { return QDateTime::currentSecsSinceEpoch(); }) {}

IntrospectionCache::~IntrospectionCache() {
    for (const InFlight &f : std::as_const(m_inFlight)) {
        if (!f.reply)
            continue;
        disconnect(f.reply, nullptr, this, nullptr);
        f.reply->cancel();
        f.reply->deleteLater();
    }
}

void IntrospectionCache::setClock(std::function<qint64()> nowSeconds) {
    m_now = std::move(nowSeconds);
}

IntrospectionCache::Counters IntrospectionCache::counters() const {
    Counters c;
    c.hits = m_hits.load();
    c.misses = m_misses.load();
    c.sharedWaits = m_sharedWaits.load();
    c.errors = m_errors.load();
    return c;
}

void IntrospectionCache::bump(std::atomic<quint64> &counter) {
    ++counter;
    Q_EMIT countersChanged();
}

void IntrospectionCache::clear() {
    m_entries.clear();
    m_lru.clear();
}

void IntrospectionCache::deliver(QObject *context, Callback done, const TokenKnowledge &knowledge) {
    // Queued, so `done` never runs inside lookup() and is dropped with its context.
    QMetaObject::invokeMethod(
        context, [done = std::move(done), knowledge] { done(knowledge); }, Qt::QueuedConnection);
}

void IntrospectionCache::lookup(const QByteArray &token, QObject *context, Callback done) {
    lookupDigest(token, QCryptographicHash::hash(token, QCryptographicHash::Sha256), context,
                 std::move(done));
}

std::optional<TokenKnowledge> IntrospectionCache::known(const QByteArray &sha256) {
    const auto cached = m_entries.find(sha256);
    if (cached == m_entries.end() || m_now() >= cached->expiresAt)
        return std::nullopt; // lookup() drops the expired entry
    m_lru.splice(m_lru.begin(), m_lru, cached->lru);
    bump(m_hits);
    return cached->knowledge;
}

void IntrospectionCache::lookupDigest(const QByteArray &token, const QByteArray &key,
                                      QObject *context, Callback done) {
    if (!context)
        context = this;

    const auto cached = m_entries.find(key);
    if (cached != m_entries.end()) {
        if (m_now() < cached->expiresAt) {
            m_lru.splice(m_lru.begin(), m_lru, cached->lru);
            bump(m_hits);
            deliver(context, std::move(done), cached->knowledge);
            return;
        }
        m_lru.erase(cached->lru);
        m_entries.erase(cached);
    }

    const auto pending = m_inFlight.find(key);
    if (pending != m_inFlight.end()) {
        pending->waiters.append({context, std::move(done)});
        bump(m_sharedWaits);
        return;
    }

    if (!m_client) {
        bump(m_errors);
        deliver(context, std::move(done),
                TokenKnowledge::failed(introspectionErrorName(IntrospectionError::InvalidSettings) +
                                       QStringLiteral(": no introspection client")));
        return;
    }
    InFlight flight;
    flight.waiters.append({context, std::move(done)});
    flight.reply = m_client->introspect(token);
    m_inFlight.insert(key, flight);
    connect(flight.reply, &IntrospectionReply::finished, this,
            [this, key] { onReplyFinished(key); });
    // The client (and its replies) going away first must still answer everyone once.
    connect(flight.reply, &QObject::destroyed, this, [this, key] {
        const InFlight gone = m_inFlight.take(key);
        if (gone.waiters.isEmpty())
            return;
        bump(m_errors);
        answerWaiters(gone.waiters,
                      TokenKnowledge::failed(introspectionErrorName(IntrospectionError::Cancelled) +
                                             QStringLiteral(": the introspection client is gone")));
    });
    bump(m_misses);
}

void IntrospectionCache::onReplyFinished(const QByteArray &key) {
    const InFlight flight = m_inFlight.take(key);
    if (!flight.reply)
        return;
    const TokenKnowledge knowledge = flight.reply->result();
    flight.reply->deleteLater();
    if (knowledge.state == TokenKnowledge::State::Known)
        store(key, knowledge);
    else
        bump(m_errors);
    answerWaiters(flight.waiters, knowledge);
}

void IntrospectionCache::answerWaiters(const QList<Waiter> &waiters,
                                       const TokenKnowledge &knowledge) {
    for (const Waiter &w : waiters) {
        if (w.context)
            deliver(w.context, w.done, knowledge);
    }
}

void IntrospectionCache::store(const QByteArray &key, const TokenKnowledge &knowledge) {
    if (m_settings.maxEntries <= 0)
        return;
    const qint64 now = m_now();
    qint64 until = 0;
    if (knowledge.facts.active) {
        until = now + std::max(0, m_settings.maxTtlSeconds);
        if (knowledge.facts.exp)
            until = std::min(until, *knowledge.facts.exp);
    } else {
        until = now + std::max(0, m_settings.negativeTtlSeconds);
    }
    if (until <= now)
        return;
    const auto existing = m_entries.find(key);
    if (existing != m_entries.end()) {
        m_lru.erase(existing->lru);
        m_entries.erase(existing);
    }
    while (m_entries.size() >= m_settings.maxEntries && !m_lru.empty()) {
        m_entries.remove(m_lru.back());
        m_lru.pop_back();
    }
    m_lru.push_front(key);
    m_entries.insert(key, Entry{knowledge, until, m_lru.begin()});
}

} // namespace scopebench
