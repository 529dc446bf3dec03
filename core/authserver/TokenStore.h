#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace scopebench {

// What the test authorization server issued: access and refresh tokens and authorization codes,
// each stored under the SHA-256 of its value (Secrets::keyOf), never the value itself. Holds no
// lock: the server's one mutex guards it. Times are seconds since the epoch, passed in, so tests
// can pin the clock.
class TokenStore {
public:
    struct AccessRecord {
        QString clientId;
        QString subject;
        QStringList scopes;
        QStringList audience;
        QString jti;
        qint64 issuedAt = 0;
        qint64 expiresAt = 0;
        QByteArray refreshKey; // the refresh token it came from, if any
        bool revoked = false;
    };
    struct RefreshRecord {
        QString clientId;
        QString subject;
        QStringList scopes;
        QStringList audience;
        qint64 expiresAt = 0;
        bool revoked = false;
    };
    struct CodeRecord {
        QString clientId;
        QString redirectUri;
        QString challenge;
        QString subject;
        QStringList scopes;
        QStringList resources;
        qint64 expiresAt = 0;
        bool used = false;
        QList<QByteArray> accessKeys; // what the code gave, revoked if it is used again
        QList<QByteArray> refreshKeys;
    };

    static constexpr int codeLifetimeSeconds = 120;
    static constexpr int refreshLifetimeSeconds = 30 * 24 * 3600;

    // Access plus refresh tokens it may hold; the token endpoint refuses to issue beyond it.
    void setCapacity(int maxLiveTokens) { m_capacity = maxLiveTokens; }
    // Makes the value of each access token from its record (a JWT); unset: a random string.
    // Either way the token is stored under its SHA-256, so introspection and revocation work
    // the same for both.
    void setAccessTokenMaker(std::function<QString(const AccessRecord &)> make) {
        m_makeAccess = std::move(make);
    }
    bool full() const { return m_access.size() + m_refresh.size() >= m_capacity; }

    // A new access token; `*record` receives what was stored.
    QString issueAccess(const QString &clientId, const QString &subject, const QStringList &scopes,
                        const QStringList &audience, int lifetimeSeconds,
                        const QByteArray &refreshKey, qint64 now, AccessRecord *record);
    QString issueRefresh(const QString &clientId, const QString &subject, const QStringList &scopes,
                         const QStringList &audience, qint64 now);
    // Stores `record` (its expiry set here) and gives the code.
    QString issueCode(CodeRecord record, qint64 now);

    // Null when unknown; expiry and revocation are the caller's to check.
    AccessRecord *access(const QByteArray &key);
    const RefreshRecord *refresh(const QByteArray &key) const;
    CodeRecord *code(const QByteArray &key);

    // Marks an access token revoked; false when it is unknown or was already revoked.
    bool revokeAccess(const QByteArray &key);
    // Revokes a refresh token and every access token it gave; false when it was not live.
    bool revokeRefresh(const QByteArray &key);
    // RFC 6749 §4.1.2: a code used twice revokes everything it gave.
    void revokeWhatCodeGave(const CodeRecord &code);

    // Drops what has expired at `now`.
    void dropExpired(qint64 now);

private:
    QHash<QByteArray, AccessRecord> m_access;
    QHash<QByteArray, RefreshRecord> m_refresh;
    QHash<QByteArray, CodeRecord> m_codes;
    int m_capacity = 100000;
    std::function<QString(const AccessRecord &)> m_makeAccess;
};

} // namespace scopebench
