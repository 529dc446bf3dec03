#include "policy/ScopeGrammar.h"

namespace scopebench {

namespace {
bool isScopeChar(char32_t c) {
    return c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

QString codePoint(char32_t c) {
    return QStringLiteral("U+%1").arg(
        QString::number(uint(c), 16).toUpper().rightJustified(4, u'0'));
}

QString describe(char32_t c) {
    switch (c) {
    case U' ':
        return QStringLiteral("a space");
    case U'"':
        return QStringLiteral("a double quote");
    case U'\\':
        return QStringLiteral("a backslash");
    default:
        break;
    }
    if (c < 0x20 || c == 0x7F)
        return QStringLiteral("the control character ") + codePoint(c);
    // Show the character itself only when it is visible; never echo separators or controls.
    if (QChar::isLetterOrNumber(c) || QChar::isPunct(c) || QChar::isSymbol(c) || QChar::isMark(c))
        return QStringLiteral("the non-ASCII character \"%1\" (%2)")
            .arg(QString::fromUcs4(&c, 1), codePoint(c));
    return QStringLiteral("the non-ASCII character ") + codePoint(c);
}
} // namespace

bool ScopeGrammar::isScopeToken(QStringView token) {
    if (token.isEmpty())
        return false;
    for (const QChar ch : token) {
        if (!isScopeChar(ch.unicode()))
            return false;
    }
    return true;
}

QString ScopeGrammar::explain(QStringView token) {
    if (token.isEmpty())
        return QStringLiteral("a scope cannot be empty");
    // Positions count characters (code points) from 1, as a person reads them.
    int position = 0;
    for (qsizetype i = 0; i < token.size(); ++i) {
        ++position;
        char32_t c = token[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < token.size() && token[i + 1].isLowSurrogate()) {
            c = QChar::surrogateToUcs4(token[i], token[i + 1]);
            ++i;
        }
        if (!isScopeChar(c))
            return QStringLiteral("%1 at position %2 is not allowed in a scope (RFC 6749 §3.3)")
                .arg(describe(c))
                .arg(position);
    }
    return QString();
}

QStringList ScopeGrammar::split(QStringView scopeString) {
    QStringList out;
    const auto parts = scopeString.split(u' ', Qt::SkipEmptyParts);
    out.reserve(parts.size());
    for (const auto &part : parts)
        out.append(part.toString());
    return out;
}

} // namespace scopebench
