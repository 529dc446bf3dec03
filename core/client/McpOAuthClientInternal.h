#pragma once

// What the files of McpOAuthClient share and nobody else needs: the client is split by concern
// (McpOAuthClient.cpp, …Session, …Discovery, …Identity, …Grants), and its request loop and
// several checks are spread over those files.

#include "client/McpOAuthClient.h"

#include <QJsonObject>
#include <QString>

namespace scopebench {

// One MCP request on its way through the authorization loop: sent, refused, refreshed or
// re-authorized, and sent again.
struct McpOAuthClient::Call {
    QString method;
    QJsonObject params;
    bool notification = false;
    bool refreshed = false;
    Callback<Result<McpResponse>> done;
};

namespace mcpclient {

// Asked for by the client, never expected in what a protected resource advertises.
inline const QString OfflineAccess = QStringLiteral("offline_access");

} // namespace mcpclient

} // namespace scopebench
