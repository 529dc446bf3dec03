#include "jwt/JwksProvider.h"

#include "http/ListenAddress.h"

#include <QDateTime>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>

#include <memory>

namespace scopebench {

JwksProvider::JwksProvider(JwksProviderSettings settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
    , m_network(new QNetworkAccessManager(this)) {
    m_network->setRedirectPolicy(QNetworkRequest::SameOriginRedirectPolicy);
}

JwksProvider::~JwksProvider() = default;

void JwksProvider::setJwksUrl(const QString &issuer, const QUrl &jwksUrl) {
    Entry &entry = m_entries[issuer];
    entry.jwksUrl = jwksUrl;
    entry.givenUrl = true;
    entry.keys.reset();
    entry.expiresAt = 0;
}

void JwksProvider::setClock(Clock clock) {
    m_clock = std::move(clock);
}

qint64 JwksProvider::now() const {
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

QUrl JwksProvider::authorizationServerMetadataUrl(const QUrl &issuer) {
    QUrl url = issuer;
    QString path = issuer.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(QStringLiteral("/.well-known/oauth-authorization-server") + path);
    return url;
}

QUrl JwksProvider::openIdConfigurationUrl(const QUrl &issuer) {
    QUrl url = issuer;
    QString path = issuer.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/.well-known/openid-configuration"));
    return url;
}

QString JwksProvider::urlProblem(const QUrl &url) {
    if (!url.isValid() || url.isRelative() || url.host().isEmpty())
        return QStringLiteral("not an absolute URL");
    if (!url.userInfo().isEmpty())
        return QStringLiteral("a URL with a user name or password");
    if (url.hasFragment())
        return QStringLiteral("a URL with a fragment");
    const QString scheme = url.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return QString();
    if (scheme == QLatin1String("http") && ListenAddress::isLoopback(url.host()))
        return QString();
    return QStringLiteral("https is required (http only on a loopback host)");
}

int JwksProvider::cacheSecondsFor(const QByteArray &cacheControl, const JwksProviderSettings &s) {
    std::optional<qint64> maxAge;
    bool noCache = false;
    for (const QByteArray &part : cacheControl.split(',')) {
        const QByteArray directive = part.trimmed().toLower();
        if (directive == "no-store" || directive == "no-cache") {
            noCache = true;
        } else if (directive.startsWith("max-age=")) {
            bool ok = false;
            const qint64 value = directive.mid(8).trimmed().toLongLong(&ok);
            if (ok && value >= 0)
                maxAge = value;
        }
    }
    // Even an issuer that forbids caching is asked at most once per minimum interval: the
    // alternative is a request to it for every token.
    const qint64 wanted = noCache ? 0 : maxAge.value_or(s.defaultCacheSeconds);
    return int(qBound(qint64(s.minCacheSeconds), wanted, qint64(s.maxCacheSeconds)));
}

void JwksProvider::answerLater(QObject *context, Callback done, const Result<JwkSet> &result) {
    QTimer::singleShot(0, context ? context : this,
                       [done = std::move(done), result] { done(result); });
}

void JwksProvider::keys(const QString &issuer, QObject *context, Callback done) {
    Entry &entry = m_entries[issuer];
    const qint64 t = now();
    if (entry.keys && t < entry.expiresAt) {
        answerLater(context, std::move(done), *entry.keys);
        return;
    }
    if (!entry.inFlight && entry.failure &&
        t < entry.failedAt + qint64(m_settings.failureRetrySeconds) * 1000) {
        answerLater(context, std::move(done), *entry.failure);
        return;
    }
    entry.waiters.append({QPointer<QObject>(context ? context : this), std::move(done)});
    if (!entry.inFlight)
        fetch(issuer);
}

void JwksProvider::refreshKeys(const QString &issuer, QObject *context, Callback done) {
    Entry &entry = m_entries[issuer];
    const qint64 t = now();
    // Measured from the last attempt, not the last success: an issuer that is down is not asked
    // more often either.
    const bool recent =
        entry.keys && t < entry.attemptedAt + qint64(m_settings.unknownKidRefetchSeconds) * 1000;
    if (!entry.inFlight && recent) {
        answerLater(context, std::move(done), *entry.keys);
        return;
    }
    if (!entry.inFlight && !entry.keys) {
        keys(issuer, context, std::move(done));
        return;
    }
    entry.waiters.append({QPointer<QObject>(context ? context : this), std::move(done)});
    if (!entry.inFlight)
        fetch(issuer);
}

void JwksProvider::fetch(const QString &issuer) {
    Entry &entry = m_entries[issuer];
    entry.inFlight = true;
    entry.attemptedAt = now();
    if (entry.givenUrl || (!entry.jwksUrl.isEmpty() && entry.keys)) {
        // A given URL, or one discovered for a set that is being refreshed: no new discovery.
        fetchKeys(issuer);
        return;
    }
    const QUrl issuerUrl(issuer, QUrl::StrictMode);
    QString problem = urlProblem(issuerUrl);
    if (problem.isEmpty() && issuerUrl.hasQuery())
        problem = QStringLiteral("an issuer with a query (RFC 8414 §2)");
    if (!problem.isEmpty()) {
        finishLater(issuer, Error(QStringLiteral("the issuer is not usable: ") + problem, issuer,
                                  QStringLiteral("issuer-invalid")));
        return;
    }
    discover(issuer, {authorizationServerMetadataUrl(issuerUrl), openIdConfigurationUrl(issuerUrl)},
             QStringList());
}

void JwksProvider::discover(const QString &issuer, const QList<QUrl> &candidates,
                            QStringList tried) {
    const QUrl url = candidates.first();
    const QList<QUrl> rest = candidates.mid(1);
    get(url, [this, issuer, url, rest, tried](const Result<Fetched> &fetched) mutable {
        if (!fetched) {
            tried.append(url.toString() + QStringLiteral(": ") + fetched.error().message);
            if (!rest.isEmpty()) {
                discover(issuer, rest, tried);
                return;
            }
            finish(issuer, Error(QStringLiteral("no authorization server metadata found (") +
                                     tried.join(QStringLiteral("; ")) + QLatin1Char(')'),
                                 issuer, QStringLiteral("metadata-unavailable")));
            return;
        }
        const QJsonDocument doc = QJsonDocument::fromJson(fetched->body);
        if (!doc.isObject()) {
            finish(issuer, Error(QStringLiteral("the metadata is not a JSON object"),
                                 url.toString(), QStringLiteral("metadata-invalid")));
            return;
        }
        const QJsonObject metadata = doc.object();
        // RFC 8414 §3.3: metadata whose issuer differs must not be used (it could be another
        // server's keys under this issuer's name).
        const QString named = metadata.value(QStringLiteral("issuer")).toString();
        if (named != issuer) {
            finish(issuer, Error(QStringLiteral("the metadata names the issuer \"%1\", not "
                                                "\"%2\"")
                                     .arg(named.left(200), issuer),
                                 url.toString(), QStringLiteral("metadata-issuer-mismatch")));
            return;
        }
        const QJsonValue jwksUri = metadata.value(QStringLiteral("jwks_uri"));
        const QUrl jwksUrl(jwksUri.toString(), QUrl::StrictMode);
        const QString problem = jwksUri.isString() ? urlProblem(jwksUrl)
                                                   : QStringLiteral("no jwks_uri in the metadata");
        if (!problem.isEmpty()) {
            finish(issuer, Error(QStringLiteral("the jwks_uri is not usable: ") + problem,
                                 url.toString(), QStringLiteral("metadata-invalid")));
            return;
        }
        m_entries[issuer].jwksUrl = jwksUrl;
        fetchKeys(issuer);
    });
}

void JwksProvider::fetchKeys(const QString &issuer) {
    const QUrl url = m_entries[issuer].jwksUrl;
    const QString problem = urlProblem(url);
    if (!problem.isEmpty()) {
        finishLater(issuer, Error(QStringLiteral("the JWK Set URL is not usable: ") + problem,
                                  url.toString(), QStringLiteral("jwks-unavailable")));
        return;
    }
    get(url, [this, issuer, url](const Result<Fetched> &fetched) {
        if (!fetched) {
            finish(issuer, Error(QStringLiteral("the JWK Set could not be fetched: ") +
                                     fetched.error().message,
                                 url.toString(), QStringLiteral("jwks-unavailable")));
            return;
        }
        Result<JwkSet> set = JwkSet::parse(fetched->body, url.toString());
        if (set) {
            Entry &entry = m_entries[issuer];
            const qint64 t = now();
            entry.fetchedAt = t;
            entry.expiresAt = t + qint64(cacheSecondsFor(fetched->cacheControl, m_settings)) * 1000;
        }
        finish(issuer, set);
    });
}

void JwksProvider::finishLater(const QString &issuer, const Error &error) {
    // Callbacks are never called from inside keys() or refreshKeys().
    QTimer::singleShot(0, this, [this, issuer, error] { finish(issuer, error); });
}

void JwksProvider::finish(const QString &issuer, const Result<JwkSet> &result) {
    Entry &entry = m_entries[issuer];
    entry.inFlight = false;
    if (result) {
        entry.keys = result.value();
        entry.failure.reset();
    } else {
        // A set still within its max-age stays (a failed refresh for an unknown kid must not
        // take the working keys away); an expired one goes: keys that cannot be refreshed past
        // their lifetime are not trusted.
        if (now() >= entry.expiresAt)
            entry.keys.reset();
        entry.failure = result.error();
        entry.failedAt = now();
        if (!entry.givenUrl)
            entry.jwksUrl.clear();
    }
    const QList<Waiter> waiters = std::exchange(entry.waiters, {});
    for (const auto &w : waiters) {
        if (w.context)
            w.done(result);
    }
}

void JwksProvider::get(const QUrl &url, FetchCallback done) {
    ++m_requests;
    QNetworkRequest request(url);
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json"));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::SameOriginRedirectPolicy);
    request.setMaximumRedirectsAllowed(3);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setTransferTimeout(m_settings.timeoutMs);
    QNetworkReply *reply = m_network->get(request);

    struct State {
        QByteArray body;
        QString abortedBecause;
    };
    auto state = std::make_shared<State>();
    const qint64 maxBytes = m_settings.maxBytes;
    QTimer::singleShot(m_settings.timeoutMs, reply, [reply, state, this] {
        state->abortedBecause =
            QStringLiteral("no complete answer within %1 ms").arg(m_settings.timeoutMs);
        reply->abort();
    });
    connect(reply, &QNetworkReply::readyRead, reply, [reply, state, maxBytes] {
        if (!state->abortedBecause.isEmpty())
            return;
        state->body += reply->readAll();
        if (state->body.size() > maxBytes) {
            state->abortedBecause =
                QStringLiteral("the answer is larger than %1 bytes").arg(maxBytes);
            reply->abort();
        }
    });
    connect(reply, &QNetworkReply::finished, this, [reply, state, done = std::move(done)] {
        reply->deleteLater();
        if (!state->abortedBecause.isEmpty()) {
            done(Error(state->abortedBecause, reply->url().toString()));
            return;
        }
        state->body += reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (reply->error() != QNetworkReply::NoError && status == 0) {
            done(Error(reply->errorString(), reply->url().toString()));
            return;
        }
        if (status != 200) {
            done(Error(QStringLiteral("HTTP %1").arg(status), reply->url().toString()));
            return;
        }
        done(Fetched{state->body, reply->rawHeader(QByteArrayLiteral("Cache-Control"))});
    });
}

} // namespace scopebench
