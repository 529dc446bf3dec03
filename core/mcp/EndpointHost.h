#pragma once

#include "authserver/IssuedToken.h"
#include "common/Result.h"
#include "mcp/EndpointAddresses.h"
#include "mcp/RunnerSettings.h"
#include "observability/RequestRecord.h"

#include <QFile>
#include <QList>
#include <QObject>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>

namespace scopebench {

class DecisionMemory;
class EndpointTally;
class IntrospectionCache;
class IntrospectionClient;
class JwksProvider;
class JwtTokenLookup;
class McpEndpoint;
class RequestLog;
class TestAuthorizationServer;
class TokenLookup;
class VerifyingTokenLookup;

// What runs on the endpoint's thread: the endpoint, the built-in authorization server on the
// same listener (or none, with an external introspection URL), the introspection client and
// cache, the --log file. Created and destroyed on that thread by EndpointRunner.
class EndpointHost : public QObject {
    Q_OBJECT
public:
    using LookupFactory = std::function<std::unique_ptr<TokenLookup>()>;

    // `memory` (may be null) is used when settings.rememberDecisions is set.
    EndpointHost(RunnerSettings settings, RequestLog *log, EndpointTally *tally,
                 LookupFactory lookupFactory = nullptr, DecisionMemory *memory = nullptr,
                 QObject *parent = nullptr);
    ~EndpointHost() override;

    Result<EndpointAddresses> start();
    void setPolicy(const Policy &policy);
    Result<MintedToken> mint(const QStringList &scopes, int lifetimeSeconds,
                             const QString &audience);
    int liveSessions() const;
    // Null with a custom lookup; lives until the host is destroyed.
    IntrospectionCache *cache() const { return m_cache.get(); }
    int openConnections() const;

Q_SIGNALS:
    // New records are in the log; at most every 50 ms.
    void recordsAvailable();

private:
    void onRecord(const RequestRecord &record);
    void flush();
    // Puts local JWT verification in front of `introspection` (which may be null).
    TokenLookup *verifyJwts(TokenLookup *introspection, const QUrl &privateBase);

    RunnerSettings m_settings;
    RequestLog *m_log;
    EndpointTally *m_tally;
    DecisionMemory *m_memory;
    LookupFactory m_lookupFactory;
    std::unique_ptr<TestAuthorizationServer> m_authServer;
    std::unique_ptr<IntrospectionClient> m_client;
    std::unique_ptr<IntrospectionCache> m_cache;
    std::unique_ptr<TokenLookup> m_customLookup;
    std::unique_ptr<JwksProvider> m_jwks;
    std::unique_ptr<JwtTokenLookup> m_jwtLookup;
    std::unique_ptr<VerifyingTokenLookup> m_verifying;
    std::unique_ptr<McpEndpoint> m_endpoint;
    QStringList m_jwtIssuers;
    QFile m_logFile;
    bool m_fresh = false;
    QTimer m_flush;
};

} // namespace scopebench
