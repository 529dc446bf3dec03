#pragma once

#include "TokenInput.h"
#include "TokenIntrospector.h"
#include "TokenVerifier.h"

#include <QWidget>

#include <functional>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;
class QToolButton;

namespace scopebench {

class JwtVerificationPanel;
class PolicyDocument;

// The token the preview decides for: scopes simulated by ticking the catalog (with exp, nbf and
// aud), or a pasted token (masked unless shown) with live introspection and, for a JWT, its
// header and claims decoded but not verified.
class TokenPanel : public QWidget {
    Q_OBJECT
public:
    explicit TokenPanel(PolicyDocument *document, QWidget *parent = nullptr);

    TokenInput input() const;
    // Not owned; null disables live introspection.
    void setIntrospector(TokenIntrospector *introspector);
    // Not owned; null disables local JWT verification.
    void setTokenVerifier(TokenVerifier *verifier);
    // The resource a JWT's audience is checked against: the preview's (its override, the running
    // endpoint's resource), empty for the policy's.
    void setResourceOverride(const QString &resource);
    IntrospectionSettings introspectionSettings() const;
    void setIntrospectionSettings(const IntrospectionSettings &settings);

    void simulateScopes(const QStringList &scopes, bool present = true);
    // Switches to the pasted-token page with this token; what is known of it is forgotten.
    void setPastedToken(const QString &token);
    void startIntrospection();
    void cancelIntrospection();
    bool isBusy() const;
    // "Use these claims in Simulate scopes": the simulation page takes the pasted token's scopes,
    // active state, exp, nbf and aud (introspected or verified, else as decoded), and shows.
    void useClaimsInSimulation();

    // Seconds since the epoch; the views' relative times and the simulated exp/nbf count from
    // it. Tests set a fixed one.
    using Clock = std::function<qint64()>;
    void setClock(Clock clock);

Q_SIGNALS:
    void inputChanged(const scopebench::TokenInput &input);

private:
    QWidget *createSimulatePage();
    QWidget *createPastePage();
    void rebuildScopeList();
    void tokenEdited();
    void introspectionFinished(const TokenKnowledge &knowledge, const QByteArray &rawBody);
    void showKnowledge();
    void emitChange();
    void setBusy(bool busy);
    // Unfolds or folds the introspection settings (the buttons stay).
    void showForm(bool shown);
    void updateFormSummary();
    qint64 now() const;
    // What the pasted token's claims say: the facts looked up (introspected or verified) when
    // known, else the JWT's claims as decoded; nothing for an opaque token not looked up.
    std::optional<TokenFacts> claimedFacts() const;
    void updateClaimButtons();
    void copyClaim(const QString &text);

    PolicyDocument *m_document;
    TokenIntrospector *m_introspector = nullptr;
    // Why the typed introspection URL cannot be used; empty when it can (or none is typed).
    QString urlProblem() const;
    TokenKnowledge m_knowledge;
    QString m_staleNote;
    QLabel *m_urlError = nullptr;
    QTabWidget *m_tabs = nullptr;

    QCheckBox *m_present = nullptr;
    QCheckBox *m_active = nullptr;
    QListWidget *m_scopes = nullptr;
    QCheckBox *m_hasExp = nullptr;
    QSpinBox *m_exp = nullptr;
    QCheckBox *m_hasNbf = nullptr;
    QSpinBox *m_nbf = nullptr;
    QLineEdit *m_aud = nullptr;
    QLabel *m_simulateNote = nullptr;
    Clock m_clock;

    QLineEdit *m_token = nullptr;
    QToolButton *m_show = nullptr;
    QToolButton *m_copyToken = nullptr;
    QToolButton *m_copyScope = nullptr;
    QToolButton *m_copyAud = nullptr;
    QToolButton *m_copyExp = nullptr;
    QToolButton *m_useInSimulation = nullptr;
    QLabel *m_fingerprint = nullptr;
    QLabel *m_tokenNote = nullptr;
    QTabWidget *m_details = nullptr;
    QLabel *m_jwtMark = nullptr;
    QPlainTextEdit *m_jwt = nullptr;
    JwtVerificationPanel *m_verification = nullptr;
    QToolButton *m_formToggle = nullptr;
    QLabel *m_formSummary = nullptr;
    QWidget *m_form = nullptr;
    QLineEdit *m_url = nullptr;
    QComboBox *m_authMethod = nullptr;
    QLineEdit *m_clientId = nullptr;
    QLineEdit *m_secret = nullptr;
    QSpinBox *m_timeout = nullptr;
    QPushButton *m_introspect = nullptr;
    QPushButton *m_cancel = nullptr;
    QProgressBar *m_busy = nullptr;
    QLabel *m_status = nullptr;
    QPlainTextEdit *m_result = nullptr;
};

} // namespace scopebench
