#pragma once

#include "decision/TokenFacts.h"

#include <QByteArray>
#include <QObject>

#include <functional>
#include <optional>

namespace scopebench {

// How long a token cache keeps what it learnt, and how much: an active token at most
// maxTtlSeconds (and never past its exp), a refusal negativeTtlSeconds, at most maxEntries
// tokens (the least recently used evicted first).
struct TokenCacheBounds {
    int maxTtlSeconds = 60;
    int negativeTtlSeconds = 5;
    int maxEntries = 10000;
};

// Step 5 of the decision as the endpoint sees it: find out what a token is. The introspection
// cache implements it against an RFC 7662 server; tests can put anything behind it.
class TokenLookup {
public:
    using Callback = std::function<void(const TokenKnowledge &)>;

    virtual ~TokenLookup() = default;

    // Calls `done` exactly once, later, in the calling thread, with State::Known or
    // State::IntrospectionFailed; not at all if `context` is destroyed first.
    virtual void lookup(const QByteArray &token, QObject *context, Callback done) = 0;

    // The same, for a caller that already has the token's SHA-256 (the log's fingerprint is
    // taken from it too): one hash per request.
    virtual void lookupDigest(const QByteArray &token, const QByteArray &sha256, QObject *context,
                              Callback done) {
        Q_UNUSED(sha256);
        lookup(token, context, std::move(done));
    }

    // What is known about the token with this SHA-256 right now (State::Known), or nothing:
    // then lookup(). A cache hit is answered here, inline, without the queued delivery that
    // lookup() promises; the caller decides at once.
    virtual std::optional<TokenKnowledge> known(const QByteArray &sha256) {
        Q_UNUSED(sha256);
        return std::nullopt;
    }
};

} // namespace scopebench
