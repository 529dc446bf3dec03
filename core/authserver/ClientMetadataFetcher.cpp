#include "authserver/ClientMetadataFetcher.h"

#include "authserver/ClientMetadataDocument.h"
#include "common/Logging.h"

#include <QDateTime>
#include <QMutexLocker>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#include <QThread>
#include <QTimer>
#include <QUrl>

#include <memory>

namespace scopebench {

namespace {

Error fetchError(const char *reason, const QString &message) {
    return Error{message, QStringLiteral("invalid_client"), QLatin1String(reason)};
}

// The seconds of max-age, 0 for no-store/no-cache, -1 when the response says nothing.
int maxAgeOf(const QByteArray &cacheControl) {
    const QString value = QString::fromLatin1(cacheControl).toLower();
    if (value.contains(QLatin1String("no-store")) || value.contains(QLatin1String("no-cache")))
        return 0;
    static const QRegularExpression maxAge(
        QStringLiteral("(?:^|[,\\s])max-age\\s*=\\s*(\\d{1,9})"));
    const QRegularExpressionMatch m = maxAge.match(value);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

} // namespace

ClientMetadataFetcher::ClientMetadataFetcher(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
    , m_now([] { return QDateTime::currentSecsSinceEpoch(); }) {}

ClientMetadataFetcher::~ClientMetadataFetcher() = default;

void ClientMetadataFetcher::setTimeoutMs(int ms) {
    m_timeoutMs = ms;
}

void ClientMetadataFetcher::setClock(std::function<qint64()> nowSeconds) {
    QMutexLocker lock(&m_mutex);
    m_now = std::move(nowSeconds);
}

std::optional<ClientMetadataFetcher::Outcome> ClientMetadataFetcher::take(const QString &url) {
    QMutexLocker lock(&m_mutex);
    const auto it = m_cache.find(url);
    if (it == m_cache.end())
        return std::nullopt;
    if (it->expiresAt <= m_now()) {
        m_cache.erase(it);
        return std::nullopt;
    }
    Outcome outcome = it->outcome;
    if (it->pickupOnce)
        m_cache.erase(it);
    return outcome;
}

int ClientMetadataFetcher::cachedCount() const {
    QMutexLocker lock(&m_mutex);
    return int(m_cache.size());
}

int ClientMetadataFetcher::fetchesStarted() const {
    QMutexLocker lock(&m_mutex);
    return m_fetchesStarted;
}

void ClientMetadataFetcher::fetch(const QString &url, Callback done) {
    Q_ASSERT(thread() == QThread::currentThread());
    const auto running = m_inFlight.find(url);
    if (running != m_inFlight.end()) {
        if (done)
            running->callbacks.append(std::move(done));
        else
            running->pickup = true;
        return;
    }
    if (m_inFlight.size() >= maxInFlight) {
        const Outcome busy = fetchError("document-unreachable",
                                        QStringLiteral("Too many client metadata documents are "
                                                       "being fetched; try again."));
        if (done)
            done(busy);
        else
            store(url, busy, 0, true);
        return;
    }
    InFlight &entry = m_inFlight[url];
    if (done)
        entry.callbacks.append(std::move(done));
    else
        entry.pickup = true;
    {
        QMutexLocker lock(&m_mutex);
        ++m_fetchesStarted;
    }

    QNetworkRequest request{QUrl(url)};
    // The draft's SSRF advice and our own bounds: one URL, no redirect to another.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setRawHeader("Accept", "application/json");
    QNetworkReply *reply = m_network->get(request);
    // Shared by the deadline, the size check and the end; whichever comes first decides.
    struct State {
        bool timedOut = false;
        bool tooLarge = false;
    };
    auto state = std::make_shared<State>();
    auto *deadline = new QTimer(reply);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, reply, [reply, state] {
        state->timedOut = true;
        reply->abort();
    });
    deadline->start(m_timeoutMs);
    auto checkSize = [reply, state] {
        bool known = false;
        const qint64 announced =
            reply->header(QNetworkRequest::ContentLengthHeader).toLongLong(&known);
        if ((known && announced > ClientMetadataDocument::maxDocumentBytes) ||
            reply->bytesAvailable() > ClientMetadataDocument::maxDocumentBytes) {
            state->tooLarge = true;
            reply->abort();
        }
    };
    connect(reply, &QNetworkReply::metaDataChanged, reply, checkSize);
    connect(reply, &QNetworkReply::readyRead, reply, checkSize);
    connect(reply, &QNetworkReply::finished, this,
            [this, reply, url, state] { finished(reply, url, state->timedOut, state->tooLarge); });
}

void ClientMetadataFetcher::finished(QNetworkReply *reply, const QString &url, bool timedOut,
                                     bool tooLarge) {
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    int ttl = defaultTtlSeconds;
    Outcome outcome = fetchError("document-unreachable", QString());
    if (timedOut) {
        outcome = fetchError("document-timeout",
                             QStringLiteral("The client metadata document did not arrive within "
                                            "%1 ms.")
                                 .arg(m_timeoutMs));
    } else if (tooLarge) {
        outcome = fetchError("document-too-large",
                             QStringLiteral("The client metadata document is larger than %1 "
                                            "bytes.")
                                 .arg(ClientMetadataDocument::maxDocumentBytes));
    } else if (status >= 300 && status < 400) {
        outcome = fetchError("document-redirect",
                             QStringLiteral("The client metadata document URL answered with a "
                                            "redirect (HTTP %1); redirects are not followed.")
                                 .arg(status));
    } else if (status != 200) {
        outcome = fetchError("document-unreachable",
                             status != 0 ? QStringLiteral("Fetching the client metadata document "
                                                          "gave HTTP %1.")
                                               .arg(status)
                                         : QStringLiteral("The client metadata document could "
                                                          "not be fetched: %1.")
                                               .arg(reply->errorString()));
    } else if (!ClientMetadataDocument::isJsonContentType(reply->rawHeader("Content-Type"))) {
        outcome = fetchError("document-not-json",
                             QStringLiteral("The client metadata document is not served as "
                                            "JSON (Content-Type application/json)."));
    } else {
        outcome = ClientMetadataDocument::parse(
            reply->read(ClientMetadataDocument::maxDocumentBytes + 1), url);
        const int maxAge = maxAgeOf(reply->rawHeader("Cache-Control"));
        if (maxAge >= 0)
            ttl = qMin(maxAge, maxTtlSeconds);
    }
    if (!outcome.ok())
        qCInfo(lcAuthServer, "client metadata document %s refused: %s", qPrintable(url),
               qPrintable(outcome.error().id));
    InFlight waiting = m_inFlight.take(url);
    store(url, outcome, outcome.ok() ? ttl : 0, waiting.pickup);
    for (const Callback &done : std::as_const(waiting.callbacks))
        done(outcome);
}

void ClientMetadataFetcher::store(const QString &url, const Outcome &outcome, int ttlSeconds,
                                  bool pickup) {
    QMutexLocker lock(&m_mutex);
    const qint64 now = m_now();
    Entry entry{outcome, 0, false};
    if (ttlSeconds > 0) {
        entry.expiresAt = now + ttlSeconds;
    } else if (pickup) {
        entry.expiresAt = now + pickupSeconds;
        entry.pickupOnce = true;
    } else {
        m_cache.remove(url); // a failure replaces nothing it could be mistaken for
        return;
    }
    if (!m_cache.contains(url) && m_cache.size() >= maxCached) {
        m_cache.removeIf([now](const auto &it) { return it.value().expiresAt <= now; });
        if (m_cache.size() >= maxCached) {
            // Full of fresh documents: the one that would leave first makes room.
            auto soonest = m_cache.begin();
            for (auto it = m_cache.begin(); it != m_cache.end(); ++it) {
                if (it->expiresAt < soonest->expiresAt)
                    soonest = it;
            }
            m_cache.erase(soonest);
        }
    }
    m_cache.insert(url, entry);
}

} // namespace scopebench
