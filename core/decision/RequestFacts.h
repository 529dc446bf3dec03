#pragma once

#include "http/HttpResponse.h"

#include <QByteArray>
#include <QString>

namespace scopebench {

// What the decision is told of one HTTP request.
struct RequestFacts {
    QByteArray method = "POST";
    QByteArray path = "/mcp";
    QByteArray query; // the raw query string, without '?'
    HttpHeaders headers;
    QString rpcMethod; // the JSON-RPC method, when known
    QString toolName;  // for tools/call: the tool; step 10 runs only when set
};

} // namespace scopebench
