#include "common/TimeText.h"

#include <QDateTime>

namespace scopebench {

QString TimeText::utc(qint64 secondsSinceEpoch) {
    return QDateTime::fromSecsSinceEpoch(secondsSinceEpoch, Qt::UTC)
               .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
           QStringLiteral(" UTC");
}

QString TimeText::relative(qint64 then, qint64 now) {
    const qint64 delta = then - now;
    if (delta == 0)
        return QStringLiteral("now");
    const qint64 magnitude = delta < 0 ? -delta : delta;
    // Truncated, not rounded, so the time left before exp is never overstated.
    QString amount;
    if (magnitude < 60)
        amount = QStringLiteral("%1 s").arg(magnitude);
    else if (magnitude < 3600)
        amount = QStringLiteral("%1 min").arg(magnitude / 60);
    else if (magnitude < 2 * 86400)
        amount = QStringLiteral("%1 h").arg(magnitude / 3600);
    else
        amount = QStringLiteral("%1 days").arg(magnitude / 86400);
    return delta > 0 ? QStringLiteral("in ") + amount : amount + QStringLiteral(" ago");
}

QString TimeText::withRelative(qint64 then, qint64 now) {
    return utc(then) + QStringLiteral(" (") + relative(then, now) + QLatin1Char(')');
}

bool TimeText::isTimeClaim(QStringView name) {
    return name == u"exp" || name == u"iat" || name == u"nbf" || name == u"auth_time";
}

} // namespace scopebench
