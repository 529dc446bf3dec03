#pragma once

#include "decision/TokenFacts.h"
#include "jwt/JwtAccessTokenVerifier.h"

#include <QByteArray>
#include <QObject>

#include <functional>

namespace scopebench {

class JwksProvider;

// What one lookup found: the knowledge the Decider takes, and how verification went.
struct JwtLookupResult {
    TokenKnowledge knowledge;
    JwtVerification verification; // empty (ok false, no checks passed) when keys were unavailable
};

// Step 5 of the decision for JWT access tokens, with the contract of TokenLookup
// (core/introspection/TokenLookup.h) so that the endpoint can use either: `done` is called
// exactly once, later, in the calling thread, and not at all if `context` is destroyed first.
//
// The token is prechecked without keys (format, algorithm, type, crit, a trusted issuer), then
// the issuer's JWK Set comes from the JwksProvider; an unknown kid asks the provider once for a
// fresh set (which it rate-limits). The outcome:
// - verified: TokenKnowledge::known(facts), decided by the Decider exactly as introspection's;
// - refused by a check: TokenKnowledge::refused(check id, reason): 401 invalid_token;
// - the JWK Set could not be had: TokenKnowledge::failed(why): 503, never an allow.
class JwtTokenLookup : public QObject {
    Q_OBJECT
public:
    using Callback = std::function<void(const TokenKnowledge &)>;
    using DetailedCallback = std::function<void(const JwtLookupResult &)>;
    using Clock = std::function<qint64()>; // seconds since the epoch

    // `provider` must outlive this object.
    JwtTokenLookup(JwksProvider *provider, JwtVerifierOptions options, QObject *parent = nullptr);

    void lookup(const QByteArray &token, QObject *context, Callback done);
    void lookupDetailed(const QByteArray &token, QObject *context, DetailedCallback done);

    const JwtVerifierOptions &options() const { return m_options; }
    void setClock(Clock clock) { m_clock = std::move(clock); }

    // The knowledge a verification result stands for.
    static TokenKnowledge knowledgeFrom(const JwtVerification &verification);

private:
    void verifyWith(const QByteArray &token, const JwkSet &keys, bool refreshed, QObject *context,
                    DetailedCallback done);
    qint64 now() const;

    JwksProvider *m_provider;
    JwtVerifierOptions m_options;
    Clock m_clock;
};

} // namespace scopebench
