#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace scopebench::tokenchecks {

// Steps 7 and 8 of the decision (docs/decision.md) as plain functions, so that local JWT
// verification judges lifetime and audience exactly as the Decider does.

enum class Lifetime { Valid, NotYetValid, Expired, NoExpiry };

// nbf <= now + leeway, exp >= now - leeway, and exp present when required; in that order.
Lifetime lifetime(std::optional<qint64> nbf, std::optional<qint64> exp, qint64 now,
                  int leewaySeconds, bool requireExpiry);

// Whether one of `audiences` names the resource whose canonical URI is `canonicalResource`
// (ResourceUri::canonical), comparing canonically (RFC 8707).
bool audienceNamesResource(const QStringList &audiences, const QString &canonicalResource);

} // namespace scopebench::tokenchecks
