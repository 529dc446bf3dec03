// RFC 8414 metadata and RFC 7591 dynamic client registration.

#include "authserver/OAuthResponses.h"
#include "authserver/ServerState.h"
#include "http/HttpVocabulary.h"

#include "http/HttpRequest.h"
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace scopebench::RegistrationEndpoint {

HttpResponse metadata(AuthServerState &state, const HttpRequest &) {
    const QJsonArray clientAuth{QStringLiteral("client_secret_basic"),
                                QStringLiteral("client_secret_post"), QStringLiteral("none")};
    const QJsonArray confidentialAuth{QStringLiteral("client_secret_basic"),
                                      QStringLiteral("client_secret_post")};
    QJsonObject o{
        {QStringLiteral("issuer"), state.settings.issuer},
        {QStringLiteral("authorization_endpoint"), state.endpoint("/oauth/authorize")},
        {QStringLiteral("token_endpoint"), state.endpoint("/oauth/token")},
        {QStringLiteral("registration_endpoint"), state.endpoint("/oauth/register")},
        {QStringLiteral("introspection_endpoint"), state.endpoint("/oauth/introspect")},
        {QStringLiteral("revocation_endpoint"), state.endpoint("/oauth/revoke")},
        {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")}},
        {QStringLiteral("response_modes_supported"), QJsonArray{QStringLiteral("query")}},
        {QStringLiteral("grant_types_supported"),
         QJsonArray{QStringLiteral("authorization_code"), QStringLiteral("client_credentials"),
                    QStringLiteral("refresh_token")}},
        {QStringLiteral("code_challenge_methods_supported"), QJsonArray{QStringLiteral("S256")}},
        {QStringLiteral("token_endpoint_auth_methods_supported"), clientAuth},
        {QStringLiteral("introspection_endpoint_auth_methods_supported"), confidentialAuth},
        {QStringLiteral("revocation_endpoint_auth_methods_supported"), clientAuth},
        {QStringLiteral("scopes_supported"), QJsonArray::fromStringList(state.settings.catalog)},
        // RFC 9207 §3: authorization responses carry `iss`.
        {QStringLiteral("authorization_response_iss_parameter_supported"), true},
    };
    // The MCP specification 2025-11-25, "Client ID Metadata Documents": a client_id may be an
    // https URL whose document this server fetches.
    o.insert(QStringLiteral("client_id_metadata_document_supported"), true);
    // Not a standard field: says that http loopback URLs are fetched too (the test mode), so
    // no one mistakes this server's behaviour for what a real one should do.
    if (state.settings.clientMetadataHttpLoopback)
        o.insert(QStringLiteral("scopebench_test_mode_http_client_metadata"), true);
    if (!state.accessTokenKey.isNull())
        o.insert(QStringLiteral("jwks_uri"), state.endpoint("/oauth/jwks"));
    // Public and changing with the policy's catalog: revalidate, but storing it is fine.
    HttpResponse r = HttpResponse::json(200, o);
    r.setHeader(HeaderName::CacheControl, QByteArrayLiteral("no-cache"));
    return r;
}

HttpResponse registerClient(AuthServerState &state, const HttpRequest &request) {
    if (!request.hasMediaType(ContentType::Json))
        return OAuthResponses::error(400, QStringLiteral("invalid_client_metadata"),
                                     QStringLiteral("the body must be ") +
                                         QLatin1String(ContentType::Json));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return OAuthResponses::error(400, QStringLiteral("invalid_client_metadata"),
                                     QStringLiteral("the body is not a JSON object"));
    const Result<QJsonObject> registered = state.clients.registerClient(
        doc.object(), request.body.size(), state.settings.catalog, state.now());
    if (!registered)
        return OAuthResponses::error(400, registered.error().id, registered.error().message);
    return OAuthResponses::json(*registered, 201);
}

} // namespace scopebench::RegistrationEndpoint
