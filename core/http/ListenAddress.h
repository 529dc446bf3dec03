#pragma once

#include <QHostAddress>
#include <QString>

#include <optional>

namespace scopebench {

// Where a listener may listen, and the one rule for what counts as loopback. The Origin/Host
// guard, the test authorization server's redirect URIs, `serve` and the desktop app's listen
// address all ask here, so they cannot disagree.
class ListenAddress {
public:
    // The port `serve` and the desktop app listen on unless told otherwise.
    static constexpr quint16 DefaultPort = 8787;
    static QString defaultHost() { return QStringLiteral("127.0.0.1"); }

    // "localhost" (any case) or an IP address, blanks around it ignored; nothing else (no host
    // names to resolve).
    static std::optional<QHostAddress> parse(const QString &host);
    // "HOST:PORT" with HOST as for parse() or a bracketed IPv6 address ("[::1]:8787").
    struct HostPort {
        QHostAddress address;
        quint16 port = 0;
    };
    static std::optional<HostPort> parseHostPort(const QString &text);

    // The loopback rule: "localhost" in any case, an address in 127.0.0.0/8, or ::1. Anything
    // else, the wildcard and anything unparsable included, may be reachable from the network.
    // `host` is a bare host (no brackets, no port), as QUrl::host() gives it.
    static bool isLoopback(const QString &host);
    // The same for an authority as a Host header carries it: "name[:port]" or "[v6][:port]".
    // A bare IPv6 address without brackets is not an authority and is refused.
    static bool isLoopbackAuthority(const QString &authority);
};

} // namespace scopebench
