// The floor of the load harness: bare QHttpServer (as the endpoint uses it: our own QTcpServer,
// one handler taking the responder) answering a static 403. Prints the port it listens on.
#include <QCoreApplication>
#include <QHttpServer>
#include <QHttpServerResponder>
#include <QTcpServer>

#include <cstdio>

int main(int argc, char **argv) {
    QCoreApplication app(argc, argv);
    QHttpServer server;
    auto handler = [](const QHttpServerRequest &, QHttpServerResponder &&responder) {
        responder.write(QByteArrayLiteral("{\"error\":\"insufficient_scope\"}"),
                        QByteArrayLiteral("application/json"),
                        QHttpServerResponder::StatusCode::Forbidden);
    };
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    server.setMissingHandler(
        &app, [handler](const QHttpServerRequest &request, QHttpServerResponder &responder) {
            handler(request, std::move(responder));
        });
#else
    server.setMissingHandler(handler);
#endif
    auto *tcp = new QTcpServer;
    if (!tcp->listen(QHostAddress::LocalHost, 0))
        return 1;
    server.bind(tcp);
    std::printf("PORT %d\n", int(tcp->serverPort()));
    std::fflush(stdout);
    return app.exec();
}
