#include "mcp/VerifyingTokenLookup.h"

#include "jwt/JwtTokenLookup.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QPointer>
#include <QTimer>

#include <algorithm>

namespace scopebench {

VerifyingTokenLookup::VerifyingTokenLookup(JwtTokenLookup *jwt, TokenLookup *introspection,
                                           Settings settings, QObject *parent)
    : QObject(parent)
    , m_jwt(jwt)
    , m_introspection(introspection)
    , m_settings(settings) {}

qint64 VerifyingTokenLookup::now() const {
    return m_now ? m_now() : QDateTime::currentSecsSinceEpoch();
}

void VerifyingTokenLookup::lookup(const QByteArray &token, QObject *context, Callback done) {
    if (!JwtAccessTokenVerifier::looksLikeJwt(token)) {
        if (m_introspection)
            return m_introspection->lookup(token, context, std::move(done));
        const TokenKnowledge refused = TokenKnowledge::refused(
            QStringLiteral("format"),
            QStringLiteral("The token is not a JWT, and this endpoint verifies JWTs only (no "
                           "introspection is configured)."));
        QTimer::singleShot(0, context ? context : this,
                           [done = std::move(done), refused] { done(refused); });
        return;
    }
    const QByteArray key = QCryptographicHash::hash(token, QCryptographicHash::Sha256);
    const auto cached = m_entries.constFind(key);
    if (cached != m_entries.constEnd()) {
        if (cached->expiresAt > now()) {
            const TokenKnowledge knowledge = cached->knowledge;
            QTimer::singleShot(0, context ? context : this,
                               [done = std::move(done), knowledge] { done(knowledge); });
            return;
        }
        m_entries.erase(cached);
    }
    QPointer<VerifyingTokenLookup> self(this);
    m_jwt->lookup(token, context, [self, key, done = std::move(done)](const TokenKnowledge &k) {
        if (self)
            self->store(key, k);
        done(k);
    });
}

void VerifyingTokenLookup::store(const QByteArray &key, const TokenKnowledge &knowledge) {
    const qint64 t = now();
    qint64 expiresAt = 0;
    if (knowledge.state == TokenKnowledge::State::Known) {
        expiresAt = t + m_settings.maxTtlSeconds;
        if (knowledge.facts.exp)
            expiresAt = std::min(expiresAt, *knowledge.facts.exp);
    } else if (knowledge.state == TokenKnowledge::State::Refused) {
        expiresAt = t + m_settings.negativeTtlSeconds;
    }
    if (expiresAt <= t)
        return; // failures (503) are never cached: the next request tries again
    if (m_entries.size() >= m_settings.maxEntries) {
        for (auto it = m_entries.begin(); it != m_entries.end();)
            it = it->expiresAt <= t ? m_entries.erase(it) : std::next(it);
        if (m_entries.size() >= m_settings.maxEntries)
            return; // full of live entries: verify again rather than grow without bound
    }
    m_entries.insert(key, Entry{knowledge, expiresAt});
}

} // namespace scopebench
