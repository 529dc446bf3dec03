#include "authserver/ClientRegistry.h"

#include "authserver/RequestRules.h"
#include "authserver/Secrets.h"
#include "http/ListenAddress.h"
#include "policy/ScopeGrammar.h"

#include <QJsonArray>
#include <QUrl>

namespace scopebench {

namespace {

Error metadataError(const QString &code, const QString &description) {
    return Error{description, QString(), code};
}

} // namespace

void ClientRegistry::addBuiltIn(Client client) {
    client.builtIn = true;
    m_clients.insert(client.id, client);
}

const ClientRegistry::Client *ClientRegistry::find(const QString &id) const {
    const auto it = m_clients.constFind(id);
    return it == m_clients.constEnd() ? nullptr : &*it;
}

ClientRegistry::ClientAuth ClientRegistry::authenticate(const QByteArray &header,
                                                        const FormEncoding::Fields &form) const {
    ClientAuth auth;
    const bool postSecret = FormEncoding::has(form, QStringLiteral("client_secret"));
    QString id;
    QString secret;
    if (!header.isEmpty()) {
        if (postSecret) {
            auth.outcome = AuthOutcome::Malformed;
            auth.problem = QStringLiteral("use one client authentication method, not two");
            return auth;
        }
        if (!FormEncoding::parseBasicAuthorization(header, &id, &secret)) {
            auth.outcome = AuthOutcome::Failed;
            auth.problem = QStringLiteral("the Authorization header is not HTTP Basic client "
                                          "authentication");
            return auth;
        }
        const QString bodyId = FormEncoding::value(form, QStringLiteral("client_id"));
        if (!bodyId.isEmpty() && bodyId != id) {
            auth.outcome = AuthOutcome::Malformed;
            auth.problem = QStringLiteral("client_id differs from the authenticated client");
            return auth;
        }
    } else if (postSecret) {
        id = FormEncoding::value(form, QStringLiteral("client_id"));
        secret = FormEncoding::value(form, QStringLiteral("client_secret"));
    } else {
        id = FormEncoding::value(form, QStringLiteral("client_id"));
        const Client *client = find(id);
        if (id.isEmpty()) {
            auth.problem = QStringLiteral("client authentication is required");
            return auth;
        }
        if (!client || !client->secret.isEmpty()) {
            auth.outcome = AuthOutcome::Failed;
            auth.problem = !client ? QStringLiteral("unknown client")
                                   : QStringLiteral("this client must authenticate");
            return auth;
        }
        auth.outcome = AuthOutcome::Public;
        auth.clientId = id;
        return auth;
    }
    const Client *client = find(id);
    // Compare even for unknown clients, so timing does not tell which ids exist.
    const bool secretOk = Secrets::constantTimeEquals(secret, client ? client->secret : QString());
    if (!client || client->secret.isEmpty() || !secretOk) {
        auth.outcome = AuthOutcome::Failed;
        auth.problem = QStringLiteral("client authentication failed");
        return auth;
    }
    auth.outcome = AuthOutcome::Confidential;
    auth.clientId = id;
    return auth;
}

Result<QJsonObject> ClientRegistry::registerClient(const QJsonObject &in,
                                                   const QStringList &catalog, qint64 now) {
    if (m_clients.size() >= maxRegisteredClients)
        return metadataError(QStringLiteral("invalid_client_metadata"),
                             QStringLiteral("too many registered clients; restart the server"));

    auto stringList = [&in](const char *name, QStringList *out) {
        const QJsonValue v = in.value(QLatin1String(name));
        if (v.isUndefined() || v.isNull())
            return true;
        if (!v.isArray())
            return false;
        for (const QJsonValue &e : v.toArray()) {
            if (!e.isString())
                return false;
            out->append(e.toString());
        }
        return true;
    };
    Client client;
    if (!stringList("redirect_uris", &client.redirectUris))
        return metadataError(QStringLiteral("invalid_redirect_uri"),
                             QStringLiteral("redirect_uris must be an array of strings"));
    for (const QString &uri : std::as_const(client.redirectUris)) {
        const QString problem = RequestRules::absoluteUriProblem(uri);
        if (!problem.isEmpty())
            return metadataError(QStringLiteral("invalid_redirect_uri"), problem);
    }
    if (!stringList("grant_types", &client.grantTypes))
        return metadataError(QStringLiteral("invalid_client_metadata"),
                             QStringLiteral("grant_types must be an array of strings"));
    if (client.grantTypes.isEmpty())
        client.grantTypes = {QStringLiteral("authorization_code")};
    for (const QString &g : std::as_const(client.grantTypes)) {
        if (g != QLatin1String("authorization_code") && g != QLatin1String("refresh_token") &&
            g != QLatin1String("client_credentials"))
            return metadataError(QStringLiteral("invalid_client_metadata"),
                                 QStringLiteral("grant type \"%1\" is not supported").arg(g));
    }
    QStringList responseTypes;
    if (!stringList("response_types", &responseTypes))
        return metadataError(QStringLiteral("invalid_client_metadata"),
                             QStringLiteral("response_types must be an array of strings"));
    for (const QString &t : std::as_const(responseTypes)) {
        if (t != QLatin1String("code"))
            return metadataError(QStringLiteral("invalid_client_metadata"),
                                 QStringLiteral("response type \"%1\" is not supported").arg(t));
    }
    if (client.grantTypes.contains(QStringLiteral("authorization_code")) &&
        client.redirectUris.isEmpty())
        return metadataError(QStringLiteral("invalid_redirect_uri"),
                             QStringLiteral("the authorization_code grant needs redirect_uris"));
    const QJsonValue method = in.value(QLatin1String("token_endpoint_auth_method"));
    client.authMethod =
        method.isString() ? method.toString() : QStringLiteral("client_secret_basic");
    if (client.authMethod != QLatin1String("none") &&
        client.authMethod != QLatin1String("client_secret_basic") &&
        client.authMethod != QLatin1String("client_secret_post"))
        return metadataError(QStringLiteral("invalid_client_metadata"),
                             QStringLiteral("token_endpoint_auth_method \"%1\" is not supported")
                                 .arg(client.authMethod));
    const bool isPublic = client.authMethod == QLatin1String("none");
    if (isPublic && client.grantTypes.contains(QStringLiteral("client_credentials")))
        return metadataError(QStringLiteral("invalid_client_metadata"),
                             QStringLiteral("client_credentials needs a confidential client"));
    const QJsonValue scope = in.value(QLatin1String("scope"));
    if (scope.isString()) {
        const QStringList scopes = ScopeGrammar::split(scope.toString());
        const QString problem = RequestRules::scopeProblem(scopes, catalog);
        if (!problem.isEmpty())
            return metadataError(QStringLiteral("invalid_client_metadata"), problem);
        client.scope = scopes;
    } else if (!scope.isUndefined() && !scope.isNull()) {
        return metadataError(QStringLiteral("invalid_client_metadata"),
                             QStringLiteral("scope must be a string"));
    }
    client.name = in.value(QLatin1String("client_name")).toString();
    client.id = Secrets::randomToken(16);
    if (!isPublic)
        client.secret = Secrets::randomToken(32);
    m_clients.insert(client.id, client);

    QJsonObject out = in; // RFC 7591 §3.2.1: the registered metadata, as registered
    out.insert(QStringLiteral("client_id"), client.id);
    out.insert(QStringLiteral("client_id_issued_at"), now);
    if (!isPublic) {
        out.insert(QStringLiteral("client_secret"), client.secret);
        out.insert(QStringLiteral("client_secret_expires_at"), 0);
    }
    out.insert(QStringLiteral("redirect_uris"), QJsonArray::fromStringList(client.redirectUris));
    out.insert(QStringLiteral("grant_types"), QJsonArray::fromStringList(client.grantTypes));
    out.insert(QStringLiteral("response_types"), QJsonArray{QStringLiteral("code")});
    out.insert(QStringLiteral("token_endpoint_auth_method"), client.authMethod);
    return out;
}

bool ClientRegistry::acceptsRedirect(const Client &client, const QString &redirectUri) {
    if (redirectUri.isEmpty())
        return false;
    if (client.builtIn && RequestRules::isHeaderSafe(redirectUri)) {
        // The built-in client takes any loopback http redirect (the tester's own tools).
        const QUrl u(redirectUri, QUrl::StrictMode);
        if (u.scheme() == QLatin1String("http") && ListenAddress::isLoopback(u.host()) &&
            !u.hasFragment())
            return true;
    }
    for (const QString &registered : client.redirectUris) {
        if (redirectMatches(registered, redirectUri))
            return true;
    }
    return false;
}

bool ClientRegistry::redirectMatches(const QString &registered, const QString &requested) {
    if (registered == requested)
        return true;
    const QUrl a(registered);
    const QUrl b(requested);
    if (!a.isValid() || !b.isValid() || a.scheme() != QLatin1String("http") ||
        b.scheme() != QLatin1String("http") || !ListenAddress::isLoopback(a.host()))
        return false;
    return a.host() == b.host() && a.path(QUrl::FullyEncoded) == b.path(QUrl::FullyEncoded) &&
           a.query(QUrl::FullyEncoded) == b.query(QUrl::FullyEncoded) && a.userInfo().isEmpty() &&
           b.userInfo().isEmpty() && !b.hasFragment();
}

} // namespace scopebench
