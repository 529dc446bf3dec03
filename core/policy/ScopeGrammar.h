#pragma once

#include <QString>
#include <QStringList>

namespace scopebench {

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )
class ScopeGrammar {
public:
    static bool isScopeToken(QStringView token);
    // Empty when the token is valid, else a sentence naming the first offending character.
    static QString explain(QStringView token);
    // Splits a space-delimited scope string (RFC 6749 §3.3); runs of spaces are tolerated.
    static QStringList split(QStringView scopeString);
};

} // namespace scopebench
