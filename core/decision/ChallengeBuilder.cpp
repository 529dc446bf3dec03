#include "decision/ChallengeBuilder.h"

#include "policy/ScopeGrammar.h"

#include <QSet>

#include <algorithm>

namespace scopebench {

namespace {
bool isDescriptionChar(char16_t c) {
    return c == 0x20 || c == 0x21 || (c >= 0x23 && c <= 0x5B) || (c >= 0x5D && c <= 0x7E);
}

bool isQuotedChar(char16_t c) {
    return c >= 0x20 && c <= 0x7E && c != u'"' && c != u'\\';
}

// Returns `text` itself (no copy) when every character passes, which is the common case.
template <typename Keep> QString filtered(const QString &text, Keep keep) {
    qsizetype i = 0;
    while (i < text.size() && keep(text[i].unicode()))
        ++i;
    if (i == text.size())
        return text;
    QString out;
    out.reserve(text.size());
    out.append(QStringView(text).first(i));
    for (; i < text.size(); ++i) {
        if (keep(text[i].unicode()))
            out.append(text[i]);
    }
    return out;
}

void appendAscii(QByteArray &out, const QString &ascii) {
    const qsizetype at = out.size();
    out.resize(at + ascii.size());
    char *dst = out.data() + at;
    for (const QChar ch : ascii)
        *dst++ = char(ch.unicode());
}
} // namespace

QString ChallengeBuilder::sanitizeDescription(const QString &text) {
    return filtered(text, isDescriptionChar);
}

QString ChallengeBuilder::sanitizeQuoted(const QString &text) {
    const QString printable = filtered(text, [](char16_t c) { return c >= 0x20 && c <= 0x7E; });
    if (std::all_of(printable.cbegin(), printable.cend(),
                    [](QChar ch) { return isQuotedChar(ch.unicode()); }))
        return printable;
    QString out;
    out.reserve(printable.size() + 8);
    for (const QChar ch : printable) {
        if (ch == u'"' || ch == u'\\')
            out.append(QLatin1Char('\\'));
        out.append(ch);
    }
    return out;
}

QByteArray ChallengeBuilder::build(const ChallengeParams &params) {
    const QString realm = sanitizeQuoted(params.realm);
    const QString error = sanitizeDescription(params.error);
    const QString description = sanitizeDescription(params.errorDescription);
    QString scope;
    // A short hint is scanned in place; a long one (closest+granted with a token of thousands of
    // scopes) through a set, so the challenge stays linear in the token's size.
    const bool large = params.scope.size() > 16;
    QSet<QString> seen;
    for (const auto &s : params.scope) {
        if (!ScopeGrammar::isScopeToken(s))
            continue;
        bool repeated = false;
        if (large) {
            repeated = seen.contains(s);
            seen.insert(s);
        }
        for (QStringView rest = scope; !large && !rest.isEmpty() && !repeated;) {
            const qsizetype space = rest.indexOf(u' ');
            repeated = rest.first(space < 0 ? rest.size() : space) == s;
            rest = space < 0 ? QStringView() : rest.sliced(space + 1);
        }
        if (!repeated)
            scope += (scope.isEmpty() ? QString() : QStringLiteral(" ")) + s;
    }
    const QString metadata = sanitizeQuoted(params.resourceMetadata);

    QByteArray out;
    out.reserve(6 + 100 + realm.size() + error.size() + description.size() + scope.size() +
                metadata.size());
    out += "Bearer";
    bool first = true;
    // A value that sanitizes to nothing is left out like an empty one.
    auto add = [&](const char *name, const QString &value) {
        if (value.isEmpty())
            return;
        out += first ? " " : ", ";
        out += name;
        out += "=\"";
        appendAscii(out, value);
        out += '"';
        first = false;
    };
    add("realm", realm);
    add("error", error);
    add("error_description", description);
    add("scope", scope);
    add("resource_metadata", metadata);
    return out;
}

} // namespace scopebench
