#include "http/HttpRequest.h"

namespace scopebench {

namespace {
// origin-form, or the path-and-query part of an absolute-form target (RFC 9112 §3.2).
QByteArrayView pathAndQuery(QByteArrayView target) {
    if (target.startsWith('/'))
        return target;
    const qsizetype scheme = target.indexOf("://");
    if (scheme < 0)
        return target; // asterisk-form or authority-form: no path of ours matches it
    const qsizetype slash = target.indexOf('/', scheme + 3);
    const qsizetype question = target.indexOf('?', scheme + 3);
    if (slash < 0 || (question >= 0 && question < slash))
        return question < 0 ? QByteArrayView("/") : target.sliced(question);
    return target.sliced(slash);
}
} // namespace

QByteArrayView HttpRequest::path() const {
    const QByteArrayView all = pathAndQuery(target);
    const qsizetype question = all.indexOf('?');
    const QByteArrayView p = question < 0 ? all : all.first(question);
    return p.isEmpty() ? QByteArrayView("/") : p;
}

QByteArrayView HttpRequest::query() const {
    const QByteArrayView all = pathAndQuery(target);
    const qsizetype question = all.indexOf('?');
    return question < 0 ? QByteArrayView() : all.sliced(question + 1);
}

QUrl HttpRequest::url() const {
    QUrl url;
    url.setPath(QString::fromLatin1(path()), QUrl::TolerantMode);
    const QByteArrayView q = query();
    if (!q.isNull())
        url.setQuery(QString::fromLatin1(q), QUrl::TolerantMode);
    return url;
}

QByteArray HttpRequest::value(QByteArrayView name) const {
    for (const HttpHeader &h : headers) {
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return QByteArray();
}

bool HttpRequest::hasMediaType(QByteArrayView type) const {
    return scopebench::hasMediaType(value("Content-Type"), type);
}

QByteArray HttpRequest::toWire() const {
    QByteArray out;
    out.reserve(target.size() + body.size() + 64 + int(headers.size()) * 32);
    out += method;
    out += ' ';
    out += target;
    out += " HTTP/1.1\r\n";
    for (const HttpHeader &h : headers) {
        if (h.first.compare("Content-Length", Qt::CaseInsensitive) == 0)
            continue;
        out += h.first;
        out += ": ";
        out += h.second;
        out += "\r\n";
    }
    if (!body.isEmpty()) {
        out += "Content-Length: ";
        out += QByteArray::number(body.size());
        out += "\r\n";
    }
    out += "\r\n";
    out += body;
    return out;
}

} // namespace scopebench
