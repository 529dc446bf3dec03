#include "jwt/JwtTokenLookup.h"

#include "jwt/JwksProvider.h"

#include <QDateTime>
#include <QPointer>
#include <QTimer>

namespace scopebench {

JwtTokenLookup::JwtTokenLookup(JwksProvider *provider, JwtVerifierOptions options, QObject *parent)
    : QObject(parent)
    , m_provider(provider)
    , m_options(std::move(options)) {}

qint64 JwtTokenLookup::now() const {
    return m_clock ? m_clock() : QDateTime::currentSecsSinceEpoch();
}

TokenKnowledge JwtTokenLookup::knowledgeFrom(const JwtVerification &verification) {
    if (verification.ok)
        return TokenKnowledge::known(verification.facts);
    return TokenKnowledge::refused(verification.failedId(), verification.reason);
}

void JwtTokenLookup::lookup(const QByteArray &token, QObject *context, Callback done) {
    lookupDetailed(token, context,
                   [done = std::move(done)](const JwtLookupResult &r) { done(r.knowledge); });
}

void JwtTokenLookup::lookupDetailed(const QByteArray &token, QObject *context,
                                    DetailedCallback done) {
    QObject *receiver = context ? context : this;
    JwtVerification pre = JwtAccessTokenVerifier::precheck(token, m_options);
    if (!pre.ok) {
        // Refused before any key is needed: nothing is fetched for an untrusted issuer.
        JwtLookupResult result{knowledgeFrom(pre), pre};
        QTimer::singleShot(0, receiver, [done = std::move(done), result] { done(result); });
        return;
    }
    QPointer<QObject> guard(receiver);
    m_provider->keys(pre.issuer, this,
                     [this, token, guard, done = std::move(done)](const Result<JwkSet> &keys) {
                         if (!guard)
                             return;
                         if (!keys) {
                             done({TokenKnowledge::failed(keys.error().toString()), {}});
                             return;
                         }
                         verifyWith(token, keys.value(), false, guard, done);
                     });
}

void JwtTokenLookup::verifyWith(const QByteArray &token, const JwkSet &keys, bool refreshed,
                                QObject *context, DetailedCallback done) {
    JwtVerification v = JwtAccessTokenVerifier::verify(token, keys, m_options, now());
    if (!v.ok && v.failed == JwtCheck::Key && !refreshed) {
        // Perhaps the issuer rotated its keys since the set was cached: ask once more.
        QPointer<QObject> guard(context);
        const QString issuer = v.issuer;
        m_provider->refreshKeys(
            issuer, this, [this, token, guard, done = std::move(done)](const Result<JwkSet> &k) {
                if (!guard)
                    return;
                if (!k) {
                    done({TokenKnowledge::failed(k.error().toString()), {}});
                    return;
                }
                verifyWith(token, k.value(), true, guard, done);
            });
        return;
    }
    done({knowledgeFrom(v), v});
}

} // namespace scopebench
