// TokenPanel, its introspection: the form (folded once there is an answer), the request through
// the TokenIntrospector seam, and the answer's view. The panel's pages and the rest are in
// TokenPanel.cpp.
#include "TokenPanel.h"

#include "introspection/IntrospectionClient.h"

#include "common/TimeText.h"

#include <QComboBox>
#include <QDateTime>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTextCursor>
#include <QToolButton>
#include <QUrl>

namespace scopebench {

void TokenPanel::showForm(bool shown) {
    {
        const QSignalBlocker blocker(m_formToggle);
        m_formToggle->setChecked(shown);
    }
    m_formToggle->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
    m_form->setVisible(shown);
    updateFormSummary();
}

void TokenPanel::updateFormSummary() {
    const QString url = m_url->text().trimmed();
    const bool folded = m_form->isHidden();
    m_formSummary->setText(!folded ? QString() : url.isEmpty() ? tr("no URL") : url);
    m_formSummary->setToolTip(folded ? url : QString());
}

void TokenPanel::setIntrospector(TokenIntrospector *introspector) {
    if (m_introspector)
        disconnect(m_introspector, nullptr, this, nullptr);
    m_introspector = introspector;
    if (m_introspector)
        connect(m_introspector, &TokenIntrospector::finished, this,
                &TokenPanel::introspectionFinished);
    setBusy(false);
}

IntrospectionSettings TokenPanel::introspectionSettings() const {
    IntrospectionSettings settings;
    settings.url = QUrl(m_url->text().trimmed(), QUrl::StrictMode);
    settings.authMethod = IntrospectionSettings::AuthMethod(m_authMethod->currentData().toInt());
    settings.clientId = m_clientId->text();
    settings.clientSecret = m_secret->text();
    settings.timeoutMs = m_timeout->value();
    return settings;
}

void TokenPanel::setIntrospectionSettings(const IntrospectionSettings &settings) {
    m_url->setText(settings.url.toString());
    const int method = m_authMethod->findData(int(settings.authMethod));
    if (method >= 0)
        m_authMethod->setCurrentIndex(method);
    m_clientId->setText(settings.clientId);
    m_secret->setText(settings.clientSecret);
    m_timeout->setValue(settings.timeoutMs);
}

void TokenPanel::startIntrospection() {
    if (!m_introspector || isBusy())
        return;
    if (m_url->text().trimmed().isEmpty()) {
        m_status->setText(tr("Enter the introspection endpoint's URL."));
        showForm(true);
        return;
    }
    // Never sent, shown or saved: credentials belong in the client id and secret.
    if (!QUrl(m_url->text().trimmed()).userInfo().isEmpty()) {
        m_status->setText(tr("The URL must not hold a user name or password: put them in Client "
                             "id and Secret."));
        showForm(true);
        return;
    }
    if (!urlProblem().isEmpty()) {
        m_status->setText(urlProblem());
        showForm(true);
        return;
    }
    setBusy(true);
    m_status->setText(tr("Introspecting\u2026"));
    // The last answer is no answer for this lookup.
    m_knowledge = TokenKnowledge::notLookedUp();
    m_staleNote = tr("Pending: introspection is running; the decision waits for its answer.");
    emitChange();
    m_introspector->introspect(introspectionSettings(), m_token->text().trimmed());
}

QString TokenPanel::urlProblem() const {
    const QString text = m_url->text().trimmed();
    if (text.isEmpty())
        return QString();
    IntrospectionSettings settings = introspectionSettings();
    settings.authMethod = IntrospectionSettings::AuthMethod::ClientSecretPost;
    settings.clientId = QStringLiteral("-");
    settings.timeoutMs = 1;
    const QString problem = IntrospectionClient::settingsProblem(settings);
    return problem.isEmpty() ? QString() : tr("Not usable: %1").arg(problem);
}

void TokenPanel::cancelIntrospection() {
    if (!isBusy())
        return;
    if (m_introspector)
        m_introspector->cancel();
    setBusy(false);
    m_status->setText(tr("Cancelled."));
    m_staleNote = tr("Outdated: introspection was cancelled; introspect again.");
    emitChange();
}

bool TokenPanel::isBusy() const {
    return !m_busy->isHidden();
}

void TokenPanel::setBusy(bool busy) {
    m_busy->setVisible(busy);
    m_cancel->setEnabled(busy);
    m_introspect->setEnabled(!busy && m_introspector != nullptr);
    m_introspect->setToolTip(m_introspector ? QString()
                                            : tr("Live introspection is not available"));
}

void TokenPanel::introspectionFinished(const TokenKnowledge &knowledge, const QByteArray &rawBody) {
    if (!isBusy())
        return;
    setBusy(false);
    m_knowledge = knowledge;
    m_staleNote.clear();
    showKnowledge();
    m_details->setCurrentIndex(0);
    // An answer is what the user reads now; a failure sends them back to the settings.
    showForm(knowledge.state == TokenKnowledge::State::IntrospectionFailed);
    if (!rawBody.isEmpty()) {
        const QJsonDocument document = QJsonDocument::fromJson(rawBody);
        m_result->appendPlainText(tr("\nRaw response:"));
        m_result->appendPlainText(
            document.isNull() ? QString::fromUtf8(rawBody)
                              : QString::fromUtf8(document.toJson(QJsonDocument::Indented)));
        // Appending scrolled to the raw JSON's end; the parsed answer on top is read first.
        m_result->moveCursor(QTextCursor::Start);
    }
    emitChange();
}

void TokenPanel::showKnowledge() {
    m_result->clear();
    if (m_knowledge.state == TokenKnowledge::State::IntrospectionFailed) {
        m_status->setText(tr("Introspection failed: %1").arg(m_knowledge.failure));
        return;
    }
    const TokenFacts &facts = m_knowledge.facts;
    m_status->setText(facts.active ? tr("Active token") : tr("Inactive token"));
    QStringList lines;
    lines << QStringLiteral("active: %1")
                 .arg(facts.active ? QStringLiteral("true") : QStringLiteral("false"));
    if (!facts.scopes.isEmpty())
        lines << QStringLiteral("scope: ") + facts.scopes.join(u' ');
    const qint64 current = now();
    const auto time = [current](const std::optional<qint64> &t) {
        return TimeText::withRelative(*t, current);
    };
    if (facts.exp)
        lines << QStringLiteral("exp: ") + time(facts.exp);
    if (facts.nbf)
        lines << QStringLiteral("nbf: ") + time(facts.nbf);
    if (facts.iat)
        lines << QStringLiteral("iat: ") + time(facts.iat);
    // Not a fact the decision uses, but a time people look for (OpenID Connect's auth_time).
    const QJsonValue authTime = facts.raw.value(QStringLiteral("auth_time"));
    if (authTime.isDouble())
        lines << QStringLiteral("auth_time: ") + time(qint64(authTime.toDouble()));
    const QList<QPair<QString, QString>> strings = {
        {QStringLiteral("client_id"), facts.clientId},
        {QStringLiteral("sub"), facts.sub},
        {QStringLiteral("username"), facts.username},
        {QStringLiteral("iss"), facts.iss},
        {QStringLiteral("token_type"), facts.tokenType}};
    for (const auto &[name, value] : strings) {
        if (!value.isEmpty())
            lines << name + QStringLiteral(": ") + value;
    }
    if (facts.audPresent)
        lines << QStringLiteral("aud: ") + facts.aud.join(u' ');
    m_result->setPlainText(lines.join(u'\n'));
}

} // namespace scopebench
