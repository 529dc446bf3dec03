// What the test authorization server accepts as a Client ID Metadata Document
// (draft-ietf-oauth-client-id-metadata-document, §3 "Client Identifier" and §4 "Client
// Information Discovery"; the MCP specification 2025-11-25, "Client ID Metadata Documents").

#include "authserver/ClientMetadataDocument.h"

#include "http/ListenAddress.h"
#include "policy/ScopeGrammar.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace scopebench::ClientMetadataDocument {

namespace {

// The page names the OAuth error code; the id names the reason.
Error invalidRequest(const char *reason, const QString &message) {
    return Error{message, QStringLiteral("invalid_request"), QLatin1String(reason)};
}

Error invalidClient(const char *reason, const QString &message) {
    return Error{message, QStringLiteral("invalid_client"), QLatin1String(reason)};
}

} // namespace

bool isUrlClientId(const QString &clientId) {
    return clientId.startsWith(QLatin1String("https://"), Qt::CaseInsensitive) ||
           clientId.startsWith(QLatin1String("http://"), Qt::CaseInsensitive);
}

Status urlProblem(const QString &text, bool httpLoopbackTestMode) {
    if (text.size() > ClientRegistry::maxRedirectUriLength)
        return invalidRequest("client-id-url-invalid",
                              QStringLiteral("The client_id URL is longer than %1 characters.")
                                  .arg(ClientRegistry::maxRedirectUriLength));
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return invalidRequest("client-id-url-invalid",
                              QStringLiteral("The client_id is not a valid absolute URL."));
    if (url.hasFragment())
        return invalidRequest("client-id-url-fragment",
                              QStringLiteral("A client_id URL must not have a fragment."));
    if (!url.userInfo().isEmpty())
        return invalidRequest("client-id-url-credentials",
                              QStringLiteral("A client_id URL must not contain a user name or "
                                             "password."));
    const QString path = url.path(QUrl::FullyEncoded);
    if (path.isEmpty() || path == QLatin1String("/"))
        return invalidRequest("client-id-url-no-path",
                              QStringLiteral("A client_id URL must have a path."));
    const QStringList segments = path.split(u'/');
    for (const QString &segment : segments) {
        if (segment == QLatin1String(".") || segment == QLatin1String("..") ||
            segment.compare(QLatin1String("%2e"), Qt::CaseInsensitive) == 0 ||
            segment.compare(QLatin1String("%2e%2e"), Qt::CaseInsensitive) == 0)
            return invalidRequest("client-id-url-dot-segment",
                                  QStringLiteral("A client_id URL must not contain \".\" or "
                                                 "\"..\" path segments."));
    }
    const bool loopback = ListenAddress::isLoopback(url.host());
    const QString scheme = url.scheme().toLower();
    if (loopback && httpLoopbackTestMode &&
        (scheme == QLatin1String("http") || scheme == QLatin1String("https")))
        return Status::success();
    if (scheme != QLatin1String("https"))
        return invalidRequest("client-id-url-not-https",
                              httpLoopbackTestMode
                                  ? QStringLiteral("A client_id URL must be https (http only on "
                                                   "a loopback host in the test mode).")
                                  : QStringLiteral("A client_id URL must be https; http on a "
                                                   "loopback host needs the server's test "
                                                   "mode."));
    // The draft's SSRF advice: this server does not fetch from its own machine unless told to.
    if (loopback)
        return invalidRequest("client-id-url-loopback",
                              QStringLiteral("A client_id URL on a loopback host is fetched only "
                                             "in the server's test mode."));
    return Status::success();
}

bool isJsonContentType(const QByteArray &contentType) {
    const QByteArray type = contentType.split(';').constFirst().trimmed().toLower();
    return type == "application/json" ||
           (type.startsWith("application/") && type.endsWith("+json"));
}

QString hostOf(const QString &url) {
    const QUrl u(url);
    return u.port() >= 0 ? u.host() + u':' + QString::number(u.port()) : u.host();
}

Result<ClientRegistry::Client> parse(const QByteArray &body, const QString &url) {
    if (body.size() > maxDocumentBytes)
        return invalidClient("document-too-large",
                             QStringLiteral("The client metadata document is larger than %1 "
                                            "bytes.")
                                 .arg(maxDocumentBytes));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return invalidClient("document-not-json",
                             QStringLiteral("The client metadata document is not a JSON "
                                            "object."));
    const QJsonObject in = doc.object();
    // §4.1: simple string comparison (RFC 3986 §6.2.1), so no normalization of either side.
    if (in.value(QLatin1String("client_id")).toString() != url)
        return invalidClient("client-id-mismatch",
                             QStringLiteral("The document's client_id is not exactly the URL it "
                                            "was fetched from."));
    // A document is public; a secret in it is a secret published (§4.1).
    if (in.contains(QLatin1String("client_secret")) ||
        in.contains(QLatin1String("client_secret_expires_at")))
        return invalidClient("document-has-secret",
                             QStringLiteral("A client metadata document must not contain "
                                            "client_secret or client_secret_expires_at."));
    const QJsonValue method = in.value(QLatin1String("token_endpoint_auth_method"));
    // RFC 7591's default (client_secret_basic) cannot apply: no secret can be shared with a
    // client that was never registered, so an absent method means a public client.
    const QString authMethod = method.isString() ? method.toString() : QStringLiteral("none");
    if (authMethod.startsWith(QLatin1String("client_secret")))
        return invalidClient("shared-secret-auth-method",
                             QStringLiteral("token_endpoint_auth_method \"%1\" rests on a shared "
                                            "secret, which a metadata document cannot have.")
                                 .arg(authMethod));
    if (authMethod != QLatin1String("none"))
        return invalidClient("auth-method-unsupported",
                             QStringLiteral("token_endpoint_auth_method \"%1\" is not supported "
                                            "by this test server; use \"none\" (a public client "
                                            "with PKCE).")
                                 .arg(authMethod));

    ClientRegistry::Client client;
    client.id = url;
    client.authMethod = authMethod;
    if (!ClientRegistry::stringListField(in, "redirect_uris", &client.redirectUris) ||
        client.redirectUris.isEmpty())
        return invalidClient("document-redirect-uris",
                             QStringLiteral("The document needs redirect_uris, an array of "
                                            "strings."));
    if (client.redirectUris.size() > ClientRegistry::maxRedirectUris)
        return invalidClient("document-redirect-uris",
                             QStringLiteral("The document lists more than %1 redirect URIs.")
                                 .arg(ClientRegistry::maxRedirectUris));
    for (const QString &uri : std::as_const(client.redirectUris)) {
        const QString problem = ClientRegistry::redirectUriProblem(uri);
        if (!problem.isEmpty())
            return invalidClient("document-redirect-uris",
                                 QStringLiteral("The document's redirect URI: ") + problem);
    }
    if (!ClientRegistry::stringListField(in, "grant_types", &client.grantTypes))
        return invalidClient("document-invalid",
                             QStringLiteral("grant_types must be an array of strings."));
    if (client.grantTypes.isEmpty())
        client.grantTypes = {QStringLiteral("authorization_code")};
    if (!client.grantTypes.contains(QStringLiteral("authorization_code")))
        return invalidClient("document-invalid", QStringLiteral("The document's grant_types lack "
                                                                "authorization_code."));
    // A public client: client_credentials would be a grant without any authentication.
    client.grantTypes.removeIf([](const QString &g) {
        return g != QLatin1String("authorization_code") && g != QLatin1String("refresh_token");
    });
    QStringList responseTypes;
    if (!ClientRegistry::stringListField(in, "response_types", &responseTypes) ||
        (!responseTypes.isEmpty() && !responseTypes.contains(QStringLiteral("code"))))
        return invalidClient("document-invalid",
                             QStringLiteral("The document's response_types lack \"code\"."));
    const QJsonValue scope = in.value(QLatin1String("scope"));
    if (scope.isString())
        client.scope = ScopeGrammar::split(scope.toString());
    else if (!scope.isUndefined() && !scope.isNull())
        return invalidClient("document-invalid", QStringLiteral("scope must be a string."));
    const QString applicationType = in.value(QLatin1String("application_type")).toString();
    if (applicationType == QLatin1String("native") || applicationType == QLatin1String("web"))
        client.applicationType = applicationType;
    client.name = in.value(QLatin1String("client_name")).toString().trimmed();
    if (client.name.size() > ClientRegistry::maxClientNameLength)
        client.name.truncate(ClientRegistry::maxClientNameLength);
    if (client.name.isEmpty())
        client.name = hostOf(url);
    return client;
}

} // namespace scopebench::ClientMetadataDocument
