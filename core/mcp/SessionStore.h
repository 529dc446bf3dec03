#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

namespace scopebench {

// The live Streamable HTTP sessions, each bound to the principal (subject and client) whose
// token initialized it: another principal presenting the id is treated as if it did not exist.
class SessionStore {
public:
    struct Principal {
        QString subject;
        QString clientId;
        bool operator==(const Principal &o) const {
            return subject == o.subject && clientId == o.clientId;
        }
    };
    struct Session {
        QByteArray id;
        Principal principal;
        QString protocolVersion;
        qint64 lastUsedMs = 0;
    };

    // maxPerPrincipal: how many live sessions one principal may hold; its next initialize
    // replaces its least recently used one, never another principal's.
    SessionStore(int maxSessions, int idleSeconds, int maxPerPrincipal = 16);

    // A new session with a 128-bit random id; empty when the store is full even after dropping
    // the sessions idle for longer than the idle limit.
    QByteArray create(const Principal &principal, const QString &protocolVersion, qint64 nowMs);
    // Null when unknown or bound to another principal; touches it otherwise.
    const Session *find(const QByteArray &id, const Principal &principal, qint64 nowMs);
    bool remove(const QByteArray &id, const Principal &principal);
    void clear() { m_sessions.clear(); }
    int size() const { return int(m_sessions.size()); }
    void setLimits(int maxSessions, int idleSeconds, int maxPerPrincipal = 16);

private:
    void dropIdle(qint64 nowMs);

    QHash<QByteArray, Session> m_sessions;
    int m_max;
    int m_maxPerPrincipal;
    qint64 m_idleMs;
};

} // namespace scopebench
