#include "authserver/ConsentPage.h"

namespace scopebench {

namespace {

QString esc(const QString &s) {
    return s.toHtmlEscaped();
}

QString page(const QString &title, const QString &body, const QString &head = QString()) {
    return QStringLiteral(
               "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n") +
           head + QStringLiteral("<title>") + esc(title) +
           QStringLiteral("</title>\n<style>body{font-family:sans-serif;max-width:40em;"
                          "margin:2em auto;padding:0 1em}label{display:block;margin:.3em 0}"
                          "code{background:#eee;padding:0 .2em}</style>\n</head>\n<body>\n") +
           body + QStringLiteral("</body>\n</html>\n");
}

} // namespace

QByteArray ConsentPage::render(const Request &r) {
    const QString who = r.clientName.isEmpty() ? r.clientId : r.clientName;
    QString body = QStringLiteral("<h1>Authorize ") + esc(who) + QStringLiteral("</h1>\n");
    body += QStringLiteral("<p>Client <code>") + esc(r.clientId) + QStringLiteral("</code>") +
            (r.clientHost.isEmpty()
                 ? QString()
                 : QStringLiteral(" (its metadata document is on the host <strong>") +
                       esc(r.clientHost) + QStringLiteral("</strong>)")) +
            QStringLiteral(" asks for these scopes. Untick any to grant less; the answer "
                           "goes to <code>") +
            esc(r.redirectUri) + QStringLiteral("</code>.</p>\n");
    if (!r.resources.isEmpty())
        body += QStringLiteral("<p>For the resource <code>") +
                esc(r.resources.join(QStringLiteral(" "))) + QStringLiteral("</code>.</p>\n");
    body += QStringLiteral("<form method=\"post\" action=\"") + esc(r.formAction) +
            QStringLiteral("\">\n<input type=\"hidden\" name=\"request_id\" value=\"") +
            esc(r.requestId) + QStringLiteral("\">\n<fieldset>\n<legend>Scopes</legend>\n");
    if (r.scopes.isEmpty())
        body += QStringLiteral("<p>No scopes were requested.</p>\n");
    for (const QString &scope : r.scopes)
        body += QStringLiteral("<label><input type=\"checkbox\" name=\"scope\" value=\"") +
                esc(scope) + QStringLiteral("\" checked> ") + esc(scope) +
                QStringLiteral("</label>\n");
    body += QStringLiteral("</fieldset>\n<label>Test user <input type=\"text\" name=\"user\" "
                           "value=\"") +
            esc(r.user) +
            QStringLiteral("\" maxlength=\"64\"></label>\n"
                           "<button type=\"submit\" name=\"action\" value=\"approve\">Approve"
                           "</button>\n<button type=\"submit\" name=\"action\" value=\"deny\">"
                           "Deny</button>\n</form>\n");
    return page(QStringLiteral("Scopebench test authorization server"), body).toUtf8();
}

QByteArray ConsentPage::renderError(const QString &title, const QString &message,
                                    const QString &code) {
    QString body = QStringLiteral("<h1>") + esc(title) + QStringLiteral("</h1>\n<p>") +
                   esc(message) + QStringLiteral("</p>\n");
    if (!code.isEmpty())
        body += QStringLiteral("<p>Error: <code id=\"error\">") + esc(code) +
                QStringLiteral("</code></p>\n");
    return page(title, body).toUtf8();
}

QByteArray ConsentPage::renderWaiting(const QString &title, const QString &message, int seconds) {
    return page(title,
                QStringLiteral("<h1>") + esc(title) + QStringLiteral("</h1>\n<p>") + esc(message) +
                    QStringLiteral("</p>\n"),
                QStringLiteral("<meta http-equiv=\"refresh\" content=\"%1\">\n").arg(seconds))
        .toUtf8();
}

} // namespace scopebench
