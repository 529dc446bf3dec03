#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace scopebench {

// Reads a JWT's header and claims for display. Nothing is verified: no signature, no issuer.
class JwtDecoder {
public:
    struct Parts {
        QJsonObject header;
        QJsonObject claims;
    };
    // Empty when the token is not three base64url parts whose first two are JSON objects.
    static std::optional<Parts> decode(const QString &token);
};

} // namespace scopebench
