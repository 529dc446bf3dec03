#pragma once

#include "client/Authorizer.h"
#include "client/ClientAuth.h"
#include "client/HttpFetcher.h"
#include "client/McpWire.h"
#include "client/OAuthMetadata.h"
#include "client/Transcript.h"
#include "common/Result.h"
#include "decision/ChallengeParser.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace scopebench {

struct McpClientSettings {
    enum class Grant { AuthorizationCode, ClientCredentials };

    QUrl serverUrl; // the MCP endpoint
    McpEra era = McpEra::Initialize;
    QString protocolVersion = QStringLiteral("2025-11-25"); // what initialize asks for
    QString clientName = QStringLiteral("scopebench-probe");
    QString clientVersion = QStringLiteral(SCOPEBENCH_VERSION);

    Grant grant = Grant::AuthorizationCode;
    // Pre-registered identity; bound to `clientIssuer`, or else to the first issuer it is used
    // with, and never sent to another.
    QString clientId;
    QString clientSecret;
    QString clientIssuer;
    std::optional<ClientAuthMethod> clientAuthMethod; // empty: chosen from the metadata
    QString clientMetadataUrl;   // a Client ID Metadata Document, used when the issuer supports it
    AssertionSettings assertion; // private_key_jwt

    std::optional<QStringList> scopes; // an override, taken exactly
    bool offlineAccess = true;         // ask for offline_access when the issuer lists it
    int maxAuthorizations = 3;         // authorization (and client credentials) requests in all
    HttpLimits limits;
};

// One MCP answer as it came: the HTTP status, headers and body, and the JSON-RPC response in
// it (from JSON or from an SSE stream) when there is one.
struct McpResponse {
    int status = 0;
    HttpHeaders headers;
    QByteArray body;
    std::optional<QJsonObject> message;
    bool sentToken = false;
    // The JSON-RPC method this answers: send() answers with the initialize's refusal when the
    // session could not be opened.
    QString method;

    QByteArray header(const QByteArray &name) const;
    QJsonValue result() const; // undefined when there is none
    bool isJsonRpcError() const;
};

struct TokenSet {
    QString accessToken;
    QString refreshToken;
    QStringList requested;
    QStringList granted;
    bool grantedAssumed = false; // the token response had no scope (RFC 6749 §5.1)
    qint64 expiresAt = 0;        // 0: not said
    QString issuer;
};

// A spec-conformant MCP client with OAuth (docs/probe.md): discovery, client identity, the
// authorization code grant with PKCE or client credentials, step-up, MCP over Streamable HTTP.
// Asynchronous; every callback is called exactly once, later, on this object's thread.
class McpOAuthClient : public QObject {
    Q_OBJECT
public:
    template <typename T> using Callback = std::function<void(T)>;

    McpOAuthClient(McpClientSettings settings, std::unique_ptr<Authorizer> authorizer,
                   QObject *parent = nullptr);
    ~McpOAuthClient() override;

    // The handshake of the era (initialize + notifications/initialized, or server/discover),
    // authorizing when the server asks for it.
    void connectToServer(Callback<Status> done);
    // tools/list, all pages (at most 20).
    void listTools(Callback<Result<QJsonArray>> done);
    void callTool(const QString &name, const QJsonObject &arguments,
                  Callback<Result<McpResponse>> done);
    // Any request, with the authorization and step-up loop. An Error when the server refused
    // and no further authorization is allowed or possible.
    void request(const QString &method, const QJsonObject &params,
                 Callback<Result<McpResponse>> done);

    // ---- for a conformance runner: one case at a time ----
    // Discovery only (an unauthenticated request, then the metadata documents).
    void discover(Callback<Status> done);
    // A token with exactly these scopes, by the configured grant (counts as an authorization).
    void obtainToken(const QStringList &scopes, Callback<Result<TokenSet>> done);
    // One operation with exactly this token (empty: none); no retries, no step-up. In the
    // initialize era a session is opened with the same token first when needed.
    void send(const QString &accessToken, const QString &method, const QJsonObject &params,
              Callback<Result<McpResponse>> done);

    const Transcript &transcript() const { return m_transcript; }
    Transcript &transcript() { return m_transcript; }
    int authorizationRequests() const { return m_authorizations; }
    void resetAuthorizationCount() { m_authorizations = 0; }
    std::optional<TokenSet> token() const { return m_token; }
    std::optional<ResourceMetadata> resourceMetadata() const { return m_resourceMetadata; }
    std::optional<AuthServerMetadata> authServerMetadata() const { return m_asMetadata; }
    std::optional<ClientCredentials> credentialsFor(const QString &issuer) const;
    QString resource() const { return m_resource; }
    QString negotiatedVersion() const { return m_negotiatedVersion; }
    int requestsSent() const { return m_fetcher->requestsSent(); }

private:
    // The params of an initialize (the 2025 eras' handshake).
    QJsonObject initializeParams() const;
    struct Call;

    void attempt(std::shared_ptr<Call> call);
    void onUnauthorized(std::shared_ptr<Call> call, const McpResponse &response);
    void onForbidden(std::shared_ptr<Call> call, const McpResponse &response,
                     const Challenge &challenge);
    void sendRaw(const QString &accessToken, const QString &method, const QJsonObject &params,
                 bool notification, Callback<Result<McpResponse>> done);
    void openSession(const QString &accessToken, Callback<Status> done);

    void runDiscovery(const std::optional<Challenge> &challenge, Callback<Status> done);
    void fetchResourceMetadata(QStringList urls, Callback<Status> done);
    void fetchAuthServerMetadata(const QString &issuer, QStringList urls, Callback<Status> done);

    void acquireToken(const QStringList &scopes, Callback<Status> done);
    void acquire(const QStringList &scopes, Callback<Result<TokenSet>> done);
    void ensureIdentity(Callback<Result<ClientCredentials>> done);
    void registerClient(Callback<Result<ClientCredentials>> done);
    void authorizationCode(const ClientCredentials &credentials, const QStringList &scopes,
                           Callback<Result<TokenSet>> done);
    void clientCredentials(const ClientCredentials &credentials, const QStringList &scopes,
                           Callback<Result<TokenSet>> done);
    void refresh(Callback<Status> done);
    void tokenRequest(const ClientCredentials &credentials, FormEncoding::Fields form,
                      const QStringList &requested, Callback<Result<TokenSet>> done);

    std::optional<Challenge> bearerChallenge(const McpResponse &response);
    void noteChallenge(const Challenge &challenge, const McpResponse &response);
    void finding(const QString &id, Finding::Severity severity, const QString &message,
                 const QString &basis, const QString &where = QString());
    Error stop(const QString &id, const QString &message, const QString &where = QString());
    void listPage(QJsonArray tools, const QString &cursor, int pages,
                  Callback<Result<QJsonArray>> done);

    McpClientSettings m_settings;
    std::unique_ptr<Authorizer> m_authorizer;
    Transcript m_transcript;
    HttpFetcher *m_fetcher;

    bool m_discovered = false;
    bool m_authRequired = false;
    std::optional<ResourceMetadata> m_resourceMetadata;
    std::optional<AuthServerMetadata> m_asMetadata;
    QString m_resource;
    QString m_lastChallengeScope;
    QHash<QString, ClientCredentials> m_credentials;
    QString m_preRegisteredIssuer;
    std::optional<TokenSet> m_token;
    int m_authorizations = 0;

    QByteArray m_sessionId;
    QString m_negotiatedVersion;
    QString m_sessionToken; // the token the session was opened with (send())
    bool m_initialized = false;
    qint64 m_nextId = 1;
};

} // namespace scopebench
