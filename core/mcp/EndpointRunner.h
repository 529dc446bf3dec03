#pragma once

#include "authserver/IssuedToken.h"
#include "common/Result.h"
#include "introspection/IntrospectionCache.h"
#include "mcp/EndpointAddresses.h"
#include "mcp/RunnerSettings.h"
#include "observability/EndpointCounters.h"
#include "observability/RequestRecord.h"

#include <QList>
#include <QMutex>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

class QThread;

namespace scopebench {

class DecisionMemory;
class EndpointHost;
class EndpointTally;
class RequestLog;
class TokenLookup;

// The MCP endpoint on a thread of its own, driven from the GUI (or the CLI's main) thread. Every
// signal arrives in the thread the runner lives in; every accessor may be called from any thread.
class EndpointRunner : public QObject {
    Q_OBJECT
public:
    explicit EndpointRunner(QObject *parent = nullptr);
    ~EndpointRunner() override; // stops

    // Starts in the background: started() or failed(reason) follows. Ignored while running.
    void start(const RunnerSettings &settings);
    // Drops the sessions and connections, frees the port; returns when it is done.
    void stop();
    bool isRunning() const;

    // Applies to requests that arrive from now on; also the test server's scope catalog.
    void setPolicy(const Policy &policy);
    // A token from the built-in test authorization server; an empty audience means the
    // endpoint's resource. Blocks until the endpoint's thread has minted it.
    Result<MintedToken> mintToken(const QStringList &scopes, int lifetimeSeconds,
                                  const QString &audience = QString());

    EndpointAddresses addresses() const; // all of the below at once; empty when not running
    QUrl baseUrl() const;                // http://HOST:PORT
    QUrl endpointUrl() const;            // the MCP endpoint
    QString resource() const;            // the canonical resource URI
    QString metadataUrl() const;
    QString tokenEndpoint() const; // empty with an external authorization server
    QString testClientId() const;
    QString testClientSecret() const;

    EndpointCounters counters() const; // with requestsPerSecond over the last second
    // Hits, misses, shared waits and errors of the introspection cache; zeros when not running.
    IntrospectionCache::Counters cacheCounters() const;
    int liveSessions() const; // blocks briefly on the endpoint's thread
    RequestLog &log() const;  // thread-safe itself
    // What each logged MCP request was decided with, by the log's sequence number, when the
    // settings of the run asked for it (RunnerSettings::rememberDecisions); emptied by every
    // start, kept after stop. Thread-safe itself.
    DecisionMemory &decisions() const;

    // Tests: any TokenLookup instead of introspection, created on the endpoint's thread.
    void setTokenLookupFactory(std::function<std::unique_ptr<TokenLookup>()> factory);

Q_SIGNALS:
    void started();
    void stopped();
    void failed(const QString &reason);
    void requestLogged(const scopebench::RequestRecord &record);
    void countersChanged(); // once a second while running

private:
    void sampleRate();
    void relayRecords();
    template <typename T> T address(T EndpointAddresses::*field) const;

    std::unique_ptr<RequestLog> m_log;
    std::unique_ptr<DecisionMemory> m_decisions;
    std::unique_ptr<EndpointTally> m_tally;
    QThread *m_thread = nullptr; // written on the runner's thread under m_mutex
    EndpointHost *m_host = nullptr;
    std::function<std::unique_ptr<TokenLookup>()> m_lookupFactory;
    mutable QMutex m_mutex;
    EndpointAddresses m_addresses;
    IntrospectionCache *m_cache = nullptr; // the host's, while running
    double m_rate = 0;
    quint64 m_relayed = 0;
    quint64 m_lastCount = 0;
    QTimer m_rateTimer;
};

} // namespace scopebench
