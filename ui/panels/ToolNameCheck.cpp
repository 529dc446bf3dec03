#include "ToolNameCheck.h"

#include <QCoreApplication>

namespace scopebench {

QString toolNameProblem(const Policy &policy, const QString &name) {
    if (name.isEmpty())
        return QString();
    if (name.size() > 128)
        return QCoreApplication::translate("ToolNameCheck",
                                           "A tool name has at most 128 characters.");
    for (const QChar c : name) {
        const char16_t u = c.unicode();
        const bool allowed = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') ||
                             (u >= u'0' && u <= u'9') || u == u'_' || u == u'-' || u == u'.';
        if (!allowed)
            return QCoreApplication::translate("ToolNameCheck",
                                               "\u201c%1\u201d cannot be in an MCP tool name "
                                               "(letters, digits, _ - . only).")
                .arg(c.isSpace() ? QCoreApplication::translate("ToolNameCheck", "a space")
                                 : QString(c));
    }
    if (policy.tool(name))
        return QCoreApplication::translate("ToolNameCheck",
                                           "The policy already has scopes for tool %1.")
            .arg(name);
    return QString();
}

} // namespace scopebench
