#pragma once

#include "common/Result.h"
#include "http/FormEncoding.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

namespace scopebench {

// The clients the test authorization server knows: its built-in client and those registered
// through RFC 7591, how they authenticate (RFC 6749 §2.3) and which redirect URIs they may use
// (RFC 8252 §7.3). Holds no lock: the server's one mutex guards it.
class ClientRegistry {
public:
    struct Client {
        QString id;
        QString secret; // empty for public clients
        QString authMethod;
        QString name;
        QStringList redirectUris;
        QStringList grantTypes;
        std::optional<QStringList> scope; // the registered `scope`, if any
        // OpenID Connect Dynamic Client Registration's application_type: "web" (the default)
        // or "native" (a desktop or CLI client with a loopback redirect, as most MCP clients).
        QString applicationType = QStringLiteral("web");
        bool builtIn = false;
        // Known from its Client ID Metadata Document (its id is the document's URL), not
        // registered: ClientMetadataDocument.h.
        bool fromDocument = false;
        qint64 expiresAt = 0; // seconds since the epoch; 0 never (the built-in client)
    };

    enum class AuthOutcome { Confidential, Public, NoCredentials, Failed, Malformed };
    struct ClientAuth {
        AuthOutcome outcome = AuthOutcome::NoCredentials;
        QString clientId;
        QString problem;
    };

    // Every bound of registration is explicit: how many clients, for how long, how much
    // metadata each may leave behind.
    static constexpr int maxRegisteredClients = 1000;
    static constexpr int registeredClientLifetimeSeconds = 24 * 3600;
    static constexpr qsizetype maxMetadataBytes = 8 * 1024; // the registration request's body
    static constexpr int maxRedirectUris = 10;
    static constexpr qsizetype maxRedirectUriLength = 2048;
    static constexpr qsizetype maxClientNameLength = 200;
    // Clients known from their metadata documents, kept as long as a registration.
    static constexpr int maxDocumentClients = 1000;

    void addBuiltIn(Client client);
    // Null when no such client is registered or its registration has expired at `now`.
    const Client *find(const QString &id, qint64 now) const;
    // Registered clients, the built-in one and expired ones not yet dropped included.
    int size() const { return int(m_clients.size()); }
    void dropExpired(qint64 now);
    // Records (or refreshes) a client read from its Client ID Metadata Document, so the token
    // endpoint knows it as a public client; its id is the document's URL. False when the id
    // is taken by a registered or the built-in client, or too many such clients are known.
    bool putDocumentClient(Client client, qint64 now);

    // Who sent a request to a form endpoint: HTTP Basic (`authorizationHeader`),
    // client_secret_post or, for public clients, a bare client_id in `form`.
    ClientAuth authenticate(const QByteArray &authorizationHeader, const FormEncoding::Fields &form,
                            qint64 now) const;

    // RFC 7591 §2 and §3: validates `metadata` against what this server supports, registers the
    // client and gives the §3.2.1 response: what was registered, nothing else the client sent
    // (no echo of a secret it put in its metadata). The error's id is the RFC 7591 §3.2.2 error
    // code and its message the description. `metadataBytes` is the size of the request body.
    Result<QJsonObject> registerClient(const QJsonObject &metadata, qsizetype metadataBytes,
                                       const QStringList &catalog, qint64 now);
    // Empty when `uri` may be registered as a redirect URI: absolute, no fragment, no user
    // info, and https or http on a loopback address (RFC 6749 §3.1.2.1, RFC 8252 §7.3).
    static QString redirectUriProblem(const QString &uri);
    // Client metadata's list-of-strings field `name` (RFC 7591 §2) appended to `out`: true when
    // absent, null or an array of strings; false for anything else.
    static bool stringListField(const QJsonObject &metadata, const char *name, QStringList *out);

    // Empty when `scopes` lie within the scope `client` registered (any, when it registered
    // none); else the first one outside it.
    static QString scopeOutsideRegistration(const Client &client, const QStringList &scopes);
    // Whether `client` may be sent back to `redirectUri`.
    static bool acceptsRedirect(const Client &client, const QString &redirectUri);
    // RFC 8252 §7.3: a loopback redirect URI matches with any port; everything else exactly.
    static bool redirectMatches(const QString &registered, const QString &requested);

private:
    QHash<QString, Client> m_clients;
};

} // namespace scopebench
