// The façade of the test authorization server: its settings, its routes and the one mutex
// every route runs under, minting and revoking for the GUI and tests. The clients live in
// ClientRegistry, what was issued in TokenStore, and the endpoints in TokenEndpoint.cpp,
// AuthorizationEndpoint.cpp and RegistrationEndpoint.cpp.

#include "authserver/TestAuthorizationServer.h"

#include "authserver/ClientMetadataDocument.h"
#include "authserver/ClientMetadataFetcher.h"
#include "authserver/ConsentPage.h"
#include "authserver/OAuthResponses.h"
#include "authserver/RequestRules.h"
#include "authserver/Secrets.h"
#include "authserver/ServerState.h"
#include "common/Logging.h"
#include "http/FormEncoding.h"
#include "http/HttpRequest.h"
#include "http/HttpVocabulary.h"

#include <QDateTime>
#include <QMutexLocker>
#include <QPointer>

#include <memory>

namespace scopebench {

namespace {

constexpr qsizetype maxBodySize = 64 * 1024;

// A GET of the authorization endpoint whose client_id is a metadata document URL: its client_id,
// else empty (every other request goes the synchronous way). A repeated client_id is left to
// the endpoint, which refuses it.
QString documentClientId(const HttpRequest &request) {
    if (request.method != "GET")
        return QString();
    const FormEncoding::Fields q =
        FormEncoding::parseFields(request.url().query(QUrl::FullyEncoded).toUtf8());
    const QStringList ids = FormEncoding::values(q, QStringLiteral("client_id"));
    if (ids.size() != 1 || !ClientMetadataDocument::isUrlClientId(ids.constFirst()))
        return QString();
    return ids.constFirst();
}

} // namespace

void TestAuthorizationServer::Private::sweep(bool force) {
    if (++issuedSinceSweep < 256 && !force)
        return;
    issuedSinceSweep = 0;
    const qint64 t = now();
    tokens.dropExpired(t);
    clients.dropExpired(t);
    pending.removeIf([t](const auto &it) { return it.value().expiresAt <= t; });
}

QString TestAuthorizationServer::Private::scopeProblem(const QStringList &scopes) const {
    return RequestRules::scopeProblem(scopes, settings.catalog);
}

QString TestAuthorizationServer::Private::issueAccess(
    const QString &clientId, const QString &subject, const QStringList &scopes,
    const QStringList &audience, int lifetimeSeconds, const QByteArray &refreshKey,
    TokenStore::AccessRecord *record) {
    sweep();
    return tokens.issueAccess(clientId, subject, scopes, audience, lifetimeSeconds, refreshKey,
                              now(), record);
}

TestAuthorizationServer::TestAuthorizationServer(Settings settings, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>()) {
    d->now = [] { return QDateTime::currentSecsSinceEpoch(); };
    const QString envId = qEnvironmentVariable("SCOPEBENCH_TEST_CLIENT_ID");
    if (settings.clientId.isEmpty() ||
        (!envId.isEmpty() && settings.clientId == Settings().clientId))
        settings.clientId = envId.isEmpty() ? Settings().clientId : envId;
    if (settings.clientSecret.isEmpty())
        settings.clientSecret = qEnvironmentVariable("SCOPEBENCH_TEST_CLIENT_SECRET");
    if (settings.clientSecret.isEmpty())
        settings.clientSecret = Secrets::randomToken(24);
    while (settings.issuer.endsWith(u'/'))
        settings.issuer.chop(1);
    ClientRegistry::Client builtIn;
    builtIn.id = settings.clientId;
    builtIn.secret = settings.clientSecret;
    builtIn.authMethod = QStringLiteral("client_secret_basic");
    builtIn.name = QStringLiteral("Scopebench test client");
    builtIn.grantTypes = {QStringLiteral("client_credentials"),
                          QStringLiteral("authorization_code"), QStringLiteral("refresh_token")};
    d->clients.addBuiltIn(builtIn);
    d->tokens.setCapacity(settings.maxLiveTokens);
    if (settings.tokenFormat == AccessTokenFormat::Jwt) {
        // A fresh key per start: nothing to keep secret on disk, and old tokens stop verifying.
        Result<SigningKey> key = SigningKey::generate(JwsAlgorithm::ES256);
        if (key.ok()) {
            d->accessTokenKey = std::move(key).value();
            Private *state = d.get();
            d->tokens.setAccessTokenMaker([state](const TokenStore::AccessRecord &record) {
                return AccessTokenJwt::make(*state, record);
            });
        } else {
            // Fail visibly rather than issue something else than was asked for.
            qWarning("scopebench: cannot make the test server's signing key: %s",
                     qPrintable(key.error().toString()));
        }
    }
    d->documents = new ClientMetadataFetcher(this);
    d->documents->setTimeoutMs(settings.clientMetadataTimeoutMs);
    if (settings.clientMetadataHttpLoopback)
        qCWarning(lcAuthServer,
                  "TEST MODE: the test authorization server fetches client metadata documents "
                  "from http URLs on loopback hosts");
    d->settings = std::move(settings);
}

TestAuthorizationServer::~TestAuthorizationServer() = default;

QList<TestAuthorizationServer::Route> TestAuthorizationServer::routes() {
    using Handler = HttpResponse (*)(Private &, const HttpRequest &);
    struct Entry {
        const char *path;
        const char *method;
        Handler handler;
    };
    const Entry entries[] = {
        {"/.well-known/oauth-authorization-server", "GET", &RegistrationEndpoint::metadata},
        {"/oauth/token", "POST", &TokenEndpoint::token},
        {"/oauth/introspect", "POST", &TokenEndpoint::introspect},
        {"/oauth/revoke", "POST", &TokenEndpoint::revoke},
        {"/oauth/register", "POST", &RegistrationEndpoint::registerClient},
        {"/oauth/authorize", "GET", &AuthorizationEndpoint::authorize},
        {"/oauth/jwks", "GET", &AccessTokenJwt::jwks},
    };
    const QPointer<TestAuthorizationServer> self(this);
    // The authorization endpoint with a metadata document URL as client_id: the document is
    // fetched first, with no lock held and nothing waiting on it; the endpoint runs under the
    // mutex once the outcome is known. The answer when it is known now; else nothing, and
    // `later` gets it once the fetch is done. `later` null (a door that cannot answer later):
    // the fetch leaves its outcome for the request that comes back (see waiting below).
    const auto byDocument =
        [self](const HttpRequest &request, const QString &clientId,
               std::function<void(HttpResponse)> later) -> std::optional<HttpResponse> {
        bool testMode = false;
        {
            QMutexLocker lock(&self->d->mutex);
            testMode = self->d->settings.clientMetadataHttpLoopback;
        }
        const Status usable = ClientMetadataDocument::urlProblem(clientId, testMode);
        if (!usable)
            return AuthorizationEndpoint::documentRefused(usable.error());
        ClientMetadataFetcher *documents = self->d->documents;
        const QUrl url = request.url();
        if (std::optional<ClientMetadataFetcher::Outcome> known = documents->take(clientId)) {
            QMutexLocker lock(&self->d->mutex);
            return AuthorizationEndpoint::authorize(*self->d, url, &*known);
        }
        ClientMetadataFetcher::Callback done;
        if (later) {
            done = [self, url, later](const ClientMetadataFetcher::Outcome &outcome) {
                if (!self)
                    return later(OAuthResponses::plain(503));
                QMutexLocker lock(&self->d->mutex);
                const HttpResponse r = AuthorizationEndpoint::authorize(*self->d, url, &outcome);
                lock.unlock();
                later(r);
            };
        }
        // The fetcher lives on this object's thread; from another, the fetch starts there.
        QMetaObject::invokeMethod(
            documents, [documents, clientId, done] { documents->fetch(clientId, done); });
        return std::nullopt;
    };
    // The synchronous door's answer while the document is on its way.
    const auto waiting = [] {
        HttpResponse r = OAuthResponses::html(
            ConsentPage::renderWaiting(QStringLiteral("Fetching the client's metadata"),
                                       QStringLiteral("The client_id is a URL; its metadata "
                                                      "document is being fetched. This page "
                                                      "reloads itself."),
                                       1),
            503);
        r.setHeader(HeaderName::RetryAfter, QByteArrayLiteral("1"));
        return r;
    };
    QList<Route> out;
    for (const Entry &entry : entries) {
        const QByteArray method(entry.method);
        const Handler handler = entry.handler;
        const bool isAuthorize = QLatin1String(entry.path) == QLatin1String("/oauth/authorize");
        // Every method reaches the handler so a wrong one gets 405, not a 404.
        out.append(
            {QString::fromLatin1(entry.path),
             [self, method, handler, isAuthorize, byDocument, waiting](const HttpRequest &request) {
                 if (!self)
                     return OAuthResponses::plain(503);
                 if (request.body.size() > maxBodySize)
                     return OAuthResponses::error(413, QStringLiteral("invalid_request"),
                                                  QStringLiteral("the request body is too large"));
                 if (isAuthorize) {
                     const QString documentId = documentClientId(request);
                     if (!documentId.isEmpty()) {
                         const std::optional<HttpResponse> now =
                             byDocument(request, documentId, nullptr);
                         return now ? *now : waiting();
                     }
                 }
                 QMutexLocker lock(&self->d->mutex);
                 if (request.method == method)
                     return handler(*self->d, request);
                 if (isAuthorize && request.method == "POST")
                     return AuthorizationEndpoint::consent(*self->d, request);
                 HttpResponse r = OAuthResponses::error(405, QStringLiteral("invalid_request"),
                                                        QStringLiteral("method not allowed"));
                 r.setHeader(HeaderName::Allow,
                             isAuthorize ? QByteArrayLiteral("GET, POST") : method);
                 return r;
             },
             isAuthorize ? QByteArray() : method, nullptr});
    }
    for (Route &route : out) {
        if (route.path != QLatin1String("/oauth/authorize"))
            continue;
        const auto now = route.handler;
        route.deferred = [self, now, byDocument](const HttpRequest &request,
                                                 std::function<void(HttpResponse)> respond) {
            if (!self)
                return respond(OAuthResponses::plain(503));
            const QString documentId =
                request.body.size() > maxBodySize ? QString() : documentClientId(request);
            if (documentId.isEmpty())
                return respond(now(request));
            if (std::optional<HttpResponse> known = byDocument(request, documentId, respond))
                respond(*known);
        };
    }
    return out;
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
    d->documents->setClock(nowSeconds);
    QMutexLocker lock(&d->mutex);
    d->now = std::move(nowSeconds);
}

int TestAuthorizationServer::clientMetadataFetches() const {
    return d->documents->fetchesStarted();
}

int TestAuthorizationServer::cachedClientMetadataDocuments() const {
    return d->documents->cachedCount();
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
SCOPEBENCH_LOCKED_GETTER(jwksUri,
                         d->accessTokenKey.isNull() ? QString() : d->endpoint("/oauth/jwks"))
#undef SCOPEBENCH_LOCKED_GETTER

AccessTokenFormat TestAuthorizationServer::tokenFormat() const {
    QMutexLocker lock(&d->mutex);
    return d->accessTokenKey.isNull() ? AccessTokenFormat::Opaque : AccessTokenFormat::Jwt;
}

QStringList TestAuthorizationServer::catalog() const {
    QMutexLocker lock(&d->mutex);
    return d->settings.catalog;
}

int TestAuthorizationServer::registeredClientCount() const {
    QMutexLocker lock(&d->mutex);
    return d->clients.size();
}

MintedToken TestAuthorizationServer::mint(const QStringList &scopes, int lifetimeSeconds,
                                          const QString &audience, const QString &subject) {
    QMutexLocker lock(&d->mutex);
    const QString clientId = d->settings.clientId;
    const QStringList aud = audience.isEmpty() ? QStringList() : QStringList{audience};
    TokenStore::AccessRecord record;
    MintedToken issued;
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
    const QByteArray key = Secrets::keyOf(accessToken);
    if (d->tokens.access(key))
        return d->tokens.revokeAccess(key);
    return d->tokens.revokeRefresh(key);
}

} // namespace scopebench
