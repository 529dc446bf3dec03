#pragma once

#include "common/Result.h"
#include "decision/Decision.h"
#include "decision/RequestFacts.h"
#include "decision/TokenFacts.h"
#include "http/HttpRequest.h"
#include "mcp/EndpointSettings.h"
#include "observability/RequestRecord.h"
#include "policy/Policy.h"

#include <QHash>
#include <QObject>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>

namespace scopebench {

class CompiledPolicy;
class ConnectionServer;
class DecisionMemory;
class EndpointTally;
class McpProtocol;
class OriginGuard;
class RequestLog;
class ResponseSequencer;
class TokenLookup;

// The protected MCP endpoint (docs/endpoint.md) on the transport's HTTP/1.1 server
// (ConnectionServer). Every request to the MCP path goes
// through Decider::decide first, with introspection through the injected TokenLookup; denials are
// answered with the decision's response as it is. Lives in one thread: create, use and destroy it
// there (EndpointRunner gives it its own).
class McpEndpoint : public QObject {
    Q_OBJECT
public:
    // `lookup`, `log` and `tally` must outlive the endpoint; log and tally may be null.
    McpEndpoint(const EndpointSettings &settings, const Policy &policy, TokenLookup *lookup,
                RequestLog *log, EndpointTally *tally, QObject *parent = nullptr);
    ~McpEndpoint() override;

    // Binds settings.address:port; the policy's resource is fixed from then on (see resource()).
    Status listen();
    // A second listener on 127.0.0.1 (any port), with a small cap of its own, on the same
    // routes: for the endpoint's own calls to the built-in authorization server (introspection),
    // which must not be refused because clients filled the main listener's connection cap.
    // Its base URL. After listen().
    Result<QUrl> listenPrivately();
    static constexpr int privateConnections = 16;
    bool isListening() const;
    quint16 port() const;
    // http://HOST:PORT, where the listener is reachable.
    QUrl baseUrl() const;
    // The canonical resource URI, the MCP endpoint's URL and its metadata URL.
    QString resource() const;
    QUrl endpointUrl() const;
    QString metadataUrl() const;

    // Applies to requests that arrive from now on.
    void setPolicy(const Policy &policy);
    // Must outlive the endpoint (or be replaced first); null: every token lookup fails (503).
    void setTokenLookup(TokenLookup *lookup) { m_lookup = lookup; }
    // Where each logged decision on the MCP path is remembered under its log sequence number
    // (needs a log); must outlive the endpoint. Null (the default): nothing is remembered.
    void setDecisionMemory(DecisionMemory *memory) { m_memory = memory; }
    using RouteHandler = std::function<HttpResponse(const HttpRequest &)>;
    // Another exact path on the same listener, e.g. the built-in authorization server's. Its
    // answers keep their place among the responses of a connection and are logged as "public".
    // The MCP path and the metadata paths win over it. Call before listen() or on the endpoint's
    // thread. With `corsMethods` (e.g. "POST"), an allowed Origin may fetch() it: OPTIONS is
    // answered as a preflight for those methods and every answer carries the CORS headers.
    // Without (a page the browser navigates to), OPTIONS reaches the handler like any method
    // and no CORS header is added.
    void addRoute(const QString &path, RouteHandler handler,
                  const QByteArray &corsMethods = QByteArray());
    // A route whose answer may come later (e.g. the authorization endpoint fetching a client's
    // metadata document): `handler` gets the request and the function to answer with, to be
    // called once, on the endpoint's thread. The answer keeps its place among the connection's
    // responses; if the client has gone by then, it is dropped.
    using DeferredRouteHandler =
        std::function<void(const HttpRequest &, std::function<void(HttpResponse)> answer)>;
    void addDeferredRoute(const QString &path, DeferredRouteHandler handler,
                          const QByteArray &corsMethods = QByteArray());

    int openConnections() const;
    int liveSessions() const;
    qint64 queuedOutputBytes() const; // written, not yet taken by the clients
    int pendingResponses() const;
    // Drops every session and connection (the port stays bound until destruction).
    void shutdown();

Q_SIGNALS:
    void requestLogged(const scopebench::RequestRecord &record);

private:
    void onLimitHit(int status, const QString &why);
    struct Exchange;
    void handle(const HttpRequest &request, quint64 ticket);
    // `now`: the clock the decision was made with.
    void decided(const std::shared_ptr<Exchange> &ex, const Decision &decision,
                 const TokenKnowledge &knowledge, qint64 now);
    HttpResponse serve(Exchange &ex, const TokenFacts &facts);
    // The 403 for a present Origin that is not allowed or (on loopback) a Host that is not a
    // loopback name; nullopt when both pass.
    std::optional<HttpResponse> refusal(Exchange &ex) const;
    bool originsAllowed(const Exchange &ex) const;
    // OPTIONS on a path that browsers may fetch: a preflight when it has an Origin (already
    // allowed), else the plain answer with Allow.
    void options(Exchange &ex, const QByteArray &allow);
    HttpResponse metadata(const Exchange &ex) const;
    // A route's answer, with the OAuth error code (if any) as the record's reason.
    void routed(Exchange &ex, HttpResponse response);
    void respond(Exchange &ex, HttpResponse response, const QString &outcome);
    void compile(const Policy &policy);
    QString resolvedResource(const Policy &policy) const;

    EndpointSettings m_settings;
    Policy m_policy;
    std::shared_ptr<const CompiledPolicy> m_compiled;
    QByteArray m_policyFingerprint; // DecisionMemory::policyFingerprint(m_policy)
    TokenLookup *m_lookup;
    RequestLog *m_log;
    EndpointTally *m_tally;
    DecisionMemory *m_memory = nullptr;
    struct Route {
        RouteHandler handler; // one of the two
        DeferredRouteHandler deferred;
        QByteArray allow; // with OPTIONS; empty: no CORS
    };
    QHash<QString, Route> m_routes;
    std::unique_ptr<ResponseSequencer> m_sequencer;
    std::unique_ptr<ConnectionServer> m_tcp;
    std::unique_ptr<ConnectionServer> m_privateTcp;
    QUrl m_privateUrl;
    std::unique_ptr<McpProtocol> m_protocol;
    std::unique_ptr<OriginGuard> m_origins;
    // The paths as requests carry them (percent-encoded), compared byte for byte.
    QString m_path = QStringLiteral("/mcp");
    QByteArray m_pathBytes = QByteArrayLiteral("/mcp");
    QByteArray m_metadataPathBytes;
    QByteArray m_rootMetadataPathBytes = QByteArrayLiteral("/.well-known/oauth-protected-resource");
    bool m_listening = false;
};

} // namespace scopebench
