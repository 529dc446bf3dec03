#include "policy/ScopeGrammar.h"

namespace scopebench {

namespace {
bool isScopeChar(char16_t c) {
    return c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

QString describe(char16_t c) {
    switch (c) {
    case u' ':
        return QStringLiteral("a space");
    case u'"':
        return QStringLiteral("a double quote");
    case u'\\':
        return QStringLiteral("a backslash");
    default:
        break;
    }
    if (c < 0x20 || c == 0x7F)
        return QStringLiteral("the control character U+%1").arg(uint(c), 4, 16, QLatin1Char('0'));
    return QStringLiteral("the non-ASCII character U+%1").arg(uint(c), 4, 16, QLatin1Char('0'));
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
    for (qsizetype i = 0; i < token.size(); ++i) {
        const char16_t c = token[i].unicode();
        if (!isScopeChar(c))
            return QStringLiteral("%1 at position %2 is not allowed in a scope (RFC 6749 §3.3)")
                .arg(describe(c))
                .arg(i + 1);
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
