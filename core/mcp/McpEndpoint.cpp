#include "mcp/McpEndpoint.h"

#include "http/HttpVocabulary.h"

#include "common/TokenFingerprint.h"
#include "decision/CompiledPolicy.h"
#include "decision/Decider.h"
#include "introspection/TokenLookup.h"
#include "mcp/DecisionMemory.h"
#include "mcp/McpProtocol.h"
#include "mcp/McpProtocol2026.h"
#include "observability/EndpointTally.h"
#include "observability/RequestLog.h"
#include "policy/ResourceUri.h"
#include "transport/ConnectionServer.h"
#include "transport/DescriptorLimit.h"
#include "transport/OriginGuard.h"
#include "transport/ResponseSequencer.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QVarLengthArray>

namespace scopebench {

namespace {

const QByteArray mcpAllow = QByteArrayLiteral("POST, DELETE, OPTIONS");
// What a 2026-07-28 request may use: that revision has neither the GET stream nor sessions.
const QByteArray modernAllow = QByteArrayLiteral("POST, OPTIONS");
const QByteArray metadataAllow = QByteArrayLiteral("GET, HEAD, OPTIONS");

} // namespace

struct McpEndpoint::Exchange {
    quint64 ticket = 0;
    QElapsedTimer timer;
    RequestRecord record;
    RequestFacts facts;
    std::shared_ptr<const CompiledPolicy> policy;
    QByteArray policyFingerprint; // of `policy`
    // Set by decided() when a DecisionMemory is set; kept by respond() under the log's number.
    // On the heap: only the desktop app remembers, and inline it would take the exchange past
    // what malloc's per-thread cache serves quickly (1 KiB), for every request of `serve`.
    std::unique_ptr<RememberedDecision> remembered;
    qsizetype bodySize = 0;
    JsonRpcMessage rpc; // of a POST
    // Every Origin (each must be allowed; the first is echoed) and how many Host fields (exactly
    // one is allowed).
    QVarLengthArray<QByteArray, 1> origins;
    int hosts = 0;
    // The first value of each of these fields.
    QByteArray host;
    QByteArray contentType;
    QByteArray sessionId;
    QByteArray protocolVersion;
    // Set once the Origin is known to be allowed on a path browsers may fetch: respond() then
    // adds the CORS headers.
    bool cors = false;
    bool mcpPath = false;
    bool modern = false; // served by the 2026-07-28 rules (McpProtocol2026)

    bool originPresent() const { return !origins.isEmpty(); }
};

McpEndpoint::McpEndpoint(const EndpointSettings &settings, const Policy &policy,
                         TokenLookup *lookup, RequestLog *log, EndpointTally *tally,
                         QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_policy(policy)
    , m_lookup(lookup)
    , m_log(log)
    , m_tally(tally)
    , m_sequencer(std::make_unique<ResponseSequencer>())
    , m_protocol(std::make_unique<McpProtocol>(settings.maxSessions, settings.sessionIdleSeconds,
                                               settings.maxSessionsPerPrincipal))
    , m_origins(std::make_unique<OriginGuard>(settings.address.isLoopback(),
                                              settings.extraAllowedOrigins)) {
    compile(policy);
    // The path does not depend on the port, so it is known before listening.
    const QUrl resource(m_compiled->resource());
    m_path = resource.path().isEmpty() ? QStringLiteral("/") : resource.path();
    m_pathBytes = resource.path().isEmpty() ? QByteArrayLiteral("/")
                                            : resource.path(QUrl::FullyEncoded).toLatin1();
}

McpEndpoint::~McpEndpoint() {
    shutdown();
    // The listeners' sockets are what the sequencer's queues refer to: they go first.
    m_tcp.reset();
    m_privateTcp.reset();
}

QString McpEndpoint::resolvedResource(const Policy &policy) const {
    if (!m_settings.resource.isEmpty())
        return m_settings.resource;
    if (!policy.resource.isEmpty())
        return policy.resource;
    return baseUrl().toString() + QStringLiteral("/mcp");
}

void McpEndpoint::compile(const Policy &policy) {
    m_policy = policy;
    m_compiled = std::make_shared<const CompiledPolicy>(policy, resolvedResource(policy));
    m_policyFingerprint = DecisionMemory::policyFingerprint(policy);
}

namespace {
ConnectionServer::Limits limitsOf(const EndpointSettings &settings) {
    ConnectionServer::Limits limits;
    limits.maxBodyBytes = settings.maxBodyBytes;
    limits.maxHeaderFields = settings.maxHeaderFields;
    limits.maxHeaderBytes = settings.maxHeaderBytes;
    limits.idleTimeoutMs = settings.idleTimeoutMs;
    limits.headTimeoutMs = settings.headTimeoutMs;
    limits.maxQueuedOutputBytes = settings.maxQueuedOutputBytes;
    limits.maxPipelinedRequests = settings.maxPipelinedRequests;
    limits.maxConnections = settings.maxConnections;
    return limits;
}
} // namespace

Status McpEndpoint::listen() {
    if (m_listening)
        return Status::success();
    ConnectionServer::Limits limits = limitsOf(m_settings);
    // The private listener's connections and the rest of the process need descriptors too.
    limits.maxConnections = connectionCapFor(m_settings.maxConnections, raiseDescriptorLimit(),
                                             64 + privateConnections);
    auto tcp = std::make_unique<ConnectionServer>(
        limits, m_sequencer.get(),
        [this](const HttpRequest &request, quint64 ticket) { handle(request, ticket); });
    if (!tcp->listen(m_settings.address, m_settings.port))
        return Error{tcp->errorString(), m_settings.address.toString() + QLatin1Char(':') +
                                             QString::number(m_settings.port)};
    connect(tcp.get(), &ConnectionServer::limitHit, this, &McpEndpoint::onLimitHit);
    m_tcp = std::move(tcp);
    m_listening = true;
    // Now that the port is known, the default resource (and so the paths) can be settled.
    compile(m_policy);
    m_metadataPathBytes =
        QUrl(ResourceUri::metadataUrl(m_compiled->resource())).path(QUrl::FullyEncoded).toLatin1();
    // The consent page's form posts carry the listener's own origin; off loopback that origin
    // is not among the defaults.
    m_origins->allowOrigin(baseUrl().toString(QUrl::RemovePath));
    return Status::success();
}

Result<QUrl> McpEndpoint::listenPrivately() {
    if (!m_listening)
        return Error{QStringLiteral("The endpoint is not listening"), QString()};
    if (m_privateTcp)
        return m_privateUrl;
    ConnectionServer::Limits limits = limitsOf(m_settings);
    limits.maxConnections = privateConnections;
    auto tcp = std::make_unique<ConnectionServer>(
        limits, m_sequencer.get(),
        [this](const HttpRequest &request, quint64 ticket) { handle(request, ticket); });
    if (!tcp->listen(QHostAddress::LocalHost, 0))
        return Error{tcp->errorString(), QStringLiteral("127.0.0.1:0")};
    connect(tcp.get(), &ConnectionServer::limitHit, this, &McpEndpoint::onLimitHit);
    m_privateUrl.setScheme(QStringLiteral("http"));
    m_privateUrl.setHost(QStringLiteral("127.0.0.1"));
    m_privateUrl.setPort(tcp->serverPort());
    m_privateTcp = std::move(tcp);
    return m_privateUrl;
}

void McpEndpoint::onLimitHit(int status, const QString &why) {
    {
        if (status == 0)
            return;
        RequestRecord r;
        r.time = QDateTime::currentDateTimeUtc();
        r.outcome = QStringLiteral("rejected");
        r.status = status;
        r.reason = why;
        if (m_tally)
            m_tally->count(false, status);
        if (m_log)
            r.sequence = m_log->append(r);
        Q_EMIT requestLogged(r);
    }
}

bool McpEndpoint::isListening() const {
    return m_listening;
}

quint16 McpEndpoint::port() const {
    return m_tcp ? m_tcp->serverPort() : 0;
}

QUrl McpEndpoint::baseUrl() const {
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    const QHostAddress a = m_settings.address;
    const bool any =
        a == QHostAddress::Any || a == QHostAddress::AnyIPv4 || a == QHostAddress::AnyIPv6;
    url.setHost(any ? QStringLiteral("127.0.0.1") : a.toString());
    url.setPort(m_tcp ? m_tcp->serverPort() : m_settings.port);
    return url;
}

QString McpEndpoint::resource() const {
    return m_compiled->resource();
}

QUrl McpEndpoint::endpointUrl() const {
    QUrl url = baseUrl();
    url.setPath(m_path);
    return url;
}

QString McpEndpoint::metadataUrl() const {
    return m_compiled->resourceMetadataUrl();
}

void McpEndpoint::setPolicy(const Policy &policy) {
    compile(policy);
}

void McpEndpoint::addRoute(const QString &path, RouteHandler handler,
                           const QByteArray &corsMethods) {
    m_routes.insert(
        path,
        Route{std::move(handler), DeferredRouteHandler(),
              corsMethods.isEmpty() ? QByteArray() : corsMethods + QByteArrayLiteral(", OPTIONS")});
}

void McpEndpoint::addDeferredRoute(const QString &path, DeferredRouteHandler handler,
                                   const QByteArray &corsMethods) {
    m_routes.insert(
        path,
        Route{RouteHandler(), std::move(handler),
              corsMethods.isEmpty() ? QByteArray() : corsMethods + QByteArrayLiteral(", OPTIONS")});
}

int McpEndpoint::openConnections() const {
    return m_tcp ? m_tcp->openConnections() : 0;
}

qint64 McpEndpoint::queuedOutputBytes() const {
    return m_tcp ? m_tcp->queuedOutputBytes() : 0;
}

int McpEndpoint::liveSessions() const {
    return m_protocol->sessions().size();
}

int McpEndpoint::pendingResponses() const {
    return m_sequencer ? m_sequencer->pending() : 0;
}

void McpEndpoint::shutdown() {
    if (m_protocol)
        m_protocol->sessions().clear();
    if (m_tcp) {
        m_tcp->close();
        m_tcp->closeAll();
    }
    if (m_privateTcp) {
        m_privateTcp->close();
        m_privateTcp->closeAll();
    }
}

void McpEndpoint::handle(const HttpRequest &request, quint64 ticket) {
    auto ex = std::make_shared<Exchange>();
    ex->timer.start();
    ex->ticket = ticket;
    ex->policy = m_compiled;
    ex->policyFingerprint = m_policyFingerprint;
    const QByteArrayView path = request.path();
    ex->record.time = QDateTime::currentDateTimeUtc();
    ex->record.method = QString::fromLatin1(request.method);
    ex->record.path = QString::fromLatin1(path);
    ex->facts.headers = request.headers;
    // What the endpoint reads of the fields, in one pass (a list per name and field cost more
    // than the decision's own checks of a 401); a name is compared only when its length fits.
    const auto take = [](QByteArray *to, bool *seen, const QByteArray &value) {
        if (!*seen) {
            *to = value;
            *seen = true;
        }
    };
    bool contentTypeSeen = false, sessionSeen = false, versionSeen = false;
    for (const auto &h : std::as_const(ex->facts.headers)) {
        const QByteArrayView name(h.first);
        const auto is = [&name](QByteArrayView field) {
            return name.size() == field.size() && name.compare(field, Qt::CaseInsensitive) == 0;
        };
        if (is("Origin")) {
            ex->origins.append(h.second);
        } else if (is("Host")) {
            if (ex->hosts++ == 0)
                ex->host = h.second;
        } else if (is("Content-Type")) {
            take(&ex->contentType, &contentTypeSeen, h.second);
        } else if (is("Mcp-Session-Id")) {
            take(&ex->sessionId, &sessionSeen, h.second);
        } else if (is("MCP-Protocol-Version")) {
            take(&ex->protocolVersion, &versionSeen, h.second);
        }
    }

    // Origin and Host guard every path on the listener. Only the MCP path's token-bearing
    // methods meet them later, in serve(), because §3 comes before anything else there.
    const bool isOptions = request.method == "OPTIONS";
    ex->mcpPath = path == m_pathBytes;
    if (!ex->mcpPath || isOptions) {
        if (std::optional<HttpResponse> refused = refusal(*ex))
            return respond(*ex, *refused, QStringLiteral("rejected"));
    }
    if (ex->mcpPath && isOptions) {
        ex->cors = ex->originPresent();
        return options(*ex, mcpAllow);
    }
    if (path == m_metadataPathBytes || path == m_rootMetadataPathBytes) {
        ex->cors = ex->originPresent();
        if (isOptions)
            return options(*ex, metadataAllow);
        if (request.method != "GET" && request.method != "HEAD") {
            HttpResponse r = HttpResponse::jsonError(405, QStringLiteral("method_not_allowed"),
                                                     QStringLiteral("Use GET"));
            r.headers.append({QByteArrayLiteral("Allow"), metadataAllow});
            return respond(*ex, r, QStringLiteral("rejected"));
        }
        return respond(*ex, metadata(*ex), QStringLiteral("public"));
    }
    if (!ex->mcpPath) {
        const auto route = m_routes.constFind(ex->record.path);
        if (route == m_routes.constEnd()) {
            // Readable, so a browser client's discovery can tell "not here" from a CORS failure.
            ex->cors = ex->originPresent();
            return respond(*ex,
                           HttpResponse::jsonError(
                               404, QStringLiteral("not_found"),
                               QStringLiteral("Nothing here; the MCP endpoint is ") + m_path),
                           QStringLiteral("rejected"));
        }
        if (!route->allow.isEmpty()) {
            ex->cors = ex->originPresent();
            if (isOptions)
                return options(*ex, route->allow);
        }
        if (route->handler)
            return routed(*ex, route->handler(request));
        const QPointer<McpEndpoint> self(this);
        return route->deferred(request, [self, ex](HttpResponse response) {
            // The client may have gone (its queue with it), or the endpoint.
            if (self && self->m_sequencer->isOpen(ex->ticket))
                self->routed(*ex, std::move(response));
        });
    }

    ex->facts.method = request.method;
    ex->facts.path = path.toByteArray();
    ex->facts.query = request.query().toByteArray();
    if (request.method == "POST") {
        ex->bodySize = request.body.size();
        // The tool's name is needed for step 10; what is wrong with the JSON waits until the
        // token has passed steps 1-9.
        ex->rpc = JsonRpcMessage::read(request.body);
        ex->facts.rpcMethod = ex->rpc.methodName;
        if (ex->facts.rpcMethod == QLatin1String("tools/call"))
            ex->facts.toolName = ex->rpc.paramsName();
        ex->record.rpcMethod = ex->facts.rpcMethod.left(100);
        ex->record.tool = ex->facts.toolName.left(100);
    }
    // The era is chosen per request (docs/endpoint.md, "Two eras on one endpoint").
    ex->modern = McpProtocol2026::isModern(ex->protocolVersion, ex->rpc);
    ex->record.era = ex->modern ? QStringLiteral("modern") : QStringLiteral("legacy");

    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const Decision first =
        Decider::decide(*ex->policy, ex->facts, TokenKnowledge::notLookedUp(), now);
    if (first.outcome != Outcome::NeedsIntrospection)
        return decided(ex, first, TokenKnowledge::notLookedUp(), now);
    const QByteArray token = first.bearerToken.toLatin1();
    // One SHA-256 per request: the cache key and the log's fingerprint.
    const QByteArray digest = QCryptographicHash::hash(token, QCryptographicHash::Sha256);
    ex->record.tokenFingerprint = tokenFingerprintOfDigest(digest);
    if (!m_lookup)
        return decided(ex,
                       Decider::decide(*ex->policy, ex->facts,
                                       TokenKnowledge::failed(QStringLiteral("no introspection")),
                                       now),
                       TokenKnowledge::failed(QStringLiteral("no introspection")), now);
    // A cache hit is decided now, not after a trip through the event queue.
    if (const std::optional<TokenKnowledge> known = m_lookup->known(digest))
        return decided(ex, Decider::decide(*ex->policy, ex->facts, *known, now), *known, now);
    m_lookup->lookupDigest(token, digest, this, [this, ex](const TokenKnowledge &answer) {
        if (!m_sequencer->isOpen(ex->ticket))
            return; // the client went away while its token was looked up
        // An answer that still knows nothing is a failed lookup (503), never a pass.
        const TokenKnowledge knowledge =
            answer.state == TokenKnowledge::State::NotLookedUp
                ? TokenKnowledge::failed(QStringLiteral("the token lookup gave no answer"))
                : answer;
        const qint64 later = QDateTime::currentSecsSinceEpoch();
        decided(ex, Decider::decide(*ex->policy, ex->facts, knowledge, later), knowledge, later);
    });
}

void McpEndpoint::decided(const std::shared_ptr<Exchange> &ex, const Decision &decision,
                          const TokenKnowledge &knowledge, qint64 now) {
    if (m_memory)
        ex->remembered = std::make_unique<RememberedDecision>(
            RememberedDecision{Decider::withoutCredentials(ex->facts), knowledge, now,
                               ex->policy->resource(), ex->policyFingerprint});
    if (ex->record.tokenFingerprint.isEmpty() && !decision.bearerToken.isEmpty())
        ex->record.tokenFingerprint = tokenFingerprint(decision.bearerToken);
    if (knowledge.state == TokenKnowledge::State::Known) {
        ex->record.clientId = knowledge.facts.clientId;
        ex->record.subject = knowledge.facts.sub;
    }
    ex->record.reason = decision.reason;
    if (decision.outcome != Outcome::Allow) {
        ex->cors = ex->originPresent() && originsAllowed(*ex);
        return respond(*ex, decision.response,
                       decision.outcome == Outcome::Unavailable ? QStringLiteral("unavailable")
                                                                : QStringLiteral("denied"));
    }
    respond(*ex, serve(*ex, knowledge.facts), QStringLiteral("allowed"));
}

HttpResponse McpEndpoint::serve(Exchange &ex, const TokenFacts &facts) {
    if (std::optional<HttpResponse> refused = refusal(ex))
        return *refused;
    HttpResponse r;
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    if (ex.modern && ex.facts.method != "POST") {
        // No GET stream, no sessions to end: both 405 in this revision.
        r = McpProtocol::rpcError(405, QJsonValue::Null, -32000,
                                  QStringLiteral("Method not allowed: protocol version 2026-07-28 "
                                                 "uses POST only"));
        r.headers.append({QByteArrayLiteral("Allow"), modernAllow});
    } else if (ex.facts.method == "DELETE") {
        r = m_protocol->endSession(ex.sessionId, facts);
    } else if (ex.facts.method != "POST") {
        r = McpProtocol::rpcError(405, QJsonValue::Null, -32000,
                                  QStringLiteral("Method not allowed: this server offers no "
                                                 "SSE stream; use POST"));
        r.headers.append({QByteArrayLiteral("Allow"), mcpAllow});
    } else if (!hasMediaType(ex.contentType, ContentType::Json)) {
        r = McpProtocol::rpcError(415, QJsonValue::Null, -32000,
                                  QStringLiteral("Unsupported Media Type: Content-Type must be "
                                                 "application/json"));
    } else if (ex.bodySize > m_settings.maxBodyBytes) {
        r = ConnectionServer::transportError(413, QStringLiteral("The request body is too large"));
    } else {
        McpProtocol::Message m;
        m.rpc = &ex.rpc;
        m.sessionId = ex.sessionId;
        m.protocolVersion = ex.protocolVersion;
        m.token = &facts;
        m.policy = ex.policy.get();
        m.nowMs = nowMs;
        m.modern = ex.modern;
        m.headers = &ex.facts.headers;
        r = m_protocol->post(m);
    }
    ex.cors = ex.originPresent();
    return r;
}

bool McpEndpoint::originsAllowed(const Exchange &ex) const {
    for (const QByteArray &origin : ex.origins) {
        if (!m_origins->originAllowed(origin))
            return false;
    }
    return true;
}

void McpEndpoint::options(Exchange &ex, const QByteArray &allow) {
    if (!ex.originPresent()) {
        HttpResponse r;
        r.status = 204;
        r.headers.append({QByteArrayLiteral("Allow"), allow});
        return respond(ex, r, QStringLiteral("public"));
    }
    respond(ex,
            OriginGuard::preflight(
                allow, headerValues(ex.facts.headers,
                                    QByteArrayLiteral("Access-Control-Request-Headers"))),
            QStringLiteral("public"));
}

std::optional<HttpResponse> McpEndpoint::refusal(Exchange &ex) const {
    if (!originsAllowed(ex)) {
        ex.record.reason = QStringLiteral("Origin not allowed");
        return HttpResponse::jsonError(403, QStringLiteral("forbidden"),
                                       QStringLiteral("This Origin is not allowed"));
    }
    // Two Host fields could name a loopback host to this check and another to whoever reads
    // the other one.
    if (ex.hosts != 1 || !m_origins->hostAllowed(ex.host)) {
        ex.record.reason = QStringLiteral("Host not allowed");
        return HttpResponse::jsonError(
            403, QStringLiteral("forbidden"),
            QStringLiteral("This Host is not allowed (the server listens on "
                           "loopback only)"));
    }
    return std::nullopt;
}

HttpResponse McpEndpoint::metadata(const Exchange &ex) const {
    const CompiledPolicy &policy = *ex.policy;
    QStringList servers = policy.policy().authorizationServers;
    if (servers.isEmpty())
        servers.append(baseUrl().toString());
    QJsonObject doc{
        {QStringLiteral("resource"), policy.resource()},
        {QStringLiteral("authorization_servers"), QJsonArray::fromStringList(servers)},
        {QStringLiteral("bearer_methods_supported"), QJsonArray{QStringLiteral("header")}}};
    // The minimal set for basic functionality, never the catalogue (Policy::publishedScopes).
    const QStringList published = policy.policy().publishedScopes();
    if (!published.isEmpty())
        doc.insert(QStringLiteral("scopes_supported"), QJsonArray::fromStringList(published));
    if (!policy.policy().name.isEmpty())
        doc.insert(QStringLiteral("resource_name"), policy.policy().name);
    HttpResponse r;
    r.headers.append({QByteArray(HeaderName::ContentType), QByteArray(ContentType::Json)});
    r.headers.append({QByteArray(HeaderName::CacheControl), QByteArrayLiteral("max-age=300")});
    // Cacheable, and whether it carries CORS headers depends on the Origin: a copy cached
    // without them must not answer a browser client's fetch.
    r.headers.append({QByteArrayLiteral("Vary"), QByteArrayLiteral("Origin")});
    r.body = QJsonDocument(doc).toJson(QJsonDocument::Compact);
    return r;
}

void McpEndpoint::routed(Exchange &ex, HttpResponse r) {
    // An OAuth error's code says more than the status; its description might quote the request.
    if (r.status >= 400 &&
        hasMediaType(r.header(QByteArrayLiteral("Content-Type")), ContentType::Json)) {
        const QString code = QJsonDocument::fromJson(r.body)
                                 .object()
                                 .value(QStringLiteral("error"))
                                 .toString()
                                 .left(100);
        if (!code.isEmpty())
            ex.record.reason = QString::fromLatin1(HttpResponse::reasonPhrase(r.status)) +
                               QStringLiteral(": ") + code;
    }
    respond(ex, std::move(r), QStringLiteral("public"));
}

void McpEndpoint::respond(Exchange &ex, HttpResponse response, const QString &outcome) {
    ex.record.outcome = outcome;
    ex.record.status = response.status;
    ex.record.latencyMs = double(ex.timer.nsecsElapsed()) / 1e6;
    if (ex.record.reason.isEmpty() && response.status >= 400)
        ex.record.reason = QString::fromLatin1(HttpResponse::reasonPhrase(response.status));
    if (ex.cors) {
        // What a browser client needs to read: the challenge of a 401 and the session id on the
        // MCP path; a challenge (e.g. of the token endpoint's 401) anywhere else.
        const QByteArray exposed =
            ex.mcpPath ? QByteArrayLiteral("WWW-Authenticate, Mcp-Session-Id")
            : response.header(QByteArrayLiteral("WWW-Authenticate")).isEmpty()
                ? QByteArray()
                : QByteArrayLiteral("WWW-Authenticate");
        OriginGuard::addCorsHeaders(response, ex.origins.first(), exposed);
    }
    // HEAD keeps its body here: the writer sends its length and leaves it out.
    m_sequencer->complete(ex.ticket, response);
    if (m_tally) {
        m_tally->count(outcome == QLatin1String("allowed"), response.status,
                       outcome != QLatin1String("public"));
        if (!ex.record.era.isEmpty())
            m_tally->countEra(ex.modern);
    }
    if (m_log) {
        ex.record.sequence = m_log->append(ex.record);
        if (m_memory && ex.remembered)
            m_memory->remember(ex.record.sequence, std::move(*ex.remembered));
    }
    Q_EMIT requestLogged(ex.record);
}

} // namespace scopebench
