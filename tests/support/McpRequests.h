#pragma once

// What tests send to a running endpoint over QNetworkAccessManager: an MCP initialize (or any
// body), POSTed as the SDK does.

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

// What came back for one POST: the status (-1 when no answer came within ten seconds), the
// WWW-Authenticate challenge and the body.
struct McpAnswer {
    int status = -1;
    QByteArray challenge;
    QByteArray body;
};

// POSTs `body` to `url` as an MCP client does. `authorization` empty: no header; `extra`: more
// header fields.
inline McpAnswer exchangeMcp(QNetworkAccessManager &network, const QUrl &url,
                             const QString &authorization,
                             const QByteArray &body = initializeBody(),
                             const QList<QPair<QByteArray, QByteArray>> &extra = {}) {
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json, text/event-stream");
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization.toUtf8());
    for (const auto &field : extra)
        request.setRawHeader(field.first, field.second);
    QNetworkReply *reply = network.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    McpAnswer a;
    if (finished.wait(10000)) {
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.challenge = reply->rawHeader("WWW-Authenticate");
        a.body = reply->readAll();
    }
    reply->deleteLater();
    return a;
}

// The HTTP status; -1 when no answer came within ten seconds. `authorization` empty: no header.
inline int postMcp(QNetworkAccessManager &network, const QUrl &url, const QString &authorization,
                   const QByteArray &body = initializeBody()) {
    return exchangeMcp(network, url, authorization, body).status;
}

// POSTs any body with any content type; the status, or -1 when no answer came in ten seconds.
inline int postRaw(const QUrl &url, const QByteArray &authorization, const QByteArray &contentType,
                   const QByteArray &body) {
    QNetworkAccessManager network;
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    request.setRawHeader("Authorization", authorization);
    QNetworkReply *reply = network.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    const int status = finished.wait(10000)
                           ? reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt()
                           : -1;
    reply->deleteLater();
    return status;
}

} // namespace scopebench::fixtures
