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

// For a token that lifetime() judged Valid only thanks to the leeway, what the trace says:
// "expired 20 s ago, accepted within the 60 s leeway" or "valid only in 30 s (nbf), accepted
// within the 60 s leeway"; empty when no leeway was needed.
QString leewayNote(std::optional<qint64> nbf, std::optional<qint64> exp, qint64 now,
                   int leewaySeconds);

// Why step 8 refused the token, for the trace and the log (never the client, which is told no
// more than that the token is not for this resource): "audience mismatch: expected
// https://mcp.example/mcp, token has [a, b]". The token's audiences are shortened and made
// printable: they are whatever the token or the authorization server said.
QString audienceMismatch(const QStringList &audiences, const QString &expectedResource);

} // namespace scopebench::tokenchecks
