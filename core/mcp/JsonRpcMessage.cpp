#include "mcp/JsonRpcMessage.h"

namespace scopebench {

namespace {
// The key of the 2026-07-28 era's per-request protocol version in params._meta.
constexpr QLatin1StringView ProtocolVersionKey("io.modelcontextprotocol/protocolVersion");
} // namespace

JsonRpcMessage JsonRpcMessage::read(const QByteArray &body) {
    JsonRpcMessage m;
    const QJsonDocument document = QJsonDocument::fromJson(body, &m.parseError);
    m.isArray = document.isArray();
    m.isObject = document.isObject();
    if (!m.isObject)
        return m;
    m.object = document.object();
    m.id = m.object.value(QLatin1StringView("id"));
    const QJsonValue jsonrpc = m.object.value(QLatin1StringView("jsonrpc"));
    m.jsonrpc20 = jsonrpc.isString() && jsonrpc.toString() == QLatin1StringView("2.0");
    m.method = m.object.value(QLatin1StringView("method"));
    m.methodName = m.method.toString();
    m.params = m.object.value(QLatin1StringView("params"));
    m.paramsObject = m.params.toObject();
    const QJsonValue meta = m.paramsObject.value(QLatin1StringView("_meta"));
    if (meta.isObject()) {
        const QJsonValue version = meta.toObject().value(ProtocolVersionKey);
        m.hasMetaProtocolVersion = !version.isUndefined();
        m.metaProtocolVersion = version.toString();
    }
    return m;
}

bool JsonRpcMessage::hasResultOrError() const {
    return object.contains(QLatin1StringView("result")) ||
           object.contains(QLatin1StringView("error"));
}

QString JsonRpcMessage::paramsName() const {
    return paramsObject.value(QLatin1StringView("name")).toString();
}

} // namespace scopebench
