#pragma once

#include "decision/TokenFacts.h"
#include "jwt/JwtTokenLookup.h"

#include <QJsonObject>
#include <QWidget>

#include <functional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace scopebench {

class PolicyDocument;
class TokenVerifier;

// The pasted JWT's verification in the token panel (docs/jwt-verification.md, docs/desktop-app.md):
// the issuer (taken from the token's iss when the policy lists it among its
// authorizationServers, else typed), a Verify button, which checks passed and which failed and
// why, and the explicit what-if of deciding from the unverified claims. It hands the knowledge
// to decide with to the token panel: verified facts, a refusal (401) or a failure (503).
class JwtVerificationPanel : public QWidget {
    Q_OBJECT
public:
    JwtVerificationPanel(PolicyDocument *document, QWidget *parent = nullptr);

    // Not owned; null: verification is not available.
    void setVerifier(TokenVerifier *verifier);
    // A new token (empty or not a JWT: nothing to verify). Verifies at once when the issuer is
    // one of the policy's.
    void setToken(const QString &token);
    void verify();
    // The resource the token's audience must name: the one the preview decides for (the running
    // endpoint's), empty for the policy's. A verification done or under way is done again.
    void setResourceOverride(const QString &resource);
    // Seconds since the epoch, for the times shown next to the lifetime checks.
    void setClock(std::function<qint64()> clock);

    // The header and claims as indented JSON, each NumericDate (exp, iat, nbf, auth_time)
    // followed by its time and how far it is from `now`: "2026-11-29 22:10:05 UTC (in 12 min)".
    static QString describe(const QJsonObject &header, const QJsonObject &claims, qint64 now);
    // What the claims would give if they were true: for the what-if only.
    static TokenFacts unverifiedFacts(const QJsonObject &claims);

Q_SIGNALS:
    // What the decision should take for the pasted token; NotLookedUp when nothing is known.
    void knowledgeChanged(const scopebench::TokenKnowledge &knowledge);
    // Whether the verification succeeded (the panel's "NOT VERIFIED" mark goes then).
    void verifiedChanged(bool verified);

private:
    void finished(const JwtLookupResult &result);
    void showResult();
    void publish();
    // The line of a check that passed: its name, and what the claims or the verifier add.
    QString passedLine(JwtCheck check) const;

    PolicyDocument *m_document;
    TokenVerifier *m_verifier = nullptr;
    QString m_token;
    QJsonObject m_claims;
    bool m_isJwt = false;
    bool m_busy = false;
    std::optional<JwtLookupResult> m_result;
    std::function<qint64()> m_clock;
    QString m_resourceOverride;

    QLineEdit *m_issuer = nullptr;
    QCheckBox *m_acceptTyp = nullptr;
    QPushButton *m_verify = nullptr;
    QLabel *m_status = nullptr;
    QPlainTextEdit *m_checks = nullptr;
    QCheckBox *m_whatIf = nullptr;
};

} // namespace scopebench
