#pragma once

#include "decision/CompiledPolicy.h"
#include "decision/TokenFacts.h"
#include "exampletools/Journal.h"
#include "http/HttpResponse.h"
#include "mcp/JsonRpcMessage.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace scopebench {

// MCP 2026-07-28 (the "modern" era of the specification's basic/versioning) over Streamable
// HTTP, for a request the decision allowed: stateless, no initialize and no sessions, the
// protocol version and client identity in every request's `_meta`, the standard request headers
// (MCP-Protocol-Version, Mcp-Method, Mcp-Name) checked against the body. The earlier
// ("legacy") era is McpProtocol; McpEndpoint chooses per request (docs/endpoint.md, "Two eras").
class McpProtocol2026 {
public:
    static QString version() { return QStringLiteral("2026-07-28"); }
    // Every version the endpoint serves, newest first: this one, then McpProtocol's.
    static QStringList allSupportedVersions();
    // The request belongs to this era: its MCP-Protocol-Version header names this revision, or
    // its body carries the per-request `_meta` protocol version (which only this era has).
    static bool isModern(const QByteArray &protocolVersionHeader, const JsonRpcMessage &body);
    // Decodes an Mcp-Name / Mcp-Param value: the `=?base64?…?=` sentinel form is Base64 of
    // UTF-8; anything else must be visible ASCII or space. nullopt: malformed.
    static std::optional<QString> decodeHeaderValue(const QByteArray &value);

    struct Message {
        const JsonRpcMessage *rpc = nullptr; // the POST body, read
        const HttpHeaders *headers = nullptr;
        const TokenFacts *token = nullptr;
        const CompiledPolicy *policy = nullptr;
        qint64 nowMs = 0;
    };

    explicit McpProtocol2026(Journal &journal)
        : m_journal(journal) {}
    HttpResponse post(const Message &message);
    // The 400 -32022 (UnsupportedProtocolVersionError) naming what is supported.
    static HttpResponse unsupportedVersion(const QJsonValue &id, const QString &requested);

    // How long a client may keep a tools/list answer: 0, because the list depends on the
    // token's scopes and a step-up changes them (docs/endpoint.md).
    static constexpr int toolsListTtlMs = 0;
    static constexpr int discoverTtlMs = 300000;

private:
    HttpResponse dispatch(const Message &message);
    Journal &m_journal;
};

} // namespace scopebench
