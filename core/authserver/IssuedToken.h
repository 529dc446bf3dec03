#pragma once

#include <QString>
#include <QStringList>

namespace scopebench {

// What the built-in test authorization server's access tokens are: random strings only it can
// look up (introspection), or JWT access tokens (RFC 9068) any verifier can check with its
// published keys (docs/jwt-verification.md).
enum class AccessTokenFormat { Opaque, Jwt };

// An access token the built-in test authorization server minted for the operator (the GUI's
// "Mint token", tests). The one type for it: the endpoint's host and runner pass it on as is.
struct MintedToken {
    QString accessToken; // show it once, never log it
    QStringList scopes;
    qint64 expiresAt = 0; // seconds since the epoch
    QString audience;
    QString subject;
};

} // namespace scopebench
