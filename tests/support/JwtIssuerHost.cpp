#include "JwtIssuerHost.h"

#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>

namespace scopebench {

JwtIssuerHost::JwtIssuerHost(const QString &tenant)
    : m_tenant(tenant)
    , m_http(std::make_unique<QHttpServer>()) {
    m_tcp = new QTcpServer(m_http.get()); // QHttpServer::bind() would adopt it anyway
    if (!m_tcp->listen(QHostAddress::LocalHost, 0))
        qFatal("JwtIssuerHost: cannot listen on 127.0.0.1");
    m_http->bind(m_tcp);
    m_http->route(QStringLiteral("/.well-known/oauth-authorization-server") + m_tenant,
                  [this](const QHttpServerRequest &) {
                      ++hits[QStringLiteral("rfc8414")];
                      if (!rfc8414)
                          return QHttpServerResponse(QHttpServerResponse::StatusCode::NotFound);
                      return QHttpServerResponse(metadata(QStringLiteral("/jwks")));
                  });
    m_http->route(m_tenant + QStringLiteral("/.well-known/openid-configuration"),
                  [this](const QHttpServerRequest &) {
                      ++hits[QStringLiteral("openid")];
                      if (!openId)
                          return QHttpServerResponse(QHttpServerResponse::StatusCode::NotFound);
                      return QHttpServerResponse(metadata(QStringLiteral("/jwks-openid")));
                  });
    for (const QString &path : {QStringLiteral("/jwks"), QStringLiteral("/jwks-openid")}) {
        m_http->route(path, [this, path](const QHttpServerRequest &) {
            ++hits[path];
            QHttpServerResponse r(QByteArrayLiteral("application/json"), jwks);
            if (!cacheControl.isEmpty())
                r.setHeader(QByteArrayLiteral("Cache-Control"), cacheControl);
            return r;
        });
    }
}

JwtIssuerHost::~JwtIssuerHost() = default;

QString JwtIssuerHost::issuer() const {
    return url(m_tenant);
}

QString JwtIssuerHost::url(const QString &path) const {
    return QStringLiteral("http://127.0.0.1:%1").arg(m_tcp->serverPort()) + path;
}

void JwtIssuerHost::publish(const QList<SigningKey> &keys) {
    QJsonArray array;
    for (const auto &k : keys)
        array.append(k.publicJwk());
    jwks =
        QJsonDocument(QJsonObject{{QStringLiteral("keys"), array}}).toJson(QJsonDocument::Compact);
}

QJsonObject JwtIssuerHost::metadata(const QString &jwksPath) const {
    return QJsonObject{
        {QStringLiteral("issuer"), metadataIssuer.isEmpty() ? issuer() : metadataIssuer},
        {QStringLiteral("jwks_uri"), url(jwksPath)}};
}

} // namespace scopebench
