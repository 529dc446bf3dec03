#include "mcp/McpProtocol.h"

#include "http/HttpVocabulary.h"

#include "exampletools/ExampleTools.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <limits>

namespace scopebench {

namespace {

const QByteArray SessionHeader = QByteArrayLiteral("Mcp-Session-Id");

// An id as JSON text. Clients number their requests, and an integer is written as QJsonDocument
// would write it without building one; anything else (a string, a fraction) goes through it.
QByteArray idJson(const QJsonValue &id) {
    if (id.isDouble()) {
        constexpr qint64 none = std::numeric_limits<qint64>::min(); // goes the long way
        if (const qint64 n = id.toInteger(none); n != none)
            return QByteArray::number(n);
    }
    const QByteArray array = QJsonDocument(QJsonArray{id}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

// The envelope is written by hand around the serialized result: QJsonDocument would copy and
// serialize the whole result object once more.
HttpResponse rpcResult(const QJsonValue &id, const QByteArray &resultJson) {
    HttpResponse r;
    r.headers.append({QByteArray(HeaderName::ContentType), QByteArray(ContentType::Json)});
    const QByteArray idText = idJson(id);
    r.body.reserve(resultJson.size() + idText.size() + 40);
    r.body += QByteArrayLiteral("{\"jsonrpc\":\"2.0\",\"id\":") + idText +
              QByteArrayLiteral(",\"result\":") + resultJson + '}';
    return r;
}

HttpResponse rpcResult(const QJsonValue &id, const QJsonObject &result) {
    return rpcResult(id, QJsonDocument(result).toJson(QJsonDocument::Compact));
}

HttpResponse accepted() {
    HttpResponse r;
    r.status = 202;
    return r;
}

SessionStore::Principal principalOf(const TokenFacts &token) {
    return SessionStore::Principal{token.sub, token.clientId};
}

} // namespace

McpProtocol::McpProtocol(int maxSessions, int sessionIdleSeconds, int maxSessionsPerPrincipal)
    : m_sessions(maxSessions, sessionIdleSeconds, maxSessionsPerPrincipal) {}

const QStringList &McpProtocol::supportedVersions() {
    static const QStringList versions = {QStringLiteral("2025-11-25"), QStringLiteral("2025-06-18"),
                                         QStringLiteral("2025-03-26")};
    return versions;
}

HttpResponse McpProtocol::rpcError(int httpStatus, const QJsonValue &id, int code,
                                   const QString &message) {
    return HttpResponse::json(
        httpStatus,
        QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                    {QStringLiteral("id"), id},
                    {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), code},
                                                          {QStringLiteral("message"), message}}}});
}

HttpResponse McpProtocol::post(const Message &message) {
    if (message.modern) {
        McpProtocol2026::Message m;
        m.rpc = message.rpc;
        m.headers = message.headers;
        m.token = message.token;
        m.policy = message.policy;
        m.nowMs = message.nowMs;
        return m_modern.post(m);
    }
    const JsonRpcMessage &rpc = *message.rpc;
    if (!rpc.isJson())
        return rpcError(400, QJsonValue::Null, -32700,
                        QStringLiteral("Parse error: ") + rpc.parseError.errorString());
    if (rpc.isArray)
        return rpcError(400, QJsonValue::Null, -32600,
                        QStringLiteral("Invalid Request: batches are not supported"));
    const QJsonValue &id = rpc.id;
    if (!rpc.jsonrpc20)
        return rpcError(400, rpc.replyId(), -32600,
                        QStringLiteral("Invalid Request: jsonrpc must be \"2.0\""));

    const bool isRequest = rpc.method.isString() && rpc.hasId();
    const bool isNotification = rpc.method.isString() && !rpc.hasId();
    const bool isResponse = rpc.method.isUndefined() && rpc.idIsValid() && rpc.hasResultOrError();
    if ((!isRequest && !isNotification && !isResponse) || (isRequest && !rpc.idIsValid()))
        return rpcError(400, rpc.replyId(), -32600,
                        QStringLiteral("Invalid Request: not a JSON-RPC 2.0 message"));

    const bool initialize = isRequest && rpc.methodName == QLatin1String("initialize");
    if (!initialize && !message.protocolVersion.isEmpty() &&
        !supportedVersions().contains(QString::fromLatin1(message.protocolVersion)))
        // The 2026-07-28 error (400 as before), so a client of either era recognizes it.
        return McpProtocol2026::unsupportedVersion(isRequest ? id : QJsonValue::Null,
                                                   QString::fromLatin1(message.protocolVersion));
    const SessionStore::Principal principal = principalOf(*message.token);
    if (!initialize) {
        if (message.sessionId.isEmpty())
            return rpcError(400, isRequest ? id : QJsonValue::Null, -32000,
                            QStringLiteral("Bad Request: Mcp-Session-Id header is required"));
        if (!m_sessions.find(message.sessionId, principal, message.nowMs))
            return rpcError(404, isRequest ? id : QJsonValue::Null, -32001,
                            QStringLiteral("Session not found"));
    }
    if (!isRequest)
        return accepted();
    return dispatch(message, principal);
}

HttpResponse McpProtocol::dispatch(const Message &message,
                                   const SessionStore::Principal &principal) {
    const JsonRpcMessage &rpc = *message.rpc;
    const QJsonValue &id = rpc.id;
    const QString &method = rpc.methodName;
    if (!rpc.params.isUndefined() && !rpc.params.isObject())
        return rpcError(200, id, -32602, QStringLiteral("Invalid params: must be an object"));
    const QJsonObject &p = rpc.paramsObject;

    if (method == QLatin1String("initialize")) {
        const QString asked = p.value(QStringLiteral("protocolVersion")).toString();
        const QString version =
            supportedVersions().contains(asked) ? asked : supportedVersions().first();
        const QByteArray session = m_sessions.create(principal, version, message.nowMs);
        if (session.isEmpty()) {
            HttpResponse r = rpcError(503, id, -32000,
                                      QStringLiteral("Too many live sessions; try again later"));
            r.headers.append({QByteArrayLiteral("Retry-After"), QByteArrayLiteral("5")});
            return r;
        }
        const QJsonObject result{
            {QStringLiteral("protocolVersion"), version},
            {QStringLiteral("capabilities"),
             QJsonObject{
                 {QStringLiteral("tools"), QJsonObject{{QStringLiteral("listChanged"), false}}}}},
            {QStringLiteral("serverInfo"),
             QJsonObject{{QStringLiteral("name"), QStringLiteral("scopebench")},
                         {QStringLiteral("title"), message.policy->policy().name},
                         {QStringLiteral("version"), QStringLiteral(SCOPEBENCH_VERSION)}}},
            {QStringLiteral("instructions"),
             QStringLiteral("A journal protected by OAuth scopes: tools/list shows the tools "
                            "your token may call.")}};
        HttpResponse r = rpcResult(id, result);
        r.headers.append({SessionHeader, session});
        return r;
    }
    if (method == QLatin1String("ping"))
        return rpcResult(id, QJsonObject());
    if (method == QLatin1String("tools/list"))
        return rpcResult(id, toolsList(message));
    if (method == QLatin1String("tools/call")) {
        const QJsonValue name = p.value(QStringLiteral("name"));
        if (!name.isString())
            return rpcError(200, id, -32602, QStringLiteral("Invalid params: name is required"));
        const ExampleTools::Definition *tool = ExampleTools::find(name.toString());
        const CompiledPolicy &policy = *message.policy;
        // The decision has allowed the call (step 10); a tool it does not know of is refused.
        if (!tool || !policy.toolAllowed(tool->name, policy.effectiveBits(message.token->scopes)))
            return rpcError(200, id, -32602,
                            QStringLiteral("Unknown tool: %1").arg(name.toString().left(100)));
        const ExampleTools::Caller caller{message.token->sub, message.token->clientId,
                                          message.token->scopes};
        return rpcResult(id, ExampleTools::callJson(m_journal, *tool,
                                                    p.value(QStringLiteral("arguments")), caller,
                                                    message.nowMs / 1000));
    }
    return rpcError(200, id, -32601, QStringLiteral("Method not found: %1").arg(method.left(100)));
}

QJsonObject McpProtocol::toolsList(const Message &message) const {
    const CompiledPolicy &policy = *message.policy;
    const CompiledPolicy::Bits bits = policy.effectiveBits(message.token->scopes);
    QJsonArray tools;
    for (const auto &tool : ExampleTools::definitions()) {
        if (policy.toolAllowed(tool.name, bits))
            tools.append(tool.toJson());
    }
    return QJsonObject{{QStringLiteral("tools"), tools}};
}

HttpResponse McpProtocol::endSession(const QByteArray &sessionId, const TokenFacts &token) {
    if (sessionId.isEmpty())
        return rpcError(400, QJsonValue::Null, -32000,
                        QStringLiteral("Bad Request: Mcp-Session-Id header is required"));
    if (!m_sessions.remove(sessionId, principalOf(token)))
        return rpcError(404, QJsonValue::Null, -32001, QStringLiteral("Session not found"));
    HttpResponse r;
    r.status = 204;
    return r;
}

} // namespace scopebench
