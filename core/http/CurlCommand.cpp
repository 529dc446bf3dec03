#include "http/CurlCommand.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace scopebench {

namespace {

// The value of an Mcp-Name header (MCP 2026-07-28, Streamable HTTP "Value Encoding"): as it is
// when it is visible ASCII without blanks at either end and not itself sentinel-shaped, else
// Base64 of its UTF-8 between "=?base64?" and "?=".
QString mcpNameValue(const QString &name) {
    bool plain =
        !name.isEmpty() && !name.startsWith(u' ') && !name.endsWith(u' ') &&
        !(name.startsWith(QLatin1String("=?base64?")) && name.endsWith(QLatin1String("?=")));
    for (const QChar c : name)
        plain = plain && c.unicode() >= 0x20 && c.unicode() <= 0x7e;
    return plain ? name
                 : QStringLiteral("=?base64?") + QString::fromLatin1(name.toUtf8().toBase64()) +
                       QStringLiteral("?=");
}

} // namespace

QString CurlCommand::build(const QString &endpointUrl, const QString &tool) {
    // MCP 2026-07-28: one request stands alone (no initialize, no session), carrying the
    // protocol version in its headers and in its _meta, and the method (and the tool) in
    // Mcp-Method / Mcp-Name, which the server checks against the body.
    const QString method =
        tool.isEmpty() ? QStringLiteral("server/discover") : QStringLiteral("tools/call");
    QJsonObject params{
        {QStringLiteral("_meta"),
         QJsonObject{
             {QStringLiteral("io.modelcontextprotocol/protocolVersion"), protocolVersion()},
             {QStringLiteral("io.modelcontextprotocol/clientInfo"),
              QJsonObject{{QStringLiteral("name"), QStringLiteral("curl")},
                          {QStringLiteral("version"), QStringLiteral("1")}}},
             {QStringLiteral("io.modelcontextprotocol/clientCapabilities"), QJsonObject()}}}};
    if (!tool.isEmpty()) {
        params.insert(QStringLiteral("name"), tool);
        params.insert(QStringLiteral("arguments"), QJsonObject());
    }
    const QJsonObject message{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                              {QStringLiteral("id"), 1},
                              {QStringLiteral("method"), method},
                              {QStringLiteral("params"), params}};
    const QString body = QString::fromUtf8(QJsonDocument(message).toJson(QJsonDocument::Compact));
    QString command = QStringLiteral("curl -i -X POST ") + shellQuote(endpointUrl) +
                      QStringLiteral(" \\\n  -H \"Authorization: Bearer $TOKEN\""
                                     " \\\n  -H 'Content-Type: application/json'"
                                     " \\\n  -H 'Accept: application/json, text/event-stream'"
                                     " \\\n  -H ") +
                      shellQuote(QStringLiteral("MCP-Protocol-Version: ") + protocolVersion()) +
                      QStringLiteral(" \\\n  -H ") +
                      shellQuote(QStringLiteral("Mcp-Method: ") + method);
    if (!tool.isEmpty())
        command += QStringLiteral(" \\\n  -H ") +
                   shellQuote(QStringLiteral("Mcp-Name: ") + mcpNameValue(tool));
    return command + QStringLiteral(" \\\n  --data ") + shellQuote(body);
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
