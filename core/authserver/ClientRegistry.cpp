#include "authserver/ClientRegistry.h"

#include "authserver/RequestRules.h"
#include "authserver/Secrets.h"
#include "http/ListenAddress.h"
#include "policy/ScopeGrammar.h"

#include <QJsonArray>
#include <QUrl>

#include <algorithm>

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

const ClientRegistry::Client *ClientRegistry::find(const QString &id, qint64 now) const {
    const auto it = m_clients.constFind(id);
    if (it == m_clients.constEnd() || (it->expiresAt != 0 && it->expiresAt <= now))
        return nullptr;
    return &*it;
}

void ClientRegistry::dropExpired(qint64 now) {
    m_clients.removeIf(
        [now](const auto &it) { return it.value().expiresAt != 0 && it.value().expiresAt <= now; });
}

bool ClientRegistry::putDocumentClient(Client client, qint64 now) {
    const auto it = m_clients.constFind(client.id);
    if (it != m_clients.constEnd() && !it->fromDocument)
        return false;
    auto documentClients = [this] {
        return std::count_if(m_clients.cbegin(), m_clients.cend(),
                             [](const Client &c) { return c.fromDocument; });
    };
    if (it == m_clients.constEnd() && documentClients() >= maxDocumentClients) {
        dropExpired(now);
        if (documentClients() >= maxDocumentClients)
            return false;
    }
    client.fromDocument = true;
    client.builtIn = false;
    client.secret.clear();
    client.expiresAt = now + registeredClientLifetimeSeconds;
    m_clients.insert(client.id, client);
    return true;
}

bool ClientRegistry::stringListField(const QJsonObject &metadata, const char *name,
                                     QStringList *out) {
    const QJsonValue v = metadata.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull())
        return true;
    if (!v.isArray())
        return false;
    const QJsonArray array = v.toArray();
    for (const QJsonValue &e : array) {
        if (!e.isString())
            return false;
        out->append(e.toString());
    }
    return true;
}

QString ClientRegistry::redirectUriProblem(const QString &uri) {
    if (uri.size() > maxRedirectUriLength)
        return QStringLiteral("a redirect URI is longer than %1 characters")
            .arg(maxRedirectUriLength);
    const QString problem = RequestRules::absoluteUriProblem(uri);
    if (!problem.isEmpty())
        return problem;
    const QUrl url(uri, QUrl::StrictMode);
    const bool https = url.scheme() == QLatin1String("https") && !url.host().isEmpty();
    const bool loopback =
        url.scheme() == QLatin1String("http") && ListenAddress::isLoopback(url.host());
    if (!url.userInfo().isEmpty() || (!https && !loopback))
        return QStringLiteral("\"%1\" is neither https nor http on a loopback address").arg(uri);
    return QString();
}

ClientRegistry::ClientAuth ClientRegistry::authenticate(const QByteArray &header,
                                                        const FormEncoding::Fields &form,
                                                        qint64 now) const {
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
        const Client *client = find(id, now);
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
    const Client *client = find(id, now);
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

Result<QJsonObject> ClientRegistry::registerClient(const QJsonObject &in, qsizetype metadataBytes,
                                                   const QStringList &catalog, qint64 now) {
    if (metadataBytes > maxMetadataBytes)
        return metadataError(
            QStringLiteral("invalid_client_metadata"),
            QStringLiteral("the client metadata is larger than %1 bytes").arg(maxMetadataBytes));
    if (m_clients.size() >= maxRegisteredClients)
        dropExpired(now);
    if (m_clients.size() >= maxRegisteredClients)
        return metadataError(QStringLiteral("invalid_client_metadata"),
                             QStringLiteral("too many registered clients; registrations expire "
                                            "after %1 hours")
                                 .arg(registeredClientLifetimeSeconds / 3600));

    Client client;
    if (!stringListField(in, "redirect_uris", &client.redirectUris))
        return metadataError(QStringLiteral("invalid_redirect_uri"),
                             QStringLiteral("redirect_uris must be an array of strings"));
    if (client.redirectUris.size() > maxRedirectUris)
        return metadataError(QStringLiteral("invalid_redirect_uri"),
                             QStringLiteral("at most %1 redirect URIs").arg(maxRedirectUris));
    for (const QString &uri : std::as_const(client.redirectUris)) {
        const QString problem = redirectUriProblem(uri);
        if (!problem.isEmpty())
            return metadataError(QStringLiteral("invalid_redirect_uri"), problem);
    }
    if (!stringListField(in, "grant_types", &client.grantTypes))
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
    if (!stringListField(in, "response_types", &responseTypes))
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
    const QJsonValue applicationType = in.value(QLatin1String("application_type"));
    if (applicationType.isString() && (applicationType.toString() == QLatin1String("web") ||
                                       applicationType.toString() == QLatin1String("native")))
        client.applicationType = applicationType.toString();
    else if (!applicationType.isUndefined() && !applicationType.isNull())
        return metadataError(QStringLiteral("invalid_client_metadata"),
                             QStringLiteral("application_type must be \"web\" or \"native\""));
    client.name = in.value(QLatin1String("client_name")).toString();
    if (client.name.size() > maxClientNameLength)
        return metadataError(
            QStringLiteral("invalid_client_metadata"),
            QStringLiteral("client_name is longer than %1 characters").arg(maxClientNameLength));
    client.id = Secrets::randomToken(16);
    if (!isPublic)
        client.secret = Secrets::randomToken(32);
    client.expiresAt = now + registeredClientLifetimeSeconds;
    m_clients.insert(client.id, client);

    // RFC 7591 §3.2.1: the metadata as registered. Built from the record, not from the request,
    // so nothing the client sent and the server ignored (a secret of its own, say) comes back.
    QJsonObject out;
    out.insert(QStringLiteral("client_id"), client.id);
    out.insert(QStringLiteral("client_id_issued_at"), now);
    if (!isPublic) {
        out.insert(QStringLiteral("client_secret"), client.secret);
        // The secret lives as long as the registration.
        out.insert(QStringLiteral("client_secret_expires_at"), client.expiresAt);
    }
    if (!client.name.isEmpty())
        out.insert(QStringLiteral("client_name"), client.name);
    if (client.scope)
        out.insert(QStringLiteral("scope"), client.scope->join(u' '));
    out.insert(QStringLiteral("redirect_uris"), QJsonArray::fromStringList(client.redirectUris));
    out.insert(QStringLiteral("grant_types"), QJsonArray::fromStringList(client.grantTypes));
    out.insert(QStringLiteral("response_types"), QJsonArray{QStringLiteral("code")});
    out.insert(QStringLiteral("token_endpoint_auth_method"), client.authMethod);
    out.insert(QStringLiteral("application_type"), client.applicationType);
    return out;
}

QString ClientRegistry::scopeOutsideRegistration(const Client &client, const QStringList &scopes) {
    if (!client.scope)
        return QString();
    for (const QString &s : scopes) {
        if (!client.scope->contains(s))
            return QStringLiteral("\"%1\" is outside the scope this client registered").arg(s);
    }
    return QString();
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
