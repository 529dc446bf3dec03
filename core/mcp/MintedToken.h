#pragma once

#include <QString>
#include <QStringList>

namespace scopebench {

// A token minted by the built-in test authorization server for the operator.
struct MintedToken {
    QString accessToken; // show it once, never log it
    QStringList scopes;
    qint64 expiresAt = 0; // seconds since the epoch
    QString audience;
    QString subject;
};

} // namespace scopebench
