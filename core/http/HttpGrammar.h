#pragma once

#include <QByteArrayView>

namespace scopebench {

// The token grammar of RFC 9110 §5.6.2, shared by every parser of HTTP text (the request framer,
// the WWW-Authenticate parser).
inline bool isTchar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

// token = 1*tchar
inline bool isToken(QByteArrayView v) {
    if (v.isEmpty())
        return false;
    for (char c : v) {
        if (!isTchar(c))
            return false;
    }
    return true;
}

} // namespace scopebench
