#pragma once

#include "decision/TokenFacts.h"

#include <QByteArray>
#include <QObject>

#include <functional>

namespace scopebench {

// Step 5 of the decision as the endpoint sees it: find out what a token is. The introspection
// cache implements it against an RFC 7662 server; tests can put anything behind it.
class TokenLookup {
public:
    using Callback = std::function<void(const TokenKnowledge &)>;

    virtual ~TokenLookup() = default;

    // Calls `done` exactly once, later, in the calling thread, with State::Known or
    // State::IntrospectionFailed; not at all if `context` is destroyed first.
    virtual void lookup(const QByteArray &token, QObject *context, Callback done) = 0;
};

} // namespace scopebench
