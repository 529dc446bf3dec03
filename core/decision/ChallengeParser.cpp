#include "decision/ChallengeParser.h"

#include "http/HttpGrammar.h"

#include <QSet>

namespace scopebench {

bool Challenge::hasParam(const QString &name) const {
    for (const auto &p : params) {
        if (p.first.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

QString Challenge::param(const QString &name) const {
    for (const auto &p : params) {
        if (p.first.compare(name, Qt::CaseInsensitive) == 0)
            return p.second;
    }
    return QString();
}

namespace {

bool isToken68Char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
}

class Reader {
public:
    explicit Reader(const QByteArray &text)
        : m_text(text) {}

    Result<QList<Challenge>> run() {
        QList<Challenge> challenges;
        skipSeparators();
        while (!atEnd()) {
            Challenge challenge;
            if (!readChallenge(challenge))
                return error();
            challenges.append(challenge);
            skipSeparators();
        }
        if (challenges.isEmpty()) {
            m_message = QStringLiteral("no challenge in the header");
            return error();
        }
        return challenges;
    }

private:
    Error error() const {
        return Error{m_message, QStringLiteral("WWW-Authenticate, character %1").arg(m_pos + 1)};
    }
    bool fail(const QString &message) {
        m_message = message;
        return false;
    }
    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek(qsizetype ahead = 0) const {
        return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0';
    }
    void skipSpace() {
        while (peek() == ' ' || peek() == '\t')
            ++m_pos;
    }
    void skipSeparators() {
        while (peek() == ' ' || peek() == '\t' || peek() == ',')
            ++m_pos;
    }
    QString readToken() {
        const qsizetype start = m_pos;
        while (!atEnd() && isTchar(peek()))
            ++m_pos;
        return QString::fromLatin1(m_text.constData() + start, m_pos - start);
    }

    // After a token at the current position, is the next non-space character '='? That makes
    // the token a parameter name rather than the scheme of the next challenge.
    bool looksLikeParam() const {
        qsizetype p = m_pos;
        while (p < m_text.size() && isTchar(m_text[p]))
            ++p;
        if (p == m_pos)
            return false;
        while (p < m_text.size() && (m_text[p] == ' ' || m_text[p] == '\t'))
            ++p;
        return p < m_text.size() && m_text[p] == '=';
    }

    bool isToken68Here() const {
        qsizetype p = m_pos;
        while (p < m_text.size() && isToken68Char(m_text[p]))
            ++p;
        if (p == m_pos)
            return false;
        while (p < m_text.size() && m_text[p] == '=')
            ++p;
        while (p < m_text.size() && (m_text[p] == ' ' || m_text[p] == '\t'))
            ++p;
        return p >= m_text.size() || m_text[p] == ',';
    }

    bool readQuoted(QString &out) {
        ++m_pos; // opening quote
        QByteArray value;
        for (;;) {
            if (atEnd())
                return fail(QStringLiteral("unterminated quoted string"));
            const char c = m_text[m_pos++];
            if (c == '"')
                break;
            if (c == '\\') {
                if (atEnd())
                    return fail(QStringLiteral("unterminated quoted string"));
                value.append(m_text[m_pos++]);
                continue;
            }
            if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F)
                return fail(QStringLiteral("control character in a quoted string"));
            value.append(c);
        }
        out = QString::fromLatin1(value);
        return true;
    }

    bool readChallenge(Challenge &challenge) {
        challenge.scheme = readToken();
        if (challenge.scheme.isEmpty())
            return fail(QStringLiteral("expected an authentication scheme"));
        if (!atEnd() && peek() != ' ' && peek() != '\t' && peek() != ',')
            return fail(QStringLiteral("unexpected character after the scheme"));
        skipSpace();
        if (atEnd() || peek() == ',')
            return true;
        if (isToken68Here()) {
            const qsizetype start = m_pos;
            while (!atEnd() && (isToken68Char(peek()) || peek() == '='))
                ++m_pos;
            challenge.token68 = QString::fromLatin1(m_text.constData() + start, m_pos - start);
            return true;
        }
        // Names seen so far, so that a header full of parameters is not checked in square time.
        QSet<QString> seen;
        for (;;) {
            const QString name = readToken().toLower();
            if (name.isEmpty())
                return fail(QStringLiteral("expected a parameter name"));
            skipSpace();
            if (peek() != '=')
                return fail(QStringLiteral("expected '=' after parameter %1").arg(name));
            ++m_pos;
            skipSpace();
            QString value;
            if (peek() == '"') {
                if (!readQuoted(value))
                    return false;
            } else {
                value = readToken();
                if (value.isEmpty())
                    return fail(QStringLiteral("parameter %1 has no value").arg(name));
            }
            if (seen.contains(name))
                return fail(QStringLiteral("parameter %1 appears twice").arg(name));
            seen.insert(name);
            challenge.params.append({name, value});
            skipSpace();
            if (atEnd())
                return true;
            if (peek() != ',')
                return fail(QStringLiteral("expected ',' between parameters"));
            // A comma ends this parameter; what follows is either the next parameter or the
            // next challenge.
            const qsizetype comma = m_pos;
            skipSeparators();
            if (atEnd())
                return true;
            if (!looksLikeParam()) {
                m_pos = comma;
                return true;
            }
        }
    }

    const QByteArray &m_text;
    qsizetype m_pos = 0;
    QString m_message;
};

} // namespace

Result<QList<Challenge>> ChallengeParser::parse(const QByteArray &fieldValue) {
    if (fieldValue.size() > MaxLength)
        return Error{QStringLiteral("the header is longer than %1 bytes").arg(MaxLength),
                     QStringLiteral("WWW-Authenticate")};
    return Reader(fieldValue).run();
}

} // namespace scopebench
