#include "decision/ChallengeBuilder.h"

#include "policy/ScopeGrammar.h"

namespace scopebench {

namespace {
bool isDescriptionChar(char16_t c) {
    return c == 0x20 || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}
} // namespace

QString ChallengeBuilder::sanitizeDescription(const QString &text) {
    QString out;
    out.reserve(text.size());
    for (const QChar ch : text) {
        if (isDescriptionChar(ch.unicode()))
            out.append(ch);
    }
    return out;
}

QString ChallengeBuilder::sanitizeQuoted(const QString &text) {
    QString out;
    out.reserve(text.size());
    for (const QChar ch : text) {
        const char16_t c = ch.unicode();
        if (c < 0x20 || c > 0x7E)
            continue;
        if (c == u'"' || c == u'\\')
            out.append(QLatin1Char('\\'));
        out.append(ch);
    }
    return out;
}

QByteArray ChallengeBuilder::build(const ChallengeParams &params) {
    QByteArray out = "Bearer";
    bool first = true;
    // A value that sanitizes to nothing is left out like an empty one.
    auto add = [&](const char *name, const QString &value) {
        if (value.isEmpty())
            return;
        out += first ? " " : ", ";
        out += name;
        out += "=\"";
        out += value.toLatin1();
        out += '"';
        first = false;
    };
    add("realm", sanitizeQuoted(params.realm));
    add("error", sanitizeDescription(params.error));
    add("error_description", sanitizeDescription(params.errorDescription));
    QStringList scopes;
    for (const auto &s : params.scope) {
        if (ScopeGrammar::isScopeToken(s) && !scopes.contains(s))
            scopes.append(s);
    }
    add("scope", scopes.join(QLatin1Char(' ')));
    add("resource_metadata", sanitizeQuoted(params.resourceMetadata));
    return out;
}

} // namespace scopebench
