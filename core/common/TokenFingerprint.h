#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QString>

namespace scopebench {

// How a token is shown anywhere outside the token field itself: the first 8 hex digits of its
// SHA-256. Tokens never reach logs, settings or messages in the clear.
inline QString tokenFingerprint(const QByteArray &token) {
    if (token.isEmpty())
        return QString();
    return QString::fromLatin1(
        QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex().left(8));
}

// The same, from the token's SHA-256 digest when the caller has it already.
inline QString tokenFingerprintOfDigest(const QByteArray &sha256) {
    return QString::fromLatin1(sha256.left(4).toHex());
}

inline QString tokenFingerprint(const QString &token) {
    return tokenFingerprint(token.toUtf8());
}

} // namespace scopebench
