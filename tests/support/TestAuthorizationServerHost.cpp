#include "TestAuthorizationServerHost.h"

#include "transport/ConnectionServer.h"
#include "transport/ResponseSequencer.h"

#include <QPointer>

namespace scopebench {

TestAuthorizationServerHost::TestAuthorizationServerHost(TestAuthorizationServer::Settings settings,
                                                         QObject *parent, Answers answers)
    : QObject(parent)
    , m_server(new TestAuthorizationServer(std::move(settings), this))
    , m_answers(answers)
    , m_sequencer(std::make_unique<ResponseSequencer>()) {}

TestAuthorizationServerHost::~TestAuthorizationServerHost() {
    m_tcp.reset(); // its sockets before the sequencer that queues for them
}

Result<QUrl> TestAuthorizationServerHost::listen(const QHostAddress &address, quint16 port) {
    // Exact paths, as the MCP endpoint mounts them; everything else is 404.
    QHash<QByteArray, TestAuthorizationServer::Route> routes;
    const auto all = m_server->routes();
    for (const auto &route : all)
        routes.insert(route.path.toLatin1(), route);
    auto tcp = std::make_unique<ConnectionServer>(
        ConnectionServer::Limits(), m_sequencer.get(),
        [this, routes](const HttpRequest &request, quint64 ticket) {
            const auto route = routes.constFind(request.path().toByteArray());
            if (route == routes.constEnd())
                return m_sequencer->complete(
                    ticket, HttpResponse::jsonError(404, QStringLiteral("not_found"),
                                                    QStringLiteral("no such route")));
            if (route->deferred && m_answers == Answers::Later) {
                const QPointer<ResponseSequencer> sequencer(m_sequencer.get());
                return route->deferred(request, [sequencer, ticket](const HttpResponse &r) {
                    if (sequencer)
                        sequencer->complete(ticket, r); // nothing if the client has gone
                });
            }
            m_sequencer->complete(ticket, route->handler(request));
        });
    if (!tcp->listen(address, port)) {
        return Error{QStringLiteral("cannot listen: %1").arg(tcp->errorString()),
                     QStringLiteral("%1:%2").arg(address.toString()).arg(port)};
    }
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QStringLiteral("[%1]").arg(address.toString())
                             : address.toString();
    const QString issuer = QStringLiteral("http://%1:%2").arg(host).arg(tcp->serverPort());
    m_server->setIssuer(issuer);
    m_tcp = std::move(tcp);
    return QUrl(issuer);
}

quint16 TestAuthorizationServerHost::port() const {
    return m_tcp ? m_tcp->serverPort() : 0;
}

} // namespace scopebench
