#include "mcp/EndpointRunner.h"

#include "introspection/TokenLookup.h"
#include "mcp/DecisionMemory.h"
#include "mcp/EndpointHost.h"
#include "observability/EndpointTally.h"
#include "observability/RequestLog.h"

#include <QMetaMethod>
#include <QMutexLocker>
#include <QThread>

namespace scopebench {

EndpointRunner::EndpointRunner(QObject *parent)
    : QObject(parent)
    , m_log(std::make_unique<RequestLog>())
    , m_decisions(std::make_unique<DecisionMemory>(m_log->capacity()))
    , m_tally(std::make_unique<EndpointTally>()) {
    qRegisterMetaType<RequestRecord>();
    m_rateTimer.setInterval(1000);
    connect(&m_rateTimer, &QTimer::timeout, this, &EndpointRunner::sampleRate);
}

EndpointRunner::~EndpointRunner() {
    stop();
}

void EndpointRunner::setTokenLookupFactory(std::function<std::unique_ptr<TokenLookup>()> factory) {
    m_lookupFactory = std::move(factory);
}

void EndpointRunner::start(const RunnerSettings &settings) {
    if (m_thread)
        return;
    // Counters are per run; the log keeps its records until someone clears it. What the last
    // run decided with is forgotten: it was decided under that run's resource.
    m_tally->reset();
    m_decisions->clear();
    {
        QMutexLocker lock(&m_mutex);
        m_thread = new QThread(this);
    }
    m_thread->setObjectName(QStringLiteral("scopebench-endpoint"));
    m_host =
        new EndpointHost(settings, m_log.get(), m_tally.get(), m_lookupFactory, m_decisions.get());
    m_host->moveToThread(m_thread);
    connect(m_host, &EndpointHost::recordsAvailable, this, &EndpointRunner::relayRecords);
    m_thread->start();
    EndpointHost *host = m_host;
    QMetaObject::invokeMethod(m_host, [this, host] {
        const Result<EndpointAddresses> a = host->start();
        // Back on the runner's thread.
        QMetaObject::invokeMethod(this, [this, host, a] {
            if (m_host != host)
                return; // stopped (and maybe started again) in the meantime
            if (!a.ok()) {
                const QString reason = a.error().toString();
                stop();
                Q_EMIT failed(reason);
                return;
            }
            {
                QMutexLocker lock(&m_mutex);
                m_addresses = a.value();
                m_cache = host->cache();
            }
            m_lastCount = m_tally->snapshot().requests;
            m_rateTimer.start();
            Q_EMIT started();
        });
    });
}

void EndpointRunner::stop() {
    if (!m_thread)
        return;
    m_rateTimer.stop();
    {
        QMutexLocker lock(&m_mutex);
        m_cache = nullptr;
    }
    EndpointHost *host = std::exchange(m_host, nullptr);
    // Destroyed on its own thread, which owns its sockets and timers.
    QMetaObject::invokeMethod(
        host, [host] { delete host; }, Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    QThread *thread = m_thread;
    {
        QMutexLocker lock(&m_mutex);
        m_thread = nullptr;
        m_addresses = EndpointAddresses();
        m_cache = nullptr;
        m_rate = 0;
    }
    delete thread;
    Q_EMIT stopped();
}

bool EndpointRunner::isRunning() const {
    // Any thread may ask (the contract above); start() and stop() write it under the same lock.
    QMutexLocker lock(&m_mutex);
    return m_thread != nullptr;
}

void EndpointRunner::setPolicy(const Policy &policy) {
    if (!m_host)
        return;
    EndpointHost *host = m_host;
    QMetaObject::invokeMethod(m_host, [host, policy] { host->setPolicy(policy); });
}

Result<MintedToken> EndpointRunner::mintToken(const QStringList &scopes, int lifetimeSeconds,
                                              const QString &audience) {
    if (!m_host)
        return Error{QStringLiteral("The endpoint is not running"), QString()};
    Result<MintedToken> out = Error{QString(), QString()};
    EndpointHost *host = m_host;
    QMetaObject::invokeMethod(
        m_host, [&] { out = host->mint(scopes, lifetimeSeconds, audience); },
        Qt::BlockingQueuedConnection);
    return out;
}

QUrl EndpointRunner::baseUrl() const {
    return address(&EndpointAddresses::baseUrl);
}

QUrl EndpointRunner::endpointUrl() const {
    return address(&EndpointAddresses::endpointUrl);
}

QString EndpointRunner::resource() const {
    return address(&EndpointAddresses::resource);
}

QString EndpointRunner::metadataUrl() const {
    return address(&EndpointAddresses::metadataUrl);
}

QString EndpointRunner::tokenEndpoint() const {
    return address(&EndpointAddresses::tokenEndpoint);
}

QString EndpointRunner::testClientId() const {
    return address(&EndpointAddresses::clientId);
}

QString EndpointRunner::testClientSecret() const {
    return address(&EndpointAddresses::clientSecret);
}

EndpointAddresses EndpointRunner::addresses() const {
    QMutexLocker lock(&m_mutex);
    return m_addresses;
}

template <typename T> T EndpointRunner::address(T EndpointAddresses::*field) const {
    QMutexLocker lock(&m_mutex);
    return m_addresses.*field;
}

EndpointCounters EndpointRunner::counters() const {
    EndpointCounters c = m_tally->snapshot();
    QMutexLocker lock(&m_mutex);
    c.requestsPerSecond = m_rate;
    return c;
}

IntrospectionCache::Counters EndpointRunner::cacheCounters() const {
    QMutexLocker lock(&m_mutex);
    return m_cache ? m_cache->counters() : IntrospectionCache::Counters{};
}

int EndpointRunner::liveSessions() const {
    if (!m_host)
        return 0;
    int n = 0;
    EndpointHost *host = m_host;
    QMetaObject::invokeMethod(
        m_host, [&] { n = host->liveSessions(); }, Qt::BlockingQueuedConnection);
    return n;
}

RequestLog &EndpointRunner::log() const {
    return *m_log;
}

DecisionMemory &EndpointRunner::decisions() const {
    return *m_decisions;
}

void EndpointRunner::relayRecords() {
    // Copies only when someone listens; a burst larger than the ring loses its oldest records.
    const bool listened =
        isSignalConnected(QMetaMethod::fromSignal(&EndpointRunner::requestLogged));
    const QList<RequestRecord> fresh = listened ? m_log->since(m_relayed) : QList<RequestRecord>();
    m_relayed = m_log->lastSequence();
    for (const auto &r : fresh)
        Q_EMIT requestLogged(r);
}

void EndpointRunner::sampleRate() {
    const quint64 now = m_tally->snapshot().requests;
    {
        QMutexLocker lock(&m_mutex);
        m_rate = double(now - m_lastCount) * 1000.0 / m_rateTimer.interval();
    }
    m_lastCount = now;
    Q_EMIT countersChanged();
}

} // namespace scopebench
