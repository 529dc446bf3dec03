#include "common/OrderedJson.h"

#include <QSet>

#include <cmath>

// The parser behind OrderedJson::parse: strict RFC 8259 JSON that keeps the order of object
// members and says where it stopped (a byte offset) when the text is not JSON.

namespace scopebench {

namespace {
constexpr int MaxDepth = 256;
}

class OrderedJsonParser {
public:
    explicit OrderedJsonParser(const QByteArray &text)
        : m_text(text) {}

    Result<OrderedJson> run() {
        if (m_text.startsWith("\xEF\xBB\xBF"))
            m_start = m_pos = 3;
        const qsizetype bad = firstInvalidUtf8(m_text);
        if (bad >= 0) {
            m_pos = bad;
            const uint b = static_cast<unsigned char>(m_text[bad]);
            m_message = QStringLiteral("not valid UTF-8 (byte 0x%1)")
                            .arg(QString::number(b, 16).toUpper().rightJustified(2, u'0'));
            return failure();
        }
        skipSpace();
        OrderedJson value;
        if (!parseValue(value, 0))
            return failure();
        skipSpace();
        if (m_pos != m_text.size()) {
            m_message = QStringLiteral("unexpected text after the JSON value");
            return failure();
        }
        return value;
    }

private:
    // The offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629:
    // no overlong forms, no surrogates, nothing above U+10FFFF), or -1.
    static qsizetype firstInvalidUtf8(const QByteArray &text) {
        const qsizetype n = text.size();
        auto byte = [&text](qsizetype i) { return static_cast<unsigned char>(text[i]); };
        for (qsizetype i = 0; i < n;) {
            const unsigned char b = byte(i);
            if (b < 0x80) {
                ++i;
                continue;
            }
            int length = 0;
            unsigned char low = 0x80;
            unsigned char high = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                length = 2;
            } else if (b >= 0xE0 && b <= 0xEF) {
                length = 3;
                if (b == 0xE0)
                    low = 0xA0;
                else if (b == 0xED)
                    high = 0x9F;
            } else if (b >= 0xF0 && b <= 0xF4) {
                length = 4;
                if (b == 0xF0)
                    low = 0x90;
                else if (b == 0xF4)
                    high = 0x8F;
            } else {
                return i;
            }
            if (i + length > n)
                return i;
            if (byte(i + 1) < low || byte(i + 1) > high)
                return i;
            for (int k = 2; k < length; ++k) {
                if ((byte(i + k) & 0xC0) != 0x80)
                    return i;
            }
            i += length;
        }
        return -1;
    }

    Error failure() const {
        const qsizetype at = m_errorPos >= 0 ? m_errorPos : m_pos;
        int line = 1;
        int column = 1;
        for (qsizetype i = m_start; i < at && i < m_text.size(); ++i) {
            if (m_text[i] == '\n') {
                ++line;
                column = 1;
            } else if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) {
                ++column;
            }
        }
        return Error{m_message, QStringLiteral("line %1, column %2").arg(line).arg(column)};
    }

    // `at` is where the problem starts when that is not the current position.
    bool fail(const QString &message, qsizetype at = -1) {
        if (m_message.isEmpty()) {
            m_message = message;
            m_errorPos = at;
        }
        return false;
    }

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }

    void skipSpace() {
        while (!atEnd()) {
            const char c = m_text[m_pos];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
                break;
            ++m_pos;
        }
    }

    bool literal(const char *word) {
        const qsizetype n = qsizetype(qstrlen(word));
        if (m_text.mid(m_pos, n) != QByteArray(word))
            return fail(QStringLiteral("unexpected character"));
        m_pos += n;
        return true;
    }

    bool parseValue(OrderedJson &out, int depth) {
        if (depth > MaxDepth)
            return fail(QStringLiteral("nested more than %1 levels deep").arg(MaxDepth));
        if (atEnd())
            return fail(QStringLiteral("unexpected end of the file"));
        switch (peek()) {
        case '{':
            return parseObject(out, depth);
        case '[':
            return parseArray(out, depth);
        case '"':
            out.m_type = OrderedJson::Type::String;
            return parseString(out.m_string);
        case 't':
            out = OrderedJson::boolean(true);
            return literal("true");
        case 'f':
            out = OrderedJson::boolean(false);
            return literal("false");
        case 'n':
            out = OrderedJson();
            return literal("null");
        default:
            return parseNumber(out);
        }
    }

    bool parseObject(OrderedJson &out, int depth) {
        out = OrderedJson::object();
        QSet<QString> keys;
        ++m_pos; // {
        skipSpace();
        if (peek() == '}') {
            ++m_pos;
            return true;
        }
        for (;;) {
            skipSpace();
            if (peek() != '"')
                return fail(atEnd() ? QStringLiteral("unexpected end of the file")
                                    : QStringLiteral("expected a quoted member name"));
            const qsizetype keyStart = m_pos;
            QString key;
            if (!parseString(key))
                return false;
            if (keys.contains(key))
                return fail(QStringLiteral("member \"%1\" appears twice").arg(key), keyStart);
            keys.insert(key);
            skipSpace();
            if (peek() != ':')
                return fail(QStringLiteral("expected ':' after a member name"));
            ++m_pos;
            skipSpace();
            OrderedJson value;
            if (!parseValue(value, depth + 1))
                return false;
            out.m_members.emplace_back(std::move(key), std::move(value));
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == '}') {
                ++m_pos;
                return true;
            }
            return fail(atEnd() ? QStringLiteral("unexpected end of the file")
                                : QStringLiteral("expected ',' or '}'"));
        }
    }

    bool parseArray(OrderedJson &out, int depth) {
        out = OrderedJson::array();
        ++m_pos; // [
        skipSpace();
        if (peek() == ']') {
            ++m_pos;
            return true;
        }
        for (;;) {
            skipSpace();
            OrderedJson value;
            if (!parseValue(value, depth + 1))
                return false;
            out.m_elements.push_back(std::move(value));
            skipSpace();
            if (peek() == ',') {
                ++m_pos;
                continue;
            }
            if (peek() == ']') {
                ++m_pos;
                return true;
            }
            return fail(atEnd() ? QStringLiteral("unexpected end of the file")
                                : QStringLiteral("expected ',' or ']'"));
        }
    }

    bool hex4(char16_t &unit, qsizetype escapeStart) {
        uint v = 0;
        for (int k = 0; k < 4; ++k) {
            if (atEnd())
                return fail(QStringLiteral("unexpected end of the file in a \\u escape"));
            const char c = m_text[m_pos];
            int digit = -1;
            if (c >= '0' && c <= '9')
                digit = c - '0';
            else if (c >= 'a' && c <= 'f')
                digit = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                digit = c - 'A' + 10;
            if (digit < 0)
                return fail(QStringLiteral("a \\u escape needs four hexadecimal digits"),
                            escapeStart);
            v = v * 16 + uint(digit);
            ++m_pos;
        }
        unit = char16_t(v);
        return true;
    }

    // After "\\u": one UTF-16 unit, or a surrogate pair written as two escapes.
    bool unicodeEscape(QString &decoded, qsizetype escapeStart) {
        char16_t unit = 0;
        if (!hex4(unit, escapeStart))
            return false;
        if (QChar::isLowSurrogate(unit))
            return fail(QStringLiteral("\\u%1 is half of a surrogate pair with no first half")
                            .arg(uint(unit), 4, 16, QLatin1Char('0')),
                        escapeStart);
        if (!QChar::isHighSurrogate(unit)) {
            decoded += QChar(unit);
            return true;
        }
        const qsizetype secondStart = m_pos;
        char16_t low = 0;
        bool paired = m_text.mid(m_pos, 2) == "\\u";
        if (paired) {
            m_pos += 2;
            paired = hex4(low, secondStart) && QChar::isLowSurrogate(low);
        }
        if (!paired)
            return fail(QStringLiteral("\\u%1 is half of a surrogate pair with no second half")
                            .arg(uint(unit), 4, 16, QLatin1Char('0')),
                        escapeStart);
        decoded += QChar(unit);
        decoded += QChar(low);
        return true;
    }

    bool parseString(QString &out) {
        ++m_pos; // "
        QByteArray raw;
        QString decoded;
        auto flushRaw = [&] {
            decoded += QString::fromUtf8(raw);
            raw.clear();
        };
        for (;;) {
            if (atEnd())
                return fail(QStringLiteral("unterminated string"));
            const char c = m_text[m_pos];
            if (c == '"') {
                ++m_pos;
                break;
            }
            if (static_cast<unsigned char>(c) < 0x20)
                return fail(QStringLiteral("control character inside a string (escape it)"));
            if (c != '\\') {
                raw.append(c);
                ++m_pos;
                continue;
            }
            const qsizetype escapeStart = m_pos;
            ++m_pos;
            if (atEnd())
                return fail(QStringLiteral("unterminated string"));
            const char e = m_text[m_pos++];
            switch (e) {
            case '"':
                raw.append('"');
                break;
            case '\\':
                raw.append('\\');
                break;
            case '/':
                raw.append('/');
                break;
            case 'b':
                raw.append('\b');
                break;
            case 'f':
                raw.append('\f');
                break;
            case 'n':
                raw.append('\n');
                break;
            case 'r':
                raw.append('\r');
                break;
            case 't':
                raw.append('\t');
                break;
            case 'u':
                flushRaw();
                if (!unicodeEscape(decoded, escapeStart))
                    return false;
                break;
            default:
                return fail(QStringLiteral("unknown escape \\%1")
                                .arg(static_cast<unsigned char>(e) < 0x80 ? QString(QLatin1Char(e))
                                                                          : QStringLiteral("…")),
                            escapeStart);
            }
        }
        flushRaw();
        out = std::move(decoded);
        return true;
    }

    bool parseNumber(OrderedJson &out) {
        const qsizetype start = m_pos;
        if (peek() == '-')
            ++m_pos;
        auto digits = [&] {
            const qsizetype s = m_pos;
            while (!atEnd() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9')
                ++m_pos;
            return m_pos - s;
        };
        if (peek() == '0') {
            ++m_pos;
        } else if (digits() == 0) {
            m_pos = start;
            return fail(QStringLiteral("unexpected character"));
        }
        if (peek() == '.') {
            ++m_pos;
            if (digits() == 0)
                return fail(QStringLiteral("expected digits after '.'"));
        }
        if (peek() == 'e' || peek() == 'E') {
            ++m_pos;
            if (peek() == '+' || peek() == '-')
                ++m_pos;
            if (digits() == 0)
                return fail(QStringLiteral("expected digits in the exponent"));
        }
        out = OrderedJson();
        out.m_type = OrderedJson::Type::Number;
        out.m_numberText = m_text.mid(start, m_pos - start);
        bool ok = false;
        out.m_number = out.m_numberText.toDouble(&ok);
        if (!ok || !std::isfinite(out.m_number)) {
            m_pos = start;
            return fail(QStringLiteral("number out of range"));
        }
        return true;
    }

    const QByteArray &m_text;
    qsizetype m_start = 0; // past a byte order mark
    qsizetype m_pos = 0;
    qsizetype m_errorPos = -1;
    QString m_message;
};

Result<OrderedJson> OrderedJson::parse(const QByteArray &utf8) {
    return OrderedJsonParser(utf8).run();
}

} // namespace scopebench
