#pragma once

#include "observability/EndpointCounters.h"

#include <atomic>

namespace scopebench {

// The live counters: bumped by the endpoint's thread, read by any other without a lock.
class EndpointTally {
public:
    // `decided`: the request went through the decision. The authorization server's and other
    // public routes count as requests and "other", never as allowed, 401 or 403 of the resource.
    void count(bool allowed, int status, bool decided = true) {
        m_requests.fetch_add(1, std::memory_order_relaxed);
        if (!decided)
            m_other.fetch_add(1, std::memory_order_relaxed);
        else if (allowed)
            m_allowed.fetch_add(1, std::memory_order_relaxed);
        else if (status == 401)
            m_unauthorized.fetch_add(1, std::memory_order_relaxed);
        else if (status == 403)
            m_forbidden.fetch_add(1, std::memory_order_relaxed);
        else if (status == 503)
            m_unavailable.fetch_add(1, std::memory_order_relaxed);
        else
            m_other.fetch_add(1, std::memory_order_relaxed);
    }
    // Requests to the MCP path by era: modern (2026-07-28) or legacy.
    void countEra(bool modern) {
        (modern ? m_modern : m_legacy).fetch_add(1, std::memory_order_relaxed);
    }
    // Only while no endpoint counts (between runs).
    void reset() {
        for (auto *c : {&m_requests, &m_allowed, &m_unauthorized, &m_forbidden, &m_unavailable,
                        &m_other, &m_modern, &m_legacy})
            c->store(0, std::memory_order_relaxed);
    }
    EndpointCounters snapshot() const {
        EndpointCounters c;
        c.requests = m_requests.load(std::memory_order_relaxed);
        c.allowed = m_allowed.load(std::memory_order_relaxed);
        c.unauthorized = m_unauthorized.load(std::memory_order_relaxed);
        c.forbidden = m_forbidden.load(std::memory_order_relaxed);
        c.unavailable = m_unavailable.load(std::memory_order_relaxed);
        c.other = m_other.load(std::memory_order_relaxed);
        c.modern = m_modern.load(std::memory_order_relaxed);
        c.legacy = m_legacy.load(std::memory_order_relaxed);
        return c;
    }

private:
    std::atomic<quint64> m_requests{0};
    std::atomic<quint64> m_allowed{0};
    std::atomic<quint64> m_unauthorized{0};
    std::atomic<quint64> m_forbidden{0};
    std::atomic<quint64> m_unavailable{0};
    std::atomic<quint64> m_other{0};
    std::atomic<quint64> m_modern{0};
    std::atomic<quint64> m_legacy{0};
};

} // namespace scopebench
