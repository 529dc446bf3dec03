#include "mcp/SessionStore.h"

#include <QRandomGenerator>

namespace scopebench {

SessionStore::SessionStore(int maxSessions, int idleSeconds, int maxPerPrincipal) {
    setLimits(maxSessions, idleSeconds, maxPerPrincipal);
}

void SessionStore::setLimits(int maxSessions, int idleSeconds, int maxPerPrincipal) {
    m_max = qMax(1, maxSessions);
    m_maxPerPrincipal = qMax(1, maxPerPrincipal);
    m_idleMs = qint64(qMax(1, idleSeconds)) * 1000;
}

QByteArray SessionStore::create(const Principal &principal, const QString &protocolVersion,
                                qint64 nowMs) {
    // One principal cannot fill the store: past its own cap its oldest session makes room.
    int own = 0;
    auto oldest = m_sessions.end();
    for (auto it = m_sessions.begin(); it != m_sessions.end(); ++it) {
        if (!(it->principal == principal))
            continue;
        ++own;
        if (oldest == m_sessions.end() || it->lastUsedMs < oldest->lastUsedMs)
            oldest = it;
    }
    if (own >= m_maxPerPrincipal)
        m_sessions.erase(oldest);
    if (m_sessions.size() >= m_max)
        dropIdle(nowMs);
    if (m_sessions.size() >= m_max)
        return QByteArray();
    QByteArray id;
    do {
        quint32 words[4];
        QRandomGenerator::system()->fillRange(words);
        id = QByteArray(reinterpret_cast<const char *>(words), sizeof(words)).toHex();
    } while (m_sessions.contains(id));
    m_sessions.insert(id, Session{id, principal, protocolVersion, nowMs});
    return id;
}

const SessionStore::Session *SessionStore::find(const QByteArray &id, const Principal &principal,
                                                qint64 nowMs) {
    auto it = m_sessions.find(id);
    if (it == m_sessions.end() || !(it->principal == principal))
        return nullptr;
    it->lastUsedMs = nowMs;
    return &*it;
}

bool SessionStore::remove(const QByteArray &id, const Principal &principal) {
    auto it = m_sessions.find(id);
    if (it == m_sessions.end() || !(it->principal == principal))
        return false;
    m_sessions.erase(it);
    return true;
}

void SessionStore::dropIdle(qint64 nowMs) {
    for (auto it = m_sessions.begin(); it != m_sessions.end();) {
        if (nowMs - it->lastUsedMs > m_idleMs)
            it = m_sessions.erase(it);
        else
            ++it;
    }
}

} // namespace scopebench
