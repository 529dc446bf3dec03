#pragma once

// The revoked-token window (docs/introspection-and-test-authorization-server.md) as the core and
// the GUI tests provoke it on a running endpoint with the built-in test authorization server.

#include "McpRequests.h"
#include "mcp/EndpointRunner.h"

#include <QUrl>

namespace scopebench::fixtures {

// The statuses along the way (-1: no answer), or why the token could not be minted.
struct Revocation {
    QString error;
    int beforeRevocation = -1;
    int revocation = -1;
    int afterRevocation = -1;
};

// Mints an entries:read token, initializes with it, revokes it at /oauth/revoke with the test
// client's credentials, and initializes with it again.
inline Revocation revokeAfterFirstUse(EndpointRunner &runner) {
    Revocation r;
    const Result<MintedToken> token = runner.mintToken({QStringLiteral("entries:read")}, 600);
    if (!token.ok()) {
        r.error = token.error().toString();
        return r;
    }
    const QByteArray bearer = "Bearer " + token->accessToken.toLatin1();
    const QByteArray json = QByteArrayLiteral("application/json");
    r.beforeRevocation = postRaw(runner.endpointUrl(), bearer, json, initializeBody());
    const QByteArray client =
        "Basic " +
        (runner.testClientId() + QLatin1Char(':') + runner.testClientSecret()).toUtf8().toBase64();
    r.revocation = postRaw(QUrl(runner.baseUrl().toString() + QStringLiteral("/oauth/revoke")),
                           client, QByteArrayLiteral("application/x-www-form-urlencoded"),
                           "token=" + QUrl::toPercentEncoding(token->accessToken));
    r.afterRevocation = postRaw(runner.endpointUrl(), bearer, json, initializeBody());
    return r;
}

} // namespace scopebench::fixtures
