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
    int maxConnections = 1024;
    int maxSessions = 1000;
    int sessionIdleSeconds = 3600;
    int logCapacity = 10000;
};

} // namespace scopebench
