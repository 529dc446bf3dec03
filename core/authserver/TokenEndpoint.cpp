// The token endpoint (client_credentials, authorization_code with PKCE, refresh_token),
// introspection and revocation: every form-encoded POST a client authenticates on.

#include "authserver/OAuthResponses.h"
#include "authserver/RequestRules.h"
#include "authserver/Secrets.h"
#include "authserver/ServerState.h"
#include "http/HttpVocabulary.h"
#include "policy/ScopeGrammar.h"

#include "http/HttpRequest.h"
#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonObject>

namespace scopebench::TokenEndpoint {

namespace {

using AuthOutcome = ClientRegistry::AuthOutcome;
using ClientAuth = ClientRegistry::ClientAuth;
using Client = ClientRegistry::Client;
using OAuthResponses::error;
using OAuthResponses::json;

QString s256(const QString &verifier) {
    return QString::fromLatin1(
        QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// RFC 7636 §4.1: 43-128 characters of [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~"
bool isCodeVerifier(const QString &v) {
    if (v.size() < 43 || v.size() > 128)
        return false;
    for (const QChar c : v) {
        const char16_t u = c.unicode();
        const bool ok = (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') ||
                        (u >= '0' && u <= '9') || u == '-' || u == '.' || u == '_' || u == '~';
        if (!ok)
            return false;
    }
    return true;
}

QJsonValue audienceJson(const QStringList &aud) {
    if (aud.size() == 1)
        return aud.constFirst();
    return QJsonArray::fromStringList(aud);
}

// RFC 6749 §5.1
QJsonObject tokenResponse(const QString &accessToken, const TokenStore::AccessRecord &record,
                          const QString &refreshToken) {
    QJsonObject o{{QStringLiteral("access_token"), accessToken},
                  {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                  {QStringLiteral("expires_in"), record.expiresAt - record.issuedAt},
                  {QStringLiteral("scope"), record.scopes.join(u' ')}};
    if (!refreshToken.isEmpty())
        o.insert(QStringLiteral("refresh_token"), refreshToken);
    return o;
}

// The start of each form endpoint: media type, fields, client authentication. Returns the
// refusal when the request goes no further.
std::optional<HttpResponse> readFormRequest(const AuthServerState &state,
                                            const HttpRequest &request, FormEncoding::Fields *form,
                                            ClientAuth *auth) {
    if (!request.hasMediaType(ContentType::FormUrlEncoded))
        return error(400, QStringLiteral("invalid_request"),
                     QStringLiteral("the body must be ") +
                         QLatin1String(ContentType::FormUrlEncoded));
    *form = FormEncoding::parseFields(request.body);
    *auth =
        state.clients.authenticate(request.value(HeaderName::Authorization), *form, state.now());
    if (auth->outcome == AuthOutcome::Malformed)
        return error(400, QStringLiteral("invalid_request"), auth->problem);
    if (auth->outcome == AuthOutcome::Failed || auth->outcome == AuthOutcome::NoCredentials)
        return OAuthResponses::invalidClient(auth->problem);
    return std::nullopt;
}

HttpResponse clientCredentials(AuthServerState &state, const Client &client, const ClientAuth &auth,
                               const FormEncoding::Fields &form) {
    if (auth.outcome != AuthOutcome::Confidential)
        return error(400, QStringLiteral("unauthorized_client"),
                     QStringLiteral("client_credentials needs a confidential client"));
    QStringList scopes;
    if (FormEncoding::has(form, QStringLiteral("scope")))
        scopes = ScopeGrammar::split(FormEncoding::value(form, QStringLiteral("scope")));
    else
        scopes = client.scope.value_or(state.settings.catalog); // RFC 6749 §3.3: the default
    QString problem = state.scopeProblem(scopes);
    if (problem.isEmpty())
        problem = ClientRegistry::scopeOutsideRegistration(client, scopes);
    if (!problem.isEmpty())
        return error(400, QStringLiteral("invalid_scope"), problem);
    TokenStore::AccessRecord record;
    const QString accessToken = state.issueAccess(
        client.id, client.id, scopes, FormEncoding::values(form, QStringLiteral("resource")),
        state.settings.tokenLifetimeSeconds, QByteArray(), &record);
    return json(tokenResponse(accessToken, record, QString()));
}

HttpResponse authorizationCode(AuthServerState &state, const Client &client, const ClientAuth &auth,
                               const FormEncoding::Fields &form) {
    TokenStore::CodeRecord *found =
        state.tokens.code(Secrets::keyOf(FormEncoding::value(form, QStringLiteral("code"))));
    if (!found)
        return error(400, QStringLiteral("invalid_grant"),
                     QStringLiteral("the authorization code is unknown"));
    TokenStore::CodeRecord &code = *found;
    if (code.clientId != auth.clientId)
        return error(400, QStringLiteral("invalid_grant"),
                     QStringLiteral("the authorization code was issued to another client"));
    if (code.used) {
        // RFC 6749 §4.1.2: a reused code revokes what it gave.
        state.tokens.revokeWhatCodeGave(code);
        return error(400, QStringLiteral("invalid_grant"),
                     QStringLiteral("the authorization code was already used; the tokens "
                                    "it gave are revoked"));
    }
    // One attempt per code: a wrong verifier burns it too.
    code.used = true;
    if (code.expiresAt <= state.now())
        return error(400, QStringLiteral("invalid_grant"),
                     QStringLiteral("the authorization code has expired"));
    if (FormEncoding::value(form, QStringLiteral("redirect_uri")) != code.redirectUri)
        return error(400, QStringLiteral("invalid_grant"),
                     QStringLiteral("redirect_uri differs from the authorization request"));
    const QString verifier = FormEncoding::value(form, QStringLiteral("code_verifier"));
    if (!isCodeVerifier(verifier) || !Secrets::constantTimeEquals(s256(verifier), code.challenge))
        return error(400, QStringLiteral("invalid_grant"),
                     QStringLiteral("the PKCE code_verifier does not match"));
    QStringList audience = FormEncoding::values(form, QStringLiteral("resource"));
    for (const QString &r : std::as_const(audience)) {
        if (!code.resources.isEmpty() && !code.resources.contains(r))
            return error(400, QStringLiteral("invalid_target"),
                         QStringLiteral("\"%1\" was not in the authorization request").arg(r));
    }
    if (audience.isEmpty())
        audience = code.resources;
    // RFC 6749 §6: a refresh token only for a client that registered the refresh_token grant;
    // any other could not use it, only lose it.
    QString refreshToken;
    QByteArray refreshKey;
    if (client.grantTypes.contains(QStringLiteral("refresh_token"))) {
        refreshToken = state.tokens.issueRefresh(code.clientId, code.subject, code.scopes, audience,
                                                 state.now());
        refreshKey = Secrets::keyOf(refreshToken);
        code.refreshKeys.append(refreshKey);
    }
    // Copies: issuing may sweep the store `code` lives in.
    const QString clientId = code.clientId;
    const QString subject = code.subject;
    const QStringList scopes = code.scopes;
    TokenStore::AccessRecord record;
    const QString accessToken =
        state.issueAccess(clientId, subject, scopes, audience, state.settings.tokenLifetimeSeconds,
                          refreshKey, &record);
    if (TokenStore::CodeRecord *still =
            state.tokens.code(Secrets::keyOf(FormEncoding::value(form, QStringLiteral("code")))))
        still->accessKeys.append(Secrets::keyOf(accessToken));
    return json(tokenResponse(accessToken, record, refreshToken));
}

HttpResponse refreshToken(AuthServerState &state, const ClientAuth &auth,
                          const FormEncoding::Fields &form) {
    const QByteArray key =
        Secrets::keyOf(FormEncoding::value(form, QStringLiteral("refresh_token")));
    const TokenStore::RefreshRecord *found = state.tokens.refresh(key);
    if (!found || found->revoked || found->expiresAt <= state.now() ||
        found->clientId != auth.clientId)
        return error(400, QStringLiteral("invalid_grant"),
                     QStringLiteral("the refresh token is unknown, expired, revoked or "
                                    "not this client's"));
    const TokenStore::RefreshRecord grant = *found;
    QStringList scopes = grant.scopes;
    if (FormEncoding::has(form, QStringLiteral("scope"))) {
        scopes = ScopeGrammar::split(FormEncoding::value(form, QStringLiteral("scope")));
        for (const QString &s : std::as_const(scopes)) {
            if (!grant.scopes.contains(s))
                return error(400, QStringLiteral("invalid_scope"),
                             QStringLiteral("\"%1\" was not granted originally").arg(s));
        }
    }
    // RFC 8707 §2.2: a refresh may narrow the audience to resources of the grant, never move
    // it elsewhere. A grant that named no resource is not bound to one.
    QStringList audience = FormEncoding::values(form, QStringLiteral("resource"));
    for (const QString &r : std::as_const(audience)) {
        if (!grant.audience.isEmpty() && !grant.audience.contains(r))
            return error(400, QStringLiteral("invalid_target"),
                         QStringLiteral("\"%1\" is not a resource of the original grant").arg(r));
    }
    if (audience.isEmpty())
        audience = grant.audience;
    TokenStore::AccessRecord record;
    const QString accessToken =
        state.issueAccess(grant.clientId, grant.subject, scopes, audience,
                          state.settings.tokenLifetimeSeconds, key, &record);
    return json(tokenResponse(accessToken, record, QString()));
}

} // namespace

HttpResponse token(AuthServerState &state, const HttpRequest &request) {
    FormEncoding::Fields form;
    ClientAuth auth;
    if (auto refused = readFormRequest(state, request, &form, &auth))
        return std::move(*refused);
    // Every token lives in memory until it expires: a client minting in a loop must not be
    // able to exhaust it.
    if (state.tokens.full()) {
        state.sweep(true);
        if (state.tokens.full()) {
            HttpResponse r = error(503, QStringLiteral("temporarily_unavailable"),
                                   QStringLiteral("too many live tokens; try again later"));
            r.setHeader(HeaderName::RetryAfter, QByteArrayLiteral("60"));
            return r;
        }
    }
    for (const char *single :
         {"grant_type", "scope", "code", "redirect_uri", "code_verifier", "refresh_token"}) {
        if (FormEncoding::values(form, QLatin1String(single)).size() > 1)
            return error(400, QStringLiteral("invalid_request"),
                         QStringLiteral("\"%1\" is repeated").arg(QLatin1String(single)));
    }
    const QString grant = FormEncoding::value(form, QStringLiteral("grant_type"));
    // Authentication found the client; it is gone only if its registration expired since.
    const Client *found = state.clients.find(auth.clientId, state.now());
    if (!found)
        return OAuthResponses::invalidClient(QStringLiteral("unknown client"));
    const Client client = *found;
    if (grant.isEmpty())
        return error(400, QStringLiteral("invalid_request"),
                     QStringLiteral("grant_type is missing"));
    if (grant != QLatin1String("client_credentials") &&
        grant != QLatin1String("authorization_code") && grant != QLatin1String("refresh_token"))
        return error(400, QStringLiteral("unsupported_grant_type"),
                     QStringLiteral("grant_type \"%1\" is not supported").arg(grant));
    if (!client.grantTypes.contains(grant))
        return error(400, QStringLiteral("unauthorized_client"),
                     QStringLiteral("this client may not use grant_type %1").arg(grant));
    for (const QString &resource : FormEncoding::values(form, QStringLiteral("resource"))) {
        const QString problem = RequestRules::absoluteUriProblem(resource);
        if (!problem.isEmpty())
            return error(400, QStringLiteral("invalid_target"), problem);
    }
    if (grant == QLatin1String("client_credentials"))
        return clientCredentials(state, client, auth, form);
    if (grant == QLatin1String("authorization_code"))
        return authorizationCode(state, client, auth, form);
    return refreshToken(state, auth, form);
}

HttpResponse introspect(AuthServerState &state, const HttpRequest &request) {
    FormEncoding::Fields form;
    ClientAuth auth;
    if (auto refused = readFormRequest(state, request, &form, &auth))
        return std::move(*refused);
    if (auth.outcome != AuthOutcome::Confidential)
        return OAuthResponses::invalidClient(
            QStringLiteral("introspection needs client authentication"));
    // RFC 7662 §2.1 and §4: only the protected resource may introspect. Here that is whoever
    // holds the built-in client's credentials (the MCP endpoint, `scopebench introspect`);
    // a registered client could otherwise read any user's subject and scopes.
    if (auth.clientId != state.settings.clientId)
        return error(403, QStringLiteral("unauthorized_client"),
                     QStringLiteral("only the resource server's own credentials may introspect"));
    if (!FormEncoding::has(form, QStringLiteral("token")))
        return error(400, QStringLiteral("invalid_request"), QStringLiteral("token is missing"));
    const TokenStore::AccessRecord *it =
        state.tokens.access(Secrets::keyOf(FormEncoding::value(form, QStringLiteral("token"))));
    // Refresh tokens are never active here: they are not access tokens for a resource.
    if (!it || it->revoked || it->expiresAt <= state.now())
        return json(QJsonObject{{QStringLiteral("active"), false}});
    QJsonObject o{{QStringLiteral("active"), true},
                  {QStringLiteral("scope"), it->scopes.join(u' ')},
                  {QStringLiteral("client_id"), it->clientId},
                  {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                  {QStringLiteral("exp"), it->expiresAt},
                  {QStringLiteral("iat"), it->issuedAt},
                  {QStringLiteral("sub"), it->subject},
                  {QStringLiteral("iss"), state.settings.issuer},
                  {QStringLiteral("jti"), it->jti}};
    if (it->subject != it->clientId)
        o.insert(QStringLiteral("username"), it->subject);
    if (!it->audience.isEmpty())
        o.insert(QStringLiteral("aud"), audienceJson(it->audience));
    return json(o);
}

HttpResponse revoke(AuthServerState &state, const HttpRequest &request) {
    FormEncoding::Fields form;
    ClientAuth auth;
    if (auto refused = readFormRequest(state, request, &form, &auth))
        return std::move(*refused);
    if (!FormEncoding::has(form, QStringLiteral("token")))
        return error(400, QStringLiteral("invalid_request"), QStringLiteral("token is missing"));
    const QByteArray key = Secrets::keyOf(FormEncoding::value(form, QStringLiteral("token")));
    // RFC 7009 §2.2: 200 whether or not the token was known; only the owner's tokens change.
    const TokenStore::AccessRecord *a = state.tokens.access(key);
    if (a && a->clientId == auth.clientId)
        state.tokens.revokeAccess(key);
    const TokenStore::RefreshRecord *r = state.tokens.refresh(key);
    if (r && r->clientId == auth.clientId)
        state.tokens.revokeRefresh(key);
    return OAuthResponses::withNoStore(OAuthResponses::plain(200));
}

} // namespace scopebench::TokenEndpoint
