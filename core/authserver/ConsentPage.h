#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace scopebench {

// The plain HTML pages of the test authorization server: the consent form (requested scopes as
// ticked check boxes, so the tester can untick some and grant less) and an error page for
// requests that cannot be sent back to the client. Every value is HTML-escaped.
class ConsentPage {
public:
    struct Request {
        QString requestId; // the pending request the form answers
        QString clientId;
        QString clientName;
        QString redirectUri;
        QStringList scopes;    // requested, all ticked
        QStringList resources; // RFC 8707 resources, for display
        QString user;          // the default test user
        QString formAction;    // where the form posts
    };

    static QByteArray render(const Request &request);
    static QByteArray renderError(const QString &title, const QString &message);
};

} // namespace scopebench
