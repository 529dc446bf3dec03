#include "client/OAuthMetadata.h"

#include "policy/ScopeGrammar.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace scopebench {

namespace {

const QString OfflineAccess = QStringLiteral("offline_access");

Result<QJsonObject> parseObject(const QByteArray &json, const QString &where) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return Error{QStringLiteral("not a JSON object"), where, QStringLiteral("bad-metadata")};
    return doc.object();
}

// Absent -> nullopt; present but not an array of strings -> an error.
Result<std::optional<QStringList>> stringList(const QJsonObject &o, const char *name,
                                              const QString &where) {
    const QJsonValue v = o.value(QLatin1String(name));
    if (v.isUndefined() || v.isNull())
        return std::optional<QStringList>();
    if (!v.isArray())
        return Error{QStringLiteral("%1 is not an array").arg(QLatin1String(name)), where,
                     QStringLiteral("bad-metadata")};
    QStringList out;
    for (const QJsonValue &e : v.toArray()) {
        if (!e.isString())
            return Error{
                QStringLiteral("%1 has a member that is not a string").arg(QLatin1String(name)),
                where, QStringLiteral("bad-metadata")};
        out.append(e.toString());
    }
    return std::optional<QStringList>(out);
}

QString pathOf(const QUrl &url) {
    QString path = url.path(QUrl::FullyEncoded);
    while (path.endsWith(u'/'))
        path.chop(1);
    return path;
}

} // namespace

Result<ResourceMetadata> ResourceMetadata::parse(const QByteArray &json, const QString &sourceUrl) {
    const Result<QJsonObject> o = parseObject(json, sourceUrl);
    if (!o)
        return o.error();
    ResourceMetadata m;
    m.sourceUrl = sourceUrl;
    const QJsonValue resource = o->value(QLatin1String("resource"));
    if (!resource.isString() || resource.toString().isEmpty())
        return Error{QStringLiteral("resource is missing (RFC 9728 §2: REQUIRED)"), sourceUrl,
                     QStringLiteral("bad-metadata")};
    m.resource = resource.toString();
    const auto servers = stringList(*o, "authorization_servers", sourceUrl);
    if (!servers)
        return servers.error();
    m.authorizationServers = servers->value_or(QStringList());
    const auto scopes = stringList(*o, "scopes_supported", sourceUrl);
    if (!scopes)
        return scopes.error();
    m.scopesSupported = *scopes;
    return m;
}

Result<AuthServerMetadata> AuthServerMetadata::parse(const QByteArray &json,
                                                     const QString &sourceUrl) {
    const Result<QJsonObject> o = parseObject(json, sourceUrl);
    if (!o)
        return o.error();
    AuthServerMetadata m;
    m.sourceUrl = sourceUrl;
    m.issuer = o->value(QLatin1String("issuer")).toString();
    m.authorizationEndpoint = o->value(QLatin1String("authorization_endpoint")).toString();
    m.tokenEndpoint = o->value(QLatin1String("token_endpoint")).toString();
    m.registrationEndpoint = o->value(QLatin1String("registration_endpoint")).toString();
    if (m.issuer.isEmpty())
        return Error{QStringLiteral("issuer is missing (RFC 8414 §2: REQUIRED)"), sourceUrl,
                     QStringLiteral("bad-metadata")};
    struct ListField {
        const char *name;
        std::optional<QStringList> *target;
    };
    std::optional<QStringList> grants;
    for (const ListField &f :
         {ListField{"scopes_supported", &m.scopesSupported},
          ListField{"code_challenge_methods_supported", &m.codeChallengeMethods},
          ListField{"token_endpoint_auth_methods_supported", &m.tokenEndpointAuthMethods},
          ListField{"grant_types_supported", &grants}}) {
        const auto list = stringList(*o, f.name, sourceUrl);
        if (!list)
            return list.error();
        *f.target = *list;
    }
    m.grantTypes = grants.value_or(
        QStringList{QStringLiteral("authorization_code"), QStringLiteral("implicit")});
    m.clientIdMetadataDocumentSupported =
        o->value(QLatin1String("client_id_metadata_document_supported")).toBool();
    m.issParameterSupported =
        o->value(QLatin1String("authorization_response_iss_parameter_supported")).toBool();
    return m;
}

AuthServerMetadata AuthServerMetadata::fallbackFor(const QString &issuer) {
    AuthServerMetadata m;
    const QString origin = OAuthDiscovery::originOf(issuer);
    m.issuer = issuer;
    m.authorizationEndpoint = origin + QStringLiteral("/authorize");
    m.tokenEndpoint = origin + QStringLiteral("/token");
    m.registrationEndpoint = origin + QStringLiteral("/register");
    m.fallback = true;
    // Nothing advertised; the 2025-03-26 servers this serves required PKCE S256 anyway.
    m.codeChallengeMethods = QStringList{QStringLiteral("S256")};
    m.grantTypes = {QStringLiteral("authorization_code"), QStringLiteral("refresh_token")};
    return m;
}

QStringList AuthServerMetadata::authMethodsOrDefault() const {
    return tokenEndpointAuthMethods.value_or(QStringList{QStringLiteral("client_secret_basic")});
}

QString OAuthDiscovery::originOf(const QString &url) {
    const QUrl u(url);
    QString origin = u.scheme().toLower() + QStringLiteral("://") + u.host(QUrl::FullyEncoded);
    if (u.host().contains(u':'))
        origin = u.scheme().toLower() + QStringLiteral("://[") + u.host(QUrl::FullyEncoded) +
                 QLatin1Char(']');
    if (u.port() >= 0)
        origin += QLatin1Char(':') + QString::number(u.port());
    return origin;
}

QStringList OAuthDiscovery::resourceMetadataUrls(const QString &serverUrl) {
    const QUrl u(serverUrl);
    const QString origin = originOf(serverUrl);
    const QString wellKnown = QStringLiteral("/.well-known/oauth-protected-resource");
    QStringList out;
    const QString path = pathOf(u);
    if (!path.isEmpty())
        out.append(origin + wellKnown + path);
    out.append(origin + wellKnown);
    return out;
}

QStringList OAuthDiscovery::authServerMetadataUrls(const QString &issuer) {
    const QUrl u(issuer);
    const QString origin = originOf(issuer);
    const QString path = pathOf(u);
    const QString oauth = QStringLiteral("/.well-known/oauth-authorization-server");
    const QString openid = QStringLiteral("/.well-known/openid-configuration");
    if (path.isEmpty())
        return {origin + oauth, origin + openid};
    return {origin + oauth + path, origin + openid + path, origin + path + openid};
}

QStringList OAuthDiscovery::applyOfflineRule(QStringList scopes,
                                             const std::optional<QStringList> &issuerScopes,
                                             bool wantOffline) {
    const bool listed = issuerScopes && issuerScopes->contains(OfflineAccess);
    if (!listed)
        scopes.removeAll(OfflineAccess);
    else if (wantOffline && !scopes.contains(OfflineAccess))
        scopes.append(OfflineAccess);
    return scopes;
}

QStringList OAuthDiscovery::selectScopes(const std::optional<QStringList> &override,
                                         const QString &challengeScope,
                                         const std::optional<QStringList> &resourceScopes,
                                         const std::optional<QStringList> &issuerScopes,
                                         bool wantOffline) {
    if (override)
        return *override;
    QStringList scopes;
    if (!challengeScope.trimmed().isEmpty())
        scopes = ScopeGrammar::split(challengeScope);
    else if (resourceScopes)
        scopes = *resourceScopes;
    scopes.removeDuplicates();
    return applyOfflineRule(scopes, issuerScopes, wantOffline);
}

QStringList OAuthDiscovery::unionScopes(const QStringList &asked, const QStringList &challenged) {
    QStringList out = asked;
    for (const QString &s : challenged) {
        if (!out.contains(s))
            out.append(s);
    }
    return out;
}

} // namespace scopebench
