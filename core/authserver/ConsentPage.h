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
        // For a client known by its metadata document: the host of its URL, which the user
        // can check (a name in a document is whatever its author wrote).
        QString clientHost;
        QString redirectUri;
        QStringList scopes;    // requested, all ticked
        QStringList resources; // RFC 8707 resources, for display
        QString user;          // the default test user
        QString formAction;    // where the form posts
    };

    static QByteArray render(const Request &request);
    // `code`, when given, is the OAuth error code shown beside the message.
    static QByteArray renderError(const QString &title, const QString &message,
                                  const QString &code = QString());
    // A page that reloads itself after `seconds`: the answer is not ready yet.
    static QByteArray renderWaiting(const QString &title, const QString &message, int seconds);
};

} // namespace scopebench
