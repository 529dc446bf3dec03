#include "authserver/OAuthResponses.h"

#include "http/HttpVocabulary.h"

#include <QJsonObject>

namespace scopebench::OAuthResponses {

HttpResponse plain(int status, const QByteArray &contentType, const QByteArray &body) {
    HttpResponse r;
    r.status = status;
    if (!contentType.isEmpty())
        r.headers.append({QByteArray(HeaderName::ContentType), contentType});
    r.body = body;
    return r;
}

HttpResponse withNoStore(HttpResponse response) {
    response.setHeader(HeaderName::CacheControl, QByteArrayLiteral("no-store"));
    response.setHeader(HeaderName::Pragma, QByteArrayLiteral("no-cache"));
    return response;
}

HttpResponse json(const QJsonObject &object, int status) {
    return withNoStore(HttpResponse::json(status, object));
}

HttpResponse error(int status, const QString &error, const QString &description) {
    QJsonObject o{{QStringLiteral("error"), error}};
    if (!description.isEmpty())
        o.insert(QStringLiteral("error_description"), description);
    return json(o, status);
}

HttpResponse invalidClient(const QString &description) {
    HttpResponse r = error(401, QStringLiteral("invalid_client"), description);
    r.setHeader(HeaderName::WwwAuthenticate, QByteArrayLiteral("Basic realm=\"scopebench\""));
    return r;
}

HttpResponse html(const QByteArray &body, int status) {
    HttpResponse r = plain(status, QByteArray(ContentType::Html), body);
    r.setHeader(HeaderName::XFrameOptions, QByteArrayLiteral("DENY"));
    r.setHeader(HeaderName::ContentSecurityPolicy,
                QByteArrayLiteral("default-src 'none'; style-src 'unsafe-inline'; "
                                  "frame-ancestors 'none'"));
    return withNoStore(std::move(r));
}

HttpResponse redirect(const QString &target, const FormEncoding::Fields &query) {
    QByteArray location = target.toUtf8();
    location += location.contains('?') ? '&' : '?';
    location += FormEncoding::encodeFields(query);
    HttpResponse r = plain(302);
    r.setHeader(HeaderName::Location, location);
    return withNoStore(std::move(r));
}

} // namespace scopebench::OAuthResponses
