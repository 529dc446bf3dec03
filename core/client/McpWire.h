#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

namespace scopebench {

// The era of the MCP specification a session speaks (docs/probe.md).
enum class McpEra {
    Initialize, // 2025-06-18, 2025-11-25: initialize + notifications/initialized, sessions
    Stateless,  // 2026-07-28: no initialize, no sessions, _meta and Mcp-Method/Mcp-Name headers
};

// What the client puts on the wire for MCP and reads back: pure functions.
class McpWire {
public:
    struct SseEvent {
        QByteArray event; // "message" when absent
        QByteArray data;  // data lines joined with '\n'
        QByteArray id;
    };
    // The complete events in `stream` (an event ends at a blank line; CRLF, LF or CR line
    // ends; comment lines ignored). An incomplete trailing event is not returned.
    static QList<SseEvent> parseEvents(const QByteArray &stream);
    // The JSON-RPC response with this id among the stream's events, if it has arrived.
    static std::optional<QJsonObject> responseInStream(const QByteArray &stream,
                                                       const QJsonValue &id);

    // The header value for Mcp-Name / Mcp-Param-*: as is when plain visible ASCII without
    // leading or trailing white space, else =?base64?...?= (2026-07-28 "Value Encoding").
    static QByteArray headerValue(const QString &value);
    // The Mcp-Name source: params.name, else params.uri; empty when the method has none.
    static QString nameFor(const QString &method, const QJsonObject &params);
};

} // namespace scopebench
