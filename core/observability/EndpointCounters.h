#pragma once

#include <QtGlobal>

namespace scopebench {

// What the endpoint has answered so far, by kind. A snapshot; see EndpointTally for the live one.
struct EndpointCounters {
    quint64 requests = 0;
    quint64 allowed = 0;          // passed the decision
    quint64 unauthorized = 0;     // 401
    quint64 forbidden = 0;        // 403 (the decision's, or a refused Origin / Host)
    quint64 unavailable = 0;      // 503
    quint64 other = 0;            // every other status of a request that was not allowed
    quint64 modern = 0;           // MCP-path requests served by the 2026-07-28 rules
    quint64 legacy = 0;           // MCP-path requests of 2025-11-25 and earlier
    double requestsPerSecond = 0; // over the last second the runner sampled
};

} // namespace scopebench
