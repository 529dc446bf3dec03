#pragma once

// Inside the test authorization server: the state its one mutex guards and the endpoint
// handlers that work on it. Only the authserver's own files include this.

#include "authserver/ClientMetadataFetcher.h"
#include "authserver/ClientRegistry.h"
#include "authserver/TestAuthorizationServer.h"
#include "authserver/TokenStore.h"
#include "jose/SigningKey.h"

#include <QHash>
#include <QMutex>

#include <functional>

class QUrl;

namespace scopebench {

// Everything below `mutex` is read and written with it held; the handlers run with it held.
struct TestAuthorizationServer::Private {
    // An authorization request waiting for the tester's answer on the consent page.
    struct PendingConsent {
        QString clientId;
        QString redirectUri;
        QString state;
        QString challenge;
        QStringList scopes;
        QStringList resources;
        qint64 expiresAt = 0;
    };
    static constexpr int consentLifetimeSeconds = 600;
    static constexpr int maxPendingConsents = 1000;

    mutable QMutex mutex;
    Settings settings;
    std::function<qint64()> now;
    ClientRegistry clients;
    TokenStore tokens;
    QHash<QString, PendingConsent> pending;
    quint64 issuedSinceSweep = 0;
    SigningKey accessTokenKey; // null with opaque access tokens
    // Not guarded by `mutex`: it has its own, and it lives on the server object's thread.
    ClientMetadataFetcher *documents = nullptr;

    QString endpoint(const char *path) const { return settings.issuer + QLatin1String(path); }
    // Drops what has expired, every 256 calls or when `force`.
    void sweep(bool force = false);
    // Empty when every scope is in the catalog; else the first problem.
    QString scopeProblem(const QStringList &scopes) const;
    // Sweeps now and then, and issues an access token in the store.
    QString issueAccess(const QString &clientId, const QString &subject, const QStringList &scopes,
                        const QStringList &audience, int lifetimeSeconds,
                        const QByteArray &refreshKey, TokenStore::AccessRecord *record);
};

using AuthServerState = TestAuthorizationServer::Private;

// RFC 6749 §4.4, §4.1.3, §6 token requests, RFC 7662 introspection, RFC 7009 revocation.
namespace TokenEndpoint {
HttpResponse token(AuthServerState &state, const HttpRequest &request);
HttpResponse introspect(AuthServerState &state, const HttpRequest &request);
HttpResponse revoke(AuthServerState &state, const HttpRequest &request);
} // namespace TokenEndpoint

// RFC 6749 §4.1.1 authorization requests, the consent page and its answer.
namespace AuthorizationEndpoint {
HttpResponse authorize(AuthServerState &state, const HttpRequest &request);
// The same for a request whose client_id may be a Client ID Metadata Document URL: `document`
// is what the fetcher gave for it (null when the client_id is not such a URL).
HttpResponse authorize(AuthServerState &state, const QUrl &requestUrl,
                       const Result<ClientRegistry::Client> *document);
// The error page for a client_id URL that cannot be used (an Error of ClientMetadataDocument or
// ClientMetadataFetcher).
HttpResponse documentRefused(const Error &error);
HttpResponse consent(AuthServerState &state, const HttpRequest &request);
} // namespace AuthorizationEndpoint

// JWT access tokens (RFC 9068) and the JWK Set that verifies them (AccessTokenJwt.cpp).
namespace AccessTokenJwt {
// The compact JWS for an access token the store is issuing.
QString make(const AuthServerState &state, const TokenStore::AccessRecord &record);
HttpResponse jwks(AuthServerState &state, const HttpRequest &request);
} // namespace AccessTokenJwt

// What a client reads and writes before it asks for tokens: RFC 8414 metadata and RFC 7591
// registration.
namespace RegistrationEndpoint {
HttpResponse metadata(AuthServerState &state, const HttpRequest &request);
HttpResponse registerClient(AuthServerState &state, const HttpRequest &request);
} // namespace RegistrationEndpoint

} // namespace scopebench
