#pragma once

#include "authserver/IssuedToken.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace scopebench {

// The built-in test authorization server of
// docs/introspection-and-test-authorization-server.md, as routes any HTTP server can mount:
// RFC 8414 metadata, the token endpoint (client_credentials, authorization_code with PKCE S256,
// refresh_token; RFC 8707 `resource` becomes `aud`), RFC 7591 registration, Client ID Metadata
// Documents (a URL as client_id, fetched without blocking), a plain HTML
// consent page, RFC 7662 introspection and RFC 7009 revocation. All state is in memory and
// guarded by one mutex, so the routes may run on another thread than the GUI that mints.
// Its routes answer 503 once it is gone.
class TestAuthorizationServer : public QObject {
    Q_OBJECT
public:
    struct Settings {
        QString issuer; // base URL without trailing slash, e.g. http://127.0.0.1:8787
        QString clientId =
            QStringLiteral("scopebench"); // the default: SCOPEBENCH_TEST_CLIENT_ID if set
        QString clientSecret;             // empty: SCOPEBENCH_TEST_CLIENT_SECRET, else a random one
        QStringList catalog;              // the scopes it may grant (the policy's catalog)
        int tokenLifetimeSeconds = 3600;
        std::optional<QStringList> autoApprove; // serve --grant "a b": approve without the page
        // Live access plus refresh tokens the token endpoint may hold; beyond it, 503.
        int maxLiveTokens = 100000;
        // Jwt: an ES256 key is made at start, published at /oauth/jwks (jwks_uri).
        AccessTokenFormat tokenFormat = AccessTokenFormat::Opaque;
        // Client ID Metadata Documents: a client_id that is an https URL is fetched and
        // checked (ClientMetadataDocument.h). The test mode (serve
        // --allow-http-client-metadata) also fetches http URLs on a loopback host: for
        // tests, which have no https peer. The metadata and the log say when it is on.
        bool clientMetadataHttpLoopback = false;
        int clientMetadataTimeoutMs = 5000; // the whole fetch's deadline
    };

    static constexpr const char *defaultUser = "user-1";

    explicit TestAuthorizationServer(Settings settings, QObject *parent = nullptr);
    ~TestAuthorizationServer() override;

    // One of its routes: an exact path and what answers it (every method reaches the handler, so
    // a wrong one gets 405). Thread-safe; answers 503 once the server is gone.
    struct Route {
        QString path;
        std::function<HttpResponse(const HttpRequest &)> handler;
        // The methods a browser may fetch() it with (CORS); empty for the consent page, which
        // the browser navigates to and posts its form on.
        QByteArray corsMethods;
        // Set where the answer may come later (the authorization endpoint, which may have to
        // fetch a client's metadata document first): called instead of `handler` by a server
        // that can answer later, with the function that answers, which must be called on the
        // server object's thread. `handler` never waits either: where the answer is not ready
        // it gives a page that reloads itself (503 with Retry-After).
        std::function<void(const HttpRequest &, std::function<void(HttpResponse)>)> deferred;
    };
    // All /oauth/* routes and /.well-known/oauth-authorization-server, for a server that writes
    // the answers itself (the MCP endpoint keeps them in order on a connection and logs them).
    QList<Route> routes();
    void setIssuer(const QString &issuer);      // once the port is known
    void setCatalog(const QStringList &scopes); // live policy edits
    void setAutoApprove(const std::optional<QStringList> &scopes);
    void setClock(std::function<qint64()> nowSeconds); // tests pin time

    QString issuer() const;
    QStringList catalog() const;
    QString clientId() const;
    QString clientSecret() const;
    QString authorizationEndpoint() const;
    QString tokenEndpoint() const;
    QString introspectionEndpoint() const;
    QString revocationEndpoint() const;
    QString registrationEndpoint() const;
    QString metadataUrl() const;
    QString jwksUri() const; // empty with opaque tokens
    AccessTokenFormat tokenFormat() const;

    // For the GUI's "Mint token" and tests: a token of the built-in client. Thread-safe.
    // An empty subject means the client id (as for client_credentials).
    MintedToken mint(const QStringList &scopes, int lifetimeSeconds, const QString &audience,
                     const QString &subject = QString());
    // Marks an access or refresh token revoked; false when it is unknown. Thread-safe.
    bool revoke(const QString &accessToken);

    int registeredClientCount() const;
    // Client ID Metadata Documents fetched over the network so far, and cached now.
    int clientMetadataFetches() const;
    int cachedClientMetadataDocuments() const;

    struct Private;

private:
    std::unique_ptr<Private> d;
};

} // namespace scopebench
