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
        bool builtIn = false;
    };

    enum class AuthOutcome { Confidential, Public, NoCredentials, Failed, Malformed };
    struct ClientAuth {
        AuthOutcome outcome = AuthOutcome::NoCredentials;
        QString clientId;
        QString problem;
    };

    static constexpr int maxRegisteredClients = 1000;

    void addBuiltIn(Client client);
    // Null when no such client is registered.
    const Client *find(const QString &id) const;
    int size() const { return int(m_clients.size()); }

    // Who sent a request to a form endpoint: HTTP Basic (`authorizationHeader`),
    // client_secret_post or, for public clients, a bare client_id in `form`.
    ClientAuth authenticate(const QByteArray &authorizationHeader,
                            const FormEncoding::Fields &form) const;

    // RFC 7591 §2 and §3: validates `metadata` against what this server supports, registers the
    // client and gives the §3.2.1 response. The error's id is the RFC 7591 §3.2.2 error code
    // and its message the description.
    Result<QJsonObject> registerClient(const QJsonObject &metadata, const QStringList &catalog,
                                       qint64 now);

    // Whether `client` may be sent back to `redirectUri`.
    static bool acceptsRedirect(const Client &client, const QString &redirectUri);
    // RFC 8252 §7.3: a loopback redirect URI matches with any port; everything else exactly.
    static bool redirectMatches(const QString &registered, const QString &requested);

private:
    QHash<QString, Client> m_clients;
};

} // namespace scopebench
