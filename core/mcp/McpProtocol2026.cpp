#include "mcp/McpProtocol2026.h"

#include "exampletools/ExampleTools.h"
#include "mcp/McpProtocol.h"

#include <QJsonArray>

namespace scopebench {

namespace {

const QString ProtocolVersionKey = QStringLiteral("io.modelcontextprotocol/protocolVersion");
const QString ServerInfoKey = QStringLiteral("io.modelcontextprotocol/serverInfo");
constexpr int HeaderMismatch = -32020;
constexpr int UnsupportedProtocolVersion = -32022;

QByteArray header(const HttpHeaders &headers, const char *name, int *count) {
    const QList<QByteArray> values = headerValues(headers, QByteArray(name));
    *count = int(values.size());
    return values.isEmpty() ? QByteArray() : values.first();
}

HttpResponse mismatch(const QJsonValue &id, const QString &what) {
    return McpProtocol::rpcError(400, id, HeaderMismatch,
                                 QStringLiteral("Header mismatch: ") + what);
}

// Every result of this era says it is complete (no input is required of the client).
HttpResponse result(const QJsonValue &id, QJsonObject r) {
    r.insert(QStringLiteral("resultType"), QStringLiteral("complete"));
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                               {QStringLiteral("id"), id},
                                               {QStringLiteral("result"), r}});
}

// The methods whose params the Mcp-Name header mirrors, and which field it mirrors.
QString nameSource(const QString &method) {
    if (method == QLatin1String("tools/call") || method == QLatin1String("prompts/get"))
        return QStringLiteral("name");
    if (method == QLatin1String("resources/read"))
        return QStringLiteral("uri");
    return QString();
}

} // namespace

QStringList McpProtocol2026::allSupportedVersions() {
    return QStringList{version()} + McpProtocol::supportedVersions();
}

bool McpProtocol2026::isModern(const QByteArray &protocolVersionHeader,
                               const JsonRpcMessage &body) {
    static const QByteArray header = version().toLatin1();
    return protocolVersionHeader == header || body.hasMetaProtocolVersion;
}

std::optional<QString> McpProtocol2026::decodeHeaderValue(const QByteArray &value) {
    static const QByteArray prefix = QByteArrayLiteral("=?base64?");
    static const QByteArray suffix = QByteArrayLiteral("?=");
    if (value.startsWith(prefix) && value.endsWith(suffix) &&
        value.size() >= prefix.size() + suffix.size()) {
        const QByteArray encoded =
            value.mid(prefix.size(), value.size() - prefix.size() - suffix.size());
        const auto decoded = QByteArray::fromBase64Encoding(
            encoded, QByteArray::Base64Encoding | QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded)
            return std::nullopt;
        const QString text = QString::fromUtf8(*decoded);
        // Not UTF-8: it cannot equal any JSON string of the body.
        if (text.toUtf8() != *decoded)
            return std::nullopt;
        return text;
    }
    for (const char c : value) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e)
            return std::nullopt;
    }
    return QString::fromLatin1(value);
}

HttpResponse McpProtocol2026::unsupportedVersion(const QJsonValue &id, const QString &requested) {
    return HttpResponse::json(
        400, QJsonObject{
                 {QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                 {QStringLiteral("id"), id},
                 {QStringLiteral("error"),
                  QJsonObject{
                      {QStringLiteral("code"), UnsupportedProtocolVersion},
                      {QStringLiteral("message"), QStringLiteral("Unsupported protocol version")},
                      {QStringLiteral("data"),
                       QJsonObject{{QStringLiteral("supported"),
                                    QJsonArray::fromStringList(allSupportedVersions())},
                                   {QStringLiteral("requested"), requested.left(40)}}}}}});
}

HttpResponse McpProtocol2026::post(const Message &message) {
    const JsonRpcMessage &rpc = *message.rpc;
    if (!rpc.isJson())
        return McpProtocol::rpcError(400, QJsonValue::Null, -32700,
                                     QStringLiteral("Parse error: ") +
                                         rpc.parseError.errorString());
    if (!rpc.isObject)
        return McpProtocol::rpcError(400, QJsonValue::Null, -32600,
                                     QStringLiteral("Invalid Request: one JSON-RPC object"));
    const bool hasId = rpc.hasId();
    if (!rpc.jsonrpc20 || !rpc.method.isString() || (hasId && !rpc.idIsValid()))
        // Clients send no JSON-RPC responses in this era.
        return McpProtocol::rpcError(400, rpc.replyId(), -32600,
                                     QStringLiteral("Invalid Request: not a JSON-RPC 2.0 request "
                                                    "or notification"));
    // A valid id when there is one (checked just above); null for a notification.
    const QJsonValue replyId = rpc.replyId();
    const HttpHeaders &headers = *message.headers;

    // The version: the header first (the supported-revision gate), then the body's `_meta`.
    int count = 0;
    const QByteArray versionHeader = header(headers, "MCP-Protocol-Version", &count);
    if (count > 1)
        return mismatch(replyId, QStringLiteral("MCP-Protocol-Version is repeated"));
    const QString &bodyVersion = rpc.metaProtocolVersion;
    if (count == 1 && !allSupportedVersions().contains(QString::fromLatin1(versionHeader)))
        return unsupportedVersion(replyId, QString::fromLatin1(versionHeader));
    if (count == 0 && hasId)
        return mismatch(replyId, QStringLiteral("MCP-Protocol-Version header is missing"));
    if (!hasId) {
        // Notifications need no headers (this revision defines none for them).
        HttpResponse accepted;
        accepted.status = 202;
        return accepted;
    }
    if (bodyVersion.isEmpty() || !rpc.params.isObject())
        return mismatch(replyId,
                        QStringLiteral("params._meta[\"%1\"] is missing").arg(ProtocolVersionKey));
    if (QString::fromLatin1(versionHeader) != bodyVersion)
        return mismatch(replyId, QStringLiteral("MCP-Protocol-Version does not match the body's "
                                                "protocol version"));
    if (bodyVersion != version())
        // A legacy version in `_meta`: that era has no per-request metadata.
        return unsupportedVersion(replyId, bodyVersion);

    const QString &methodName = rpc.methodName;
    const QByteArray methodHeader = header(headers, "Mcp-Method", &count);
    if (count != 1)
        return mismatch(replyId, count ? QStringLiteral("Mcp-Method is repeated")
                                       : QStringLiteral("Mcp-Method header is missing"));
    if (QString::fromLatin1(methodHeader) != methodName)
        return mismatch(replyId, QStringLiteral("Mcp-Method does not match the body's method"));
    const QString source = nameSource(methodName);
    const QByteArray nameHeader = header(headers, "Mcp-Name", &count);
    if (!source.isEmpty()) {
        if (count != 1)
            return mismatch(replyId, count ? QStringLiteral("Mcp-Name is repeated")
                                           : QStringLiteral("Mcp-Name header is missing"));
        const std::optional<QString> name = decodeHeaderValue(nameHeader);
        if (!name)
            return mismatch(replyId, QStringLiteral("Mcp-Name is malformed"));
        const QJsonValue bodyName = rpc.paramsObject.value(source);
        if (!bodyName.isString() || bodyName.toString() != *name)
            return mismatch(replyId,
                            QStringLiteral("Mcp-Name does not match params.%1").arg(source));
    }
    return dispatch(message);
}

HttpResponse McpProtocol2026::dispatch(const Message &message) {
    const JsonRpcMessage &rpc = *message.rpc;
    const QJsonValue &id = rpc.id;
    const QString &method = rpc.methodName;
    const QJsonObject &p = rpc.paramsObject;
    const CompiledPolicy &policy = *message.policy;

    if (method == QLatin1String("server/discover")) {
        const QJsonObject serverInfo{
            {QStringLiteral("name"), QStringLiteral("scopebench")},
            {QStringLiteral("title"), policy.policy().name},
            {QStringLiteral("version"), QStringLiteral(SCOPEBENCH_VERSION)}};
        // The same for every token: clients and shared caches may keep it.
        return result(
            id,
            QJsonObject{{QStringLiteral("supportedVersions"),
                         QJsonArray::fromStringList(allSupportedVersions())},
                        {QStringLiteral("capabilities"),
                         QJsonObject{{QStringLiteral("tools"),
                                      QJsonObject{{QStringLiteral("listChanged"), false}}}}},
                        {QStringLiteral("instructions"),
                         QStringLiteral("A journal protected by OAuth scopes: tools/list shows the "
                                        "tools your token may call.")},
                        {QStringLiteral("ttlMs"), discoverTtlMs},
                        {QStringLiteral("cacheScope"), QStringLiteral("public")},
                        {QStringLiteral("_meta"), QJsonObject{{ServerInfoKey, serverInfo}}}});
    }
    if (method == QLatin1String("tools/list")) {
        const CompiledPolicy::Bits bits = policy.effectiveBits(message.token->scopes);
        // In the catalogue's fixed order (as in the legacy era), so two answers for the same
        // scopes are byte for byte the same.
        QJsonArray tools;
        for (const auto &tool : ExampleTools::definitions()) {
            if (policy.toolAllowed(tool.name, bits))
                tools.append(tool.toJson());
        }
        // Filtered by the token's scopes: only this token's holder may reuse it.
        return result(id, QJsonObject{{QStringLiteral("tools"), tools},
                                      {QStringLiteral("ttlMs"), toolsListTtlMs},
                                      {QStringLiteral("cacheScope"), QStringLiteral("private")}});
    }
    if (method == QLatin1String("tools/call")) {
        const QJsonValue name = p.value(QStringLiteral("name"));
        if (!name.isString())
            return McpProtocol::rpcError(200, id, -32602,
                                         QStringLiteral("Invalid params: name is required"));
        const ExampleTools::Definition *tool = ExampleTools::find(name.toString());
        if (!tool || !policy.toolAllowed(tool->name, policy.effectiveBits(message.token->scopes)))
            return McpProtocol::rpcError(
                200, id, -32602, QStringLiteral("Unknown tool: %1").arg(name.toString().left(100)));
        const ExampleTools::Caller caller{message.token->sub, message.token->clientId,
                                          message.token->scopes};
        return result(id, ExampleTools::call(m_journal, *tool, p.value(QStringLiteral("arguments")),
                                             caller, message.nowMs / 1000));
    }
    // initialize and ping are not methods of this era (the legacy era answers them).
    HttpResponse r = McpProtocol::rpcError(
        404, id, -32601,
        method == QLatin1String("initialize")
            ? QStringLiteral("Method not found: initialize belongs to protocol versions %1; "
                             "this request names %2")
                  .arg(McpProtocol::supportedVersions().join(QStringLiteral(", ")), version())
            : QStringLiteral("Method not found: %1").arg(method.left(100)));
    return r;
}

} // namespace scopebench
