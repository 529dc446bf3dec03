#pragma once

// What the GUI tests send to a running endpoint: an MCP initialize, POSTed as the SDK does.

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>

namespace scopebench::fixtures {

inline QByteArray initializeBody() {
    return QByteArrayLiteral(
        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
        "\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}"
        "}");
}

// The HTTP status; -1 when no answer came within ten seconds. `authorization` empty: no header.
inline int postMcp(QNetworkAccessManager &network, const QUrl &url, const QString &authorization,
                   const QByteArray &body = initializeBody()) {
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json, text/event-stream");
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization.toUtf8());
    QNetworkReply *reply = network.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    const int status = finished.wait(10000)
                           ? reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt()
                           : -1;
    reply->deleteLater();
    return status;
}

} // namespace scopebench::fixtures
