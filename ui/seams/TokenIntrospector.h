#pragma once

#include "decision/TokenFacts.h"
#include "introspection/IntrospectionSettings.h"

#include <QObject>

namespace scopebench {

// The token panel's seam to live introspection: one lookup at a time, cancellable. finished()
// comes exactly once per introspect() that was not cancelled.
class TokenIntrospector : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    // The secret in `settings` is held in memory only and never saved.
    virtual void introspect(const IntrospectionSettings &settings, const QString &token) = 0;
    virtual void cancel() = 0;

Q_SIGNALS:
    // `rawBody` is the authorization server's answer as received (empty when none came).
    void finished(const scopebench::TokenKnowledge &knowledge, const QByteArray &rawBody);
};

} // namespace scopebench
