// McpOAuthClient: the client identity per issuer. Pre-registered, a Client ID Metadata
// Document, or dynamic registration (RFC 7591).

#include "client/McpOAuthClient.h"

#include "client/McpOAuthClientInternal.h"

#include <QJsonDocument>
#include <QTimer>

namespace scopebench {

using mcpclient::OfflineAccess;

std::optional<ClientCredentials> McpOAuthClient::credentialsFor(const QString &issuer) const {
    const auto it = m_credentials.constFind(issuer);
    if (it == m_credentials.constEnd())
        return std::nullopt;
    return *it;
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

} // namespace scopebench
