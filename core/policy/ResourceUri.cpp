#include "policy/ResourceUri.h"

#include <QUrl>

namespace scopebench {

namespace {
const QString WellKnown = QStringLiteral("/.well-known/oauth-protected-resource");

QString authorityOf(const QUrl &url) {
    QString authority = url.scheme().toLower() + QStringLiteral("://");
    QString host = url.host(QUrl::FullyEncoded).toLower();
    if (host.contains(u':'))
        host = QLatin1Char('[') + host + QLatin1Char(']');
    authority += host;
    const int port = url.port();
    const bool defaultPort =
        (url.scheme().compare(QLatin1String("http"), Qt::CaseInsensitive) == 0 && port == 80) ||
        (url.scheme().compare(QLatin1String("https"), Qt::CaseInsensitive) == 0 && port == 443);
    if (port >= 0 && !defaultPort)
        authority += QLatin1Char(':') + QString::number(port);
    return authority;
}
} // namespace

QString ResourceUri::problem(const QString &uri) {
    if (uri.isEmpty())
        return QStringLiteral("the resource URI is empty");
    const QUrl url(uri, QUrl::StrictMode);
    if (!url.isValid())
        return QStringLiteral("not a valid URI: %1").arg(url.errorString());
    if (url.isRelative())
        return QStringLiteral("not an absolute URI");
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return QStringLiteral("the scheme must be http or https, not %1").arg(url.scheme());
    if (url.host().isEmpty())
        return QStringLiteral("the URI has no host");
    if (url.hasFragment() || uri.contains(u'#'))
        return QStringLiteral("a resource URI must not have a fragment (RFC 8707 §2)");
    return QString();
}

QString ResourceUri::canonical(const QString &uri) {
    const QUrl url(uri);
    if (!url.isValid() || url.isRelative())
        return uri;
    QString path = url.path(QUrl::FullyEncoded);
    while (path.endsWith(u'/'))
        path.chop(1);
    QString out = authorityOf(url) + path;
    if (url.hasQuery())
        out += QLatin1Char('?') + url.query(QUrl::FullyEncoded);
    return out;
}

QString ResourceUri::metadataUrl(const QString &uri) {
    if (!problem(uri).isEmpty())
        return QString();
    const QUrl url(uri);
    QString path = url.path(QUrl::FullyEncoded);
    if (path == QLatin1String("/"))
        path.clear();
    QString out = authorityOf(url) + WellKnown + path;
    if (url.hasQuery())
        out += QLatin1Char('?') + url.query(QUrl::FullyEncoded);
    return out;
}

QString ResourceUri::rootMetadataUrl(const QString &uri) {
    if (!problem(uri).isEmpty())
        return QString();
    return authorityOf(QUrl(uri)) + WellKnown;
}

} // namespace scopebench
