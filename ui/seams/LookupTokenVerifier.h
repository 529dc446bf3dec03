#pragma once

#include "TokenVerifier.h"

#include <QPointer>

#include <memory>

namespace scopebench {

class JwksProvider;

// Local JWT verification for the token panel through the core's JwtTokenLookup. The JWK Sets
// are kept (per issuer, for their max-age) between verifications, as the endpoint keeps them.
class LookupTokenVerifier : public TokenVerifier {
    Q_OBJECT
public:
    explicit LookupTokenVerifier(QObject *parent = nullptr);
    ~LookupTokenVerifier() override;

    void verify(const QString &token, const JwtVerifierOptions &options) override;
    void cancel() override;

private:
    std::unique_ptr<JwksProvider> m_provider;
    QPointer<QObject> m_pending; // the context of the verification under way
};

} // namespace scopebench
