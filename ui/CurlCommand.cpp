#include "CurlCommand.h"

namespace scopebench {

namespace {

QString shellQuoted(const QString &text) {
    QString quoted = text;
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}

} // namespace

QString CurlCommand::build(const QString &endpointUrl, const QString &tool) {
    QString body;
    if (tool.isEmpty()) {
        body = QStringLiteral("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                              "{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},"
                              "\"clientInfo\":{\"name\":\"curl\",\"version\":\"1\"}}}");
    } else {
        QString name = tool;
        name.replace(u'\\', QStringLiteral("\\\\")).replace(u'"', QStringLiteral("\\\""));
        body = QStringLiteral("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\","
                              "\"params\":{\"name\":\"") +
               name + QStringLiteral("\",\"arguments\":{}}}");
    }
    return QStringLiteral("curl -i -X POST ") + shellQuoted(endpointUrl) +
           QStringLiteral(" \\\n  -H \"Authorization: Bearer $TOKEN\""
                          " \\\n  -H 'Content-Type: application/json'"
                          " \\\n  -H 'Accept: application/json, text/event-stream'"
                          " \\\n  --data ") +
           shellQuoted(body);
}

} // namespace scopebench
