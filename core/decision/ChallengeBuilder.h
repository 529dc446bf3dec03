#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace scopebench {

// The parameters of a Bearer challenge (RFC 6750 §3, RFC 9728 §5.1). Empty ones are left out.
struct ChallengeParams {
    QString realm;
    QString error;
    QString errorDescription;
    QStringList scope;
    QString resourceMetadata;
};

// The one place a WWW-Authenticate value is written. Order: realm, error, error_description,
// scope, resource_metadata; every value a quoted-string.
class ChallengeBuilder {
public:
    static QByteArray build(const ChallengeParams &params);
    // RFC 6750 §3: error_description holds only %x20-21 / %x23-5B / %x5D-7E; others are dropped.
    static QString sanitizeDescription(const QString &text);
    // Realm and resource_metadata values: quoted-string content with '"' and '\' escaped and
    // controls and non-ASCII dropped (they have no business in either).
    static QString sanitizeQuoted(const QString &text);
};

} // namespace scopebench
