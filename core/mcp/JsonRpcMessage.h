#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace scopebench {

// A POST body as one JSON-RPC 2.0 message, parsed and read once. The endpoint needs its method
// and tool before the decision, the era's protocol the rest after it; each member is looked up
// here a single time, because a QJsonObject lookup or a QJsonValue comparison costs more than
// the decision's own bit operations (docs/performance.md). Nothing is judged
// here: a body that is not JSON, not an object or not JSON-RPC is read as far as it goes, and
// the protocols answer what is wrong with it.
struct JsonRpcMessage {
    QJsonParseError parseError{}; // NoError when the body is JSON
    bool isObject = false;        // one JSON object, as a message must be
    bool isArray = false;         // a batch, which neither era supports
    QJsonObject object;           // empty unless the body is a JSON object

    QJsonValue id;            // Undefined when absent
    bool jsonrpc20 = false;   // "jsonrpc" is the string "2.0"
    QJsonValue method;        // as sent; a string in a well-formed request or notification
    QString methodName;       // method as a string, empty when it is not one
    QJsonValue params;        // Undefined when absent
    QJsonObject paramsObject; // params when it is an object, else empty
    // params._meta["io.modelcontextprotocol/protocolVersion"]: whether it is there (whatever
    // its value; only the 2026-07-28 era carries it, McpProtocol2026::isModern), and as a
    // string, empty when it is not one.
    bool hasMetaProtocolVersion = false;
    QString metaProtocolVersion;

    static JsonRpcMessage read(const QByteArray &body);

    bool isJson() const { return parseError.error == QJsonParseError::NoError; }
    // "id" is present, whatever its type.
    bool hasId() const { return !id.isUndefined(); }
    // A request's id must be a string or a number (JSON-RPC 2.0 §4; null is not accepted).
    bool idIsValid() const { return id.isString() || id.isDouble(); }
    // The id to answer with: the request's when it is valid, otherwise null.
    QJsonValue replyId() const { return idIsValid() ? id : QJsonValue(QJsonValue::Null); }
    // "result" or "error" is present: a response, which only the legacy era accepts.
    bool hasResultOrError() const;
    // params.name when it is a string (the tool of a tools/call), else empty.
    QString paramsName() const;
};

} // namespace scopebench
