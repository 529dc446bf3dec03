#pragma once

#include "http/HttpResponse.h"

#include <QByteArray>
#include <QStringList>

namespace scopebench {

// Origin and Host validation and CORS for the endpoint (docs/endpoint.md): browsers may only reach
// it from allowed origins, and while it listens on loopback only loopback host names are accepted
// (DNS rebinding).
class OriginGuard {
public:
    OriginGuard(bool loopbackOnly, const QStringList &extraOrigins);

    // True for http/https on a loopback host (ListenAddress::isLoopback; any port), or an extra
    // origin.
    bool originAllowed(const QByteArray &origin) const;
    // Allows one more exact origin (e.g. the listener's own, once its port is known).
    void allowOrigin(const QString &origin);
    // True when not bound to loopback, or the Host names a loopback host
    // (ListenAddress::isLoopbackAuthority). Not thread-safe: it remembers the last few Host
    // values it allowed, since every request of a client carries the same one.
    bool hostAllowed(const QByteArray &host) const;

    // The headers that go on every response to an allowed Origin: the origin echoed, Vary, and
    // Access-Control-Expose-Headers when `exposed` is not empty. Never Allow-Credentials.
    static void addCorsHeaders(HttpResponse &response, const QByteArray &origin,
                               const QByteArray &exposed);
    // The 204 to a preflight (without the headers of addCorsHeaders): `methods` as
    // Access-Control-Allow-Methods, and those of the Access-Control-Request-Headers values
    // `requested` that are among requestHeaders(), in their canonical spelling.
    static HttpResponse preflight(const QByteArray &methods, const QList<QByteArray> &requested);
    // The request headers a browser client may send: Authorization, Content-Type,
    // Mcp-Session-Id, MCP-Protocol-Version, Last-Event-ID.
    static QList<QByteArray> requestHeaders();

private:
    bool m_loopbackOnly;
    QStringList m_extraOrigins;
    static constexpr int allowedHostsKept = 16;
    mutable QList<QByteArray> m_allowedHosts; // at most allowedHostsKept, newest last
};

} // namespace scopebench
