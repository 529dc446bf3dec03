#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <optional>

namespace scopebench {

// RFC 9728 protected resource metadata, as far as the client uses it.
struct ResourceMetadata {
    QString resource;
    QStringList authorizationServers;
    std::optional<QStringList> scopesSupported; // absent and empty differ (scope selection)
    QString sourceUrl;

    static Result<ResourceMetadata> parse(const QByteArray &json, const QString &sourceUrl);
};

// RFC 8414 / OpenID Connect Discovery metadata, as far as the client uses it.
struct AuthServerMetadata {
    QString issuer;
    QString authorizationEndpoint;
    QString tokenEndpoint;
    QString registrationEndpoint;
    std::optional<QStringList> scopesSupported;
    std::optional<QStringList> codeChallengeMethods;
    std::optional<QStringList> tokenEndpointAuthMethods;
    QStringList grantTypes;
    bool clientIdMetadataDocumentSupported = false;
    bool issParameterSupported = false; // RFC 9207 authorization_response_iss_parameter_supported
    QString sourceUrl;                  // empty: the 2025-03-26 default endpoints
    bool fallback = false;

    static Result<AuthServerMetadata> parse(const QByteArray &json, const QString &sourceUrl);
    // 2025-03-26: no metadata, so /authorize, /token and /register at the issuer's origin.
    static AuthServerMetadata fallbackFor(const QString &issuer);
    // RFC 8414 §2: absent means client_secret_basic.
    QStringList authMethodsOrDefault() const;
};

// The discovery order, as pure functions so a test can check it without a network.
class OAuthDiscovery {
public:
    // RFC 9728 §3.1 path-inserted, then the root form (one entry when they are the same).
    static QStringList resourceMetadataUrls(const QString &serverUrl);
    // For an issuer with a path: oauth-authorization-server path-inserted, OpenID Connect
    // path-inserted, OpenID Connect path-appended. Without: oauth-authorization-server, then
    // openid-configuration.
    static QStringList authServerMetadataUrls(const QString &issuer);
    // scheme://host[:port] of a URL (2025-03-26: the authorization base URL).
    static QString originOf(const QString &url);

    // The spec's scope selection: the challenge's scope, else the resource metadata's
    // scopes_supported, else none; offline_access only when the issuer lists it (added then
    // when `wantOffline`). An override is taken exactly as given.
    static QStringList selectScopes(const std::optional<QStringList> &override,
                                    const QString &challengeScope,
                                    const std::optional<QStringList> &resourceScopes,
                                    const std::optional<QStringList> &issuerScopes,
                                    bool wantOffline);
    // SEP-2350 step-up: what was asked, then what the challenge adds, in that order.
    static QStringList unionScopes(const QStringList &asked, const QStringList &challenged);
    // offline_access kept or added only when the issuer lists it.
    static QStringList applyOfflineRule(QStringList scopes,
                                        const std::optional<QStringList> &issuerScopes,
                                        bool wantOffline);
};

} // namespace scopebench
