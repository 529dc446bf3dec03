#pragma once

#include <QStringList>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace scopebench {

struct Policy;
class PolicyDocument;

// The policy settings the matrix does not show: the 403's error_description template (with its
// expansion for the server level, sanitized as the challenge carries it), token validation
// (leeway, exp and aud required) and the authorization servers the metadata names. Every change
// is an undo command; an issuer list with a bad line is shown as such and not applied.
class PolicySettingsPanel : public QWidget {
    Q_OBJECT
public:
    explicit PolicySettingsPanel(PolicyDocument *document, QWidget *parent = nullptr);

    // Focuses the field a JSON path of the policy file names ($.challenge..., $.validation...,
    // $.authorizationServers...); false when none of them.
    bool focusField(const QString &jsonPath);

private:
    void refresh();
    void push(const QString &text, const Policy &edited, const QString &mergeKey = QString());
    void editServers();

    PolicyDocument *m_document;
    QLineEdit *m_description = nullptr;
    QLabel *m_preview = nullptr;
    QSpinBox *m_leeway = nullptr;
    QCheckBox *m_requireExpiry = nullptr;
    QCheckBox *m_requireAudience = nullptr;
    QPlainTextEdit *m_servers = nullptr;
    QLabel *m_serversError = nullptr;
    // The list the issuer field shows, so a refresh leaves text that is being typed alone.
    QStringList m_shownServers;
};

} // namespace scopebench
