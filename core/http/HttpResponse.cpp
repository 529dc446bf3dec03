#include "http/HttpResponse.h"

#include "http/HttpVocabulary.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace scopebench {

QByteArray HttpResponse::header(const QByteArray &name) const {
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return QByteArray();
}

void HttpResponse::setHeader(const QByteArray &name, const QByteArray &value) {
    for (auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            h.second = value;
            return;
        }
    }
    headers.append({name, value});
}

QByteArray HttpResponse::reasonPhrase(int status) {
    switch (status) {
    case 200:
        return "OK";
    case 202:
        return "Accepted";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 406:
        return "Not Acceptable";
    case 408:
        return "Request Timeout";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Unknown";
    }
}

QByteArray HttpResponse::toRaw() const {
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const auto &h : headers)
        out += h.first + ": " + h.second + "\r\n";
    if (header("Content-Length").isEmpty() && (!body.isEmpty() || status >= 400))
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "\r\n";
    out += body;
    return out;
}

namespace {
void appendJsonString(QByteArray &out, const QString &text) {
    out += '"';
    for (qsizetype i = 0; i < text.size();) {
        const char16_t c = text[i].unicode();
        if (c >= 0x80) {
            qsizetype end = i + 1;
            while (end < text.size() && text[end].unicode() >= 0x80)
                ++end;
            out += QStringView(text).sliced(i, end - i).toUtf8();
            i = end;
            continue;
        }
        if (c == u'"' || c == u'\\') {
            out += '\\';
            out += char(c);
        } else if (c < 0x20) {
            static const char hex[] = "0123456789abcdef";
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xF];
        } else {
            out += char(c);
        }
        ++i;
    }
    out += '"';
}
} // namespace

QByteArray HttpResponse::errorBody(const QString &error, const QString &description) {
    // Written by hand: the decision answers every refusal with one, and QJsonDocument costs more
    // than the rest of the decision.
    QByteArray body;
    body.reserve(40 + error.size() + description.size());
    body += "{\"error\":";
    appendJsonString(body, error);
    body += ",\"error_description\":";
    appendJsonString(body, description);
    body += '}';
    return body;
}

QList<QByteArray> headerValues(const HttpHeaders &headers, const QByteArray &name) {
    QList<QByteArray> values;
    for (const auto &h : headers) {
        if (h.first.size() == name.size() && h.first.compare(name, Qt::CaseInsensitive) == 0)
            values.append(h.second);
    }
    return values;
}

bool hasMediaType(QByteArrayView contentType, QByteArrayView type) {
    const qsizetype semicolon = contentType.indexOf(';');
    return contentType.first(semicolon < 0 ? contentType.size() : semicolon)
               .trimmed()
               .compare(type, Qt::CaseInsensitive) == 0;
}

HttpResponse HttpResponse::jsonError(int status, const QString &error, const QString &description) {
    HttpResponse r;
    r.status = status;
    r.headers.append({QByteArray(HeaderName::ContentType), QByteArray(ContentType::Json)});
    r.body = errorBody(error, description);
    return r;
}

HttpResponse HttpResponse::json(int status, const QJsonObject &object) {
    HttpResponse r;
    r.status = status;
    r.headers.append({QByteArray(HeaderName::ContentType), QByteArray(ContentType::Json)});
    r.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return r;
}

} // namespace scopebench
