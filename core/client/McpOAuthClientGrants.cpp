// McpOAuthClient: tokens. The authorization loop (401: refresh or authorize; 403
// insufficient_scope: step up by union), the authorization code grant with PKCE, client
// credentials, refresh and the token request.

#include "client/McpOAuthClient.h"

#include "client/McpOAuthClientInternal.h"

#include "policy/ScopeGrammar.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTimer>

namespace scopebench {

namespace {

// The sentences the findings rest on, quoted from the documents named.
namespace basis {
const char *const ScopeInChallenge =
    "MCP 2026-07-28, Authorization: \"When responding with insufficient scope errors, servers "
    "SHOULD include the scopes needed to satisfy the current operation in the scope parameter\"";
const char *const BearerRequired =
    "RFC 6750 §3: \"If the protected resource request does not include authentication "
    "credentials [...], the resource server MUST include the HTTP WWW-Authenticate response "
    "header field\"";
const char *const StateCheck =
    "RFC 6749 §10.12: the client MUST implement CSRF protection; the state value binds the "
    "response to the request";
const char *const IssCheck =
    "RFC 9207 §2.4: clients MUST compare the iss parameter to the issuer of the authorization "
    "server they sent the request to, and reject a response without iss when "
    "authorization_response_iss_parameter_supported is true";
const char *const GrantedDiffers =
    "RFC 6749 §5.1: scope is REQUIRED in the token response \"if identical to the scope "
    "requested by the client\"; otherwise OPTIONAL";
const char *const TokenType =
    "RFC 6750 §4: token_type \"Bearer\" is what an MCP client may send in the Authorization header";
const char *const RetryLimit =
    "MCP 2026-07-28, Authorization: \"Clients SHOULD implement retry limits and SHOULD track "
    "scope upgrade attempts to avoid repeated failures\"";
} // namespace basis

QString scopeString(const QStringList &scopes) {
    return scopes.join(u' ');
}

qint64 nowSeconds() {
    return QDateTime::currentSecsSinceEpoch();
}

} // namespace

void McpOAuthClient::attempt(std::shared_ptr<Call> call) {
    const QString token = m_token ? m_token->accessToken : QString();
    sendRaw(
        token, call->method, call->params, call->notification, [this, call](Result<McpResponse> r) {
            if (!r)
                return call->done(r.error());
            if (r->status == 401)
                return onUnauthorized(call, *r);
            if (r->status == 403) {
                const std::optional<Challenge> c = bearerChallenge(*r);
                if (c && c->param(QStringLiteral("error")) == QLatin1String("insufficient_scope"))
                    return onForbidden(call, *r, *c);
            }
            call->done(std::move(r));
        });
}

void McpOAuthClient::onUnauthorized(std::shared_ptr<Call> call, const McpResponse &response) {
    const std::optional<Challenge> c = bearerChallenge(response);
    if (!c)
        finding(QStringLiteral("401-without-bearer-challenge"), Finding::Severity::Error,
                QStringLiteral("the 401 has no Bearer challenge in WWW-Authenticate"),
                QString::fromUtf8(basis::BearerRequired), m_settings.serverUrl.toString());
    else
        noteChallenge(*c, response);
    m_authRequired = true;
    const QString challengeScope = c ? c->param(QStringLiteral("scope")) : QString();
    m_lastChallengeScope = challengeScope;

    // A token the server no longer takes: one refresh, then a new authorization.
    if (response.sentToken && m_token && !m_token->refreshToken.isEmpty() && !call->refreshed) {
        call->refreshed = true;
        refresh([this, call](Status s) {
            if (s)
                return attempt(call);
            m_token.reset();
            attempt(call);
        });
        return;
    }
    runDiscovery(c, [this, call, challengeScope](Status s) {
        if (!s)
            return call->done(s.error());
        QStringList scopes = OAuthDiscovery::selectScopes(
            m_settings.scopes, challengeScope,
            m_resourceMetadata ? m_resourceMetadata->scopesSupported : std::nullopt,
            m_asMetadata->scopesSupported, m_settings.offlineAccess);
        if (m_token && !m_settings.scopes)
            scopes = OAuthDiscovery::applyOfflineRule(
                OAuthDiscovery::unionScopes(m_token->requested, scopes),
                m_asMetadata->scopesSupported, m_settings.offlineAccess);
        acquireToken(scopes, [this, call](Status t) {
            if (!t)
                return call->done(t.error());
            attempt(call);
        });
    });
}

void McpOAuthClient::onForbidden(std::shared_ptr<Call> call, const McpResponse &response,
                                 const Challenge &challenge) {
    noteChallenge(challenge, response);
    const QStringList challenged = ScopeGrammar::split(challenge.param(QStringLiteral("scope")));
    if (challenged.isEmpty()) {
        finding(QStringLiteral("insufficient-scope-without-scope"), Finding::Severity::Warning,
                QStringLiteral("the 403 insufficient_scope challenge names no scope"),
                QString::fromUtf8(basis::ScopeInChallenge), m_settings.serverUrl.toString());
        return call->done(stop(QStringLiteral("step-up-impossible"),
                               QStringLiteral("%1 was refused with insufficient_scope, and the "
                                              "challenge does not say which scopes it needs")
                                   .arg(call->method)));
    }
    if (!m_asMetadata)
        return call->done(stop(QStringLiteral("step-up-impossible"),
                               QStringLiteral("403 before any authorization")));
    // SEP-2350: what was asked before, and what this operation needs; a refresh cannot widen
    // a grant, so this is a new authorization.
    const QStringList asked = m_token ? m_token->requested : QStringList();
    const QStringList scopes =
        OAuthDiscovery::applyOfflineRule(OAuthDiscovery::unionScopes(asked, challenged),
                                         m_asMetadata->scopesSupported, m_settings.offlineAccess);
    m_transcript.addNote(
        QStringLiteral("step-up for %1: asked [%2], challenged [%3], asking [%4]")
            .arg(call->method, scopeString(asked), scopeString(challenged), scopeString(scopes)));
    acquireToken(scopes, [this, call](Status t) {
        if (!t)
            return call->done(t.error());
        attempt(call);
    });
}

void McpOAuthClient::obtainToken(const QStringList &scopes, Callback<Result<TokenSet>> done) {
    discover([this, scopes, done](Status s) {
        if (!s)
            return done(s.error());
        acquire(scopes, done);
    });
}

void McpOAuthClient::acquireToken(const QStringList &scopes, Callback<Status> done) {
    acquire(scopes, [this, done](Result<TokenSet> t) {
        if (!t)
            return done(t.error());
        m_token = *t;
        done(Status::success());
    });
}

void McpOAuthClient::acquire(const QStringList &scopes, Callback<Result<TokenSet>> done) {
    if (!m_asMetadata)
        return QTimer::singleShot(0, this, [done] {
            done(Error{QStringLiteral("no authorization server is known"), QString(),
                       QStringLiteral("not-discovered")});
        });
    if (m_authorizations >= m_settings.maxAuthorizations) {
        finding(
            QStringLiteral("authorization-limit"), Finding::Severity::Error,
            QStringLiteral("still refused after %1 authorization requests").arg(m_authorizations),
            QString::fromUtf8(basis::RetryLimit));
        const Error e = stop(QStringLiteral("authorization-limit"),
                             QStringLiteral("stopped after %1 authorization requests (the limit); "
                                            "the server still refuses with the scopes [%2]")
                                 .arg(m_authorizations)
                                 .arg(scopeString(scopes)));
        return QTimer::singleShot(0, this, [done, e] { done(e); });
    }
    ensureIdentity([this, scopes, done](Result<ClientCredentials> c) {
        if (!c)
            return done(c.error());
        if (m_settings.grant == McpClientSettings::Grant::ClientCredentials)
            return clientCredentials(*c, scopes, done);
        authorizationCode(*c, scopes, done);
    });
}

void McpOAuthClient::authorizationCode(const ClientCredentials &credentials,
                                       const QStringList &scopes, Callback<Result<TokenSet>> done) {
    const AuthServerMetadata as = *m_asMetadata;
    if (!as.codeChallengeMethods || !as.codeChallengeMethods->contains(QStringLiteral("S256"))) {
        const Error e = stop(QStringLiteral("pkce-s256-not-advertised"),
                             QStringLiteral("the authorization server does not advertise PKCE "
                                            "S256; no authorization request is made"),
                             as.sourceUrl);
        return QTimer::singleShot(0, this, [done, e] { done(e); });
    }
    const Result<QUrl> redirect = m_authorizer->redirectUri();
    if (!redirect)
        return QTimer::singleShot(0, this, [done, e = redirect.error()] { done(e); });
    const QString verifier = Pkce::newVerifier();
    const QString state = Pkce::randomString(24);
    QUrl url(as.authorizationEndpoint);
    FormEncoding::Fields query = FormEncoding::parseFields(url.query(QUrl::FullyEncoded).toUtf8());
    query.append({QStringLiteral("response_type"), QStringLiteral("code")});
    query.append({QStringLiteral("client_id"), credentials.clientId});
    query.append({QStringLiteral("redirect_uri"), redirect->toString(QUrl::FullyEncoded)});
    if (!scopes.isEmpty())
        query.append({QStringLiteral("scope"), scopeString(scopes)});
    query.append({QStringLiteral("state"), state});
    query.append({QStringLiteral("code_challenge"), Pkce::challengeS256(verifier)});
    query.append({QStringLiteral("code_challenge_method"), QStringLiteral("S256")});
    query.append({QStringLiteral("resource"), m_resource});
    url.setQuery(QString::fromLatin1(FormEncoding::encodeFields(query)), QUrl::StrictMode);
    ++m_authorizations;
    m_transcript.addNote(QStringLiteral("authorization request %1 of at most %2 (%3), scope [%4]")
                             .arg(m_authorizations)
                             .arg(m_settings.maxAuthorizations)
                             .arg(m_authorizer->name(), scopeString(scopes)));
    const QUrl redirectUri = *redirect;
    m_authorizer->authorize(
        url, m_fetcher,
        [this, as, credentials, scopes, verifier, state, redirectUri, done](Result<QUrl> back) {
            if (!back)
                return done(back.error());
            const FormEncoding::Fields f =
                FormEncoding::parseFields(back->query(QUrl::FullyEncoded).toUtf8());
            const QString where = as.authorizationEndpoint;
            // RFC 9207 §2.4: the issuer first; on a mismatch nothing else in the response is
            // acted on, not even its error.
            if (FormEncoding::has(f, QStringLiteral("iss"))) {
                if (FormEncoding::value(f, QStringLiteral("iss")) != as.issuer) {
                    finding(
                        QStringLiteral("iss-mismatch"), Finding::Severity::Error,
                        QStringLiteral("the authorization response's iss is not %1").arg(as.issuer),
                        QString::fromUtf8(basis::IssCheck), where);
                    return done(stop(QStringLiteral("iss-mismatch"),
                                     QStringLiteral("the authorization response came from another "
                                                    "issuer; refused"),
                                     where));
                }
            } else if (as.issParameterSupported) {
                finding(QStringLiteral("iss-missing"), Finding::Severity::Error,
                        QStringLiteral("the server advertises "
                                       "authorization_response_iss_parameter_supported but its "
                                       "response has no iss"),
                        QString::fromUtf8(basis::IssCheck), where);
                return done(stop(QStringLiteral("iss-missing"),
                                 QStringLiteral("the authorization response has no iss; refused"),
                                 where));
            }
            if (FormEncoding::value(f, QStringLiteral("state")) != state) {
                finding(QStringLiteral("state-mismatch"), Finding::Severity::Error,
                        QStringLiteral("the authorization response's state is not the one sent"),
                        QString::fromUtf8(basis::StateCheck), where);
                return done(
                    stop(QStringLiteral("state-mismatch"),
                         QStringLiteral("the authorization response's state does not match; "
                                        "refused"),
                         where));
            }
            if (FormEncoding::has(f, QStringLiteral("error")))
                return done(
                    stop(QStringLiteral("authorization-refused"),
                         QStringLiteral("the authorization server answered %1: %2")
                             .arg(FormEncoding::value(f, QStringLiteral("error")),
                                  FormEncoding::value(f, QStringLiteral("error_description"))),
                         where));
            const QString code = FormEncoding::value(f, QStringLiteral("code"));
            if (code.isEmpty())
                return done(stop(QStringLiteral("no-code"),
                                 QStringLiteral("the authorization response has no code"), where));
            FormEncoding::Fields form{
                {QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                {QStringLiteral("code"), code},
                {QStringLiteral("redirect_uri"), redirectUri.toString(QUrl::FullyEncoded)},
                {QStringLiteral("code_verifier"), verifier},
                {QStringLiteral("resource"), m_resource}};
            tokenRequest(credentials, form, scopes, done);
        });
}

void McpOAuthClient::clientCredentials(const ClientCredentials &credentials,
                                       const QStringList &scopes, Callback<Result<TokenSet>> done) {
    ++m_authorizations;
    m_transcript.addNote(QStringLiteral("token request %1 of at most %2 (client_credentials), "
                                        "scope [%3]")
                             .arg(m_authorizations)
                             .arg(m_settings.maxAuthorizations)
                             .arg(scopeString(scopes)));
    FormEncoding::Fields form{{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}};
    // Without a scope parameter the server grants its default (RFC 6749 §3.3); an empty set
    // asked for exactly is sent as scope="" only when it was asked for explicitly.
    if (!scopes.isEmpty() || m_settings.scopes)
        form.append({QStringLiteral("scope"), scopeString(scopes)});
    form.append({QStringLiteral("resource"), m_resource});
    tokenRequest(credentials, form, scopes, std::move(done));
}

void McpOAuthClient::refresh(Callback<Status> done) {
    if (!m_token || m_token->refreshToken.isEmpty() || !m_asMetadata)
        return QTimer::singleShot(0, this, [done] {
            done(Error{QStringLiteral("no refresh token"), QString(),
                       QStringLiteral("no-refresh-token")});
        });
    const auto c = m_credentials.constFind(m_asMetadata->issuer);
    if (c == m_credentials.constEnd())
        return QTimer::singleShot(0, this, [done] {
            done(Error{QStringLiteral("no client identity"), QString(),
                       QStringLiteral("no-client-identity")});
        });
    const TokenSet old = *m_token;
    FormEncoding::Fields form{{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                              {QStringLiteral("refresh_token"), old.refreshToken},
                              {QStringLiteral("resource"), m_resource}};
    tokenRequest(*c, form, old.requested, [this, old, done](Result<TokenSet> t) {
        if (!t)
            return done(t.error());
        TokenSet next = *t;
        if (next.refreshToken.isEmpty())
            next.refreshToken = old.refreshToken;
        m_token = next;
        done(Status::success());
    });
}

void McpOAuthClient::tokenRequest(const ClientCredentials &credentials, FormEncoding::Fields form,
                                  const QStringList &requested, Callback<Result<TokenSet>> done) {
    const AuthServerMetadata as = *m_asMetadata;
    HttpHeaders headers{
        {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")},
        {QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json")}};
    const Status authed = ClientAuth::apply(credentials, as.tokenEndpoint, m_settings.assertion,
                                            nowSeconds(), &headers, &form);
    if (!authed)
        return QTimer::singleShot(0, this, [done, e = authed.error()] { done(e); });
    HttpCall call;
    call.method = QByteArrayLiteral("POST");
    call.url = QUrl(as.tokenEndpoint);
    call.step = QStringLiteral("token");
    call.headers = headers;
    call.body = FormEncoding::encodeFields(form);
    m_fetcher->send(call, [this, as, requested, done](Result<HttpAnswer> a) {
        if (!a)
            return done(a.error());
        const QJsonObject o = QJsonDocument::fromJson(a->body).object();
        if (a->status != 200 || !o.value(QLatin1String("access_token")).isString())
            return done(stop(QStringLiteral("token-refused"),
                             QStringLiteral("the token endpoint answered %1 %2 %3")
                                 .arg(a->status)
                                 .arg(o.value(QLatin1String("error")).toString(),
                                      o.value(QLatin1String("error_description")).toString()),
                             as.tokenEndpoint));
        if (o.value(QLatin1String("token_type"))
                .toString()
                .compare(QLatin1String("Bearer"), Qt::CaseInsensitive) != 0) {
            finding(QStringLiteral("token-type-not-bearer"), Finding::Severity::Error,
                    QStringLiteral("token_type is \"%1\"")
                        .arg(o.value(QLatin1String("token_type")).toString()),
                    QString::fromUtf8(basis::TokenType), as.tokenEndpoint);
            return done(stop(QStringLiteral("token-type-not-bearer"),
                             QStringLiteral("the token is not a Bearer token")));
        }
        TokenSet t;
        t.issuer = as.issuer;
        t.accessToken = o.value(QLatin1String("access_token")).toString();
        t.refreshToken = o.value(QLatin1String("refresh_token")).toString();
        t.requested = requested;
        if (o.value(QLatin1String("scope")).isString()) {
            t.granted = ScopeGrammar::split(o.value(QLatin1String("scope")).toString());
        } else {
            t.granted = requested;
            t.grantedAssumed = true;
        }
        const double expiresIn = o.value(QLatin1String("expires_in")).toDouble();
        if (expiresIn > 0)
            t.expiresAt = nowSeconds() + qint64(expiresIn);
        QStringList a1 = t.granted, b1 = requested;
        a1.sort();
        b1.sort();
        if (a1 != b1)
            finding(QStringLiteral("granted-scope-differs"), Finding::Severity::Info,
                    QStringLiteral("asked for [%1], granted [%2]")
                        .arg(scopeString(requested), scopeString(t.granted)),
                    QString::fromUtf8(basis::GrantedDiffers), as.tokenEndpoint);
        m_transcript.addNote(QStringLiteral("token %1: granted [%2]%3")
                                 .arg(Transcript::fingerprinted(t.accessToken),
                                      scopeString(t.granted),
                                      t.grantedAssumed ? QStringLiteral(" (assumed)") : QString()));
        done(t);
    });
}

} // namespace scopebench
