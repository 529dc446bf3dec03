#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

class QJsonObject;

namespace scopebench {

using HttpHeader = QPair<QByteArray, QByteArray>;
using HttpHeaders = QList<HttpHeader>;

// An HTTP response exactly as it goes on the wire (the endpoint adds Date/Connection framing).
struct HttpResponse {
    int status = 200;
    HttpHeaders headers;
    QByteArray body;

    QByteArray header(const QByteArray &name) const; // case-insensitive; first match
    void setHeader(const QByteArray &name, const QByteArray &value);
    // "HTTP/1.1 403 Forbidden\r\n" headers, Content-Length, blank line, body.
    QByteArray toRaw() const;
    static QByteArray reasonPhrase(int status);
    // The JSON body of every refusal: {"error": ..., "error_description": ...}, compact.
    static QByteArray errorBody(const QString &error, const QString &description);
    // `object` as compact application/json with `status`; nothing else (no caching headers).
    static HttpResponse json(int status, const QJsonObject &object);
    // A JSON refusal: `status` with {"error": ..., "error_description": ...} (errorBody).
    static HttpResponse jsonError(int status, const QString &error, const QString &description);
};

// Case-insensitive lookup of all values of a header in a request's header list.
QList<QByteArray> headerValues(const HttpHeaders &headers, const QByteArray &name);
// Whether a Content-Type value names this media type, case-insensitively and with its
// parameters left out: "Application/JSON; charset=utf-8" is application/json.
bool hasMediaType(QByteArrayView contentType, QByteArrayView type);

} // namespace scopebench
