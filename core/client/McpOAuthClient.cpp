#include "client/McpOAuthClient.h"

#include "http/HttpVocabulary.h"

#include "common/TokenFingerprint.h"
#include "policy/ResourceUri.h"
#include "policy/ScopeGrammar.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTimer>
#include <QUrlQuery>

namespace scopebench {

namespace {

// A GET of a metadata document during discovery.
HttpCall discoveryCall(const QString &url) {
    HttpCall call;
    call.url = QUrl(url);
    call.step = QStringLiteral("discovery");
    call.headers = {{QByteArrayLiteral("Accept"), QByteArray(ContentType::Json)}};
    return call;
}

const QString OfflineAccess = QStringLiteral("offline_access");
const QString StatelessVersion = QStringLiteral("2026-07-28");
const QStringList InitializeVersions{QStringLiteral("2025-03-26"), QStringLiteral("2025-06-18"),
                                     QStringLiteral("2025-11-25")};

// The sentences the findings rest on, quoted from the documents named.
namespace basis {
const char *const ResourceMetadataHeader =
    "MCP 2025-06-18, Authorization: \"MCP servers MUST use the HTTP header WWW-Authenticate when "
    "returning a 401 Unauthorized to indicate the location of the resource server metadata URL\"";
const char *const NoErrorWithoutToken =
    "RFC 6750 §3.1: \"If the request lacks any authentication information [...], the resource "
    "server SHOULD NOT include an error code or other error information.\"";
const char *const ScopeInChallenge =
    "MCP 2026-07-28, Authorization: \"When responding with insufficient scope errors, servers "
    "SHOULD include the scopes needed to satisfy the current operation in the scope parameter\"";
const char *const S256 =
    "MCP 2025-11-25, Authorization: \"If code_challenge_methods_supported is absent, the "
    "authorization server does not support PKCE and MCP clients MUST refuse to proceed.\"";
const char *const OfflineAccessNotResource =
    "MCP 2026-07-28, Authorization: \"MCP Servers (Protected Resources) SHOULD NOT include "
    "offline_access in WWW-Authenticate scope or Protected Resource Metadata scopes_supported\"";
const char *const ResourceMismatch =
    "RFC 9728 §3.3: \"If these values are not identical, the data contained in the response "
    "MUST NOT be used.\"";
const char *const IssuerMismatch =
    "RFC 8414 §3.3: \"The issuer value returned MUST be identical to the authorization server's "
    "issuer identifier value into which the well-known URI string was inserted\"";
const char *const ResourceMetadataRequired =
    "MCP 2025-06-18, Authorization: \"MCP servers MUST implement the OAuth 2.0 Protected "
    "Resource Metadata (RFC9728) specification\"";
const char *const AsMetadataRequired =
    "MCP 2025-11-25, Authorization: \"MCP authorization servers MUST provide at least one of "
    "the following discovery mechanisms\" (RFC 8414 metadata, OpenID Connect Discovery)";
const char *const BearerRequired =
    "RFC 6750 §3: \"If the protected resource request does not include authentication "
    "credentials [...], the resource server MUST include the HTTP WWW-Authenticate response "
    "header field\"";
const char *const StateCheck =
    "RFC 6749 §10.12: the client MUST implement CSRF protection; the state value binds the "
    "response to the request";
const char *const IssCheck =
    "RFC 9207 §2.4: clients MUST compare the iss parameter to the issuer of the authorization "
    "server they sent the request to, and reject a response without iss when "
    "authorization_response_iss_parameter_supported is true";
const char *const GrantedDiffers =
    "RFC 6749 §5.1: scope is REQUIRED in the token response \"if identical to the scope "
    "requested by the client\"; otherwise OPTIONAL";
const char *const TokenType =
    "RFC 6750 §4: token_type \"Bearer\" is what an MCP client may send in the Authorization header";
const char *const RetryLimit =
    "MCP 2026-07-28, Authorization: \"Clients SHOULD implement retry limits and SHOULD track "
    "scope upgrade attempts to avoid repeated failures\"";
} // namespace basis

QString scopeString(const QStringList &scopes) {
    return scopes.join(u' ');
}

qint64 nowSeconds() {
    return QDateTime::currentSecsSinceEpoch();
}

} // namespace

struct McpOAuthClient::Call {
    QString method;
    QJsonObject params;
    bool notification = false;
    bool refreshed = false;
    Callback<Result<McpResponse>> done;
};

QByteArray McpResponse::header(const QByteArray &name) const {
    const QList<QByteArray> values = headerValues(headers, name);
    return values.isEmpty() ? QByteArray() : values.constFirst();
}

QJsonValue McpResponse::result() const {
    return message ? message->value(QLatin1String("result")) : QJsonValue(QJsonValue::Undefined);
}

bool McpResponse::isJsonRpcError() const {
    return message && message->contains(QLatin1String("error"));
}

McpOAuthClient::McpOAuthClient(McpClientSettings settings, std::unique_ptr<Authorizer> authorizer,
                               QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_authorizer(std::move(authorizer))
    , m_fetcher(new HttpFetcher(m_settings.limits, &m_transcript, this)) {
    if (!m_authorizer)
        m_authorizer = std::make_unique<FollowAuthorizer>();
}

McpOAuthClient::~McpOAuthClient() = default;

std::optional<ClientCredentials> McpOAuthClient::credentialsFor(const QString &issuer) const {
    const auto it = m_credentials.constFind(issuer);
    if (it == m_credentials.constEnd())
        return std::nullopt;
    return *it;
}

void McpOAuthClient::finding(const QString &id, Finding::Severity severity, const QString &message,
                             const QString &basis, const QString &where) {
    m_transcript.addFinding(Finding{id, severity, message, basis, where});
}

Error McpOAuthClient::stop(const QString &id, const QString &message, const QString &where) {
    m_transcript.addNote(QStringLiteral("stopped (%1): %2").arg(id, message));
    return Error{message, where, id};
}

// ---------------------------------------------------------------- MCP

void McpOAuthClient::connectToServer(Callback<Status> done) {
    if (m_settings.era == McpEra::Stateless) {
        request(
            QStringLiteral("server/discover"), QJsonObject(), [this, done](Result<McpResponse> r) {
                if (!r)
                    return done(r.error());
                if (r->status != 200 || !r->result().isObject())
                    return done(stop(QStringLiteral("handshake-failed"),
                                     QStringLiteral("server/discover answered %1").arg(r->status),
                                     m_settings.serverUrl.toString()));
                m_negotiatedVersion = StatelessVersion;
                done(Status::success());
            });
        return;
    }
    m_initialized = false;
    m_sessionId.clear();
    const QJsonObject params = initializeParams();
    request(QStringLiteral("initialize"), params, [this, done](Result<McpResponse> r) {
        if (!r)
            return done(r.error());
        const QString version =
            r->result().toObject().value(QLatin1String("protocolVersion")).toString();
        if (r->status != 200 || version.isEmpty())
            return done(
                stop(QStringLiteral("handshake-failed"),
                     QStringLiteral("initialize answered %1 without a result").arg(r->status),
                     m_settings.serverUrl.toString()));
        if (!InitializeVersions.contains(version))
            return done(stop(QStringLiteral("unsupported-version"),
                             QStringLiteral("the server chose protocol version %1").arg(version)));
        m_negotiatedVersion = version;
        m_sessionId = r->header(QByteArrayLiteral("Mcp-Session-Id"));
        m_sessionToken = m_token ? m_token->accessToken : QString();
        m_initialized = true;
        auto call = std::make_shared<Call>();
        call->method = QStringLiteral("notifications/initialized");
        call->notification = true;
        call->done = [this, done](Result<McpResponse> n) {
            if (!n)
                return done(n.error());
            if (n->status != 202 && n->status != 200)
                return done(
                    stop(QStringLiteral("handshake-failed"),
                         QStringLiteral("notifications/initialized answered %1").arg(n->status)));
            done(Status::success());
        };
        attempt(call);
    });
}

void McpOAuthClient::listTools(Callback<Result<QJsonArray>> done) {
    listPage(QJsonArray(), QString(), 0, std::move(done));
}

void McpOAuthClient::listPage(QJsonArray tools, const QString &cursor, int pages,
                              Callback<Result<QJsonArray>> done) {
    QJsonObject params;
    if (!cursor.isEmpty())
        params.insert(QStringLiteral("cursor"), cursor);
    request(QStringLiteral("tools/list"), params,
            [this, tools, pages, done](Result<McpResponse> r) mutable {
                if (!r)
                    return done(r.error());
                const QJsonObject result = r->result().toObject();
                if (r->status != 200 || !result.value(QLatin1String("tools")).isArray())
                    return done(Error{QStringLiteral("tools/list answered %1").arg(r->status),
                                      m_settings.serverUrl.toString(),
                                      QStringLiteral("tools-list-failed")});
                for (const QJsonValue &t : result.value(QLatin1String("tools")).toArray())
                    tools.append(t);
                const QString next = result.value(QLatin1String("nextCursor")).toString();
                if (next.isEmpty() || pages + 1 >= 20)
                    return done(tools);
                listPage(tools, next, pages + 1, done);
            });
}

void McpOAuthClient::callTool(const QString &name, const QJsonObject &arguments,
                              Callback<Result<McpResponse>> done) {
    request(QStringLiteral("tools/call"),
            QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("arguments"), arguments}},
            std::move(done));
}

void McpOAuthClient::request(const QString &method, const QJsonObject &params,
                             Callback<Result<McpResponse>> done) {
    auto call = std::make_shared<Call>();
    call->method = method;
    call->params = params;
    call->done = std::move(done);
    attempt(call);
}

void McpOAuthClient::attempt(std::shared_ptr<Call> call) {
    const QString token = m_token ? m_token->accessToken : QString();
    sendRaw(
        token, call->method, call->params, call->notification, [this, call](Result<McpResponse> r) {
            if (!r)
                return call->done(r.error());
            if (r->status == 401)
                return onUnauthorized(call, *r);
            if (r->status == 403) {
                const std::optional<Challenge> c = bearerChallenge(*r);
                if (c && c->param(QStringLiteral("error")) == QLatin1String("insufficient_scope"))
                    return onForbidden(call, *r, *c);
            }
            call->done(std::move(r));
        });
}

std::optional<Challenge> McpOAuthClient::bearerChallenge(const McpResponse &response) {
    const QList<QByteArray> fields = headerValues(response.headers, "WWW-Authenticate");
    for (const QByteArray &field : fields) {
        const Result<QList<Challenge>> parsed = ChallengeParser::parse(field);
        if (!parsed) {
            finding(QStringLiteral("malformed-challenge"), Finding::Severity::Error,
                    parsed.error().toString(),
                    QStringLiteral("RFC 9110 §11.6.1 (WWW-Authenticate syntax)"),
                    m_settings.serverUrl.toString());
            continue;
        }
        for (const Challenge &c : *parsed) {
            if (c.isScheme(QStringLiteral("Bearer")))
                return c;
        }
    }
    return std::nullopt;
}

void McpOAuthClient::noteChallenge(const Challenge &c, const McpResponse &response) {
    const QString where = m_settings.serverUrl.toString();
    if (response.status == 401 && !c.hasParam(QStringLiteral("resource_metadata")))
        finding(QStringLiteral("challenge-without-resource-metadata"), Finding::Severity::Warning,
                QStringLiteral("the 401 challenge has no resource_metadata parameter"),
                QString::fromUtf8(basis::ResourceMetadataHeader), where);
    if (!response.sentToken && c.hasParam(QStringLiteral("error")))
        finding(QStringLiteral("error-without-token"), Finding::Severity::Warning,
                QStringLiteral("a request that carried no token was answered with error=%1")
                    .arg(c.param(QStringLiteral("error"))),
                QString::fromUtf8(basis::NoErrorWithoutToken), where);
    if (ScopeGrammar::split(c.param(QStringLiteral("scope"))).contains(OfflineAccess))
        finding(QStringLiteral("offline-access-in-challenge"), Finding::Severity::Warning,
                QStringLiteral("the challenge's scope lists offline_access"),
                QString::fromUtf8(basis::OfflineAccessNotResource), where);
}

void McpOAuthClient::onUnauthorized(std::shared_ptr<Call> call, const McpResponse &response) {
    const std::optional<Challenge> c = bearerChallenge(response);
    if (!c)
        finding(QStringLiteral("401-without-bearer-challenge"), Finding::Severity::Error,
                QStringLiteral("the 401 has no Bearer challenge in WWW-Authenticate"),
                QString::fromUtf8(basis::BearerRequired), m_settings.serverUrl.toString());
    else
        noteChallenge(*c, response);
    m_authRequired = true;
    const QString challengeScope = c ? c->param(QStringLiteral("scope")) : QString();
    m_lastChallengeScope = challengeScope;

    // A token the server no longer takes: one refresh, then a new authorization.
    if (response.sentToken && m_token && !m_token->refreshToken.isEmpty() && !call->refreshed) {
        call->refreshed = true;
        refresh([this, call](Status s) {
            if (s)
                return attempt(call);
            m_token.reset();
            attempt(call);
        });
        return;
    }
    runDiscovery(c, [this, call, challengeScope](Status s) {
        if (!s)
            return call->done(s.error());
        QStringList scopes = OAuthDiscovery::selectScopes(
            m_settings.scopes, challengeScope,
            m_resourceMetadata ? m_resourceMetadata->scopesSupported : std::nullopt,
            m_asMetadata->scopesSupported, m_settings.offlineAccess);
        if (m_token && !m_settings.scopes)
            scopes = OAuthDiscovery::applyOfflineRule(
                OAuthDiscovery::unionScopes(m_token->requested, scopes),
                m_asMetadata->scopesSupported, m_settings.offlineAccess);
        acquireToken(scopes, [this, call](Status t) {
            if (!t)
                return call->done(t.error());
            attempt(call);
        });
    });
}

void McpOAuthClient::onForbidden(std::shared_ptr<Call> call, const McpResponse &response,
                                 const Challenge &challenge) {
    noteChallenge(challenge, response);
    const QStringList challenged = ScopeGrammar::split(challenge.param(QStringLiteral("scope")));
    if (challenged.isEmpty()) {
        finding(QStringLiteral("insufficient-scope-without-scope"), Finding::Severity::Warning,
                QStringLiteral("the 403 insufficient_scope challenge names no scope"),
                QString::fromUtf8(basis::ScopeInChallenge), m_settings.serverUrl.toString());
        return call->done(stop(QStringLiteral("step-up-impossible"),
                               QStringLiteral("%1 was refused with insufficient_scope, and the "
                                              "challenge does not say which scopes it needs")
                                   .arg(call->method)));
    }
    if (!m_asMetadata)
        return call->done(stop(QStringLiteral("step-up-impossible"),
                               QStringLiteral("403 before any authorization")));
    // SEP-2350: what was asked before, and what this operation needs; a refresh cannot widen
    // a grant, so this is a new authorization.
    const QStringList asked = m_token ? m_token->requested : QStringList();
    const QStringList scopes =
        OAuthDiscovery::applyOfflineRule(OAuthDiscovery::unionScopes(asked, challenged),
                                         m_asMetadata->scopesSupported, m_settings.offlineAccess);
    m_transcript.addNote(
        QStringLiteral("step-up for %1: asked [%2], challenged [%3], asking [%4]")
            .arg(call->method, scopeString(asked), scopeString(challenged), scopeString(scopes)));
    acquireToken(scopes, [this, call](Status t) {
        if (!t)
            return call->done(t.error());
        attempt(call);
    });
}

void McpOAuthClient::sendRaw(const QString &accessToken, const QString &method,
                             const QJsonObject &paramsIn, bool notification,
                             Callback<Result<McpResponse>> done) {
    QJsonObject params = paramsIn;
    HttpCall http;
    http.method = QByteArrayLiteral("POST");
    http.url = m_settings.serverUrl;
    http.step = QStringLiteral("mcp");
    http.headers = {
        {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")},
        {QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json, text/event-stream")}};
    if (m_settings.era == McpEra::Stateless) {
        QJsonObject meta = params.value(QLatin1String("_meta")).toObject();
        meta.insert(QStringLiteral("io.modelcontextprotocol/protocolVersion"), StatelessVersion);
        meta.insert(QStringLiteral("io.modelcontextprotocol/clientInfo"),
                    QJsonObject{{QStringLiteral("name"), m_settings.clientName},
                                {QStringLiteral("version"), m_settings.clientVersion}});
        meta.insert(QStringLiteral("io.modelcontextprotocol/clientCapabilities"), QJsonObject());
        params.insert(QStringLiteral("_meta"), meta);
        http.headers.append(
            {QByteArrayLiteral("MCP-Protocol-Version"), StatelessVersion.toLatin1()});
        http.headers.append({QByteArrayLiteral("Mcp-Method"), McpWire::headerValue(method)});
        const QString name = McpWire::nameFor(method, params);
        if (!name.isEmpty())
            http.headers.append({QByteArrayLiteral("Mcp-Name"), McpWire::headerValue(name)});
    } else if (m_initialized) {
        http.headers.append(
            {QByteArrayLiteral("MCP-Protocol-Version"), m_negotiatedVersion.toLatin1()});
        if (!m_sessionId.isEmpty())
            http.headers.append({QByteArrayLiteral("Mcp-Session-Id"), m_sessionId});
    }
    if (!accessToken.isEmpty())
        http.headers.append(
            {QByteArrayLiteral("Authorization"), "Bearer " + accessToken.toLatin1()});
    QJsonObject message{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                        {QStringLiteral("method"), method}};
    QJsonValue id;
    if (!notification) {
        id = double(m_nextId++);
        message.insert(QStringLiteral("id"), id);
    }
    if (!params.isEmpty())
        message.insert(QStringLiteral("params"), params);
    http.body = QJsonDocument(message).toJson(QJsonDocument::Compact);
    if (!notification)
        http.enough = [id](const QByteArray &body) {
            return McpWire::responseInStream(body, id).has_value();
        };
    const bool sentToken = !accessToken.isEmpty();
    m_fetcher->send(http, [done, id, notification, sentToken, method](Result<HttpAnswer> a) {
        if (!a)
            return done(a.error());
        McpResponse r;
        r.method = method;
        r.status = a->status;
        r.headers = a->headers;
        r.body = a->body;
        r.sentToken = sentToken;
        if (!notification) {
            if (a->contentType() == "text/event-stream") {
                r.message = McpWire::responseInStream(a->body, id);
            } else {
                const QJsonDocument doc = QJsonDocument::fromJson(a->body);
                if (doc.isObject())
                    r.message = doc.object();
            }
        }
        done(std::move(r));
    });
}

// ---------------------------------------------------------------- conformance runner API

void McpOAuthClient::discover(Callback<Status> done) {
    if (m_discovered)
        return QTimer::singleShot(0, this, [done] { done(Status::success()); });
    const bool stateless = m_settings.era == McpEra::Stateless;
    const QJsonObject params =
        stateless
            ? QJsonObject()
            : QJsonObject{{QStringLiteral("protocolVersion"), m_settings.protocolVersion},
                          {QStringLiteral("capabilities"), QJsonObject()},
                          {QStringLiteral("clientInfo"),
                           QJsonObject{{QStringLiteral("name"), m_settings.clientName},
                                       {QStringLiteral("version"), m_settings.clientVersion}}}};
    sendRaw(QString(), stateless ? QStringLiteral("server/discover") : QStringLiteral("initialize"),
            params, false, [this, done](Result<McpResponse> r) {
                if (!r)
                    return done(r.error());
                std::optional<Challenge> c;
                if (r->status == 401) {
                    m_authRequired = true;
                    c = bearerChallenge(*r);
                    if (c) {
                        noteChallenge(*c, *r);
                        m_lastChallengeScope = c->param(QStringLiteral("scope"));
                    }
                }
                runDiscovery(c, done);
            });
}

void McpOAuthClient::obtainToken(const QStringList &scopes, Callback<Result<TokenSet>> done) {
    discover([this, scopes, done](Status s) {
        if (!s)
            return done(s.error());
        acquire(scopes, done);
    });
}

void McpOAuthClient::send(const QString &accessToken, const QString &method,
                          const QJsonObject &params, Callback<Result<McpResponse>> done) {
    const bool needsSession = m_settings.era == McpEra::Initialize &&
                              method != QLatin1String("initialize") &&
                              (!m_initialized || m_sessionToken != accessToken);
    if (!needsSession)
        return sendRaw(accessToken, method, params, false, std::move(done));
    openSession(accessToken, [this, accessToken, method, params, done](Status s) {
        if (!s) {
            // The session could not be opened with this token: the refusal is the answer.
            return sendRaw(
                accessToken, QStringLiteral("initialize"),
                QJsonObject{{QStringLiteral("protocolVersion"), m_settings.protocolVersion},
                            {QStringLiteral("capabilities"), QJsonObject()},
                            {QStringLiteral("clientInfo"),
                             QJsonObject{{QStringLiteral("name"), m_settings.clientName},
                                         {QStringLiteral("version"), m_settings.clientVersion}}}},
                false, done);
        }
        sendRaw(accessToken, method, params, false, done);
    });
}

QJsonObject McpOAuthClient::initializeParams() const {
    return QJsonObject{{QStringLiteral("protocolVersion"), m_settings.protocolVersion},
                       {QStringLiteral("capabilities"), QJsonObject()},
                       {QStringLiteral("clientInfo"),
                        QJsonObject{{QStringLiteral("name"), m_settings.clientName},
                                    {QStringLiteral("version"), m_settings.clientVersion}}}};
}

void McpOAuthClient::openSession(const QString &accessToken, Callback<Status> done) {
    m_initialized = false;
    m_sessionId.clear();
    const QJsonObject params = initializeParams();
    sendRaw(accessToken, QStringLiteral("initialize"), params, false,
            [this, accessToken, done](Result<McpResponse> r) {
                if (!r)
                    return done(r.error());
                const QString version =
                    r->result().toObject().value(QLatin1String("protocolVersion")).toString();
                if (r->status != 200 || version.isEmpty())
                    return done(Error{QStringLiteral("initialize answered %1").arg(r->status),
                                      m_settings.serverUrl.toString(),
                                      QStringLiteral("handshake-failed")});
                m_negotiatedVersion = version;
                m_sessionId = r->header(QByteArrayLiteral("Mcp-Session-Id"));
                m_sessionToken = accessToken;
                m_initialized = true;
                sendRaw(accessToken, QStringLiteral("notifications/initialized"), QJsonObject(),
                        true, [done](Result<McpResponse> n) {
                            if (!n)
                                return done(n.error());
                            done(Status::success());
                        });
            });
}

// ---------------------------------------------------------------- discovery

void McpOAuthClient::runDiscovery(const std::optional<Challenge> &challenge,
                                  Callback<Status> done) {
    if (m_discovered && m_asMetadata)
        return QTimer::singleShot(0, this, [done] { done(Status::success()); });
    const QString server = m_settings.serverUrl.toString();
    const QString problem = ResourceUri::problem(server);
    if (!problem.isEmpty())
        return QTimer::singleShot(0, this, [done, problem, server] {
            done(Error{problem, server, QStringLiteral("bad-server-url")});
        });
    QStringList urls;
    const QString fromChallenge =
        challenge ? challenge->param(QStringLiteral("resource_metadata")) : QString();
    if (!fromChallenge.isEmpty())
        urls.append(fromChallenge);
    for (const QString &u : OAuthDiscovery::resourceMetadataUrls(server)) {
        if (!urls.contains(u))
            urls.append(u);
    }
    fetchResourceMetadata(urls, std::move(done));
}

void McpOAuthClient::fetchResourceMetadata(QStringList urls, Callback<Status> done) {
    const QString server = m_settings.serverUrl.toString();
    if (urls.isEmpty()) {
        // 2025-03-26: no resource metadata, the server's origin is the issuer.
        finding(QStringLiteral("no-resource-metadata"), Finding::Severity::Warning,
                QStringLiteral("no protected resource metadata; falling back to the server's "
                               "origin as the authorization server (2025-03-26)"),
                QString::fromUtf8(basis::ResourceMetadataRequired), server);
        m_resource = ResourceUri::canonical(server);
        const QString issuer = OAuthDiscovery::originOf(server);
        return fetchAuthServerMetadata(issuer, OAuthDiscovery::authServerMetadataUrls(issuer),
                                       std::move(done));
    }
    const QString url = urls.takeFirst();
    const HttpCall call = discoveryCall(url);
    m_fetcher->send(call, [this, url, urls, done, server](Result<HttpAnswer> a) {
        if (!a) {
            if (a.error().id == QLatin1String("request-limit"))
                return done(a.error());
            return fetchResourceMetadata(urls, done);
        }
        if (a->status != 200)
            return fetchResourceMetadata(urls, done);
        const Result<ResourceMetadata> m = ResourceMetadata::parse(a->body, url);
        if (!m) {
            finding(QStringLiteral("bad-resource-metadata"), Finding::Severity::Error,
                    m.error().message, QStringLiteral("RFC 9728 §2"), url);
            return fetchResourceMetadata(urls, done);
        }
        // RFC 9728 §3.3 / §7.3: metadata for another resource is not used, and the probe
        // stops here, before any request to an authorization server.
        if (ResourceUri::canonical(m->resource) != ResourceUri::canonical(server)) {
            finding(QStringLiteral("resource-mismatch"), Finding::Severity::Error,
                    QStringLiteral("the metadata's resource %1 is not this server (%2)")
                        .arg(m->resource, server),
                    QString::fromUtf8(basis::ResourceMismatch), url);
            return done(stop(QStringLiteral("resource-mismatch"),
                             QStringLiteral("the protected resource metadata names another "
                                            "resource; no authorization is attempted"),
                             url));
        }
        if (const QString p = ResourceUri::problem(m->resource); !p.isEmpty())
            return done(stop(QStringLiteral("bad-resource"), p, url));
        if (m->scopesSupported && m->scopesSupported->contains(OfflineAccess))
            finding(QStringLiteral("offline-access-in-scopes-supported"),
                    Finding::Severity::Warning,
                    QStringLiteral("the protected resource metadata's scopes_supported lists "
                                   "offline_access"),
                    QString::fromUtf8(basis::OfflineAccessNotResource), url);
        m_resourceMetadata = *m;
        m_resource = m->resource;
        if (m->authorizationServers.isEmpty())
            return done(stop(QStringLiteral("no-authorization-server"),
                             QStringLiteral("the protected resource metadata lists no "
                                            "authorization server"),
                             url));
        const QString issuer = m->authorizationServers.constFirst();
        fetchAuthServerMetadata(issuer, OAuthDiscovery::authServerMetadataUrls(issuer), done);
    });
}

void McpOAuthClient::fetchAuthServerMetadata(const QString &issuer, QStringList urls,
                                             Callback<Status> done) {
    if (urls.isEmpty()) {
        finding(QStringLiteral("no-authorization-server-metadata"), Finding::Severity::Warning,
                QStringLiteral("no authorization server metadata for %1; using /authorize, "
                               "/token and /register at its origin (2025-03-26)")
                    .arg(issuer),
                QString::fromUtf8(basis::AsMetadataRequired), issuer);
        m_asMetadata = AuthServerMetadata::fallbackFor(issuer);
        m_discovered = true;
        return done(Status::success());
    }
    const QString url = urls.takeFirst();
    const HttpCall call = discoveryCall(url);
    m_fetcher->send(call, [this, issuer, url, urls, done](Result<HttpAnswer> a) {
        if (!a) {
            if (a.error().id == QLatin1String("request-limit"))
                return done(a.error());
            return fetchAuthServerMetadata(issuer, urls, done);
        }
        if (a->status != 200)
            return fetchAuthServerMetadata(issuer, urls, done);
        const Result<AuthServerMetadata> m = AuthServerMetadata::parse(a->body, url);
        if (!m) {
            finding(QStringLiteral("bad-authorization-server-metadata"), Finding::Severity::Error,
                    m.error().message, QStringLiteral("RFC 8414 §2"), url);
            return fetchAuthServerMetadata(issuer, urls, done);
        }
        if (m->issuer != issuer) {
            finding(QStringLiteral("issuer-mismatch"), Finding::Severity::Error,
                    QStringLiteral("the metadata's issuer %1 is not %2").arg(m->issuer, issuer),
                    QString::fromUtf8(basis::IssuerMismatch), url);
            return done(stop(QStringLiteral("issuer-mismatch"),
                             QStringLiteral("the authorization server metadata names another "
                                            "issuer"),
                             url));
        }
        if (!m->codeChallengeMethods || !m->codeChallengeMethods->contains(QStringLiteral("S256")))
            finding(QStringLiteral("pkce-s256-not-advertised"), Finding::Severity::Error,
                    QStringLiteral("code_challenge_methods_supported does not list S256"),
                    QString::fromUtf8(basis::S256), url);
        m_asMetadata = *m;
        m_discovered = true;
        done(Status::success());
    });
}

// ---------------------------------------------------------------- tokens

void McpOAuthClient::acquireToken(const QStringList &scopes, Callback<Status> done) {
    acquire(scopes, [this, done](Result<TokenSet> t) {
        if (!t)
            return done(t.error());
        m_token = *t;
        done(Status::success());
    });
}

void McpOAuthClient::acquire(const QStringList &scopes, Callback<Result<TokenSet>> done) {
    if (!m_asMetadata)
        return QTimer::singleShot(0, this, [done] {
            done(Error{QStringLiteral("no authorization server is known"), QString(),
                       QStringLiteral("not-discovered")});
        });
    if (m_authorizations >= m_settings.maxAuthorizations) {
        finding(
            QStringLiteral("authorization-limit"), Finding::Severity::Error,
            QStringLiteral("still refused after %1 authorization requests").arg(m_authorizations),
            QString::fromUtf8(basis::RetryLimit));
        const Error e = stop(QStringLiteral("authorization-limit"),
                             QStringLiteral("stopped after %1 authorization requests (the limit); "
                                            "the server still refuses with the scopes [%2]")
                                 .arg(m_authorizations)
                                 .arg(scopeString(scopes)));
        return QTimer::singleShot(0, this, [done, e] { done(e); });
    }
    ensureIdentity([this, scopes, done](Result<ClientCredentials> c) {
        if (!c)
            return done(c.error());
        if (m_settings.grant == McpClientSettings::Grant::ClientCredentials)
            return clientCredentials(*c, scopes, done);
        authorizationCode(*c, scopes, done);
    });
}

void McpOAuthClient::ensureIdentity(Callback<Result<ClientCredentials>> done) {
    const AuthServerMetadata &as = *m_asMetadata;
    const auto known = m_credentials.constFind(as.issuer);
    if (known != m_credentials.constEnd())
        return QTimer::singleShot(0, this, [done, c = *known] { done(c); });

    const bool preRegisteredHere =
        !m_settings.clientId.isEmpty() &&
        (!m_settings.clientIssuer.isEmpty()
             ? m_settings.clientIssuer == as.issuer
             : (m_preRegisteredIssuer.isEmpty() || m_preRegisteredIssuer == as.issuer));
    if (preRegisteredHere) {
        ClientCredentials c;
        c.issuer = as.issuer;
        c.clientId = m_settings.clientId;
        c.clientSecret = m_settings.clientSecret;
        c.origin = ClientCredentials::Origin::PreRegistered;
        const QStringList supported = as.authMethodsOrDefault();
        if (m_settings.clientAuthMethod)
            c.method = *m_settings.clientAuthMethod;
        else if (m_settings.assertion.signer)
            c.method = ClientAuthMethod::PrivateKeyJwt;
        else if (c.clientSecret.isEmpty())
            c.method = ClientAuthMethod::None;
        else if (!supported.contains(QStringLiteral("client_secret_basic")) &&
                 supported.contains(QStringLiteral("client_secret_post")))
            c.method = ClientAuthMethod::ClientSecretPost;
        else
            c.method = ClientAuthMethod::ClientSecretBasic;
        m_preRegisteredIssuer = as.issuer;
        m_credentials.insert(as.issuer, c);
        m_transcript.addNote(QStringLiteral("client: pre-registered %1 at %2, %3")
                                 .arg(c.clientId, as.issuer, clientAuthMethodName(c.method)));
        return QTimer::singleShot(0, this, [done, c] { done(c); });
    }
    if (!m_settings.clientMetadataUrl.isEmpty() && as.clientIdMetadataDocumentSupported) {
        ClientCredentials c;
        c.issuer = as.issuer;
        c.clientId = m_settings.clientMetadataUrl;
        c.origin = ClientCredentials::Origin::MetadataDocument;
        c.method =
            m_settings.assertion.signer ? ClientAuthMethod::PrivateKeyJwt : ClientAuthMethod::None;
        m_credentials.insert(as.issuer, c);
        m_transcript.addNote(
            QStringLiteral("client: metadata document %1 at %2").arg(c.clientId, as.issuer));
        return QTimer::singleShot(0, this, [done, c] { done(c); });
    }
    if (!m_settings.clientMetadataUrl.isEmpty())
        m_transcript.addNote(QStringLiteral("client: %1 does not advertise "
                                            "client_id_metadata_document_supported")
                                 .arg(as.issuer));
    if (as.registrationEndpoint.isEmpty()) {
        const Error e = stop(QStringLiteral("no-client-identity"),
                             QStringLiteral("no client id for %1: none pre-registered for it, no "
                                            "metadata document it accepts, no registration "
                                            "endpoint")
                                 .arg(as.issuer),
                             as.issuer);
        return QTimer::singleShot(0, this, [done, e] { done(e); });
    }
    registerClient(std::move(done));
}

void McpOAuthClient::registerClient(Callback<Result<ClientCredentials>> done) {
    const AuthServerMetadata &as = *m_asMetadata;
    const bool code = m_settings.grant == McpClientSettings::Grant::AuthorizationCode;
    const QStringList supported = as.authMethodsOrDefault();
    ClientAuthMethod method = ClientAuthMethod::None;
    bool chosen = false;
    if (m_settings.clientAuthMethod) {
        method = *m_settings.clientAuthMethod;
        chosen = true;
    } else {
        // A secret issued for this one instance is still a secret (RFC 8252 §8.4); a public
        // client only when the server takes nothing else.
        QList<ClientAuthMethod> order{ClientAuthMethod::ClientSecretBasic,
                                      ClientAuthMethod::ClientSecretPost};
        if (code)
            order.append(ClientAuthMethod::None);
        for (ClientAuthMethod m : order) {
            if (supported.contains(clientAuthMethodName(m))) {
                method = m;
                chosen = true;
                break;
            }
        }
    }
    if (!chosen) {
        const Error e = stop(QStringLiteral("no-auth-method"),
                             QStringLiteral("the server supports no token endpoint "
                                            "authentication this client can register with (%1)")
                                 .arg(supported.join(QStringLiteral(", "))),
                             as.registrationEndpoint);
        return QTimer::singleShot(0, this, [done, e] { done(e); });
    }
    QJsonObject body{{QStringLiteral("client_name"), m_settings.clientName},
                     {QStringLiteral("token_endpoint_auth_method"), clientAuthMethodName(method)}};
    QStringList grants;
    if (code) {
        const Result<QUrl> redirect = m_authorizer->redirectUri();
        if (!redirect)
            return QTimer::singleShot(0, this, [done, e = redirect.error()] { done(e); });
        body.insert(QStringLiteral("redirect_uris"),
                    QJsonArray{redirect->toString(QUrl::FullyEncoded)});
        body.insert(QStringLiteral("response_types"), QJsonArray{QStringLiteral("code")});
        // A loopback redirect: a native application (OpenID Connect Registration §2).
        body.insert(QStringLiteral("application_type"), QStringLiteral("native"));
        grants.append(QStringLiteral("authorization_code"));
        if (m_settings.offlineAccess && as.scopesSupported &&
            as.scopesSupported->contains(OfflineAccess))
            grants.append(QStringLiteral("refresh_token"));
    } else {
        body.insert(QStringLiteral("application_type"), QStringLiteral("web"));
        grants.append(QStringLiteral("client_credentials"));
    }
    body.insert(QStringLiteral("grant_types"), QJsonArray::fromStringList(grants));
    HttpCall call;
    call.method = QByteArrayLiteral("POST");
    call.url = QUrl(as.registrationEndpoint);
    call.step = QStringLiteral("registration");
    call.headers = {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")},
                    {QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")}};
    call.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    const QString issuer = as.issuer;
    m_fetcher->send(call, [this, done, method, issuer](Result<HttpAnswer> a) {
        if (!a)
            return done(a.error());
        const QJsonObject o = QJsonDocument::fromJson(a->body).object();
        if ((a->status != 200 && a->status != 201) ||
            o.value(QLatin1String("client_id")).toString().isEmpty())
            return done(stop(QStringLiteral("registration-failed"),
                             QStringLiteral("dynamic registration answered %1 %2")
                                 .arg(a->status)
                                 .arg(o.value(QLatin1String("error")).toString()),
                             a->url.toString()));
        ClientCredentials c;
        c.issuer = issuer;
        c.clientId = o.value(QLatin1String("client_id")).toString();
        c.clientSecret = o.value(QLatin1String("client_secret")).toString();
        c.origin = ClientCredentials::Origin::Registered;
        c.method = clientAuthMethodFromName(
                       o.value(QLatin1String("token_endpoint_auth_method")).toString())
                       .value_or(method);
        if (c.method != ClientAuthMethod::None && c.method != ClientAuthMethod::PrivateKeyJwt &&
            c.clientSecret.isEmpty())
            return done(stop(QStringLiteral("registration-failed"),
                             QStringLiteral("registered as a confidential client without a "
                                            "client_secret")));
        m_credentials.insert(issuer, c);
        m_transcript.addNote(QStringLiteral("client: registered %1 at %2, %3")
                                 .arg(c.clientId, issuer, clientAuthMethodName(c.method)));
        done(c);
    });
}

void McpOAuthClient::authorizationCode(const ClientCredentials &credentials,
                                       const QStringList &scopes, Callback<Result<TokenSet>> done) {
    const AuthServerMetadata as = *m_asMetadata;
    if (!as.codeChallengeMethods || !as.codeChallengeMethods->contains(QStringLiteral("S256"))) {
        const Error e = stop(QStringLiteral("pkce-s256-not-advertised"),
                             QStringLiteral("the authorization server does not advertise PKCE "
                                            "S256; no authorization request is made"),
                             as.sourceUrl);
        return QTimer::singleShot(0, this, [done, e] { done(e); });
    }
    const Result<QUrl> redirect = m_authorizer->redirectUri();
    if (!redirect)
        return QTimer::singleShot(0, this, [done, e = redirect.error()] { done(e); });
    const QString verifier = Pkce::newVerifier();
    const QString state = Pkce::randomString(24);
    QUrl url(as.authorizationEndpoint);
    FormEncoding::Fields query = FormEncoding::parseFields(url.query(QUrl::FullyEncoded).toUtf8());
    query.append({QStringLiteral("response_type"), QStringLiteral("code")});
    query.append({QStringLiteral("client_id"), credentials.clientId});
    query.append({QStringLiteral("redirect_uri"), redirect->toString(QUrl::FullyEncoded)});
    if (!scopes.isEmpty())
        query.append({QStringLiteral("scope"), scopeString(scopes)});
    query.append({QStringLiteral("state"), state});
    query.append({QStringLiteral("code_challenge"), Pkce::challengeS256(verifier)});
    query.append({QStringLiteral("code_challenge_method"), QStringLiteral("S256")});
    query.append({QStringLiteral("resource"), m_resource});
    url.setQuery(QString::fromLatin1(FormEncoding::encodeFields(query)), QUrl::StrictMode);
    ++m_authorizations;
    m_transcript.addNote(QStringLiteral("authorization request %1 of at most %2 (%3), scope [%4]")
                             .arg(m_authorizations)
                             .arg(m_settings.maxAuthorizations)
                             .arg(m_authorizer->name(), scopeString(scopes)));
    const QUrl redirectUri = *redirect;
    m_authorizer->authorize(
        url, m_fetcher,
        [this, as, credentials, scopes, verifier, state, redirectUri, done](Result<QUrl> back) {
            if (!back)
                return done(back.error());
            const FormEncoding::Fields f =
                FormEncoding::parseFields(back->query(QUrl::FullyEncoded).toUtf8());
            const QString where = as.authorizationEndpoint;
            // RFC 9207 §2.4: the issuer first; on a mismatch nothing else in the response is
            // acted on, not even its error.
            if (FormEncoding::has(f, QStringLiteral("iss"))) {
                if (FormEncoding::value(f, QStringLiteral("iss")) != as.issuer) {
                    finding(
                        QStringLiteral("iss-mismatch"), Finding::Severity::Error,
                        QStringLiteral("the authorization response's iss is not %1").arg(as.issuer),
                        QString::fromUtf8(basis::IssCheck), where);
                    return done(stop(QStringLiteral("iss-mismatch"),
                                     QStringLiteral("the authorization response came from another "
                                                    "issuer; refused"),
                                     where));
                }
            } else if (as.issParameterSupported) {
                finding(QStringLiteral("iss-missing"), Finding::Severity::Error,
                        QStringLiteral("the server advertises "
                                       "authorization_response_iss_parameter_supported but its "
                                       "response has no iss"),
                        QString::fromUtf8(basis::IssCheck), where);
                return done(stop(QStringLiteral("iss-missing"),
                                 QStringLiteral("the authorization response has no iss; refused"),
                                 where));
            }
            if (FormEncoding::value(f, QStringLiteral("state")) != state) {
                finding(QStringLiteral("state-mismatch"), Finding::Severity::Error,
                        QStringLiteral("the authorization response's state is not the one sent"),
                        QString::fromUtf8(basis::StateCheck), where);
                return done(
                    stop(QStringLiteral("state-mismatch"),
                         QStringLiteral("the authorization response's state does not match; "
                                        "refused"),
                         where));
            }
            if (FormEncoding::has(f, QStringLiteral("error")))
                return done(
                    stop(QStringLiteral("authorization-refused"),
                         QStringLiteral("the authorization server answered %1: %2")
                             .arg(FormEncoding::value(f, QStringLiteral("error")),
                                  FormEncoding::value(f, QStringLiteral("error_description"))),
                         where));
            const QString code = FormEncoding::value(f, QStringLiteral("code"));
            if (code.isEmpty())
                return done(stop(QStringLiteral("no-code"),
                                 QStringLiteral("the authorization response has no code"), where));
            FormEncoding::Fields form{
                {QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                {QStringLiteral("code"), code},
                {QStringLiteral("redirect_uri"), redirectUri.toString(QUrl::FullyEncoded)},
                {QStringLiteral("code_verifier"), verifier},
                {QStringLiteral("resource"), m_resource}};
            tokenRequest(credentials, form, scopes, done);
        });
}

void McpOAuthClient::clientCredentials(const ClientCredentials &credentials,
                                       const QStringList &scopes, Callback<Result<TokenSet>> done) {
    ++m_authorizations;
    m_transcript.addNote(QStringLiteral("token request %1 of at most %2 (client_credentials), "
                                        "scope [%3]")
                             .arg(m_authorizations)
                             .arg(m_settings.maxAuthorizations)
                             .arg(scopeString(scopes)));
    FormEncoding::Fields form{{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}};
    // Without a scope parameter the server grants its default (RFC 6749 §3.3); an empty set
    // asked for exactly is sent as scope="" only when it was asked for explicitly.
    if (!scopes.isEmpty() || m_settings.scopes)
        form.append({QStringLiteral("scope"), scopeString(scopes)});
    form.append({QStringLiteral("resource"), m_resource});
    tokenRequest(credentials, form, scopes, std::move(done));
}

void McpOAuthClient::refresh(Callback<Status> done) {
    if (!m_token || m_token->refreshToken.isEmpty() || !m_asMetadata)
        return QTimer::singleShot(0, this, [done] {
            done(Error{QStringLiteral("no refresh token"), QString(),
                       QStringLiteral("no-refresh-token")});
        });
    const auto c = m_credentials.constFind(m_asMetadata->issuer);
    if (c == m_credentials.constEnd())
        return QTimer::singleShot(0, this, [done] {
            done(Error{QStringLiteral("no client identity"), QString(),
                       QStringLiteral("no-client-identity")});
        });
    const TokenSet old = *m_token;
    FormEncoding::Fields form{{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                              {QStringLiteral("refresh_token"), old.refreshToken},
                              {QStringLiteral("resource"), m_resource}};
    tokenRequest(*c, form, old.requested, [this, old, done](Result<TokenSet> t) {
        if (!t)
            return done(t.error());
        TokenSet next = *t;
        if (next.refreshToken.isEmpty())
            next.refreshToken = old.refreshToken;
        m_token = next;
        done(Status::success());
    });
}

void McpOAuthClient::tokenRequest(const ClientCredentials &credentials, FormEncoding::Fields form,
                                  const QStringList &requested, Callback<Result<TokenSet>> done) {
    const AuthServerMetadata as = *m_asMetadata;
    HttpHeaders headers{
        {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")},
        {QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")}};
    const Status authed = ClientAuth::apply(credentials, as.tokenEndpoint, m_settings.assertion,
                                            nowSeconds(), &headers, &form);
    if (!authed)
        return QTimer::singleShot(0, this, [done, e = authed.error()] { done(e); });
    HttpCall call;
    call.method = QByteArrayLiteral("POST");
    call.url = QUrl(as.tokenEndpoint);
    call.step = QStringLiteral("token");
    call.headers = headers;
    call.body = FormEncoding::encodeFields(form);
    m_fetcher->send(call, [this, as, requested, done](Result<HttpAnswer> a) {
        if (!a)
            return done(a.error());
        const QJsonObject o = QJsonDocument::fromJson(a->body).object();
        if (a->status != 200 || !o.value(QLatin1String("access_token")).isString())
            return done(stop(QStringLiteral("token-refused"),
                             QStringLiteral("the token endpoint answered %1 %2 %3")
                                 .arg(a->status)
                                 .arg(o.value(QLatin1String("error")).toString(),
                                      o.value(QLatin1String("error_description")).toString()),
                             as.tokenEndpoint));
        if (o.value(QLatin1String("token_type"))
                .toString()
                .compare(QLatin1String("Bearer"), Qt::CaseInsensitive) != 0) {
            finding(QStringLiteral("token-type-not-bearer"), Finding::Severity::Error,
                    QStringLiteral("token_type is \"%1\"")
                        .arg(o.value(QLatin1String("token_type")).toString()),
                    QString::fromUtf8(basis::TokenType), as.tokenEndpoint);
            return done(stop(QStringLiteral("token-type-not-bearer"),
                             QStringLiteral("the token is not a Bearer token")));
        }
        TokenSet t;
        t.issuer = as.issuer;
        t.accessToken = o.value(QLatin1String("access_token")).toString();
        t.refreshToken = o.value(QLatin1String("refresh_token")).toString();
        t.requested = requested;
        if (o.value(QLatin1String("scope")).isString()) {
            t.granted = ScopeGrammar::split(o.value(QLatin1String("scope")).toString());
        } else {
            t.granted = requested;
            t.grantedAssumed = true;
        }
        const double expiresIn = o.value(QLatin1String("expires_in")).toDouble();
        if (expiresIn > 0)
            t.expiresAt = nowSeconds() + qint64(expiresIn);
        QStringList a1 = t.granted, b1 = requested;
        a1.sort();
        b1.sort();
        if (a1 != b1)
            finding(QStringLiteral("granted-scope-differs"), Finding::Severity::Info,
                    QStringLiteral("asked for [%1], granted [%2]")
                        .arg(scopeString(requested), scopeString(t.granted)),
                    QString::fromUtf8(basis::GrantedDiffers), as.tokenEndpoint);
        m_transcript.addNote(QStringLiteral("token %1: granted [%2]%3")
                                 .arg(Transcript::fingerprinted(t.accessToken),
                                      scopeString(t.granted),
                                      t.grantedAssumed ? QStringLiteral(" (assumed)") : QString()));
        done(t);
    });
}

} // namespace scopebench
