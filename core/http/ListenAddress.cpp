#include "http/ListenAddress.h"

namespace scopebench {

std::optional<QHostAddress> ListenAddress::parse(const QString &host) {
    const QString trimmed = host.trimmed();
    if (trimmed.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return QHostAddress(QHostAddress::LocalHost);
    QHostAddress address;
    if (!address.setAddress(trimmed))
        return std::nullopt;
    return address;
}

std::optional<ListenAddress::HostPort> ListenAddress::parseHostPort(const QString &text) {
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return std::nullopt;
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    else if (host.contains(u':'))
        return std::nullopt; // an IPv6 address needs its brackets to be told from the port
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    const std::optional<QHostAddress> address = parse(host);
    if (!ok || port > 65535 || !address)
        return std::nullopt;
    return HostPort{*address, quint16(port)};
}

bool ListenAddress::isLoopback(const QString &host) {
    const std::optional<QHostAddress> address = parse(host);
    return address && address->isLoopback();
}

bool ListenAddress::isLoopbackAuthority(const QString &authority) {
    QString name = authority.trimmed();
    if (name.startsWith(u'[')) {
        const qsizetype close = name.indexOf(u']');
        if (close < 0)
            return false;
        const QString rest = name.mid(close + 1);
        if (!rest.isEmpty() && !rest.startsWith(u':'))
            return false;
        const QString inside = name.mid(1, close - 1);
        // Only an IPv6 literal belongs in brackets.
        return inside.contains(u':') && isLoopback(inside);
    }
    const qsizetype colon = name.indexOf(u':');
    if (colon >= 0) {
        if (name.indexOf(u':', colon + 1) >= 0)
            return false; // a bare IPv6 address: not a Host header value
        name.truncate(colon);
    }
    return !name.isEmpty() && isLoopback(name);
}

} // namespace scopebench
