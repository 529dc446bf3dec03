#pragma once

#include "decision/TokenFacts.h"
#include "introspection/IntrospectionError.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>

class QNetworkReply;
class QTimer;

namespace scopebench {

// One introspection request in flight. Made by IntrospectionClient::introspect(), parented to
// the client; finished() is emitted exactly once, always after introspect() has returned. The
// receiver deletes it (deleteLater) when done.
class IntrospectionReply : public QObject {
    Q_OBJECT
public:
    ~IntrospectionReply() override;

    // Aborts the request; finished() then reports IntrospectionError::Cancelled. No effect once
    // finished.
    void cancel();
    bool isFinished() const { return m_finished; }

    // Known (active or not), or IntrospectionFailed with "name: detail".
    const TokenKnowledge &result() const { return m_result; }
    IntrospectionError error() const { return m_error; }
    QString errorName() const { return introspectionErrorName(m_error); }
    QString errorDetail() const { return m_detail; }
    int httpStatus() const { return m_httpStatus; } // 0 when no response arrived
    QByteArray rawBody() const { return m_body; }   // for display
    QString tokenFingerprint() const { return m_fingerprint; }

Q_SIGNALS:
    void finished();

private:
    friend class IntrospectionClient;
    IntrospectionReply(const QString &fingerprint, QObject *parent);
    void start(QNetworkReply *reply, int timeoutMs);
    void failLater(IntrospectionError error, const QString &detail);
    void onReadyRead();
    void onNetworkFinished();
    void onTimeout();
    void finish(IntrospectionError error, const QString &detail);
    void abortNetwork();

    QPointer<QNetworkReply> m_reply;
    QTimer *m_timer = nullptr;
    QString m_fingerprint;
    QByteArray m_body;
    int m_httpStatus = 0;
    bool m_finished = false;
    IntrospectionError m_error = IntrospectionError::None;
    QString m_detail;
    TokenKnowledge m_result;
};

} // namespace scopebench
