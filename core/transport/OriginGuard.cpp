#include "transport/OriginGuard.h"

#include "http/ListenAddress.h"

#include <QUrl>

namespace scopebench {

OriginGuard::OriginGuard(bool loopbackOnly, const QStringList &extraOrigins)
    : m_loopbackOnly(loopbackOnly)
    , m_extraOrigins(extraOrigins) {}

bool OriginGuard::originAllowed(const QByteArray &origin) const {
    const QString text = QString::fromLatin1(origin);
    if (m_extraOrigins.contains(text))
        return true;
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || !url.path().isEmpty() || url.hasQuery() || url.hasFragment() ||
        !url.userInfo().isEmpty())
        return false;
    const QString scheme = url.scheme();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return false;
    return ListenAddress::isLoopback(url.host());
}

void OriginGuard::allowOrigin(const QString &origin) {
    if (!m_extraOrigins.contains(origin))
        m_extraOrigins.append(origin);
}

bool OriginGuard::hostAllowed(const QByteArray &host) const {
    if (!m_loopbackOnly || m_allowedHosts.contains(host))
        return true;
    if (!ListenAddress::isLoopbackAuthority(QString::fromLatin1(host)))
        return false;
    if (m_allowedHosts.size() >= allowedHostsKept)
        m_allowedHosts.removeFirst();
    m_allowedHosts.append(host);
    return true;
}

void OriginGuard::addCorsHeaders(HttpResponse &response, const QByteArray &origin,
                                 const QByteArray &exposed) {
    response.headers.append({QByteArrayLiteral("Access-Control-Allow-Origin"), origin});
    if (!exposed.isEmpty())
        response.headers.append({QByteArrayLiteral("Access-Control-Expose-Headers"), exposed});
    if (!response.header(QByteArrayLiteral("Vary")).contains("Origin"))
        response.headers.append({QByteArrayLiteral("Vary"), QByteArrayLiteral("Origin")});
}

QList<QByteArray> OriginGuard::requestHeaders() {
    return {QByteArrayLiteral("Authorization"), QByteArrayLiteral("Content-Type"),
            QByteArrayLiteral("Mcp-Session-Id"), QByteArrayLiteral("MCP-Protocol-Version"),
            QByteArrayLiteral("Last-Event-ID"),
            // MCP 2026-07-28's standard request headers, which a browser client must send.
            QByteArrayLiteral("Mcp-Method"), QByteArrayLiteral("Mcp-Name")};
}

HttpResponse OriginGuard::preflight(const QByteArray &methods, const QList<QByteArray> &requested) {
    HttpResponse r;
    r.status = 204;
    r.headers.append({QByteArrayLiteral("Access-Control-Allow-Methods"), methods});
    const QList<QByteArray> known = requestHeaders();
    QList<QByteArray> granted;
    for (const QByteArray &field : requested) {
        for (const QByteArray &name : field.split(',')) {
            const QByteArray wanted = name.trimmed();
            for (const QByteArray &candidate : known) {
                if (wanted.compare(candidate, Qt::CaseInsensitive) == 0 &&
                    !granted.contains(candidate))
                    granted.append(candidate);
            }
        }
    }
    // A header asked for but not granted is simply left out: the browser then refuses the
    // request itself.
    if (!granted.isEmpty())
        r.headers.append({QByteArrayLiteral("Access-Control-Allow-Headers"), granted.join(", ")});
    r.headers.append({QByteArrayLiteral("Access-Control-Max-Age"), QByteArrayLiteral("600")});
    return r;
}

} // namespace scopebench
