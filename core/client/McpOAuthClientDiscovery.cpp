// McpOAuthClient: discovery. The Bearer challenge, the protected resource metadata (RFC 9728)
// and the authorization server metadata (RFC 8414), with the 2025-03-26 fallbacks.

#include "client/McpOAuthClient.h"

#include "client/McpOAuthClientInternal.h"

#include "http/HttpVocabulary.h"

#include "policy/ResourceUri.h"
#include "policy/ScopeGrammar.h"

#include <QTimer>

namespace scopebench {

using mcpclient::OfflineAccess;

namespace {

// A GET of a metadata document during discovery.
HttpCall discoveryCall(const QString &url) {
    HttpCall call;
    call.url = QUrl(url);
    call.step = QStringLiteral("discovery");
    call.headers = {{QByteArrayLiteral("Accept"), QByteArray(ContentType::Json)}};
    return call;
}

// The sentences the findings rest on, quoted from the documents named.
namespace basis {
const char *const ResourceMetadataHeader =
    "MCP 2025-06-18, Authorization: \"MCP servers MUST use the HTTP header WWW-Authenticate when "
    "returning a 401 Unauthorized to indicate the location of the resource server metadata URL\"";
const char *const NoErrorWithoutToken =
    "RFC 6750 §3.1: \"If the request lacks any authentication information [...], the resource "
    "server SHOULD NOT include an error code or other error information.\"";
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
} // namespace basis

} // namespace

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

} // namespace scopebench
