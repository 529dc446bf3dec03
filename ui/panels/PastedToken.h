#pragma once

#include <QString>

namespace scopebench {

// What people paste as a token is often more than the token: "Bearer eyJ…", a whole
// "Authorization: Bearer …" line, a JSON string with its quotes, a line break from a terminal.
// A bearer token (RFC 6750 §2.1, b64token) has no spaces or quotes, so these are removed, and
// `note` says what was removed (never the token itself).
struct PastedToken {
    QString token;
    QString note;

    static PastedToken clean(const QString &pasted);
};

} // namespace scopebench
