#include "ListenAddress.h"

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

bool ListenAddress::isLoopback(const QString &host) {
    const std::optional<QHostAddress> address = parse(host);
    return address && address->isLoopback();
}

QString ListenAddress::defaultHost() {
    return QStringLiteral("127.0.0.1");
}

} // namespace scopebench
