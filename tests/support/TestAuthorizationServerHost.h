#pragma once

#include "authserver/TestAuthorizationServer.h"
#include "common/Result.h"

#include <QHostAddress>
#include <QObject>
#include <QUrl>

#include <memory>

namespace scopebench {

class ConnectionServer;
class ResponseSequencer;

// The test authorization server on a listener of its own, for tests, the interop test and any
// tool that needs it without the MCP endpoint. Its issuer is set to the address it listens on.
class TestAuthorizationServerHost : public QObject {
    Q_OBJECT
public:
    // How a route that may answer later (Route::deferred) is served: as such, or, to test a door
    // that cannot wait, through its immediate handler only.
    enum class Answers { Later, Immediately };
    explicit TestAuthorizationServerHost(TestAuthorizationServer::Settings settings,
                                         QObject *parent = nullptr,
                                         Answers answers = Answers::Later);
    ~TestAuthorizationServerHost() override;

    // Binds only `address` (port 0: any free port) and returns the issuer URL.
    Result<QUrl> listen(const QHostAddress &address = QHostAddress(QHostAddress::LocalHost),
                        quint16 port = 0);
    TestAuthorizationServer *authorizationServer() const { return m_server; }
    quint16 port() const;

private:
    TestAuthorizationServer *m_server;
    Answers m_answers;
    std::unique_ptr<ResponseSequencer> m_sequencer;
    std::unique_ptr<ConnectionServer> m_tcp;
};

} // namespace scopebench
