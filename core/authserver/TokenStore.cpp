#include "authserver/TokenStore.h"

#include "authserver/Secrets.h"

namespace scopebench {

QString TokenStore::issueAccess(const QString &clientId, const QString &subject,
                                const QStringList &scopes, const QStringList &audience,
                                int lifetimeSeconds, const QByteArray &refreshKey, qint64 now,
                                AccessRecord *record) {
    AccessRecord r;
    r.clientId = clientId;
    r.subject = subject;
    r.scopes = scopes;
    r.scopes.removeDuplicates();
    r.audience = audience;
    r.jti = Secrets::randomToken(12);
    r.issuedAt = now;
    r.expiresAt = r.issuedAt + qMax(1, lifetimeSeconds);
    r.refreshKey = refreshKey;
    const QString token = m_makeAccess ? m_makeAccess(r) : Secrets::randomToken(32);
    m_access.insert(Secrets::keyOf(token), r);
    *record = r;
    return token;
}

QString TokenStore::issueRefresh(const QString &clientId, const QString &subject,
                                 const QStringList &scopes, const QStringList &audience,
                                 qint64 now) {
    const QString token = Secrets::randomToken(32);
    RefreshRecord r;
    r.clientId = clientId;
    r.subject = subject;
    r.scopes = scopes;
    r.audience = audience;
    r.expiresAt = now + refreshLifetimeSeconds;
    m_refresh.insert(Secrets::keyOf(token), r);
    return token;
}

QString TokenStore::issueCode(CodeRecord record, qint64 now) {
    const QString code = Secrets::randomToken(32);
    record.expiresAt = now + codeLifetimeSeconds;
    m_codes.insert(Secrets::keyOf(code), record);
    return code;
}

TokenStore::AccessRecord *TokenStore::access(const QByteArray &key) {
    const auto it = m_access.find(key);
    return it == m_access.end() ? nullptr : &*it;
}

const TokenStore::RefreshRecord *TokenStore::refresh(const QByteArray &key) const {
    const auto it = m_refresh.constFind(key);
    return it == m_refresh.constEnd() ? nullptr : &*it;
}

TokenStore::CodeRecord *TokenStore::code(const QByteArray &key) {
    const auto it = m_codes.find(key);
    return it == m_codes.end() ? nullptr : &*it;
}

bool TokenStore::revokeAccess(const QByteArray &key) {
    AccessRecord *a = access(key);
    if (!a)
        return false;
    const bool was = !a->revoked;
    a->revoked = true;
    return was;
}

bool TokenStore::revokeRefresh(const QByteArray &key) {
    const auto r = m_refresh.find(key);
    if (r == m_refresh.end())
        return false;
    const bool was = !r->revoked;
    r->revoked = true;
    for (auto it = m_access.begin(); it != m_access.end(); ++it) {
        if (it->refreshKey == key)
            it->revoked = true;
    }
    return was;
}

void TokenStore::revokeWhatCodeGave(const CodeRecord &code) {
    for (const QByteArray &k : code.accessKeys)
        revokeAccess(k);
    for (const QByteArray &k : code.refreshKeys)
        revokeRefresh(k);
}

void TokenStore::dropExpired(qint64 now) {
    m_access.removeIf([now](const auto &it) { return it.value().expiresAt <= now; });
    m_refresh.removeIf([now](const auto &it) { return it.value().expiresAt <= now; });
    m_codes.removeIf([now](const auto &it) { return it.value().expiresAt <= now; });
}

} // namespace scopebench
