#include "TokenPanel.h"

#include "JwtVerificationPanel.h"
#include "PastedToken.h"
#include "PolicyDocument.h"
#include "introspection/IntrospectionClient.h"
#include "jose/JwtDecoder.h"

#include "common/TimeText.h"
#include "common/TokenFingerprint.h"
#include "policy/ScopeGrammar.h"

#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTime>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QTextCursor>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace scopebench {

namespace {

QSpinBox *secondsBox(QWidget *parent) {
    auto *box = new QSpinBox(parent);
    box->setRange(-10 * 365 * 86400, 10 * 365 * 86400);
    box->setSuffix(QObject::tr(" s from now"));
    box->setValue(3600);
    box->setEnabled(false);
    return box;
}

QToolButton *smallButton(const QString &text, const char *name, const QString &tip,
                         QWidget *parent) {
    auto *button = new QToolButton(parent);
    button->setText(text);
    button->setObjectName(QLatin1String(name));
    button->setToolTip(tip);
    return button;
}

} // namespace

TokenPanel::TokenPanel(PolicyDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document) {
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("tokenTabs"));
    m_tabs->addTab(createSimulatePage(), tr("Simulate scopes"));
    // The real token's page scrolls on its own: its views want a dozen lines, and a tab widget
    // is as tall as its tallest page, which would make the simulate page scroll as well.
    auto *pasteScroll = new QScrollArea(m_tabs);
    pasteScroll->setObjectName(QStringLiteral("realTokenScroll"));
    pasteScroll->setWidgetResizable(true);
    pasteScroll->setFrameShape(QFrame::NoFrame);
    pasteScroll->setWidget(createPastePage());
    m_tabs->addTab(pasteScroll, tr("Real token"));
    layout->addWidget(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, &TokenPanel::emitChange);
    connect(document, &PolicyDocument::changed, this, &TokenPanel::rebuildScopeList);
    rebuildScopeList();
    setBusy(false);
}

QWidget *TokenPanel::createSimulatePage() {
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    auto *flags = new QHBoxLayout;
    m_present = new QCheckBox(tr("Send a token"), page);
    m_present->setObjectName(QStringLiteral("simulatePresent"));
    m_present->setChecked(true);
    m_present->setToolTip(tr("Off: the request has no Authorization header"));
    m_active = new QCheckBox(tr("Active"), page);
    m_active->setChecked(true);
    m_active->setToolTip(tr("What introspection says in \"active\""));
    flags->addWidget(m_present);
    flags->addWidget(m_active);
    flags->addStretch(1);
    layout->addLayout(flags);
    layout->addWidget(new QLabel(tr("Granted scopes:"), page));
    m_scopes = new QListWidget(page);
    m_scopes->setObjectName(QStringLiteral("simulatedScopes"));
    m_scopes->setWordWrap(true);
    m_scopes->setSpacing(1);
    layout->addWidget(m_scopes, 1);

    auto *form = new QFormLayout;
    m_hasExp = new QCheckBox(tr("exp"), page);
    m_hasExp->setObjectName(QStringLiteral("simulateHasExp"));
    m_exp = secondsBox(page);
    m_exp->setObjectName(QStringLiteral("simulateExp"));
    form->addRow(m_hasExp, m_exp);
    m_hasNbf = new QCheckBox(tr("nbf"), page);
    m_nbf = secondsBox(page);
    m_nbf->setValue(0);
    form->addRow(m_hasNbf, m_nbf);
    m_aud = new QLineEdit(page);
    m_aud->setPlaceholderText(tr("none (space-separated URIs)"));
    form->addRow(tr("aud"), m_aud);
    layout->addLayout(form);
    m_simulateNote = new QLabel(page);
    m_simulateNote->setObjectName(QStringLiteral("simulateNote"));
    m_simulateNote->setWordWrap(true);
    m_simulateNote->hide();
    layout->addWidget(m_simulateNote);

    connect(m_present, &QCheckBox::toggled, this, &TokenPanel::emitChange);
    connect(m_active, &QCheckBox::toggled, this, &TokenPanel::emitChange);
    connect(m_scopes, &QListWidget::itemChanged, this, &TokenPanel::emitChange);
    connect(m_hasExp, &QCheckBox::toggled, m_exp, &QSpinBox::setEnabled);
    connect(m_hasNbf, &QCheckBox::toggled, m_nbf, &QSpinBox::setEnabled);
    for (QCheckBox *box : {m_hasExp, m_hasNbf})
        connect(box, &QCheckBox::toggled, this, &TokenPanel::emitChange);
    for (QSpinBox *box : {m_exp, m_nbf})
        connect(box, &QSpinBox::valueChanged, this, &TokenPanel::emitChange);
    connect(m_aud, &QLineEdit::textChanged, this, &TokenPanel::emitChange);
    return page;
}

QWidget *TokenPanel::createPastePage() {
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);

    auto *tokenRow = new QHBoxLayout;
    m_token = new QLineEdit(page);
    m_token->setObjectName(QStringLiteral("tokenEdit"));
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("Paste an access token"));
    m_show = new QToolButton(page);
    m_show->setText(tr("Show"));
    m_show->setCheckable(true);
    tokenRow->addWidget(m_token, 1);
    tokenRow->addWidget(m_show);
    layout->addLayout(tokenRow);
    m_tokenNote = new QLabel(page);
    m_tokenNote->setObjectName(QStringLiteral("tokenCleanedNote"));
    m_tokenNote->setWordWrap(true);
    m_tokenNote->hide();
    m_staleNote.clear();
    layout->addWidget(m_tokenNote);
    m_fingerprint = new QLabel(page);
    m_fingerprint->setObjectName(QStringLiteral("tokenFingerprint"));
    m_fingerprint->setWordWrap(true);
    layout->addWidget(m_fingerprint);
    // Two short rows (the dock is narrow): the claims people copy most, and the way to play
    // with them.
    auto *claimsRow = new QHBoxLayout;
    claimsRow->addWidget(new QLabel(tr("Copy"), page));
    m_copyToken = smallButton(tr("token"), "copyToken",
                              tr("Copy the token to the clipboard (it is a credential)"), page);
    m_copyScope = smallButton(tr("scope"), "copyScope", tr("Copy the token's scope"), page);
    m_copyAud = smallButton(tr("aud"), "copyAud", tr("Copy the token's audience"), page);
    m_copyExp = smallButton(tr("exp"), "copyExp", tr("Copy the token's exp (a NumericDate)"), page);
    for (QToolButton *button : {m_copyToken, m_copyScope, m_copyAud, m_copyExp})
        claimsRow->addWidget(button);
    claimsRow->addStretch(1);
    layout->addLayout(claimsRow);
    m_useInSimulation = smallButton(
        tr("Use in Simulate scopes"), "useInSimulation",
        tr("Use these claims in Simulate scopes: the scopes, active, exp, nbf and aud this token "
           "has (introspected or verified, else as decoded), to change them from there"),
        page);
    auto *simulateRow = new QHBoxLayout;
    simulateRow->addWidget(m_useInSimulation);
    simulateRow->addStretch(1);
    layout->addLayout(simulateRow);

    // The form folds away once there is a result to read (an introspection answer, a decoded
    // JWT): folded it is one line with its URL, and the views below it fit a 768-px screen
    // without scrolling the page. The buttons stay, to introspect again.
    auto *box = new QGroupBox(page);
    auto *boxLayout = new QVBoxLayout(box);
    auto *header = new QHBoxLayout;
    m_formToggle = new QToolButton(box);
    m_formToggle->setObjectName(QStringLiteral("introspectionFormToggle"));
    m_formToggle->setText(tr("Live introspection (RFC 7662)"));
    m_formToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_formToggle->setAutoRaise(true);
    m_formToggle->setCheckable(true);
    m_formToggle->setToolTip(tr("Show or fold the introspection settings"));
    header->addWidget(m_formToggle);
    m_formSummary = new QLabel(box);
    m_formSummary->setObjectName(QStringLiteral("introspectionFormSummary"));
    m_formSummary->setMinimumWidth(1); // a long URL must not widen the dock
    header->addWidget(m_formSummary, 1);
    boxLayout->addLayout(header);
    m_form = new QWidget(box);
    m_form->setObjectName(QStringLiteral("introspectionForm"));
    auto *form = new QFormLayout(m_form);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    boxLayout->addWidget(m_form);
    m_url = new QLineEdit(m_form);
    m_url->setObjectName(QStringLiteral("introspectionUrl"));
    m_url->setPlaceholderText(QStringLiteral("https://as.example/oauth/introspect"));
    form->addRow(tr("URL"), m_url);
    m_urlError = new QLabel(m_form);
    m_urlError->setObjectName(QStringLiteral("introspectionUrlError"));
    m_urlError->setStyleSheet(QStringLiteral("color: #b02a37;"));
    m_urlError->setWordWrap(true);
    m_urlError->hide();
    form->addRow(QString(), m_urlError);
    // Checked as typed; and an answer from the URL before is no answer for this one.
    connect(m_url, &QLineEdit::textChanged, this, [this] {
        updateFormSummary();
        const QString problem = urlProblem();
        m_urlError->setText(problem);
        m_urlError->setVisible(!problem.isEmpty());
        if (m_knowledge.state != TokenKnowledge::State::NotLookedUp) {
            m_knowledge = TokenKnowledge::notLookedUp();
            m_staleNote = tr("Outdated: the introspection URL changed since the last answer; "
                             "introspect again.");
            emitChange();
        }
    });
    m_authMethod = new QComboBox(m_form);
    m_authMethod->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_authMethod->setMinimumContentsLength(10);
    // Data: the names `scopebench introspect --auth-method` takes.
    using Method = IntrospectionSettings::AuthMethod;
    m_authMethod->addItem(QStringLiteral("client_secret_basic"), int(Method::ClientSecretBasic));
    m_authMethod->addItem(QStringLiteral("client_secret_post"), int(Method::ClientSecretPost));
    m_authMethod->addItem(tr("bearer token"), int(Method::BearerToken));
    m_authMethod->addItem(tr("none (warning: unauthenticated)"), int(Method::None));
    form->addRow(tr("Auth"), m_authMethod);
    m_clientId = new QLineEdit(m_form);
    form->addRow(tr("Client id"), m_clientId);
    m_secret = new QLineEdit(m_form);
    m_secret->setObjectName(QStringLiteral("clientSecret"));
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setPlaceholderText(tr("held in memory only"));
    form->addRow(tr("Secret"), m_secret);
    m_timeout = new QSpinBox(m_form);
    m_timeout->setRange(100, 120000);
    m_timeout->setSingleStep(500);
    m_timeout->setValue(5000);
    m_timeout->setSuffix(tr(" ms"));
    form->addRow(tr("Timeout"), m_timeout);
    auto *buttons = new QHBoxLayout;
    m_introspect = new QPushButton(tr("Introspect"), box);
    m_introspect->setObjectName(QStringLiteral("introspectButton"));
    m_cancel = new QPushButton(tr("Cancel"), box);
    m_busy = new QProgressBar(box);
    m_busy->setRange(0, 0);
    m_busy->setMaximumWidth(60);
    m_busy->setTextVisible(false);
    buttons->addWidget(m_introspect);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_busy);
    buttons->addStretch(1);
    boxLayout->addLayout(buttons);
    layout->addWidget(box);
    connect(m_formToggle, &QToolButton::toggled, this, &TokenPanel::showForm);
    showForm(true);

    m_status = new QLabel(page);
    m_status->setObjectName(QStringLiteral("introspectionStatus"));
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    // What introspection said and what the token says of itself share the rest of the height.
    m_details = new QTabWidget(page);
    m_details->setObjectName(QStringLiteral("tokenDetails"));
    m_result = new QPlainTextEdit(m_details);
    m_result->setObjectName(QStringLiteral("introspectionResult"));
    m_result->setReadOnly(true);
    m_result->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_details->addTab(m_result, tr("Introspection"));
    auto *jwtPage = new QWidget(m_details);
    auto *jwtLayout = new QVBoxLayout(jwtPage);
    jwtLayout->setContentsMargins(0, 0, 0, 0);
    m_jwtMark = new QLabel(tr("NOT VERIFIED: decoded for reading; the signature and issuer are "
                              "not checked."),
                           jwtPage);
    m_jwtMark->setObjectName(QStringLiteral("jwtMark"));
    m_jwtMark->setWordWrap(true);
    m_jwtMark->setStyleSheet(QStringLiteral("color: #b02a37; font-weight: bold;"));
    jwtLayout->addWidget(m_jwtMark);
    m_verification = new JwtVerificationPanel(m_document, jwtPage);
    jwtLayout->addWidget(m_verification);
    connect(m_verification, &JwtVerificationPanel::knowledgeChanged, this,
            [this](const TokenKnowledge &knowledge) {
                m_knowledge = knowledge;
                emitChange();
            });
    connect(m_verification, &JwtVerificationPanel::verifiedChanged, this,
            [this](bool verified) { m_jwtMark->setVisible(!verified); });
    m_jwt = new QPlainTextEdit(jwtPage);
    m_jwt->setObjectName(QStringLiteral("jwtView"));
    m_jwt->setReadOnly(true);
    m_jwt->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    jwtLayout->addWidget(m_jwt, 1);
    m_details->addTab(jwtPage, tr("JWT"));
    // The answer and the decoded token are what the page is for: the views get a dozen lines
    // at least and every pixel the dock has to spare. The panel scrolls in its dock rather than
    // squeezing them to the four to six lines they had (docs/desktop-app.md).
    const int lines = QFontMetrics(m_result->font()).lineSpacing();
    m_result->setMinimumHeight(lines * 12);
    m_jwt->setMinimumHeight(lines * 12);
    layout->addWidget(m_details, 1);

    connect(m_show, &QToolButton::toggled, this, [this](bool shown) {
        m_token->setEchoMode(shown ? QLineEdit::Normal : QLineEdit::Password);
        m_show->setText(shown ? tr("Hide") : tr("Show"));
    });
    connect(m_token, &QLineEdit::textChanged, this, &TokenPanel::tokenEdited);
    connect(m_introspect, &QPushButton::clicked, this, &TokenPanel::startIntrospection);
    connect(m_cancel, &QPushButton::clicked, this, &TokenPanel::cancelIntrospection);
    connect(m_copyToken, &QToolButton::clicked, this,
            [this] { copyClaim(m_token->text().trimmed()); });
    connect(m_copyScope, &QToolButton::clicked, this,
            [this] { copyClaim(claimedFacts().value_or(TokenFacts()).scopes.join(u' ')); });
    connect(m_copyAud, &QToolButton::clicked, this,
            [this] { copyClaim(claimedFacts().value_or(TokenFacts()).aud.join(u' ')); });
    connect(m_copyExp, &QToolButton::clicked, this, [this] {
        const auto exp = claimedFacts().value_or(TokenFacts()).exp;
        copyClaim(exp ? QString::number(*exp) : QString());
    });
    connect(m_useInSimulation, &QToolButton::clicked, this, &TokenPanel::useClaimsInSimulation);
    tokenEdited();
    return page;
}

void TokenPanel::rebuildScopeList() {
    // The scope name is the item's data; the text adds the catalog's description.
    const auto nameOf = [this](int row) {
        return m_scopes->item(row)->data(Qt::UserRole).toString();
    };
    QStringList ticked;
    QStringList shown;
    for (int i = 0; i < m_scopes->count(); ++i) {
        shown.append(nameOf(i));
        if (m_scopes->item(i)->checkState() == Qt::Checked)
            ticked.append(nameOf(i));
    }
    const Policy &policy = m_document->policy();
    const QStringList names = policy.allScopeNames();
    const QSignalBlocker blocker(m_scopes);
    const bool rebuild = names != shown;
    if (rebuild)
        m_scopes->clear();
    for (int i = 0; i < names.size(); ++i) {
        const QString &name = names.at(i);
        QListWidgetItem *item = rebuild ? new QListWidgetItem(m_scopes) : m_scopes->item(i);
        QString description;
        for (const auto &info : policy.scopes) {
            if (info.name == name)
                description = info.description;
        }
        item->setText(description.isEmpty() ? name : name + u'\n' + description);
        item->setToolTip(description);
        if (rebuild) {
            item->setData(Qt::UserRole, name);
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable);
            item->setCheckState(ticked.contains(name) ? Qt::Checked : Qt::Unchecked);
        }
    }
    if (rebuild)
        emitChange();
}

void TokenPanel::simulateScopes(const QStringList &scopes, bool present) {
    m_simulateNote->hide();
    {
        const QSignalBlocker blocker(m_scopes);
        for (int i = 0; i < m_scopes->count(); ++i) {
            QListWidgetItem *item = m_scopes->item(i);
            item->setCheckState(
                scopes.contains(item->data(Qt::UserRole).toString()) ? Qt::Checked : Qt::Unchecked);
        }
        const QSignalBlocker presentBlocker(m_present);
        m_present->setChecked(present);
    }
    if (m_tabs->currentIndex() != 0)
        m_tabs->setCurrentIndex(0);
    else
        emitChange();
}

void TokenPanel::setPastedToken(const QString &token) {
    m_tabs->setCurrentIndex(1);
    m_token->setText(token);
}

void TokenPanel::tokenEdited() {
    const PastedToken cleaned = PastedToken::clean(m_token->text());
    if (cleaned.token != m_token->text()) {
        m_token->setText(cleaned.token); // comes back here with the clean token
        m_tokenNote->setText(cleaned.note);
        m_tokenNote->show();
        return;
    }
    m_tokenNote->hide();
    if (m_introspector && isBusy())
        m_introspector->cancel();
    setBusy(false);
    m_knowledge = TokenKnowledge::notLookedUp();
    const QString token = m_token->text().trimmed();
    m_fingerprint->setText(token.isEmpty()
                               ? tr("No token: the request goes without Authorization")
                               : tr("Fingerprint %1 (SHA-256)").arg(tokenFingerprint(token)));
    const auto jwt = JwtDecoder::decode(token);
    m_jwtMark->setVisible(jwt.has_value());
    m_details->setCurrentIndex(jwt ? 1 : 0);
    if (jwt) {
        m_jwt->setPlainText(JwtVerificationPanel::describe(jwt->header, jwt->claims, now()));
    } else {
        m_jwt->setPlainText(token.isEmpty() ? QString()
                                            : tr("Opaque token (not a JWT): introspect it."));
    }
    m_verification->setToken(token);
    m_status->clear();
    m_result->clear();
    // A decoded JWT is a result to read; an opaque token has none until introspected.
    showForm(!jwt);
    emitChange();
}

void TokenPanel::setTokenVerifier(TokenVerifier *verifier) {
    m_verification->setVerifier(verifier);
    if (verifier && m_tabs->currentIndex() == 1)
        m_verification->setToken(m_token->text());
}

void TokenPanel::setResourceOverride(const QString &resource) {
    m_verification->setResourceOverride(resource);
}

TokenInput TokenPanel::input() const {
    TokenInput input;
    if (m_tabs->currentIndex() == 1) {
        input.kind = TokenInput::Kind::Pasted;
        input.token = m_token->text().trimmed();
        input.knowledge = m_knowledge;
        input.staleNote = m_staleNote;
        return input;
    }
    const qint64 now = this->now();
    SimulatedToken &token = input.simulated;
    token.present = m_present->isChecked();
    token.active = m_active->isChecked();
    for (int i = 0; i < m_scopes->count(); ++i) {
        if (m_scopes->item(i)->checkState() == Qt::Checked)
            token.scopes.append(m_scopes->item(i)->data(Qt::UserRole).toString());
    }
    if (m_hasExp->isChecked())
        token.exp = now + m_exp->value();
    if (m_hasNbf->isChecked())
        token.nbf = now + m_nbf->value();
    token.aud = ScopeGrammar::split(m_aud->text());
    return input;
}

void TokenPanel::emitChange() {
    // Whatever changed the input may have changed what there is to copy.
    updateClaimButtons();
    Q_EMIT inputChanged(input());
}

void TokenPanel::setClock(Clock clock) {
    m_clock = std::move(clock);
    m_verification->setClock(m_clock);
}

qint64 TokenPanel::now() const {
    return m_clock ? m_clock() : QDateTime::currentSecsSinceEpoch();
}

std::optional<TokenFacts> TokenPanel::claimedFacts() const {
    if (m_knowledge.state == TokenKnowledge::State::Known)
        return m_knowledge.facts;
    if (const auto jwt = JwtDecoder::decode(m_token->text().trimmed()))
        return JwtVerificationPanel::unverifiedFacts(jwt->claims);
    return std::nullopt;
}

void TokenPanel::updateClaimButtons() {
    const auto facts = claimedFacts();
    m_copyToken->setEnabled(!m_token->text().trimmed().isEmpty());
    m_copyScope->setEnabled(facts && !facts->scopes.isEmpty());
    m_copyAud->setEnabled(facts && !facts->aud.isEmpty());
    m_copyExp->setEnabled(facts && facts->exp.has_value());
    m_useInSimulation->setEnabled(facts.has_value());
}

void TokenPanel::copyClaim(const QString &text) {
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

void TokenPanel::useClaimsInSimulation() {
    const auto facts = claimedFacts();
    if (!facts)
        return;
    const qint64 current = now();
    // The spin boxes count from now and are bounded; a date beyond their range is clamped.
    const auto fromNow = [current](QSpinBox *box, qint64 t) {
        box->setValue(int(std::clamp(t - current, qint64(box->minimum()), qint64(box->maximum()))));
    };
    {
        const QSignalBlocker blockActive(m_active);
        const QSignalBlocker blockHasExp(m_hasExp);
        const QSignalBlocker blockExp(m_exp);
        const QSignalBlocker blockHasNbf(m_hasNbf);
        const QSignalBlocker blockNbf(m_nbf);
        const QSignalBlocker blockAud(m_aud);
        m_active->setChecked(facts->active);
        m_hasExp->setChecked(facts->exp.has_value());
        m_exp->setEnabled(facts->exp.has_value());
        if (facts->exp)
            fromNow(m_exp, *facts->exp);
        m_hasNbf->setChecked(facts->nbf.has_value());
        m_nbf->setEnabled(facts->nbf.has_value());
        if (facts->nbf)
            fromNow(m_nbf, *facts->nbf);
        m_aud->setText(facts->aud.join(u' '));
    }
    // Simulation ticks catalog scopes only: say which of the token's scopes it cannot model.
    const QStringList catalog = m_document->policy().allScopeNames();
    QStringList outside;
    for (const QString &scope : facts->scopes) {
        if (!catalog.contains(scope))
            outside.append(scope);
    }
    m_simulateNote->setText(
        outside.isEmpty()
            ? tr("From the pasted token's claims.")
            : tr("From the pasted token's claims; not in the catalog, so left out: %1")
                  .arg(outside.join(u' ')));
    simulateScopes(facts->scopes, true);
    m_simulateNote->show();
}

} // namespace scopebench
