// The test server's JWT access tokens (RFC 9068 §2) and its JWK Set (RFC 7517 §5).

#include "authserver/OAuthResponses.h"
#include "authserver/ServerState.h"
#include "http/HttpVocabulary.h"
#include "jose/Jws.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace scopebench::AccessTokenJwt {

QString make(const AuthServerState &state, const TokenStore::AccessRecord &record) {
    QJsonObject claims{{QStringLiteral("iss"), state.settings.issuer},
                       {QStringLiteral("sub"), record.subject},
                       {QStringLiteral("client_id"), record.clientId},
                       {QStringLiteral("iat"), double(record.issuedAt)},
                       {QStringLiteral("exp"), double(record.expiresAt)},
                       {QStringLiteral("jti"), record.jti}};
    if (!record.scopes.isEmpty())
        claims.insert(QStringLiteral("scope"), record.scopes.join(u' '));
    if (record.audience.size() == 1)
        claims.insert(QStringLiteral("aud"), record.audience.constFirst());
    else if (!record.audience.isEmpty())
        claims.insert(QStringLiteral("aud"), QJsonArray::fromStringList(record.audience));
    const Result<QByteArray> jws =
        Jws::sign(QJsonObject{{QStringLiteral("typ"), QStringLiteral("at+jwt")}},
                  QJsonDocument(claims).toJson(QJsonDocument::Compact), state.accessTokenKey);
    // Signing with a key OpenSSL made cannot fail short of running out of memory; an empty
    // value would then be stored under the hash of nothing and never match a presented token.
    return jws.ok() ? QString::fromLatin1(jws.value()) : QString();
}

HttpResponse jwks(AuthServerState &state, const HttpRequest &) {
    if (state.accessTokenKey.isNull())
        return OAuthResponses::plain(404);
    HttpResponse r = OAuthResponses::json(
        QJsonObject{{QStringLiteral("keys"), QJsonArray{state.accessTokenKey.publicJwk()}}});
    // The key lives as long as the server: a verifier may keep it for a while.
    r.setHeader(HeaderName::CacheControl, QByteArrayLiteral("max-age=300"));
    return r;
}

} // namespace scopebench::AccessTokenJwt
