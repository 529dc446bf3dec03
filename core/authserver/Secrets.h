#pragma once

#include <QByteArray>
#include <QString>

namespace scopebench::Secrets {

// `bytes` random bytes from the system generator, base64url without padding: tokens, codes,
// client ids and secrets.
QString randomToken(int bytes);
// The SHA-256 digest a token or code is stored and looked up under: the stores never hold the
// secret itself.
QByteArray keyOf(const QString &secret);
// Compares digests, so the time taken says nothing about where the inputs differ or how long
// they are.
bool constantTimeEquals(const QString &a, const QString &b);

} // namespace scopebench::Secrets
