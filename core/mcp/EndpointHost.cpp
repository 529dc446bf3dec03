#include "mcp/EndpointHost.h"

#include "authserver/TestAuthorizationServer.h"
#include "introspection/IntrospectionCache.h"
#include "introspection/IntrospectionClient.h"
#include "jwt/JwksProvider.h"
#include "jwt/JwtTokenLookup.h"
#include "mcp/McpEndpoint.h"
#include "mcp/VerifyingTokenLookup.h"

namespace scopebench {

EndpointHost::EndpointHost(RunnerSettings settings, RequestLog *log, EndpointTally *tally,
                           LookupFactory lookupFactory, DecisionMemory *memory, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_log(log)
    , m_tally(tally)
    , m_memory(memory)
    , m_lookupFactory(std::move(lookupFactory))
    , m_flush(this) { // a child, so it moves to the endpoint's thread with the host
    m_flush.setInterval(50);
    connect(&m_flush, &QTimer::timeout, this, &EndpointHost::flush);
}

EndpointHost::~EndpointHost() {
    flush();
    // The endpoint first: it holds the lookup and the server that routes to the AS.
    m_endpoint.reset();
    m_verifying.reset();
    m_jwtLookup.reset();
    m_jwks.reset();
    m_cache.reset();
    m_client.reset();
    m_customLookup.reset();
    m_authServer.reset();
}

Result<EndpointAddresses> EndpointHost::start() {
    if (!m_settings.logFile.isEmpty()) {
        m_logFile.setFileName(m_settings.logFile);
        if (!m_logFile.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
            return Error{m_logFile.errorString(), m_settings.logFile};
    }
    // Issuers given without an introspection URL name an external authorization server too.
    const bool builtIn = !m_settings.introspection && !m_settings.jwtIssuers && !m_lookupFactory;
    TokenLookup *lookup = nullptr;
    if (m_lookupFactory) {
        m_customLookup = m_lookupFactory();
        lookup = m_customLookup.get();
    }
    m_endpoint = std::make_unique<McpEndpoint>(m_settings.endpoint, m_settings.policy, nullptr,
                                               m_log, m_tally);
    if (builtIn) {
        TestAuthorizationServer::Settings as;
        as.clientId = m_settings.testClientId;
        as.clientSecret = m_settings.testClientSecret;
        as.catalog = m_settings.policy.catalogNames();
        as.autoApprove = m_settings.autoApprove;
        as.tokenFormat = m_settings.testTokenFormat;
        as.clientMetadataHttpLoopback = m_settings.testClientMetadataHttpLoopback;
        m_authServer = std::make_unique<TestAuthorizationServer>(as);
        const QList<TestAuthorizationServer::Route> routes = m_authServer->routes();
        for (const TestAuthorizationServer::Route &route : routes) {
            // The endpoint can answer later, so a route that may wait (a client's metadata
            // document being fetched) is mounted as such.
            if (route.deferred)
                m_endpoint->addDeferredRoute(route.path, route.deferred, route.corsMethods);
            else
                m_endpoint->addRoute(route.path, route.handler, route.corsMethods);
        }
    }
    const Status listening = m_endpoint->listen();
    if (!listening)
        return listening.error();

    EndpointAddresses a;
    a.baseUrl = m_endpoint->baseUrl();
    a.endpointUrl = m_endpoint->endpointUrl();
    a.resource = m_endpoint->resource();
    a.metadataUrl = m_endpoint->metadataUrl();
    if (builtIn) {
        m_authServer->setIssuer(a.baseUrl.toString());
        a.tokenEndpoint = m_authServer->tokenEndpoint();
        a.introspectionEndpoint = m_authServer->introspectionEndpoint();
        a.clientId = m_authServer->clientId();
        a.clientSecret = m_authServer->clientSecret();
    }
    const bool jwtOnly = !m_settings.introspection && m_settings.jwtIssuers && !m_lookupFactory;
    QUrl privateBase;
    if (!lookup && !jwtOnly) {
        IntrospectionSettings is;
        if (m_settings.introspection) {
            is = *m_settings.introspection;
        } else {
            // The same RFC 7662 path as against any server: over HTTP, with client auth, but
            // through the endpoint's private listener, so clients that fill the connection cap
            // cannot turn valid tokens into 503s.
            const Result<QUrl> listening = m_endpoint->listenPrivately();
            if (!listening.ok())
                return listening.error();
            privateBase = listening.value();
            is.url = QUrl(m_authServer->introspectionEndpoint());
            is.url.setPort(privateBase.port());
            is.authMethod = IntrospectionSettings::AuthMethod::ClientSecretBasic;
            is.clientId = a.clientId;
            is.clientSecret = a.clientSecret;
        }
        const QString problem = IntrospectionClient::settingsProblem(is);
        if (!problem.isEmpty())
            return Error{problem, QStringLiteral("introspection")};
        m_client = std::make_unique<IntrospectionClient>(is);
        IntrospectionCache::Settings cs;
        cs.maxTtlSeconds = m_settings.cacheMaxTtlSeconds;
        cs.negativeTtlSeconds = m_settings.cacheNegativeTtlSeconds;
        m_cache = std::make_unique<IntrospectionCache>(m_client.get(), cs);
        lookup = m_cache.get();
    }
    if (!m_lookupFactory)
        lookup = verifyJwts(lookup, privateBase);
    a.jwtIssuers = m_jwtIssuers;
    m_endpoint->setTokenLookup(lookup);
    if (m_settings.rememberDecisions)
        m_endpoint->setDecisionMemory(m_memory);
    connect(m_endpoint.get(), &McpEndpoint::requestLogged, this, &EndpointHost::onRecord);
    m_flush.start();
    return a;
}

TokenLookup *EndpointHost::verifyJwts(TokenLookup *introspection, const QUrl &privateBase) {
    QUrl ownJwks; // the built-in server's key set, through the private listener
    if (m_settings.jwtIssuers) {
        m_jwtIssuers = *m_settings.jwtIssuers;
    } else if (m_settings.introspection) {
        m_jwtIssuers = m_settings.policy.authorizationServers;
    } else if (m_authServer && m_authServer->tokenFormat() == AccessTokenFormat::Jwt) {
        m_jwtIssuers = QStringList{m_authServer->issuer()};
        ownJwks = QUrl(m_authServer->jwksUri());
        ownJwks.setPort(privateBase.port());
    }
    if (m_jwtIssuers.isEmpty())
        return introspection;
    JwtVerifierOptions options;
    options.trustedIssuers = m_jwtIssuers;
    options.resource = m_endpoint->resource();
    options.leewaySeconds = m_settings.policy.validation.leewaySeconds;
    options.acceptTypJwt = m_settings.acceptTypJwt;
    m_jwks = std::make_unique<JwksProvider>();
    if (ownJwks.isValid())
        m_jwks->setJwksUrl(m_jwtIssuers.constFirst(), ownJwks);
    m_jwtLookup = std::make_unique<JwtTokenLookup>(m_jwks.get(), options);
    VerifyingTokenLookup::Settings vs;
    vs.maxTtlSeconds = m_settings.cacheMaxTtlSeconds;
    vs.negativeTtlSeconds = m_settings.cacheNegativeTtlSeconds;
    m_verifying = std::make_unique<VerifyingTokenLookup>(m_jwtLookup.get(), introspection, vs);
    return m_verifying.get();
}

void EndpointHost::setPolicy(const Policy &policy) {
    m_settings.policy = policy;
    if (m_endpoint)
        m_endpoint->setPolicy(policy);
    if (m_authServer)
        m_authServer->setCatalog(policy.catalogNames());
}

Result<MintedToken> EndpointHost::mint(const QStringList &scopes, int lifetimeSeconds,
                                       const QString &audience) {
    if (!m_authServer)
        return Error{QStringLiteral("Tokens can only be minted by the built-in test "
                                    "authorization server, which is not running"),
                     QString()};
    const QString aud = audience.isEmpty() && m_endpoint ? m_endpoint->resource() : audience;
    return m_authServer->mint(scopes, lifetimeSeconds, aud);
}

int EndpointHost::liveSessions() const {
    return m_endpoint ? m_endpoint->liveSessions() : 0;
}

int EndpointHost::openConnections() const {
    return m_endpoint ? m_endpoint->openConnections() : 0;
}

void EndpointHost::onRecord(const RequestRecord &record) {
    if (m_logFile.isOpen())
        m_logFile.write(record.toJsonLine());
    m_fresh = true;
}

void EndpointHost::flush() {
    if (m_logFile.isOpen())
        m_logFile.flush();
    if (std::exchange(m_fresh, false))
        Q_EMIT recordsAvailable();
}

} // namespace scopebench
