#pragma once

#include "decision/TokenFacts.h"

#include <QObject>

namespace scopebench {

// What the token panel asks live introspection (RFC 7662) with. The secret is held in memory
// only and never saved.
struct IntrospectionRequest {
    QString url;
    QString authMethod = QStringLiteral("basic"); // basic, post, bearer, none
    QString clientId;
    QString clientSecret; // or the bearer token, with "bearer"
    int timeoutMs = 5000;
};

// The token panel's seam to live introspection: one lookup at a time, cancellable. finished()
// comes exactly once per introspect() that was not cancelled.
class TokenIntrospector : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    virtual void introspect(const IntrospectionRequest &request, const QString &token) = 0;
    virtual void cancel() = 0;

Q_SIGNALS:
    // `rawBody` is the authorization server's answer as received (empty when none came).
    void finished(const scopebench::TokenKnowledge &knowledge, const QByteArray &rawBody);
};

} // namespace scopebench
