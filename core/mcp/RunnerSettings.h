#pragma once

#include "authserver/IssuedToken.h"
#include "introspection/IntrospectionSettings.h"
#include "mcp/EndpointSettings.h"
#include "policy/Policy.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace scopebench {

// Everything EndpointRunner::start needs: where to listen, the policy, who introspects.
struct RunnerSettings {
    EndpointSettings endpoint; // address, port (0: any free), resource override, limits
    Policy policy;
    // An external RFC 7662 server; without it the built-in test authorization server runs on
    // the same listener and the endpoint introspects against it over HTTP.
    std::optional<IntrospectionSettings> introspection;
    QString testClientId = QStringLiteral("scopebench");
    QString testClientSecret;               // empty: SCOPEBENCH_TEST_CLIENT_SECRET, else generated
    std::optional<QStringList> autoApprove; // approve authorization requests without the page
    // The built-in server's access tokens; with Jwt its own endpoint verifies them locally.
    AccessTokenFormat testTokenFormat = AccessTokenFormat::Opaque;
    // The built-in server's test mode: client metadata documents from http loopback URLs too.
    bool testClientMetadataHttpLoopback = false;
    // Verify JWT access tokens locally (docs/jwt-verification.md), trusting these issuers. Unset:
    // the policy's authorizationServers with an external introspection URL, none with the
    // built-in server (its own issuer when it issues JWTs). Set without an introspection URL:
    // the built-in server does not run, and opaque tokens get 401.
    std::optional<QStringList> jwtIssuers;
    bool acceptTypJwt = false; // also accept typ "JWT" (RFC 9068 wants "at+jwt")
    int cacheMaxTtlSeconds = 60;
    int cacheNegativeTtlSeconds = 5;
    QString logFile; // append JSON Lines here; empty: none
    // Keep what each logged MCP request was decided with (EndpointRunner::decisions()), for the
    // desktop app's preview of a logged request; the command line does not.
    bool rememberDecisions = false;
};

} // namespace scopebench
