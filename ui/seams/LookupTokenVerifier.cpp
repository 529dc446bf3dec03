#include "LookupTokenVerifier.h"

#include "jwt/JwksProvider.h"

namespace scopebench {

LookupTokenVerifier::LookupTokenVerifier(QObject *parent)
    : TokenVerifier(parent)
    , m_provider(std::make_unique<JwksProvider>()) {}

LookupTokenVerifier::~LookupTokenVerifier() {
    cancel();
}

void LookupTokenVerifier::verify(const QString &token, const JwtVerifierOptions &options) {
    cancel();
    // One context per verification: deleting it (cancel) drops the answer, and the lookup
    // with its options goes with it.
    auto *context = new QObject(this);
    m_pending = context;
    auto *lookup = new JwtTokenLookup(m_provider.get(), options, context);
    lookup->lookupDetailed(token.toUtf8(), context, [this, context](const JwtLookupResult &r) {
        if (m_pending != context)
            return;
        m_pending = nullptr;
        context->deleteLater();
        Q_EMIT finished(r);
    });
}

void LookupTokenVerifier::cancel() {
    if (m_pending)
        delete m_pending.data();
    m_pending = nullptr;
}

} // namespace scopebench
