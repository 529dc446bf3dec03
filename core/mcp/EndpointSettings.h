#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>

namespace scopebench {

// How the MCP endpoint listens and what it tolerates (docs/endpoint.md). Plain data.
struct EndpointSettings {
    QHostAddress address = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 8787; // 0: any free port
    // The canonical resource URI; empty: the policy's, else http://HOST:PORT/mcp.
    QString resource;
    // Origins allowed besides http(s) on localhost, 127.0.0.1 and [::1] (exact, e.g.
    // "https://app.example").
    QStringList extraAllowedOrigins;

    qint64 maxBodyBytes = 1024 * 1024;
    int maxHeaderFields = 100;
    int maxHeaderBytes = 64 * 1024;
    int idleTimeoutMs = 30000;
    int headTimeoutMs = 10000;                 // the whole request head
    qint64 maxQueuedOutputBytes = 1024 * 1024; // per connection, then reading pauses
    int maxPipelinedRequests = 32;             // in flight per connection, then reading pauses
    int maxConnections = 1024;                 // lowered to what the file descriptors allow
    int maxSessions = 1000;
    int maxSessionsPerPrincipal = 16; // its oldest is replaced past this
    int sessionIdleSeconds = 3600;
    int logCapacity = 10000;
};

} // namespace scopebench
