#include "client/ClientAuth.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace scopebench {

QString clientAuthMethodName(ClientAuthMethod method) {
    switch (method) {
    case ClientAuthMethod::None:
        return QStringLiteral("none");
    case ClientAuthMethod::ClientSecretBasic:
        return QStringLiteral("client_secret_basic");
    case ClientAuthMethod::ClientSecretPost:
        return QStringLiteral("client_secret_post");
    case ClientAuthMethod::PrivateKeyJwt:
        return QStringLiteral("private_key_jwt");
    }
    return QString();
}

std::optional<ClientAuthMethod> clientAuthMethodFromName(const QString &name) {
    for (ClientAuthMethod m :
         {ClientAuthMethod::None, ClientAuthMethod::ClientSecretBasic,
          ClientAuthMethod::ClientSecretPost, ClientAuthMethod::PrivateKeyJwt}) {
        if (clientAuthMethodName(m) == name)
            return m;
    }
    return std::nullopt;
}

QString Pkce::randomString(int bytes) {
    QByteArray raw(bytes, Qt::Uninitialized);
    QRandomGenerator *rng = QRandomGenerator::system();
    for (int i = 0; i < bytes; ++i)
        raw[i] = char(rng->bounded(256));
    return QString::fromLatin1(
        raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString Pkce::challengeS256(const QString &verifier) {
    return QString::fromLatin1(
        QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

Status ClientAuth::apply(const ClientCredentials &credentials, const QString &tokenEndpoint,
                         const AssertionSettings &assertion, qint64 nowSeconds,
                         HttpHeaders *headers, FormEncoding::Fields *form) {
    switch (credentials.method) {
    case ClientAuthMethod::None:
        form->append({QStringLiteral("client_id"), credentials.clientId});
        return Status::success();
    case ClientAuthMethod::ClientSecretBasic:
        headers->append(
            {QByteArrayLiteral("Authorization"),
             FormEncoding::basicAuthorization(credentials.clientId, credentials.clientSecret)});
        return Status::success();
    case ClientAuthMethod::ClientSecretPost:
        form->append({QStringLiteral("client_id"), credentials.clientId});
        form->append({QStringLiteral("client_secret"), credentials.clientSecret});
        return Status::success();
    case ClientAuthMethod::PrivateKeyJwt: {
        if (!assertion.signer)
            return Error{QStringLiteral("private_key_jwt needs a signing key"),
                         QStringLiteral("client authentication"), QStringLiteral("no-signer")};
        QJsonObject header{{QStringLiteral("alg"), assertion.algorithm},
                           {QStringLiteral("typ"), QStringLiteral("JWT")}};
        if (!assertion.keyId.isEmpty())
            header.insert(QStringLiteral("kid"), assertion.keyId);
        // RFC 7523 §3: iss and sub are the client id, aud the authorization server, a short
        // exp, and a jti so the server can refuse a replay.
        const QJsonObject claims{{QStringLiteral("iss"), credentials.clientId},
                                 {QStringLiteral("sub"), credentials.clientId},
                                 {QStringLiteral("aud"),
                                  assertion.audienceIsIssuer ? credentials.issuer : tokenEndpoint},
                                 {QStringLiteral("iat"), nowSeconds},
                                 {QStringLiteral("exp"), nowSeconds + assertion.lifetimeSeconds},
                                 {QStringLiteral("jti"), Pkce::randomString(16)}};
        const Result<QByteArray> jwt = assertion.signer(header, claims);
        if (!jwt)
            return jwt.error();
        form->append({QStringLiteral("client_id"), credentials.clientId});
        form->append({QStringLiteral("client_assertion_type"),
                      QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")});
        form->append({QStringLiteral("client_assertion"), QString::fromLatin1(*jwt)});
        return Status::success();
    }
    }
    return Error{QStringLiteral("unknown client authentication method"),
                 QStringLiteral("client authentication")};
}

} // namespace scopebench
