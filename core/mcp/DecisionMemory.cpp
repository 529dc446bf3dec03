#include "mcp/DecisionMemory.h"

#include "policy/PolicyFile.h"

#include <QCryptographicHash>
#include <QMutexLocker>

#include <algorithm>

namespace scopebench {

DecisionMemory::DecisionMemory(int capacity)
    : m_capacity(qMax(1, capacity)) {}

void DecisionMemory::remember(quint64 sequence, RememberedDecision decision) {
    // The whole introspection answer is for the token panel's display; the decision never
    // reads it, and keeping it would hold more than the decision needs.
    decision.token.facts.raw = QJsonObject();
    QMutexLocker lock(&m_mutex);
    if (!m_ring.empty() && m_ring.back().first >= sequence)
        return;
    if (int(m_ring.size()) >= m_capacity)
        m_ring.pop_front();
    m_ring.emplace_back(sequence, std::move(decision));
}

std::optional<RememberedDecision> DecisionMemory::recall(quint64 sequence) const {
    QMutexLocker lock(&m_mutex);
    const auto it = std::lower_bound(m_ring.begin(), m_ring.end(), sequence,
                                     [](const std::pair<quint64, RememberedDecision> &entry,
                                        quint64 s) { return entry.first < s; });
    if (it == m_ring.end() || it->first != sequence)
        return std::nullopt;
    return it->second;
}

void DecisionMemory::clear() {
    QMutexLocker lock(&m_mutex);
    m_ring.clear();
}

int DecisionMemory::size() const {
    QMutexLocker lock(&m_mutex);
    return int(m_ring.size());
}

QByteArray DecisionMemory::policyFingerprint(const Policy &policy) {
    return QCryptographicHash::hash(PolicyFile::serialize(policy), QCryptographicHash::Sha256);
}

} // namespace scopebench
