#include "authserver/RequestRules.h"

#include "policy/ScopeGrammar.h"

#include <QUrl>

namespace scopebench::RequestRules {

bool isHeaderSafe(const QString &uri) {
    for (const QChar c : uri) {
        if (c.unicode() <= 0x20 || c.unicode() == 0x7f)
            return false;
    }
    return true;
}

QString absoluteUriProblem(const QString &uri) {
    const QUrl url(uri, QUrl::StrictMode);
    if (!url.isValid() || url.isRelative() || url.scheme().isEmpty() || !isHeaderSafe(uri))
        return QStringLiteral("\"%1\" is not an absolute URI").arg(uri);
    if (url.hasFragment())
        return QStringLiteral("\"%1\" has a fragment").arg(uri);
    return QString();
}

QString scopeProblem(const QStringList &scopes, const QStringList &catalog) {
    for (const QString &s : scopes) {
        if (!ScopeGrammar::isScopeToken(s))
            return QStringLiteral("\"%1\" is not a valid scope token").arg(s);
        if (!catalog.contains(s))
            return QStringLiteral("\"%1\" is not a scope of this server").arg(s);
    }
    return QString();
}

} // namespace scopebench::RequestRules
