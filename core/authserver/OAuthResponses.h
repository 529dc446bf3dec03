#pragma once

#include "http/FormEncoding.h"
#include "http/HttpResponse.h"

#include <QByteArray>
#include <QString>

class QJsonObject;

namespace scopebench::OAuthResponses {

// A bare response: `status`, and a Content-Type only when one is given.
HttpResponse plain(int status, const QByteArray &contentType = QByteArray(),
                   const QByteArray &body = QByteArray());
// RFC 6749 §5.1: token responses (and everything with a secret in it) are never cached.
HttpResponse withNoStore(HttpResponse response);
// JSON with no-store.
HttpResponse json(const QJsonObject &object, int status = 200);
// RFC 6749 §5.2: {"error": ..., "error_description": ...} with no-store.
HttpResponse error(int status, const QString &error, const QString &description);
// 401 invalid_client with the Basic challenge RFC 6749 §5.2 asks for.
HttpResponse invalidClient(const QString &description);
// The consent and error pages: no framing, no scripts, no caching.
HttpResponse html(const QByteArray &body, int status = 200);
// 302 to `target` with `query` appended to any query it has (RFC 6749 §4.1.2).
HttpResponse redirect(const QString &target, const FormEncoding::Fields &query);

} // namespace scopebench::OAuthResponses
