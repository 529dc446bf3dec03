#include "PolicySettingsPanel.h"

#include "PolicyDocument.h"
#include "PolicySnapshotCommand.h"
#include "policy/PolicyEdits.h"

#include "decision/CompiledPolicy.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QUndoStack>

namespace scopebench {

PolicySettingsPanel::PolicySettingsPanel(PolicyDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document) {
    auto *form = new QFormLayout(this);
    form->setContentsMargins(4, 4, 4, 4);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    m_description = new QLineEdit(this);
    m_description->setObjectName(QStringLiteral("challengeDescription"));
    m_description->setPlaceholderText(
        tr("Any of the following combinations of scopes is valid: {alternatives}"));
    m_description->setToolTip(tr("The error_description of a 403; {alternatives} expands to the "
                                 "combinations that would be enough. Empty: the default."));
    m_description->setClearButtonEnabled(true);
    form->addRow(tr("403 description"), m_description);
    m_preview = new QLabel(this);
    m_preview->setObjectName(QStringLiteral("descriptionPreview"));
    m_preview->setWordWrap(true);
    m_preview->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_preview->setStyleSheet(QStringLiteral("color: palette(mid);"));
    m_preview->setToolTip(tr("As the server level's 403 sends it: expanded, and with every "
                             "character RFC 6750 §3 forbids dropped"));
    form->addRow(QString(), m_preview);

    auto *validation = new QHBoxLayout;
    m_leeway = new QSpinBox(this);
    m_leeway->setObjectName(QStringLiteral("leewaySeconds"));
    m_leeway->setRange(0, 86400);
    m_leeway->setSuffix(tr(" s"));
    m_leeway->setToolTip(tr("Clock skew allowed when checking exp and nbf"));
    m_requireExpiry = new QCheckBox(tr("Require exp"), this);
    m_requireExpiry->setObjectName(QStringLiteral("requireExpiry"));
    m_requireExpiry->setToolTip(tr("A token without an expiry time is a 401"));
    m_requireAudience = new QCheckBox(tr("Require aud"), this);
    m_requireAudience->setObjectName(QStringLiteral("requireAudience"));
    m_requireAudience->setToolTip(tr("A token without an audience is a 401"));
    validation->addWidget(new QLabel(tr("Leeway"), this));
    validation->addWidget(m_leeway);
    validation->addSpacing(12);
    validation->addWidget(m_requireExpiry);
    validation->addWidget(m_requireAudience);
    validation->addStretch(1);
    form->addRow(tr("Validation"), validation);

    m_servers = new QPlainTextEdit(this);
    m_servers->setObjectName(QStringLiteral("authorizationServers"));
    m_servers->setPlaceholderText(tr("Issuer URLs, one per line, e.g. https://auth.example.com"));
    m_servers->setToolTip(tr("authorization_servers of the protected resource metadata "
                             "(RFC 9728 §2)"));
    m_servers->setTabChangesFocus(true);
    m_servers->setFixedHeight(m_servers->fontMetrics().lineSpacing() * 3 + 12);
    form->addRow(tr("Authorization servers"), m_servers);
    m_serversError = new QLabel(this);
    m_serversError->setObjectName(QStringLiteral("serversError"));
    m_serversError->setStyleSheet(QStringLiteral("color: #b02a37;"));
    m_serversError->setWordWrap(true);
    m_serversError->hide();
    form->addRow(QString(), m_serversError);

    connect(m_description, &QLineEdit::textEdited, this, [this](const QString &text) {
        Policy edited = m_document->policy();
        edited.challenge.descriptionTemplate = text;
        push(tr("Change 403 description"), edited, QStringLiteral("descriptionTemplate"));
    });
    connect(m_leeway, &QSpinBox::valueChanged, this, [this](int seconds) {
        Policy edited = m_document->policy();
        edited.validation.leewaySeconds = seconds;
        push(tr("Change leeway"), edited, QStringLiteral("leewaySeconds"));
    });
    connect(m_requireExpiry, &QCheckBox::toggled, this, [this](bool required) {
        Policy edited = m_document->policy();
        edited.validation.requireExpiry = required;
        push(required ? tr("Require exp") : tr("Do not require exp"), edited);
    });
    connect(m_requireAudience, &QCheckBox::toggled, this, [this](bool required) {
        Policy edited = m_document->policy();
        edited.validation.requireAudience = required;
        push(required ? tr("Require aud") : tr("Do not require aud"), edited);
    });
    connect(m_servers, &QPlainTextEdit::textChanged, this, &PolicySettingsPanel::editServers);
    connect(document, &PolicyDocument::changed, this, &PolicySettingsPanel::refresh);
    refresh();
}

void PolicySettingsPanel::push(const QString &text, const Policy &edited, const QString &mergeKey) {
    if (edited == m_document->policy())
        return;
    m_document->undoStack()->push(new PolicySnapshotCommand(m_document, text, edited, mergeKey));
}

void PolicySettingsPanel::editServers() {
    const auto parsed = PolicyEdits::parseAuthorizationServers(m_servers->toPlainText());
    m_serversError->setVisible(!parsed.ok());
    if (!parsed) {
        m_serversError->setText(
            tr("%1 (%2); not applied").arg(parsed.error().message, parsed.error().where));
        return;
    }
    m_shownServers = parsed.value();
    Policy edited = m_document->policy();
    edited.authorizationServers = parsed.value();
    push(tr("Change authorization servers"), edited, QStringLiteral("authorizationServers"));
}

bool PolicySettingsPanel::focusField(const QString &jsonPath) {
    const struct {
        const char *prefix;
        QWidget *field;
    } fields[] = {
        {"$.challenge", m_description},
        {"$.validation.leewaySeconds", m_leeway},
        {"$.validation.requireExpiry", m_requireExpiry},
        {"$.validation.requireAudience", m_requireAudience},
        {"$.validation", m_leeway},
        {"$.authorizationServers", m_servers},
    };
    for (const auto &entry : fields) {
        if (jsonPath.startsWith(QLatin1String(entry.prefix))) {
            entry.field->setFocus();
            return true;
        }
    }
    return false;
}

void PolicySettingsPanel::refresh() {
    const Policy &policy = m_document->policy();
    // Only when different, so the cursor stays where the user is typing.
    if (m_description->text() != policy.challenge.descriptionTemplate)
        m_description->setText(policy.challenge.descriptionTemplate);
    m_preview->setText(CompiledPolicy(policy).serverAlternatives().description);
    const QSignalBlocker leeway(m_leeway);
    m_leeway->setValue(policy.validation.leewaySeconds);
    const QSignalBlocker expiry(m_requireExpiry);
    m_requireExpiry->setChecked(policy.validation.requireExpiry);
    const QSignalBlocker audience(m_requireAudience);
    m_requireAudience->setChecked(policy.validation.requireAudience);
    if (policy.authorizationServers != m_shownServers) {
        m_shownServers = policy.authorizationServers;
        const QSignalBlocker servers(m_servers);
        m_servers->setPlainText(m_shownServers.join(QLatin1Char('\n')));
        m_serversError->hide();
    }
}

} // namespace scopebench
