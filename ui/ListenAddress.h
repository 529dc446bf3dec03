#pragma once

#include <QHostAddress>
#include <QString>

#include <optional>

namespace scopebench {

// Where the embedded endpoint may listen, and whether other machines can reach it there.
class ListenAddress {
public:
    // "localhost" or an IP address; nothing else (no host names to resolve).
    static std::optional<QHostAddress> parse(const QString &host);
    // True only for localhost and the loopback addresses (127.0.0.0/8, ::1): anything else,
    // including the wildcard and anything unparsable, may be reachable from the network.
    static bool isLoopback(const QString &host);
    static QString defaultHost();
};

} // namespace scopebench
