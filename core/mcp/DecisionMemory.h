#pragma once

#include "decision/RequestFacts.h"
#include "decision/TokenFacts.h"
#include "policy/Policy.h"

#include <QByteArray>
#include <QMutex>
#include <QString>

#include <deque>
#include <optional>
#include <utility>

namespace scopebench {

// What the endpoint decided one logged request with, so that the desktop app can decide it
// again in its preview and explain a surprising 403 (docs/desktop-app.md). Never the token:
// the request without its credentials (Decider::withoutCredentials) and what introspection or
// verification said of the token.
struct RememberedDecision {
    RequestFacts request;
    TokenKnowledge token; // its facts without `raw`, the authorization server's whole answer
    qint64 decidedAt = 0; // the decision's clock, seconds since the epoch
    QString resource;     // the resource the endpoint decided for
    QByteArray policyFingerprint; // policyFingerprint() of the policy decided under
};

// The remembered decisions of the newest `capacity` requests by their RequestLog sequence
// number, in memory only (nothing here is exported or saved). Written by the endpoint's thread,
// read from any other.
class DecisionMemory {
public:
    explicit DecisionMemory(int capacity = 10000);

    // Sequence numbers must rise; a remembered decision for an older one is dropped.
    void remember(quint64 sequence, RememberedDecision decision);
    std::optional<RememberedDecision> recall(quint64 sequence) const;
    void clear();
    int size() const;
    int capacity() const { return m_capacity; }

    // SHA-256 of the policy as saved: equal for equal policies, so a remembered decision can
    // tell whether it was made under the policy being edited now.
    static QByteArray policyFingerprint(const Policy &policy);

private:
    const int m_capacity;
    mutable QMutex m_mutex;
    std::deque<std::pair<quint64, RememberedDecision>> m_ring;
};

} // namespace scopebench
