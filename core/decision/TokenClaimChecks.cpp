#include "decision/TokenClaimChecks.h"

#include "policy/ResourceUri.h"

namespace scopebench::tokenchecks {

Lifetime lifetime(std::optional<qint64> nbf, std::optional<qint64> exp, qint64 now,
                  int leewaySeconds, bool requireExpiry) {
    if (nbf && *nbf > now + leewaySeconds)
        return Lifetime::NotYetValid;
    if (exp && *exp < now - leewaySeconds)
        return Lifetime::Expired;
    if (!exp && requireExpiry)
        return Lifetime::NoExpiry;
    return Lifetime::Valid;
}

bool audienceNamesResource(const QStringList &audiences, const QString &canonicalResource) {
    if (canonicalResource.isEmpty())
        return false;
    for (const auto &aud : audiences) {
        if (aud == canonicalResource || ResourceUri::canonical(aud) == canonicalResource)
            return true;
    }
    return false;
}

QString leewayNote(std::optional<qint64> nbf, std::optional<qint64> exp, qint64 now,
                   int leewaySeconds) {
    if (lifetime(nbf, exp, now, leewaySeconds, false) != Lifetime::Valid)
        return QString();
    QStringList notes;
    if (exp && *exp < now)
        notes.append(QStringLiteral("expired %1 s ago").arg(now - *exp));
    if (nbf && *nbf > now)
        notes.append(QStringLiteral("valid only in %1 s (nbf)").arg(*nbf - now));
    if (notes.isEmpty())
        return QString();
    return notes.join(QStringLiteral(", ")) +
           QStringLiteral(", accepted within the %1 s leeway").arg(leewaySeconds);
}

QString audienceMismatch(const QStringList &audiences, const QString &expectedResource) {
    // Bounded: a token may list any number of audiences of any length.
    constexpr qsizetype MaxShown = 5;
    constexpr qsizetype MaxLength = 100;
    QStringList shown;
    for (qsizetype i = 0; i < audiences.size() && i < MaxShown; ++i) {
        QString printable;
        for (const QChar c : QStringView(audiences.at(i)).left(MaxLength))
            printable += c.isPrint() ? c : QChar(u'?');
        if (audiences.at(i).size() > MaxLength)
            printable += QStringLiteral("...");
        shown.append(printable);
    }
    if (audiences.size() > MaxShown)
        shown.append(QStringLiteral("... %1 more").arg(audiences.size() - MaxShown));
    const QString expected =
        expectedResource.isEmpty() ? QStringLiteral("(no resource set)") : expectedResource;
    if (audiences.isEmpty())
        return QStringLiteral("audience mismatch: expected %1, token names no audience")
            .arg(expected);
    return QStringLiteral("audience mismatch: expected %1, token has [%2]")
        .arg(expected, shown.join(QStringLiteral(", ")));
}

} // namespace scopebench::tokenchecks
