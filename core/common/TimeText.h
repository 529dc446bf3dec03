#pragma once

#include <QString>
#include <QStringView>

namespace scopebench {

// Times as people read them, for every view of a token's NumericDates (RFC 7519 §2): the
// introspection result, the decoded JWT, the JWT verification and the command line
// (docs/desktop-app.md). Pure: the clock is a parameter.
class TimeText {
public:
    // "2026-11-29 22:10:05 UTC"
    static QString utc(qint64 secondsSinceEpoch);
    // How far `then` is from `now`, truncated to one unit: "now", "in 42 s", "3 min ago",
    // "in 5 h" (under two days), "3 days ago".
    static QString relative(qint64 then, qint64 now);
    // "2026-11-29 22:10:05 UTC (in 12 min)"
    static QString withRelative(qint64 then, qint64 now);
    // The claims that hold NumericDates: exp, iat, nbf (RFC 7519 §4.1) and auth_time
    // (OpenID Connect Core §2).
    static bool isTimeClaim(QStringView name);
};

} // namespace scopebench
