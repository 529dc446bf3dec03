#pragma once

#include "jose/SigningKey.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>

class QHttpServer;
class QTcpServer;

namespace scopebench {

// An issuer of JWT access tokens on 127.0.0.1 for the tests: RFC 8414 metadata and OpenID
// discovery, each naming a JWK Set and each able to be turned off, and the set itself (at /jwks,
// and at /jwks-openid for the OpenID document) with an optional Cache-Control. `tenant` is a
// path the issuer identifier ends with: its RFC 8414 metadata is then at
// /.well-known/oauth-authorization-server<tenant> and its OpenID discovery at
// <tenant>/.well-known/openid-configuration. Counts the requests: "rfc8414", "openid", and each
// JWK Set path.
class JwtIssuerHost {
public:
    explicit JwtIssuerHost(const QString &tenant = QString());
    ~JwtIssuerHost();
    JwtIssuerHost(const JwtIssuerHost &) = delete;
    JwtIssuerHost &operator=(const JwtIssuerHost &) = delete;

    QString issuer() const;                 // http://127.0.0.1:PORT<tenant>
    QString url(const QString &path) const; // http://127.0.0.1:PORT<path>
    void publish(const SigningKey &key) { publish(QList<SigningKey>{key}); }
    void publish(const QList<SigningKey> &keys);
    int jwksHits() const { return hits.value(QStringLiteral("/jwks")); }

    bool rfc8414 = true;
    bool openId = true;
    QString metadataIssuer; // empty: the right one
    QByteArray jwks = "{\"keys\":[]}";
    QByteArray cacheControl;
    QHash<QString, int> hits;

private:
    QJsonObject metadata(const QString &jwksPath) const;

    QString m_tenant;
    std::unique_ptr<QHttpServer> m_http;
    QTcpServer *m_tcp = nullptr;
};

} // namespace scopebench
