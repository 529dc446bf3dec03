#pragma once

#include "common/Result.h"
#include "http/FormEncoding.h"
#include "http/HttpResponse.h"

#include <QJsonObject>
#include <QString>

#include <functional>

namespace scopebench {

// How the client authenticates at the token endpoint (RFC 6749 §2.3, RFC 7523 §2.2).
enum class ClientAuthMethod { None, ClientSecretBasic, ClientSecretPost, PrivateKeyJwt };

QString clientAuthMethodName(ClientAuthMethod method);
std::optional<ClientAuthMethod> clientAuthMethodFromName(const QString &name);

// Signs a JWT: given the JOSE header and the claims, the compact serialization
// (header.payload.signature). The seam to core/jose (ES256/RS256); tests use a fake.
using AssertionSigner =
    std::function<Result<QByteArray>(const QJsonObject &header, const QJsonObject &claims)>;

struct AssertionSettings {
    AssertionSigner signer;
    QString algorithm = QStringLiteral("ES256"); // the JOSE "alg" the signer uses
    QString keyId;                               // "kid", when set
    int lifetimeSeconds = 60;
    // RFC 7523 §3: the token endpoint URL may be the audience; some servers want the issuer.
    bool audienceIsIssuer = false;
};

// A client identity at one issuer; never used with another (docs/probe.md).
struct ClientCredentials {
    enum class Origin { PreRegistered, MetadataDocument, Registered };
    QString issuer;
    QString clientId;
    QString clientSecret;
    ClientAuthMethod method = ClientAuthMethod::None;
    Origin origin = Origin::PreRegistered;
};

// PKCE (RFC 7636) and the other random values of an authorization request.
class Pkce {
public:
    // base64url without padding of `bytes` bytes from the system CSPRNG.
    static QString randomString(int bytes);
    static QString newVerifier() { return randomString(32); } // 43 characters
    static QString challengeS256(const QString &verifier);
};

class ClientAuth {
public:
    // Adds what `credentials.method` needs to a token request: an Authorization header, form
    // fields (client_id, client_secret, client_assertion...). `nowSeconds` for the assertion.
    static Status apply(const ClientCredentials &credentials, const QString &tokenEndpoint,
                        const AssertionSettings &assertion, qint64 nowSeconds, HttpHeaders *headers,
                        FormEncoding::Fields *form);
};

} // namespace scopebench
