#pragma once

#include "jwt/JwtTokenLookup.h"

#include <QObject>

namespace scopebench {

// The token panel's seam to local JWT verification (docs/jwt-verification.md): one verification
// at a time, cancellable. finished() comes exactly once per verify() that was not cancelled.
class TokenVerifier : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    virtual void verify(const QString &token, const JwtVerifierOptions &options) = 0;
    virtual void cancel() = 0;

Q_SIGNALS:
    // `result.knowledge`: known (verified), refused (a check failed: 401) or failed (the
    // issuer's keys could not be had: 503).
    void finished(const scopebench::JwtLookupResult &result);
};

} // namespace scopebench
