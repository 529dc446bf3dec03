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
    auto add = [&](const char *name, const QString &value) {
        out += first ? " " : ", ";
        out += name;
        out += "=\"";
        out += value.toLatin1();
        out += '"';
        first = false;
    };
    if (!params.realm.isEmpty())
        add("realm", sanitizeQuoted(params.realm));
    if (!params.error.isEmpty())
        add("error", sanitizeDescription(params.error));
    const QString description = sanitizeDescription(params.errorDescription);
    if (!description.isEmpty())
        add("error_description", description);
    QStringList scopes;
    for (const auto &s : params.scope) {
        if (ScopeGrammar::isScopeToken(s) && !scopes.contains(s))
            scopes.append(s);
    }
    if (!scopes.isEmpty())
        add("scope", scopes.join(QLatin1Char(' ')));
    if (!params.resourceMetadata.isEmpty())
        add("resource_metadata", sanitizeQuoted(params.resourceMetadata));
    return out;
}

} // namespace scopebench
