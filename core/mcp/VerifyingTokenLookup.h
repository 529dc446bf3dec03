#pragma once

#include "introspection/TokenLookup.h"

#include <QByteArray>
#include <QHash>
#include <QObject>

#include <functional>

namespace scopebench {

class JwtTokenLookup;

// Step 5 for an endpoint that verifies JWT access tokens locally (docs/jwt-verification.md):
// a token that looks like a JWS goes to the JwtTokenLookup, any other (opaque) token to the
// introspection lookup when there is one, and is otherwise refused (401 invalid_token: this
// endpoint cannot know such a token). Verification results are cached by the SHA-256 of the
// token (never the token): a verified token until min(exp, now + maxTtl), a refused one for
// negativeTtl, a failure (the JWK Set could not be had: 503) not at all. At most maxEntries.
// Lives in one thread.
class VerifyingTokenLookup : public QObject, public TokenLookup {
    Q_OBJECT
public:
    using Settings = TokenCacheBounds;

    // `jwt` must outlive this object; `introspection` too, and may be null.
    VerifyingTokenLookup(JwtTokenLookup *jwt, TokenLookup *introspection, Settings settings,
                         QObject *parent = nullptr);

    void lookup(const QByteArray &token, QObject *context, Callback done) override;
    void setClock(std::function<qint64()> nowSeconds) { m_now = std::move(nowSeconds); }
    int size() const { return int(m_entries.size()); }

private:
    struct Entry {
        TokenKnowledge knowledge;
        qint64 expiresAt = 0;
    };
    void store(const QByteArray &key, const TokenKnowledge &knowledge);
    qint64 now() const;

    JwtTokenLookup *m_jwt;
    TokenLookup *m_introspection;
    Settings m_settings;
    std::function<qint64()> m_now;
    QHash<QByteArray, Entry> m_entries;
};

} // namespace scopebench
