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

} // namespace scopebench::tokenchecks
