#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

namespace scopebench {

// One challenge of a WWW-Authenticate field (RFC 9110 §11.6.1).
struct Challenge {
    QString scheme;                        // as sent; compare case-insensitively
    QString token68;                       // when the challenge carries one instead of parameters
    QList<QPair<QString, QString>> params; // names lowercased, values unquoted

    bool isScheme(const QString &name) const {
        return scheme.compare(name, Qt::CaseInsensitive) == 0;
    }
    bool hasParam(const QString &name) const;
    QString param(const QString &name) const; // empty when absent
};

// The one place a WWW-Authenticate value is read: several challenges, token68, quoted-pair,
// case-insensitive names, optional white space; a duplicate parameter is an error.
class ChallengeParser {
public:
    static constexpr int MaxLength = 64 * 1024;
    static Result<QList<Challenge>> parse(const QByteArray &fieldValue);
};

} // namespace scopebench
