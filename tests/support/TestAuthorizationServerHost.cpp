#include "TestAuthorizationServerHost.h"

#include <QHttpServer>
#include <QTcpServer>

namespace scopebench {

TestAuthorizationServerHost::TestAuthorizationServerHost(TestAuthorizationServer::Settings settings,
                                                         QObject *parent)
    : QObject(parent)
    , m_server(new TestAuthorizationServer(std::move(settings), this))
    , m_http(std::make_unique<QHttpServer>()) {
    m_server->addRoutes(*m_http);
}

TestAuthorizationServerHost::~TestAuthorizationServerHost() {
    m_http.reset(); // before the routes' target goes
}

Result<QUrl> TestAuthorizationServerHost::listen(const QHostAddress &address, quint16 port) {
    auto *tcp = new QTcpServer(m_http.get()); // QHttpServer::bind() would adopt it anyway
    if (!tcp->listen(address, port)) {
        const QString why = tcp->errorString();
        delete tcp;
        return Error{QStringLiteral("cannot listen: %1").arg(why),
                     QStringLiteral("%1:%2").arg(address.toString()).arg(port)};
    }
    m_http->bind(tcp);
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QStringLiteral("[%1]").arg(address.toString())
                             : address.toString();
    const QString issuer = QStringLiteral("http://%1:%2").arg(host).arg(tcp->serverPort());
    m_server->setIssuer(issuer);
    return QUrl(issuer);
}

quint16 TestAuthorizationServerHost::port() const {
    const auto servers = m_http->servers();
    return servers.isEmpty() ? 0 : servers.constFirst()->serverPort();
}

} // namespace scopebench
