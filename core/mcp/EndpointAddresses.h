#pragma once

#include <QString>
#include <QStringList>
#include <QUrl>

namespace scopebench {

// Where a running endpoint can be reached, and the built-in test client's credentials.
struct EndpointAddresses {
    QUrl baseUrl;     // http://HOST:PORT
    QUrl endpointUrl; // the MCP endpoint
    QString resource; // the canonical resource URI
    QString metadataUrl;
    QString tokenEndpoint;         // empty with an external authorization server
    QString introspectionEndpoint; // the built-in server's; empty with an external one
    QString clientId;
    QString clientSecret;   // memory only; printed once by serve
    QStringList jwtIssuers; // whose JWT access tokens the endpoint verifies locally
};

} // namespace scopebench
