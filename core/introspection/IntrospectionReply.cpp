#include "introspection/IntrospectionReply.h"

#include "common/Logging.h"

#include "introspection/IntrospectionResponse.h"

#include <QNetworkReply>
#include <QTimer>

namespace scopebench {

IntrospectionReply::IntrospectionReply(const QString &fingerprint, QObject *parent)
    : QObject(parent)
    , m_fingerprint(fingerprint) {}

IntrospectionReply::~IntrospectionReply() {
    abortNetwork();
}

void IntrospectionReply::start(QNetworkReply *reply, int timeoutMs) {
    m_reply = reply;
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &IntrospectionReply::onTimeout);
    m_timer->start(timeoutMs);
    connect(reply, &QNetworkReply::readyRead, this, &IntrospectionReply::onReadyRead);
    connect(reply, &QNetworkReply::finished, this, &IntrospectionReply::onNetworkFinished);
}

void IntrospectionReply::failLater(IntrospectionError error, const QString &detail) {
    QTimer::singleShot(0, this, [this, error, detail] { finish(error, detail); });
}

void IntrospectionReply::cancel() {
    finish(IntrospectionError::Cancelled, QStringLiteral("the request was cancelled"));
}

void IntrospectionReply::onTimeout() {
    finish(IntrospectionError::Timeout,
           QStringLiteral("no complete answer within %1 ms").arg(m_timer->interval()));
}

void IntrospectionReply::onReadyRead() {
    if (m_finished || !m_reply)
        return;
    m_body += m_reply->readAll();
    if (m_body.size() > IntrospectionResponse::maxBodySize)
        finish(IntrospectionError::ResponseTooLarge,
               QStringLiteral("the response is larger than %1 bytes")
                   .arg(IntrospectionResponse::maxBodySize));
}

void IntrospectionReply::onNetworkFinished() {
    if (m_finished || !m_reply)
        return;
    m_body += m_reply->readAll();
    const QVariant statusAttribute = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    m_httpStatus = statusAttribute.isValid() ? statusAttribute.toInt() : 0;
    const QNetworkReply::NetworkError netError = m_reply->error();

    // Errors below 200 are transport failures (connection, proxy, TLS); above are HTTP statuses
    // that Qt also reports as errors and that the status check below names better.
    if (netError == QNetworkReply::SslHandshakeFailedError)
        return finish(IntrospectionError::TlsError,
                      QStringLiteral("TLS failed: %1").arg(m_reply->errorString()));
    if (netError == QNetworkReply::TimeoutError)
        return finish(IntrospectionError::Timeout, m_reply->errorString());
    if ((netError != QNetworkReply::NoError && netError < 200) ||
        netError == QNetworkReply::ProtocolFailure || m_httpStatus == 0)
        return finish(IntrospectionError::ConnectionFailed,
                      QStringLiteral("no complete HTTP response: %1").arg(m_reply->errorString()));
    if (m_httpStatus >= 300 && m_httpStatus < 400)
        return finish(IntrospectionError::Redirect,
                      QStringLiteral("HTTP %1: redirects are not followed").arg(m_httpStatus));
    if (m_httpStatus != 200)
        return finish(IntrospectionError::HttpStatus,
                      QStringLiteral("HTTP %1 instead of 200").arg(m_httpStatus));
    const IntrospectionResponse parsed = IntrospectionResponse::parse(m_body);
    if (!parsed.ok())
        return finish(parsed.error, parsed.detail);
    m_result = TokenKnowledge::known(parsed.facts);
    finish(IntrospectionError::None, QString());
}

void IntrospectionReply::finish(IntrospectionError error, const QString &detail) {
    if (m_finished)
        return;
    m_finished = true;
    if (m_timer)
        m_timer->stop();
    abortNetwork();
    m_error = error;
    m_detail = detail;
    if (error != IntrospectionError::None) {
        m_result =
            TokenKnowledge::failed(introspectionErrorName(error) + QStringLiteral(": ") + detail);
        // The detail names the server's answer or the network error, never the token.
        if (error != IntrospectionError::Cancelled)
            qCWarning(lcIntrospection).noquote()
                << "introspection failed:" << introspectionErrorName(error) << detail;
    }
    Q_EMIT finished();
}

void IntrospectionReply::abortNetwork() {
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    if (reply->isRunning())
        reply->abort();
    reply->deleteLater();
}

} // namespace scopebench
