#pragma once

#include "authserver/IssuedToken.h"
#include "common/Result.h"
#include "introspection/IntrospectionSettings.h"
#include "mcp/DecisionMemory.h"
#include "mcp/EndpointAddresses.h"
#include "observability/EndpointCounters.h"
#include "observability/RequestRecord.h"
#include "policy/Policy.h"

#include <QObject>

#include <optional>

namespace scopebench {

// Whether the user agreed, for this one start, to listen where other machines can connect: the
// built-in test authorization server registers any client and mints tokens for any caller.
enum class NetworkExposure { LoopbackOnly, Confirmed };

struct MintRequest {
    QStringList scopes;
    int lifetimeSeconds = 3600;
    QString audience;
};

// The server panel's seam to the embedded MCP endpoint, which runs off the GUI thread.
class ServerBackend : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    virtual bool isRunning() const = 0;
    // `port` 0 picks a free one; endpoints() tells which. Starting may finish later:
    // runningChanged(true) or failed() follows. An error returned here is immediate.
    // `introspection`: an external RFC 7662 server to ask instead of the built-in test
    // authorization server (which then does not run); its secret stays in memory.
    // A host other than a loopback address is refused unless `exposure` is Confirmed.
    virtual Status start(const QString &host, quint16 port, const Policy &policy,
                         const std::optional<IntrospectionSettings> &introspection,
                         NetworkExposure exposure) = 0;
    virtual void stop() = 0;
    // The built-in test server's access tokens from the next start (docs/jwt-verification.md);
    // a backend without the built-in server ignores it.
    virtual void setTestTokenFormat(AccessTokenFormat format) { Q_UNUSED(format) }
    // Applies to requests that arrive from now on.
    virtual void setPolicy(const Policy &policy) = 0;
    // Where the running endpoint answers, and the built-in test client (its secret stays in
    // memory); empty when not running.
    virtual EndpointAddresses endpoints() const = 0;
    virtual EndpointCounters counters() const = 0;
    // From the next start: ask the introspection endpoint on every request rather than trust a
    // cached active answer for up to 60 s, the window in which a revoked token still passes
    // (docs/introspection-and-test-authorization-server.md).
    void setIntrospectEveryRequest(bool every) { m_introspectEveryRequest = every; }
    bool introspectEveryRequest() const { return m_introspectEveryRequest; }
    // A token from the built-in test authorization server; its value goes to the token panel only.
    virtual Result<QString> mintToken(const MintRequest &request) = 0;
    // What the endpoint decided a logged request (RequestRecord::sequence) with, in memory only
    // and never the token; nullopt for a request no decision saw (metadata, the authorization
    // server, one refused before the checks), one no longer remembered, and a backend that
    // keeps nothing.
    virtual std::optional<RememberedDecision> rememberedDecision(quint64 sequence) const {
        Q_UNUSED(sequence)
        return std::nullopt;
    }
    // The log was cleared: what was remembered for it goes too.
    virtual void forgetDecisions() {}

Q_SIGNALS:
    void runningChanged(bool running);
    void failed(const QString &reason);
    void requestLogged(const scopebench::RequestRecord &record);

private:
    bool m_introspectEveryRequest = false;
};

} // namespace scopebench
