#include "http/CurlCommand.h"

#include <QRegularExpression>

namespace scopebench {

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
    return QStringLiteral("curl -i -X POST ") + shellQuote(endpointUrl) +
           QStringLiteral(" \\\n  -H \"Authorization: Bearer $TOKEN\""
                          " \\\n  -H 'Content-Type: application/json'"
                          " \\\n  -H 'Accept: application/json, text/event-stream'"
                          " \\\n  --data ") +
           shellQuote(body);
}

QString CurlCommand::mintToken(const QString &tokenEndpoint, const QString &clientId,
                               const Secret &secret, const QString &scope,
                               const QString &resource) {
    const QString credentials =
        secret.variable.isEmpty()
            ? shellQuote(clientId + QLatin1Char(':') + secret.value)
            : shellQuote(clientId + QLatin1Char(':')) + shellVariable(secret.variable);
    return QStringLiteral("curl -s -u ") + credentials +
           QStringLiteral(" -d grant_type=client_credentials --data-urlencode ") +
           shellQuote(QStringLiteral("scope=") + scope) + QStringLiteral(" --data-urlencode ") +
           shellQuote(QStringLiteral("resource=") + resource) + QLatin1Char(' ') + tokenEndpoint;
}

QString CurlCommand::shellQuote(const QString &text) {
    QString quoted = text;
    quoted.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + quoted + u'\'';
}

QString CurlCommand::shellVariable(const QString &name) {
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return valid.match(name).hasMatch() ? QStringLiteral("\"$") + name + QLatin1Char('"')
                                        : QStringLiteral("'<secret>'");
}

} // namespace scopebench
