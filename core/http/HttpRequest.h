#pragma once

#include "http/HttpResponse.h"

#include <QByteArray>
#include <QUrl>

namespace scopebench {

// An HTTP request as the framing layer (transport/RequestFramer) accepted it: the request line's
// method and target as sent, the end-to-end header fields in order (the hop-by-hop ones —
// Connection, Keep-Alive, Upgrade, Expect, Transfer-Encoding — are the framing layer's and not
// here), and the whole body, de-chunked. Every door (the MCP endpoint, the authorization
// server's routes) reads requests in this one shape.
struct HttpRequest {
    QByteArray method; // a token, case-sensitive (RFC 9110 §9.1): "POST", not "post"
    QByteArray target; // origin-form "/mcp?x=1" or absolute-form "http://host/mcp"
    HttpHeaders headers;
    QByteArray body;

    // The target's path, still percent-encoded ("/" when an absolute-form target has none), and
    // its query without the "?".
    QByteArrayView path() const;
    QByteArrayView query() const;
    // The target as a relative URL (path and query), for handlers that read query items.
    QUrl url() const;
    // The first value of a field, by case-insensitive name; empty when absent.
    QByteArray value(QByteArrayView name) const;
    bool hasMediaType(QByteArrayView type) const; // Content-Type, parameters ignored

    // The request as HTTP/1.1 on the wire, with a Content-Length when it has a body: what frames
    // again to this same request.
    QByteArray toWire() const;
};

} // namespace scopebench
