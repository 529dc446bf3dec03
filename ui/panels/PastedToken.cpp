#include "PastedToken.h"

#include <QCoreApplication>
#include <QStringList>

namespace scopebench {

PastedToken PastedToken::clean(const QString &pasted) {
    QStringList removed;
    QString text = pasted.trimmed();
    if (text.size() != pasted.size())
        removed.append(QCoreApplication::translate("PastedToken", "surrounding whitespace"));
    const QString header = QStringLiteral("authorization:");
    if (text.startsWith(header, Qt::CaseInsensitive)) {
        text = text.mid(header.size()).trimmed();
        removed.append(QCoreApplication::translate("PastedToken", "the header name"));
    }
    const QString bearer = QStringLiteral("bearer");
    if (text.size() > bearer.size() && text.startsWith(bearer, Qt::CaseInsensitive) &&
        text.at(bearer.size()).isSpace()) {
        text = text.mid(bearer.size()).trimmed();
        removed.append(
            QCoreApplication::translate("PastedToken", "the leading \u201cBearer \u201d"));
    }
    for (const QChar quote : {u'"', u'\''}) {
        if (text.size() >= 2 && text.startsWith(quote) && text.endsWith(quote)) {
            text = text.mid(1, text.size() - 2).trimmed();
            removed.append(QCoreApplication::translate("PastedToken", "quotes"));
        }
    }
    QString compact;
    compact.reserve(text.size());
    for (const QChar c : std::as_const(text)) {
        if (!c.isSpace())
            compact.append(c);
    }
    if (compact.size() != text.size())
        removed.append(QCoreApplication::translate("PastedToken", "line breaks and spaces inside"));
    PastedToken result;
    result.token = compact;
    if (!removed.isEmpty())
        result.note =
            QCoreApplication::translate("PastedToken", "Removed %1 from the pasted token.")
                .arg(removed.join(QStringLiteral(", ")));
    return result;
}

} // namespace scopebench
