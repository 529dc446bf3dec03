#include "authserver/TestAuthorizationServer.h"

#include "authserver/ConsentPage.h"
#include "introspection/FormEncoding.h"
#include "policy/ScopeGrammar.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMutex>
#include <QMutexLocker>
#include <QPointer>
#include <QRandomGenerator>
#include <QUrl>

namespace scopebench {

namespace {

using Method = QHttpServerRequest::Method;
using Status = QHttpServerResponder::StatusCode;

constexpr int codeLifetimeSeconds = 120;
constexpr int consentLifetimeSeconds = 600;
constexpr int refreshLifetimeSeconds = 30 * 24 * 3600;
constexpr int maxRegisteredClients = 1000;
// A registered client lives this long, so the cap frees itself without a restart.
constexpr qint64 registeredClientLifetimeSeconds = 24 * 3600;
// The whole registration request (its metadata): bounded well below the body limit.
constexpr qsizetype maxClientMetadataBytes = 16 * 1024;
constexpr int maxRedirectUris = 20;
constexpr int maxPendingConsents = 1000;
constexpr qsizetype maxBodySize = 64 * 1024;

QString randomToken(int bytes) {
    QByteArray raw(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->generate(raw.begin(), raw.end());
    return QString::fromLatin1(
        raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray keyOf(const QString &secret) {
    return QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256);
}

// Compares digests, so the time taken says nothing about where the inputs differ or how long
// they are.
bool constantTimeEquals(const QString &a, const QString &b) {
    const QByteArray x = keyOf(a);
    const QByteArray y = keyOf(b);
    unsigned char diff = 0;
    for (qsizetype i = 0; i < x.size(); ++i)
        diff |= static_cast<unsigned char>(x.at(i) ^ y.at(i));
    return diff == 0;
}

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

bool isLoopbackHost(const QString &host) {
    return host == QLatin1String("127.0.0.1") || host == QLatin1String("::1") ||
           host == QLatin1String("localhost");
}

// RFC 8252 §7.3: a loopback redirect URI matches with any port; everything else exactly.
bool redirectMatches(const QString &registered, const QString &requested) {
    if (registered == requested)
        return true;
    const QUrl a(registered);
    const QUrl b(requested);
    if (!a.isValid() || !b.isValid() || a.scheme() != QLatin1String("http") ||
        b.scheme() != QLatin1String("http") || !isLoopbackHost(a.host()))
        return false;
    return a.host() == b.host() && a.path(QUrl::FullyEncoded) == b.path(QUrl::FullyEncoded) &&
           a.query(QUrl::FullyEncoded) == b.query(QUrl::FullyEncoded) && a.userInfo().isEmpty() &&
           b.userInfo().isEmpty() && !b.hasFragment();
}

// The redirect URI becomes the Location header: a control character or a space in it could
// end the header and start another (response splitting).
bool isHeaderSafe(const QString &uri) {
    for (const QChar c : uri) {
        if (c.unicode() <= 0x20 || c.unicode() == 0x7f)
            return false;
    }
    return true;
}

// A registered redirect URI is https, or http on a loopback host (RFC 8252 §7.3); never
// another scheme (javascript:, file:) or plain http to another host, where a code would leak.
QString redirectSchemeProblem(const QString &uri) {
    const QUrl url(uri, QUrl::StrictMode);
    if (url.scheme() == QLatin1String("https") && !url.host().isEmpty())
        return QString();
    if (url.scheme() == QLatin1String("http") && isLoopbackHost(url.host()))
        return QString();
    return QStringLiteral("\"%1\" is neither https nor http on a loopback host").arg(uri);
}

// Empty when the URI may be a redirect URI or an RFC 8707 resource: absolute, no fragment.
QString absoluteUriProblem(const QString &uri) {
    const QUrl url(uri, QUrl::StrictMode);
    if (!url.isValid() || url.isRelative() || url.scheme().isEmpty() || !isHeaderSafe(uri))
        return QStringLiteral("\"%1\" is not an absolute URI").arg(uri);
    if (url.hasFragment())
        return QStringLiteral("\"%1\" has a fragment").arg(uri);
    return QString();
}

HttpResponse response(Status status, const QByteArray &contentType = QByteArray(),
                      const QByteArray &body = QByteArray()) {
    HttpResponse r;
    r.status = int(status);
    if (!contentType.isEmpty())
        r.headers.append({QByteArrayLiteral("Content-Type"), contentType});
    r.body = body;
    return r;
}

HttpResponse withNoStore(HttpResponse response) {
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.setHeader(QByteArrayLiteral("Pragma"), QByteArrayLiteral("no-cache"));
    return response;
}

HttpResponse json(const QJsonObject &o, Status status = Status::Ok) {
    return withNoStore(response(status, QByteArrayLiteral("application/json"),
                                QJsonDocument(o).toJson(QJsonDocument::Compact)));
}

// RFC 6749 §5.2
HttpResponse oauthError(Status status, const QString &error, const QString &description) {
    QJsonObject o{{QStringLiteral("error"), error}};
    if (!description.isEmpty())
        o.insert(QStringLiteral("error_description"), description);
    return json(o, status);
}

HttpResponse invalidClient(const QString &description) {
    HttpResponse r =
        oauthError(Status::Unauthorized, QStringLiteral("invalid_client"), description);
    r.setHeader(QByteArrayLiteral("WWW-Authenticate"),
                QByteArrayLiteral("Basic realm=\"scopebench\""));
    return r;
}

HttpResponse html(const QByteArray &body, Status status = Status::Ok) {
    HttpResponse r = response(status, QByteArrayLiteral("text/html; charset=utf-8"), body);
    r.setHeader(QByteArrayLiteral("X-Frame-Options"), QByteArrayLiteral("DENY"));
    r.setHeader(QByteArrayLiteral("Content-Security-Policy"),
                QByteArrayLiteral("default-src 'none'; style-src 'unsafe-inline'; "
                                  "frame-ancestors 'none'"));
    return withNoStore(std::move(r));
}

HttpResponse redirect(const QString &target, const FormEncoding::Fields &query) {
    QByteArray location = target.toUtf8();
    location += location.contains('?') ? '&' : '?';
    location += FormEncoding::encodeFields(query);
    HttpResponse r = response(Status::Found);
    r.setHeader(QByteArrayLiteral("Location"), location);
    return withNoStore(std::move(r));
}

QByteArray requestHeader(const QHttpServerRequest &request, const QByteArray &name) {
    const auto headers = request.headers();
    for (const auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return QByteArray();
}

bool hasMediaType(const QHttpServerRequest &request, const QByteArray &type) {
    const QByteArray value = requestHeader(request, QByteArrayLiteral("Content-Type"));
    return value.split(';').constFirst().trimmed().compare(type, Qt::CaseInsensitive) == 0;
}

QJsonValue audienceJson(const QStringList &aud) {
    if (aud.size() == 1)
        return aud.constFirst();
    return QJsonArray::fromStringList(aud);
}

} // namespace

struct TestAuthorizationServer::Private {
    struct Client {
        QString id;
        QString secret; // empty for public clients
        QString authMethod;
        QString name;
        QStringList redirectUris;
        QStringList grantTypes;
        std::optional<QStringList> scope;
        bool builtIn = false;
        qint64 expiresAt = 0; // 0: never (the built-in client)
        bool refreshAllowed() const {
            return grantTypes.contains(QStringLiteral("refresh_token"));
        }
        // Empty when every scope is within what the client registered.
        QString scopeOutside(const QStringList &scopes) const {
            for (const QString &s : scopes) {
                if (scope && !scope->contains(s))
                    return QStringLiteral("\"%1\" is outside the client's registered scope").arg(s);
            }
            return QString();
        }
    };
    struct AccessRecord {
        QString clientId;
        QString subject;
        QStringList scopes;
        QStringList audience;
        QString jti;
        qint64 issuedAt = 0;
        qint64 expiresAt = 0;
        QByteArray refreshKey; // the refresh token it came from, if any
        bool revoked = false;
    };
    struct RefreshRecord {
        QString clientId;
        QString subject;
        QStringList scopes;
        QStringList audience;
        qint64 expiresAt = 0;
        bool revoked = false;
    };
    struct CodeRecord {
        QString clientId;
        QString redirectUri;
        QString challenge;
        QString subject;
        QStringList scopes;
        QStringList resources;
        qint64 expiresAt = 0;
        bool used = false;
        QList<QByteArray> accessKeys;
        QList<QByteArray> refreshKeys;
    };
    struct PendingConsent {
        QString clientId;
        QString redirectUri;
        QString state;
        QString challenge;
        QStringList scopes;
        QStringList resources;
        qint64 expiresAt = 0;
    };
    enum class AuthOutcome { Confidential, Public, NoCredentials, Failed, Malformed };
    struct ClientAuth {
        AuthOutcome outcome = AuthOutcome::NoCredentials;
        QString clientId;
        QString problem;
    };

    mutable QMutex mutex;
    Settings settings;
    std::function<qint64()> now = [] { return QDateTime::currentSecsSinceEpoch(); };
    QHash<QString, Client> clients;
    QHash<QByteArray, AccessRecord> access;
    QHash<QByteArray, RefreshRecord> refresh;
    QHash<QByteArray, CodeRecord> codes;
    QHash<QString, PendingConsent> pending;
    quint64 issuedSinceSweep = 0;

    QString endpoint(const char *path) const { return settings.issuer + QLatin1String(path); }
    // The client, unless unknown or its registration has expired.
    const Client *liveClient(const QString &id) const {
        const auto it = clients.constFind(id);
        if (it == clients.constEnd() || (it->expiresAt != 0 && it->expiresAt <= now()))
            return nullptr;
        return &*it;
    }

    // Everything below runs with `mutex` held.
    // Drops what has expired, every 256 issuances or when `force`.
    void sweep(bool force = false);
    // Revokes a refresh token and every access token it gave; false when it was not live.
    bool revokeRefresh(const QByteArray &key);
    ClientAuth authenticate(const QHttpServerRequest &request, const FormEncoding::Fields &form);
    // The start of each form endpoint: media type, fields, client authentication. Returns the
    // refusal when the request goes no further.
    std::optional<HttpResponse> readFormRequest(const QHttpServerRequest &request,
                                                FormEncoding::Fields *form, ClientAuth *auth);
    QString scopeProblem(const QStringList &scopes) const;
    QString issueAccess(const QString &clientId, const QString &subject, const QStringList &scopes,
                        const QStringList &audience, int lifetime, const QByteArray &refreshKey,
                        AccessRecord *record);
    QString issueRefresh(const QString &clientId, const QString &subject, const QStringList &scopes,
                         const QStringList &audience);
    QJsonObject tokenResponse(const QString &accessToken, const AccessRecord &record,
                              const QString &refreshToken) const;

    HttpResponse metadata(const QHttpServerRequest &request);
    HttpResponse token(const QHttpServerRequest &request);
    HttpResponse clientCredentials(const ClientAuth &auth, const FormEncoding::Fields &form);
    HttpResponse authorizationCode(const ClientAuth &auth, const FormEncoding::Fields &form);
    HttpResponse refreshToken(const ClientAuth &auth, const FormEncoding::Fields &form);
    HttpResponse introspect(const QHttpServerRequest &request);
    HttpResponse revokeEndpoint(const QHttpServerRequest &request);
    HttpResponse registerClient(const QHttpServerRequest &request);
    HttpResponse authorize(const QHttpServerRequest &request);
    HttpResponse consent(const QHttpServerRequest &request);
    HttpResponse approve(const PendingConsent &request, const QStringList &scopes,
                         const QString &subject);
};

TestAuthorizationServer::TestAuthorizationServer(Settings settings, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>()) {
    const QString envId = qEnvironmentVariable("SCOPEBENCH_TEST_CLIENT_ID");
    if (settings.clientId.isEmpty() ||
        (!envId.isEmpty() && settings.clientId == Settings().clientId))
        settings.clientId = envId.isEmpty() ? Settings().clientId : envId;
    if (settings.clientSecret.isEmpty())
        settings.clientSecret = qEnvironmentVariable("SCOPEBENCH_TEST_CLIENT_SECRET");
    if (settings.clientSecret.isEmpty())
        settings.clientSecret = randomToken(24);
    while (settings.issuer.endsWith(u'/'))
        settings.issuer.chop(1);
    Private::Client builtIn;
    builtIn.id = settings.clientId;
    builtIn.secret = settings.clientSecret;
    builtIn.authMethod = QStringLiteral("client_secret_basic");
    builtIn.name = QStringLiteral("Scopebench test client");
    builtIn.grantTypes = {QStringLiteral("client_credentials"),
                          QStringLiteral("authorization_code"), QStringLiteral("refresh_token")};
    builtIn.builtIn = true;
    d->clients.insert(builtIn.id, builtIn);
    d->settings = std::move(settings);
}

TestAuthorizationServer::~TestAuthorizationServer() = default;

QList<TestAuthorizationServer::Route> TestAuthorizationServer::routes() {
    using Handler = HttpResponse (Private::*)(const QHttpServerRequest &);
    struct Entry {
        const char *path;
        Method method;
        Handler handler;
    };
    const Entry entries[] = {
        {"/.well-known/oauth-authorization-server", Method::Get, &Private::metadata},
        {"/oauth/token", Method::Post, &Private::token},
        {"/oauth/introspect", Method::Post, &Private::introspect},
        {"/oauth/revoke", Method::Post, &Private::revokeEndpoint},
        {"/oauth/register", Method::Post, &Private::registerClient},
        {"/oauth/authorize", Method::Get, &Private::authorize},
    };
    const QPointer<TestAuthorizationServer> self(this);
    QList<Route> out;
    for (const Entry &entry : entries) {
        const Method method = entry.method;
        const Handler handler = entry.handler;
        const bool isAuthorize = QLatin1String(entry.path) == QLatin1String("/oauth/authorize");
        // Every method reaches the handler so a wrong one gets 405, not a 404.
        out.append({QString::fromLatin1(entry.path),
                    [self, method, handler, isAuthorize](const QHttpServerRequest &request) {
                        if (!self)
                            return response(Status::ServiceUnavailable);
                        if (request.body().size() > maxBodySize)
                            return oauthError(Status::PayloadTooLarge,
                                              QStringLiteral("invalid_request"),
                                              QStringLiteral("the request body is too large"));
                        QMutexLocker lock(&self->d->mutex);
                        if (request.method() == method)
                            return (self->d.get()->*handler)(request);
                        if (isAuthorize && request.method() == Method::Post)
                            return self->d->consent(request);
                        HttpResponse r =
                            oauthError(Status::MethodNotAllowed, QStringLiteral("invalid_request"),
                                       QStringLiteral("method not allowed"));
                        r.setHeader(QByteArrayLiteral("Allow"),
                                    isAuthorize             ? QByteArrayLiteral("GET, POST")
                                    : method == Method::Get ? QByteArrayLiteral("GET")
                                                            : QByteArrayLiteral("POST"));
                        return r;
                    },
                    isAuthorize             ? QByteArray()
                    : method == Method::Get ? QByteArrayLiteral("GET")
                                            : QByteArrayLiteral("POST")});
    }
    return out;
}

void TestAuthorizationServer::addRoutes(QHttpServer &server) {
    const QList<Route> all = routes();
    for (const Route &route : all) {
        const auto handler = route.handler;
        server.route(route.path, [handler](const QHttpServerRequest &request) {
            const HttpResponse r = handler(request);
            QHttpServerResponse out(r.body, QHttpServerResponse::StatusCode(r.status));
            out.clearHeaders(); // the guessed Content-Type
            for (const auto &h : r.headers)
                out.addHeader(h.first, h.second);
            return out;
        });
    }
}

void TestAuthorizationServer::setIssuer(const QString &issuer) {
    QMutexLocker lock(&d->mutex);
    d->settings.issuer = issuer;
    while (d->settings.issuer.endsWith(u'/'))
        d->settings.issuer.chop(1);
}

void TestAuthorizationServer::setCatalog(const QStringList &scopes) {
    QMutexLocker lock(&d->mutex);
    d->settings.catalog = scopes;
}

void TestAuthorizationServer::setAutoApprove(const std::optional<QStringList> &scopes) {
    QMutexLocker lock(&d->mutex);
    d->settings.autoApprove = scopes;
}

void TestAuthorizationServer::setClock(std::function<qint64()> nowSeconds) {
    QMutexLocker lock(&d->mutex);
    d->now = std::move(nowSeconds);
}

#define SCOPEBENCH_LOCKED_GETTER(name, expr)                                                       \
    QString TestAuthorizationServer::name() const {                                                \
        QMutexLocker lock(&d->mutex);                                                              \
        return expr;                                                                               \
    }
SCOPEBENCH_LOCKED_GETTER(issuer, d->settings.issuer)
SCOPEBENCH_LOCKED_GETTER(clientId, d->settings.clientId)
SCOPEBENCH_LOCKED_GETTER(clientSecret, d->settings.clientSecret)
SCOPEBENCH_LOCKED_GETTER(authorizationEndpoint, d->endpoint("/oauth/authorize"))
SCOPEBENCH_LOCKED_GETTER(tokenEndpoint, d->endpoint("/oauth/token"))
SCOPEBENCH_LOCKED_GETTER(introspectionEndpoint, d->endpoint("/oauth/introspect"))
SCOPEBENCH_LOCKED_GETTER(revocationEndpoint, d->endpoint("/oauth/revoke"))
SCOPEBENCH_LOCKED_GETTER(registrationEndpoint, d->endpoint("/oauth/register"))
SCOPEBENCH_LOCKED_GETTER(metadataUrl, d->endpoint("/.well-known/oauth-authorization-server"))
#undef SCOPEBENCH_LOCKED_GETTER

QStringList TestAuthorizationServer::catalog() const {
    QMutexLocker lock(&d->mutex);
    return d->settings.catalog;
}

int TestAuthorizationServer::registeredClientCount() const {
    QMutexLocker lock(&d->mutex);
    return int(d->clients.size());
}

TestAuthorizationServer::IssuedToken TestAuthorizationServer::mint(const QStringList &scopes,
                                                                   int lifetimeSeconds,
                                                                   const QString &audience,
                                                                   const QString &subject) {
    QMutexLocker lock(&d->mutex);
    const QString clientId = d->settings.clientId;
    const QStringList aud = audience.isEmpty() ? QStringList() : QStringList{audience};
    Private::AccessRecord record;
    IssuedToken issued;
    issued.accessToken = d->issueAccess(clientId, subject.isEmpty() ? clientId : subject, scopes,
                                        aud, lifetimeSeconds, QByteArray(), &record);
    issued.scopes = record.scopes;
    issued.expiresAt = record.expiresAt;
    issued.audience = audience;
    issued.subject = record.subject;
    return issued;
}

bool TestAuthorizationServer::revoke(const QString &accessToken) {
    QMutexLocker lock(&d->mutex);
    const QByteArray key = keyOf(accessToken);
    auto a = d->access.find(key);
    if (a != d->access.end()) {
        const bool was = !a->revoked;
        a->revoked = true;
        return was;
    }
    return d->revokeRefresh(key);
}

// ---- state helpers (mutex held) ----

void TestAuthorizationServer::Private::sweep(bool force) {
    if (++issuedSinceSweep < 256 && !force)
        return;
    issuedSinceSweep = 0;
    const qint64 t = now();
    access.removeIf([t](const auto &it) { return it.value().expiresAt <= t; });
    refresh.removeIf([t](const auto &it) { return it.value().expiresAt <= t; });
    codes.removeIf([t](const auto &it) { return it.value().expiresAt <= t; });
    pending.removeIf([t](const auto &it) { return it.value().expiresAt <= t; });
}

bool TestAuthorizationServer::Private::revokeRefresh(const QByteArray &key) {
    const auto r = refresh.find(key);
    if (r == refresh.end())
        return false;
    const bool was = !r->revoked;
    r->revoked = true;
    for (auto it = access.begin(); it != access.end(); ++it) {
        if (it->refreshKey == key)
            it->revoked = true;
    }
    return was;
}

QString TestAuthorizationServer::Private::scopeProblem(const QStringList &scopes) const {
    for (const QString &s : scopes) {
        if (!ScopeGrammar::isScopeToken(s))
            return QStringLiteral("\"%1\" is not a valid scope token").arg(s);
        if (!settings.catalog.contains(s))
            return QStringLiteral("\"%1\" is not a scope of this server").arg(s);
    }
    return QString();
}

QString TestAuthorizationServer::Private::issueAccess(
    const QString &clientId, const QString &subject, const QStringList &scopes,
    const QStringList &audience, int lifetime, const QByteArray &refreshKey, AccessRecord *record) {
    sweep();
    const QString token = randomToken(32);
    AccessRecord r;
    r.clientId = clientId;
    r.subject = subject;
    r.scopes = scopes;
    r.scopes.removeDuplicates();
    r.audience = audience;
    r.jti = randomToken(12);
    r.issuedAt = now();
    r.expiresAt = r.issuedAt + qMax(1, lifetime);
    r.refreshKey = refreshKey;
    access.insert(keyOf(token), r);
    *record = r;
    return token;
}

QString TestAuthorizationServer::Private::issueRefresh(const QString &clientId,
                                                       const QString &subject,
                                                       const QStringList &scopes,
                                                       const QStringList &audience) {
    const QString token = randomToken(32);
    RefreshRecord r;
    r.clientId = clientId;
    r.subject = subject;
    r.scopes = scopes;
    r.audience = audience;
    r.expiresAt = now() + refreshLifetimeSeconds;
    refresh.insert(keyOf(token), r);
    return token;
}

QJsonObject TestAuthorizationServer::Private::tokenResponse(const QString &accessToken,
                                                            const AccessRecord &record,
                                                            const QString &refreshToken) const {
    QJsonObject o{{QStringLiteral("access_token"), accessToken},
                  {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                  {QStringLiteral("expires_in"), record.expiresAt - record.issuedAt},
                  {QStringLiteral("scope"), record.scopes.join(u' ')}};
    if (!refreshToken.isEmpty())
        o.insert(QStringLiteral("refresh_token"), refreshToken);
    return o;
}

TestAuthorizationServer::Private::ClientAuth
TestAuthorizationServer::Private::authenticate(const QHttpServerRequest &request,
                                               const FormEncoding::Fields &form) {
    ClientAuth auth;
    const QByteArray header = requestHeader(request, QByteArrayLiteral("Authorization"));
    const bool postSecret = FormEncoding::has(form, QStringLiteral("client_secret"));
    QString id;
    QString secret;
    if (!header.isEmpty()) {
        if (postSecret) {
            auth.outcome = AuthOutcome::Malformed;
            auth.problem = QStringLiteral("use one client authentication method, not two");
            return auth;
        }
        if (!FormEncoding::parseBasicAuthorization(header, &id, &secret)) {
            auth.outcome = AuthOutcome::Failed;
            auth.problem = QStringLiteral("the Authorization header is not HTTP Basic client "
                                          "authentication");
            return auth;
        }
        const QString bodyId = FormEncoding::value(form, QStringLiteral("client_id"));
        if (!bodyId.isEmpty() && bodyId != id) {
            auth.outcome = AuthOutcome::Malformed;
            auth.problem = QStringLiteral("client_id differs from the authenticated client");
            return auth;
        }
    } else if (postSecret) {
        id = FormEncoding::value(form, QStringLiteral("client_id"));
        secret = FormEncoding::value(form, QStringLiteral("client_secret"));
    } else {
        id = FormEncoding::value(form, QStringLiteral("client_id"));
        const Client *it = liveClient(id);
        if (id.isEmpty()) {
            auth.problem = QStringLiteral("client authentication is required");
            return auth;
        }
        if (!it || !it->secret.isEmpty()) {
            auth.outcome = AuthOutcome::Failed;
            auth.problem = !it
                               ? QStringLiteral("unknown client")
                               : QStringLiteral("this client must authenticate");
            return auth;
        }
        auth.outcome = AuthOutcome::Public;
        auth.clientId = id;
        return auth;
    }
    const Client *it = liveClient(id);
    // Compare even for unknown clients, so timing does not tell which ids exist.
    const bool secretOk = constantTimeEquals(secret, !it ? QString() : it->secret);
    if (!it || it->secret.isEmpty() || !secretOk) {
        auth.outcome = AuthOutcome::Failed;
        auth.problem = QStringLiteral("client authentication failed");
        return auth;
    }
    auth.outcome = AuthOutcome::Confidential;
    auth.clientId = id;
    return auth;
}

std::optional<HttpResponse>
TestAuthorizationServer::Private::readFormRequest(const QHttpServerRequest &request,
                                                  FormEncoding::Fields *form, ClientAuth *auth) {
    if (!hasMediaType(request, QByteArrayLiteral("application/x-www-form-urlencoded")))
        return oauthError(Status::BadRequest, QStringLiteral("invalid_request"),
                          QStringLiteral("the body must be application/x-www-form-urlencoded"));
    *form = FormEncoding::parseFields(request.body());
    *auth = authenticate(request, *form);
    if (auth->outcome == AuthOutcome::Malformed)
        return oauthError(Status::BadRequest, QStringLiteral("invalid_request"), auth->problem);
    if (auth->outcome == AuthOutcome::Failed || auth->outcome == AuthOutcome::NoCredentials)
        return invalidClient(auth->problem);
    return std::nullopt;
}

// ---- endpoints (mutex held) ----

HttpResponse TestAuthorizationServer::Private::metadata(const QHttpServerRequest &) {
    const QJsonArray clientAuth{QStringLiteral("client_secret_basic"),
                                QStringLiteral("client_secret_post"), QStringLiteral("none")};
    const QJsonArray confidentialAuth{QStringLiteral("client_secret_basic"),
                                      QStringLiteral("client_secret_post")};
    const QJsonObject o{
        {QStringLiteral("issuer"), settings.issuer},
        {QStringLiteral("authorization_endpoint"), endpoint("/oauth/authorize")},
        {QStringLiteral("token_endpoint"), endpoint("/oauth/token")},
        {QStringLiteral("registration_endpoint"), endpoint("/oauth/register")},
        {QStringLiteral("introspection_endpoint"), endpoint("/oauth/introspect")},
        {QStringLiteral("revocation_endpoint"), endpoint("/oauth/revoke")},
        {QStringLiteral("response_types_supported"), QJsonArray{QStringLiteral("code")}},
        {QStringLiteral("response_modes_supported"), QJsonArray{QStringLiteral("query")}},
        {QStringLiteral("grant_types_supported"),
         QJsonArray{QStringLiteral("authorization_code"), QStringLiteral("client_credentials"),
                    QStringLiteral("refresh_token")}},
        {QStringLiteral("code_challenge_methods_supported"), QJsonArray{QStringLiteral("S256")}},
        {QStringLiteral("token_endpoint_auth_methods_supported"), clientAuth},
        {QStringLiteral("introspection_endpoint_auth_methods_supported"), confidentialAuth},
        {QStringLiteral("revocation_endpoint_auth_methods_supported"), clientAuth},
        {QStringLiteral("scopes_supported"), QJsonArray::fromStringList(settings.catalog)},
    };
    HttpResponse r = response(Status::Ok, QByteArrayLiteral("application/json"),
                              QJsonDocument(o).toJson(QJsonDocument::Compact));
    r.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache"));
    return r;
}

HttpResponse TestAuthorizationServer::Private::token(const QHttpServerRequest &request) {
    FormEncoding::Fields form;
    ClientAuth auth;
    if (auto refused = readFormRequest(request, &form, &auth))
        return std::move(*refused);
    // Every token lives in memory until it expires: a client minting in a loop must not be
    // able to exhaust it.
    if (access.size() + refresh.size() >= settings.maxLiveTokens) {
        sweep(true);
        if (access.size() + refresh.size() >= settings.maxLiveTokens) {
            HttpResponse r =
                oauthError(Status::ServiceUnavailable, QStringLiteral("temporarily_unavailable"),
                           QStringLiteral("too many live tokens; try again later"));
            r.setHeader(QByteArrayLiteral("Retry-After"), QByteArrayLiteral("60"));
            return r;
        }
    }
    for (const char *single :
         {"grant_type", "scope", "code", "redirect_uri", "code_verifier", "refresh_token"}) {
        if (FormEncoding::values(form, QLatin1String(single)).size() > 1)
            return oauthError(Status::BadRequest, QStringLiteral("invalid_request"),
                              QStringLiteral("\"%1\" is repeated").arg(QLatin1String(single)));
    }
    const QString grant = FormEncoding::value(form, QStringLiteral("grant_type"));
    const Client &client = clients[auth.clientId];
    if (grant.isEmpty())
        return oauthError(Status::BadRequest, QStringLiteral("invalid_request"),
                          QStringLiteral("grant_type is missing"));
    if (grant != QLatin1String("client_credentials") &&
        grant != QLatin1String("authorization_code") && grant != QLatin1String("refresh_token"))
        return oauthError(Status::BadRequest, QStringLiteral("unsupported_grant_type"),
                          QStringLiteral("grant_type \"%1\" is not supported").arg(grant));
    if (!client.grantTypes.contains(grant))
        return oauthError(Status::BadRequest, QStringLiteral("unauthorized_client"),
                          QStringLiteral("this client may not use grant_type %1").arg(grant));
    for (const QString &resource : FormEncoding::values(form, QStringLiteral("resource"))) {
        const QString problem = absoluteUriProblem(resource);
        if (!problem.isEmpty())
            return oauthError(Status::BadRequest, QStringLiteral("invalid_target"), problem);
    }
    if (grant == QLatin1String("client_credentials"))
        return clientCredentials(auth, form);
    if (grant == QLatin1String("authorization_code"))
        return authorizationCode(auth, form);
    return refreshToken(auth, form);
}

HttpResponse TestAuthorizationServer::Private::clientCredentials(const ClientAuth &auth,
                                                                 const FormEncoding::Fields &form) {
    if (auth.outcome != AuthOutcome::Confidential)
        return oauthError(Status::BadRequest, QStringLiteral("unauthorized_client"),
                          QStringLiteral("client_credentials needs a confidential client"));
    const Client &client = clients[auth.clientId];
    QStringList scopes;
    if (FormEncoding::has(form, QStringLiteral("scope")))
        scopes = ScopeGrammar::split(FormEncoding::value(form, QStringLiteral("scope")));
    else
        scopes = client.scope.value_or(settings.catalog); // RFC 6749 §3.3: the default
    QString problem = scopeProblem(scopes);
    if (problem.isEmpty())
        problem = client.scopeOutside(scopes);
    if (!problem.isEmpty())
        return oauthError(Status::BadRequest, QStringLiteral("invalid_scope"), problem);
    AccessRecord record;
    const QString accessToken = issueAccess(client.id, client.id, scopes,
                                            FormEncoding::values(form, QStringLiteral("resource")),
                                            settings.tokenLifetimeSeconds, QByteArray(), &record);
    return json(tokenResponse(accessToken, record, QString()));
}

HttpResponse TestAuthorizationServer::Private::authorizationCode(const ClientAuth &auth,
                                                                 const FormEncoding::Fields &form) {
    const QByteArray key = keyOf(FormEncoding::value(form, QStringLiteral("code")));
    const auto it = codes.find(key);
    if (it == codes.end())
        return oauthError(Status::BadRequest, QStringLiteral("invalid_grant"),
                          QStringLiteral("the authorization code is unknown"));
    CodeRecord &code = *it;
    if (code.clientId != auth.clientId)
        return oauthError(Status::BadRequest, QStringLiteral("invalid_grant"),
                          QStringLiteral("the authorization code was issued to another client"));
    if (code.used) {
        // RFC 6749 §4.1.2: a reused code revokes what it gave.
        for (const QByteArray &k : std::as_const(code.accessKeys)) {
            if (access.contains(k))
                access[k].revoked = true;
        }
        for (const QByteArray &k : std::as_const(code.refreshKeys))
            revokeRefresh(k);
        return oauthError(Status::BadRequest, QStringLiteral("invalid_grant"),
                          QStringLiteral("the authorization code was already used; the tokens "
                                         "it gave are revoked"));
    }
    // One attempt per code: a wrong verifier burns it too.
    code.used = true;
    if (code.expiresAt <= now())
        return oauthError(Status::BadRequest, QStringLiteral("invalid_grant"),
                          QStringLiteral("the authorization code has expired"));
    if (FormEncoding::value(form, QStringLiteral("redirect_uri")) != code.redirectUri)
        return oauthError(Status::BadRequest, QStringLiteral("invalid_grant"),
                          QStringLiteral("redirect_uri differs from the authorization request"));
    const QString verifier = FormEncoding::value(form, QStringLiteral("code_verifier"));
    if (!isCodeVerifier(verifier) || !constantTimeEquals(s256(verifier), code.challenge))
        return oauthError(Status::BadRequest, QStringLiteral("invalid_grant"),
                          QStringLiteral("the PKCE code_verifier does not match"));
    QStringList audience = FormEncoding::values(form, QStringLiteral("resource"));
    for (const QString &r : std::as_const(audience)) {
        if (!code.resources.isEmpty() && !code.resources.contains(r))
            return oauthError(Status::BadRequest, QStringLiteral("invalid_target"),
                              QStringLiteral("\"%1\" was not in the authorization request").arg(r));
    }
    if (audience.isEmpty())
        audience = code.resources;
    // A refresh token only for a client registered for the refresh_token grant.
    const Client *client = liveClient(code.clientId);
    const QString refreshToken = client && client->refreshAllowed()
                                     ? issueRefresh(code.clientId, code.subject, code.scopes,
                                                    audience)
                                     : QString();
    const QByteArray refreshKey = refreshToken.isEmpty() ? QByteArray() : keyOf(refreshToken);
    AccessRecord record;
    const QString accessToken = issueAccess(code.clientId, code.subject, code.scopes, audience,
                                            settings.tokenLifetimeSeconds, refreshKey, &record);
    code.accessKeys.append(keyOf(accessToken));
    if (!refreshKey.isEmpty())
        code.refreshKeys.append(refreshKey);
    return json(tokenResponse(accessToken, record, refreshToken));
}

HttpResponse TestAuthorizationServer::Private::refreshToken(const ClientAuth &auth,
                                                            const FormEncoding::Fields &form) {
    const QByteArray key = keyOf(FormEncoding::value(form, QStringLiteral("refresh_token")));
    const auto it = refresh.constFind(key);
    if (it == refresh.constEnd() || it->revoked || it->expiresAt <= now() ||
        it->clientId != auth.clientId)
        return oauthError(Status::BadRequest, QStringLiteral("invalid_grant"),
                          QStringLiteral("the refresh token is unknown, expired, revoked or "
                                         "not this client's"));
    const Client *client = liveClient(auth.clientId);
    if (!client || !client->refreshAllowed())
        return oauthError(Status::BadRequest, QStringLiteral("unauthorized_client"),
                          QStringLiteral("this client is not registered for the refresh_token "
                                         "grant"));
    const RefreshRecord grant = *it;
    QStringList scopes = grant.scopes;
    if (FormEncoding::has(form, QStringLiteral("scope"))) {
        scopes = ScopeGrammar::split(FormEncoding::value(form, QStringLiteral("scope")));
        for (const QString &s : std::as_const(scopes)) {
            if (!grant.scopes.contains(s))
                return oauthError(Status::BadRequest, QStringLiteral("invalid_scope"),
                                  QStringLiteral("\"%1\" was not granted originally").arg(s));
        }
    }
    QStringList audience = FormEncoding::values(form, QStringLiteral("resource"));
    // RFC 8707 §2.2: a refresh may narrow the audience of the grant, never move it elsewhere.
    for (const QString &r : std::as_const(audience)) {
        if (!grant.audience.isEmpty() && !grant.audience.contains(r))
            return oauthError(Status::BadRequest, QStringLiteral("invalid_target"),
                              QStringLiteral("\"%1\" is not an audience of the grant").arg(r));
    }
    if (audience.isEmpty())
        audience = grant.audience;
    AccessRecord record;
    const QString accessToken = issueAccess(grant.clientId, grant.subject, scopes, audience,
                                            settings.tokenLifetimeSeconds, key, &record);
    return json(tokenResponse(accessToken, record, QString()));
}

HttpResponse TestAuthorizationServer::Private::introspect(const QHttpServerRequest &request) {
    FormEncoding::Fields form;
    ClientAuth auth;
    if (auto refused = readFormRequest(request, &form, &auth))
        return std::move(*refused);
    if (auth.outcome != AuthOutcome::Confidential)
        return invalidClient(QStringLiteral("introspection needs client authentication"));
    // Only the resource server (the built-in client, whose credentials the endpoint uses) may
    // read what a token carries; a registered client could otherwise read any token's subject.
    if (auth.clientId != settings.clientId)
        return invalidClient(QStringLiteral("introspection is for the resource server's own "
                                            "credentials"));
    if (!FormEncoding::has(form, QStringLiteral("token")))
        return oauthError(Status::BadRequest, QStringLiteral("invalid_request"),
                          QStringLiteral("token is missing"));
    const auto it = access.constFind(keyOf(FormEncoding::value(form, QStringLiteral("token"))));
    // Refresh tokens are never active here: they are not access tokens for a resource.
    if (it == access.constEnd() || it->revoked || it->expiresAt <= now())
        return json(QJsonObject{{QStringLiteral("active"), false}});
    QJsonObject o{{QStringLiteral("active"), true},
                  {QStringLiteral("scope"), it->scopes.join(u' ')},
                  {QStringLiteral("client_id"), it->clientId},
                  {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                  {QStringLiteral("exp"), it->expiresAt},
                  {QStringLiteral("iat"), it->issuedAt},
                  {QStringLiteral("sub"), it->subject},
                  {QStringLiteral("iss"), settings.issuer},
                  {QStringLiteral("jti"), it->jti}};
    if (it->subject != it->clientId)
        o.insert(QStringLiteral("username"), it->subject);
    if (!it->audience.isEmpty())
        o.insert(QStringLiteral("aud"), audienceJson(it->audience));
    return json(o);
}

HttpResponse TestAuthorizationServer::Private::revokeEndpoint(const QHttpServerRequest &request) {
    FormEncoding::Fields form;
    ClientAuth auth;
    if (auto refused = readFormRequest(request, &form, &auth))
        return std::move(*refused);
    if (!FormEncoding::has(form, QStringLiteral("token")))
        return oauthError(Status::BadRequest, QStringLiteral("invalid_request"),
                          QStringLiteral("token is missing"));
    const QByteArray key = keyOf(FormEncoding::value(form, QStringLiteral("token")));
    // RFC 7009 §2.2: 200 whether or not the token was known; only the owner's tokens change.
    const auto a = access.find(key);
    if (a != access.end() && a->clientId == auth.clientId)
        a->revoked = true;
    const auto r = refresh.constFind(key);
    if (r != refresh.constEnd() && r->clientId == auth.clientId)
        revokeRefresh(key);
    return withNoStore(response(Status::Ok));
}

HttpResponse TestAuthorizationServer::Private::registerClient(const QHttpServerRequest &request) {
    auto metadataError = [](const QString &error, const QString &why) {
        return oauthError(Status::BadRequest, error, why);
    };
    if (!hasMediaType(request, QByteArrayLiteral("application/json")))
        return metadataError(QStringLiteral("invalid_client_metadata"),
                             QStringLiteral("the body must be application/json"));
    if (request.body().size() > maxClientMetadataBytes)
        return metadataError(QStringLiteral("invalid_client_metadata"),
                             QStringLiteral("the client metadata is larger than %1 bytes")
                                 .arg(maxClientMetadataBytes));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return metadataError(QStringLiteral("invalid_client_metadata"),
                             QStringLiteral("the body is not a JSON object"));
    const QJsonObject in = doc.object();
    const qint64 t = now();
    clients.removeIf([t](const auto &it) {
        return !it.value().builtIn && it.value().expiresAt != 0 && it.value().expiresAt <= t;
    });
    if (clients.size() >= maxRegisteredClients)
        return metadataError(QStringLiteral("invalid_client_metadata"),
                             QStringLiteral("too many registered clients; each expires 24 h "
                                            "after its registration"));

    auto stringList = [&in](const char *name, QStringList *out) {
        const QJsonValue v = in.value(QLatin1String(name));
        if (v.isUndefined() || v.isNull())
            return true;
        if (!v.isArray())
            return false;
        for (const QJsonValue &e : v.toArray()) {
            if (!e.isString())
                return false;
            out->append(e.toString());
        }
        return true;
    };
    Client client;
    if (!stringList("redirect_uris", &client.redirectUris))
        return metadataError(QStringLiteral("invalid_redirect_uri"),
                             QStringLiteral("redirect_uris must be an array of strings"));
    if (client.redirectUris.size() > maxRedirectUris)
        return metadataError(QStringLiteral("invalid_redirect_uri"),
                             QStringLiteral("at most %1 redirect_uris").arg(maxRedirectUris));
    for (const QString &uri : std::as_const(client.redirectUris)) {
        QString problem = absoluteUriProblem(uri);
        if (problem.isEmpty())
            problem = redirectSchemeProblem(uri);
        if (!problem.isEmpty())
            return metadataError(QStringLiteral("invalid_redirect_uri"), problem);
    }
    if (!stringList("grant_types", &client.grantTypes))
        return metadataError(QStringLiteral("invalid_client_metadata"),
                             QStringLiteral("grant_types must be an array of strings"));
    if (client.grantTypes.isEmpty())
        client.grantTypes = {QStringLiteral("authorization_code")};
    for (const QString &g : std::as_const(client.grantTypes)) {
        if (g != QLatin1String("authorization_code") && g != QLatin1String("refresh_token") &&
            g != QLatin1String("client_credentials"))
            return metadataError(QStringLiteral("invalid_client_metadata"),
                                 QStringLiteral("grant type \"%1\" is not supported").arg(g));
    }
    QStringList responseTypes;
    if (!stringList("response_types", &responseTypes))
        return metadataError(QStringLiteral("invalid_client_metadata"),
                             QStringLiteral("response_types must be an array of strings"));
    for (const QString &t : std::as_const(responseTypes)) {
        if (t != QLatin1String("code"))
            return metadataError(QStringLiteral("invalid_client_metadata"),
                                 QStringLiteral("response type \"%1\" is not supported").arg(t));
    }
    if (client.grantTypes.contains(QStringLiteral("authorization_code")) &&
        client.redirectUris.isEmpty())
        return metadataError(QStringLiteral("invalid_redirect_uri"),
                             QStringLiteral("the authorization_code grant needs redirect_uris"));
    const QJsonValue method = in.value(QLatin1String("token_endpoint_auth_method"));
    client.authMethod =
        method.isString() ? method.toString() : QStringLiteral("client_secret_basic");
    if (client.authMethod != QLatin1String("none") &&
        client.authMethod != QLatin1String("client_secret_basic") &&
        client.authMethod != QLatin1String("client_secret_post"))
        return metadataError(QStringLiteral("invalid_client_metadata"),
                             QStringLiteral("token_endpoint_auth_method \"%1\" is not supported")
                                 .arg(client.authMethod));
    const bool isPublic = client.authMethod == QLatin1String("none");
    if (isPublic && client.grantTypes.contains(QStringLiteral("client_credentials")))
        return metadataError(QStringLiteral("invalid_client_metadata"),
                             QStringLiteral("client_credentials needs a confidential client"));
    const QJsonValue scope = in.value(QLatin1String("scope"));
    if (scope.isString()) {
        const QStringList scopes = ScopeGrammar::split(scope.toString());
        const QString problem = scopeProblem(scopes);
        if (!problem.isEmpty())
            return metadataError(QStringLiteral("invalid_client_metadata"), problem);
        client.scope = scopes;
    } else if (!scope.isUndefined() && !scope.isNull()) {
        return metadataError(QStringLiteral("invalid_client_metadata"),
                             QStringLiteral("scope must be a string"));
    }
    client.name = in.value(QLatin1String("client_name")).toString();
    client.id = randomToken(16);
    if (!isPublic)
        client.secret = randomToken(32);
    client.expiresAt = t + registeredClientLifetimeSeconds;
    clients.insert(client.id, client);

    QJsonObject out = in; // RFC 7591 §3.2.1: the registered metadata, as registered
    // ... but never a secret or token the client sent: only the server issues those.
    for (const char *issued : {"client_secret", "client_secret_expires_at",
                               "registration_access_token", "registration_client_uri"})
        out.remove(QLatin1String(issued));
    out.insert(QStringLiteral("client_id"), client.id);
    out.insert(QStringLiteral("client_id_issued_at"), t);
    if (!isPublic) {
        out.insert(QStringLiteral("client_secret"), client.secret);
        out.insert(QStringLiteral("client_secret_expires_at"), client.expiresAt);
    }
    out.insert(QStringLiteral("redirect_uris"), QJsonArray::fromStringList(client.redirectUris));
    out.insert(QStringLiteral("grant_types"), QJsonArray::fromStringList(client.grantTypes));
    out.insert(QStringLiteral("response_types"), QJsonArray{QStringLiteral("code")});
    out.insert(QStringLiteral("token_endpoint_auth_method"), client.authMethod);
    return json(out, Status::Created);
}

HttpResponse TestAuthorizationServer::Private::authorize(const QHttpServerRequest &request) {
    FormEncoding::Fields q =
        FormEncoding::parseFields(request.url().query(QUrl::FullyEncoded).toUtf8());
    auto errorPage = [](const QString &message) {
        return html(
            ConsentPage::renderError(QStringLiteral("Authorization request refused"), message),
            Status::BadRequest);
    };
    for (const char *single : {"client_id", "redirect_uri", "response_type", "scope", "state",
                               "code_challenge", "code_challenge_method"}) {
        if (FormEncoding::values(q, QLatin1String(single)).size() > 1)
            return errorPage(
                QStringLiteral("The parameter %1 is repeated.").arg(QLatin1String(single)));
    }
    const QString clientId = FormEncoding::value(q, QStringLiteral("client_id"));
    const Client *it = liveClient(clientId);
    if (clientId.isEmpty() || !it)
        return errorPage(QStringLiteral("The client is unknown; register it first."));
    const Client &client = *it;
    QString redirectUri = FormEncoding::value(q, QStringLiteral("redirect_uri"));
    if (redirectUri.isEmpty() && client.redirectUris.size() == 1)
        redirectUri = client.redirectUris.constFirst();
    bool matched = false;
    if (client.builtIn && isHeaderSafe(redirectUri)) {
        // The built-in client takes any loopback http redirect (the tester's own tools).
        const QUrl u(redirectUri, QUrl::StrictMode);
        matched =
            u.scheme() == QLatin1String("http") && isLoopbackHost(u.host()) && !u.hasFragment();
    }
    for (const QString &registered : client.redirectUris)
        matched = matched || redirectMatches(registered, redirectUri);
    if (redirectUri.isEmpty() || !matched)
        return errorPage(QStringLiteral("The redirect URI is missing or not registered for this "
                                        "client."));

    const QString state = FormEncoding::value(q, QStringLiteral("state"));
    auto fail = [&](const QString &error, const QString &description) {
        FormEncoding::Fields back{{QStringLiteral("error"), error},
                                  {QStringLiteral("error_description"), description}};
        if (!state.isEmpty())
            back.append({QStringLiteral("state"), state});
        return redirect(redirectUri, back);
    };
    if (FormEncoding::value(q, QStringLiteral("response_type")) != QLatin1String("code"))
        return fail(QStringLiteral("unsupported_response_type"),
                    QStringLiteral("only response_type=code is supported"));
    if (!client.grantTypes.contains(QStringLiteral("authorization_code")))
        return fail(QStringLiteral("unauthorized_client"),
                    QStringLiteral("this client may not use the authorization_code grant"));
    const QString challenge = FormEncoding::value(q, QStringLiteral("code_challenge"));
    if (challenge.size() != 43 ||
        FormEncoding::value(q, QStringLiteral("code_challenge_method")) != QLatin1String("S256"))
        return fail(QStringLiteral("invalid_request"),
                    QStringLiteral("PKCE is required: code_challenge with "
                                   "code_challenge_method=S256"));
    QStringList scopes;
    if (FormEncoding::has(q, QStringLiteral("scope")))
        scopes = ScopeGrammar::split(FormEncoding::value(q, QStringLiteral("scope")));
    else
        scopes = client.scope.value_or(settings.catalog);
    scopes.removeDuplicates();
    // The registered scope is no ceiling here: the user decides on the consent page. MCP
    // clients register with the scope of their first challenge and step up later with the same
    // registration (the MCP SDK's scope selection, SEP-835).
    const QString problem = scopeProblem(scopes);
    if (!problem.isEmpty())
        return fail(QStringLiteral("invalid_scope"), problem);
    const QStringList resources = FormEncoding::values(q, QStringLiteral("resource"));
    for (const QString &r : resources) {
        const QString p = absoluteUriProblem(r);
        if (!p.isEmpty())
            return fail(QStringLiteral("invalid_target"), p);
    }

    PendingConsent consent{
        clientId, redirectUri, state, challenge, scopes, resources, now() + consentLifetimeSeconds};
    if (settings.autoApprove)
        return approve(consent, *settings.autoApprove, QLatin1String(defaultUser));

    sweep();
    if (pending.size() >= maxPendingConsents)
        return fail(QStringLiteral("temporarily_unavailable"),
                    QStringLiteral("too many consent pages are open"));
    const QString requestId = randomToken(16);
    pending.insert(requestId, consent);
    ConsentPage::Request page;
    page.requestId = requestId;
    page.clientId = clientId;
    page.clientName = client.name;
    page.redirectUri = redirectUri;
    page.scopes = scopes;
    page.resources = resources;
    page.user = QLatin1String(defaultUser);
    page.formAction = QStringLiteral("/oauth/authorize");
    return html(ConsentPage::render(page));
}

HttpResponse TestAuthorizationServer::Private::consent(const QHttpServerRequest &request) {
    const FormEncoding::Fields form = FormEncoding::parseFields(request.body());
    const PendingConsent p = pending.take(FormEncoding::value(form, QStringLiteral("request_id")));
    if (p.clientId.isEmpty() || p.expiresAt <= now())
        return html(ConsentPage::renderError(QStringLiteral("Consent refused"),
                                             QStringLiteral("This consent request is unknown, "
                                                            "already answered or expired.")),
                    Status::BadRequest);
    if (FormEncoding::value(form, QStringLiteral("action")) != QLatin1String("approve")) {
        FormEncoding::Fields back{
            {QStringLiteral("error"), QStringLiteral("access_denied")},
            {QStringLiteral("error_description"), QStringLiteral("the tester denied the request")}};
        if (!p.state.isEmpty())
            back.append({QStringLiteral("state"), p.state});
        return redirect(p.redirectUri, back);
    }
    QStringList granted;
    for (const QString &s : FormEncoding::values(form, QStringLiteral("scope"))) {
        if (p.scopes.contains(s) && !granted.contains(s))
            granted.append(s);
    }
    QString user = FormEncoding::value(form, QStringLiteral("user")).trimmed();
    if (user.isEmpty())
        user = QLatin1String(defaultUser);
    bool printable = user.size() <= 64;
    for (const QChar c : std::as_const(user))
        printable = printable && c.unicode() >= 0x21 && c.unicode() <= 0x7e;
    if (!printable)
        return html(ConsentPage::renderError(QStringLiteral("Consent refused"),
                                             QStringLiteral("The test user must be 1 to 64 "
                                                            "printable ASCII characters without "
                                                            "spaces.")),
                    Status::BadRequest);
    return approve(p, granted, user);
}

HttpResponse TestAuthorizationServer::Private::approve(const PendingConsent &request,
                                                       const QStringList &scopes,
                                                       const QString &subject) {
    sweep();
    const QString code = randomToken(32);
    CodeRecord record;
    record.clientId = request.clientId;
    record.redirectUri = request.redirectUri;
    record.challenge = request.challenge;
    record.subject = subject;
    record.scopes = scopes;
    record.resources = request.resources;
    record.expiresAt = now() + codeLifetimeSeconds;
    codes.insert(keyOf(code), record);
    FormEncoding::Fields back{{QStringLiteral("code"), code}};
    if (!request.state.isEmpty())
        back.append({QStringLiteral("state"), request.state});
    return redirect(request.redirectUri, back);
}

} // namespace scopebench
