// JSON-RPC dispatch (McpProtocol::post) for an allowed request: any body, with or without a
// session, against the bundled example policy's catalog.
#include "decision/CompiledPolicy.h"
#include "decision/TokenFacts.h"
#include "mcp/McpProtocol.h"
#include "policy/PolicyFile.h"

#include <cstdint>
#include <cstdlib>

using namespace scopebench;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    // The bundled example (its path is compiled in).
    static const Result<Policy> policy =
        PolicyFile::load(QStringLiteral(SCOPEBENCH_EXAMPLE_POLICY));
    if (!policy.ok())
        abort();
    static const CompiledPolicy compiled(policy.ok() ? policy.value() : Policy(),
                                         QStringLiteral("http://127.0.0.1:8787/mcp"));
    static McpProtocol protocol(50, 3600, 4);
    static QByteArray session;
    TokenFacts token;
    token.active = true;
    token.sub = QStringLiteral("fuzz");
    token.clientId = QStringLiteral("fuzz");
    token.scopes = QStringList{QStringLiteral("entries:read"), QStringLiteral("entries:write"),
                               QStringLiteral("user:read")};

    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const JsonRpcMessage rpc = JsonRpcMessage::read(body);
    McpProtocol::Message m;
    m.rpc = &rpc;
    m.sessionId = size % 2 ? session : QByteArray();
    m.token = &token;
    m.policy = &compiled;
    m.nowMs = 1764000000000;
    const HttpResponse r = protocol.post(m);
    if (r.status < 200 || r.status > 599)
        abort();
    const QByteArray id = r.header(QByteArrayLiteral("Mcp-Session-Id"));
    if (!id.isEmpty())
        session = id;
    return 0;
}
