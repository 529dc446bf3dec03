#pragma once

#include "decision/CompiledPolicy.h"
#include "decision/TokenFacts.h"
#include "exampletools/Journal.h"
#include "http/HttpResponse.h"
#include "mcp/JsonRpcMessage.h"
#include "mcp/McpProtocol2026.h"
#include "mcp/SessionStore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

namespace scopebench {

// MCP over Streamable HTTP (2025-06-18 / 2025-11-25) for a request the decision allowed: one
// JSON-RPC message in, one HTTP response out. Sessions, version negotiation, ping, tools/list
// filtered by the token's scopes, tools/call on the example tools.
class McpProtocol {
public:
    struct Message {
        const JsonRpcMessage *rpc = nullptr; // the POST body, read
        QByteArray sessionId;                // Mcp-Session-Id, empty when absent
        QByteArray protocolVersion;          // MCP-Protocol-Version, empty when absent
        const TokenFacts *token = nullptr;
        const CompiledPolicy *policy = nullptr;
        qint64 nowMs = 0;
        // Served by the 2026-07-28 rules (McpProtocol2026::isModern); then `headers` is needed.
        bool modern = false;
        const HttpHeaders *headers = nullptr;
    };

    McpProtocol(int maxSessions, int sessionIdleSeconds, int maxSessionsPerPrincipal = 16);

    HttpResponse post(const Message &message);
    // DELETE: ends the session (204); 400 without a session id, 404 for an unknown one.
    HttpResponse endSession(const QByteArray &sessionId, const TokenFacts &token);

    SessionStore &sessions() { return m_sessions; }
    Journal &journal() { return m_journal; }

    // Newest first; the first is what an unknown requested version gets.
    static const QStringList &supportedVersions();
    // A JSON-RPC error response with its HTTP status.
    static HttpResponse rpcError(int httpStatus, const QJsonValue &id, int code,
                                 const QString &message);

private:
    HttpResponse dispatch(const Message &message, const SessionStore::Principal &principal);
    QJsonObject toolsList(const Message &message) const;

    SessionStore m_sessions;
    Journal m_journal;
    McpProtocol2026 m_modern{m_journal}; // the same journal in both eras
};

} // namespace scopebench
