#include "common/OrderedJson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringDecoder>

#include <cmath>

namespace scopebench {

namespace {
constexpr int MaxDepth = 256;
}

class OrderedJsonParser {
public:
    explicit OrderedJsonParser(const QByteArray &text)
        : m_text(text) {}

    Result<OrderedJson> run() {
        QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        (void)decoder.decode(m_text);
        if (decoder.hasError())
            return Error{QStringLiteral("the file is not valid UTF-8"), QString()};
        if (m_text.startsWith("\xEF\xBB\xBF"))
            m_pos = 3;
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
    Error failure() const {
        int line = 1;
        int column = 1;
        for (qsizetype i = 0; i < m_pos && i < m_text.size(); ++i) {
            if (m_text[i] == '\n') {
                ++line;
                column = 1;
            } else if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) {
                ++column;
            }
        }
        return Error{m_message, QStringLiteral("line %1, column %2").arg(line).arg(column)};
    }

    bool fail(const QString &message) {
        if (m_message.isEmpty())
            m_message = message;
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
            QString key;
            if (!parseString(key))
                return false;
            for (const auto &member : out.m_members) {
                if (member.first == key)
                    return fail(QStringLiteral("member \"%1\" appears twice").arg(key));
            }
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

    bool hex4(char16_t &unit) {
        if (m_pos + 4 > m_text.size())
            return fail(QStringLiteral("unexpected end of the file in a \\u escape"));
        bool ok = false;
        const uint v = m_text.mid(m_pos, 4).toUInt(&ok, 16);
        if (!ok)
            return fail(QStringLiteral("bad \\u escape"));
        m_pos += 4;
        unit = char16_t(v);
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
                return fail(QStringLiteral("control character inside a string"));
            if (c != '\\') {
                raw.append(c);
                ++m_pos;
                continue;
            }
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
            case 'u': {
                char16_t unit = 0;
                if (!hex4(unit))
                    return false;
                flushRaw();
                decoded += QChar(unit);
                break;
            }
            default:
                return fail(QStringLiteral("unknown escape \\%1").arg(QLatin1Char(e)));
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
    qsizetype m_pos = 0;
    QString m_message;
};

OrderedJson OrderedJson::boolean(bool b) {
    OrderedJson j;
    j.m_type = Type::Bool;
    j.m_bool = b;
    return j;
}

OrderedJson OrderedJson::number(double d) {
    OrderedJson j;
    j.m_type = Type::Number;
    j.m_number = d;
    return j;
}

OrderedJson OrderedJson::string(const QString &s) {
    OrderedJson j;
    j.m_type = Type::String;
    j.m_string = s;
    return j;
}

OrderedJson OrderedJson::array() {
    OrderedJson j;
    j.m_type = Type::Array;
    return j;
}

OrderedJson OrderedJson::object() {
    OrderedJson j;
    j.m_type = Type::Object;
    return j;
}

Result<OrderedJson> OrderedJson::parse(const QByteArray &utf8) {
    return OrderedJsonParser(utf8).run();
}

QString OrderedJson::typeName(Type type) {
    switch (type) {
    case Type::Null:
        return QStringLiteral("null");
    case Type::Bool:
        return QStringLiteral("a boolean");
    case Type::Number:
        return QStringLiteral("a number");
    case Type::String:
        return QStringLiteral("a string");
    case Type::Array:
        return QStringLiteral("an array");
    case Type::Object:
        return QStringLiteral("an object");
    }
    return QString();
}

void OrderedJson::append(OrderedJson value) {
    m_elements.push_back(std::move(value));
}

const OrderedJson *OrderedJson::find(const QString &key) const {
    for (const auto &member : m_members) {
        if (member.first == key)
            return &member.second;
    }
    return nullptr;
}

void OrderedJson::insert(const QString &key, OrderedJson value) {
    for (auto &member : m_members) {
        if (member.first == key) {
            member.second = std::move(value);
            return;
        }
    }
    m_members.emplace_back(key, std::move(value));
}

void OrderedJson::remove(const QString &key) {
    for (auto it = m_members.begin(); it != m_members.end(); ++it) {
        if (it->first == key) {
            m_members.erase(it);
            return;
        }
    }
}

bool OrderedJson::operator==(const OrderedJson &other) const {
    if (m_type != other.m_type)
        return false;
    switch (m_type) {
    case Type::Null:
        return true;
    case Type::Bool:
        return m_bool == other.m_bool;
    case Type::Number:
        return m_number == other.m_number;
    case Type::String:
        return m_string == other.m_string;
    case Type::Array:
        return m_elements == other.m_elements;
    case Type::Object:
        return m_members == other.m_members;
    }
    return false;
}

namespace {
void appendQuoted(QByteArray &out, const QString &s) {
    out.append('"');
    for (const QChar ch : s) {
        const char16_t u = ch.unicode();
        switch (u) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        default:
            if (u < 0x20) {
                out.append("\\u00");
                out.append(QByteArray::number(u, 16).rightJustified(2, '0'));
            } else {
                out.append(QString(ch).toUtf8());
            }
        }
    }
    out.append('"');
}

bool isShortArray(const std::vector<OrderedJson> &elements) {
    // Arrays of scalars (a set of scopes) stay on one line, the way people write them.
    for (const auto &e : elements) {
        if (e.isArray() || e.isObject())
            return false;
    }
    return true;
}
} // namespace

void OrderedJson::serializeTo(QByteArray &out, int indent) const {
    const QByteArray pad(indent * 2, ' ');
    const QByteArray innerPad((indent + 1) * 2, ' ');
    switch (m_type) {
    case Type::Null:
        out.append("null");
        break;
    case Type::Bool:
        out.append(m_bool ? "true" : "false");
        break;
    case Type::Number:
        if (!m_numberText.isEmpty())
            out.append(m_numberText);
        else if (m_number == std::floor(m_number) && std::fabs(m_number) < 1e15)
            out.append(QByteArray::number(qint64(m_number)));
        else
            out.append(QByteArray::number(m_number, 'g', 17));
        break;
    case Type::String:
        appendQuoted(out, m_string);
        break;
    case Type::Array:
        if (m_elements.empty()) {
            out.append("[]");
        } else if (isShortArray(m_elements)) {
            out.append('[');
            for (size_t i = 0; i < m_elements.size(); ++i) {
                if (i)
                    out.append(", ");
                m_elements[i].serializeTo(out, indent + 1);
            }
            out.append(']');
        } else {
            out.append("[\n");
            for (size_t i = 0; i < m_elements.size(); ++i) {
                out.append(innerPad);
                m_elements[i].serializeTo(out, indent + 1);
                out.append(i + 1 < m_elements.size() ? ",\n" : "\n");
            }
            out.append(pad).append(']');
        }
        break;
    case Type::Object:
        if (m_members.empty()) {
            out.append("{}");
            break;
        }
        out.append("{\n");
        for (size_t i = 0; i < m_members.size(); ++i) {
            out.append(innerPad);
            appendQuoted(out, m_members[i].first);
            out.append(": ");
            m_members[i].second.serializeTo(out, indent + 1);
            out.append(i + 1 < m_members.size() ? ",\n" : "\n");
        }
        out.append(pad).append('}');
        break;
    }
}

QByteArray OrderedJson::serialize() const {
    QByteArray out;
    serializeTo(out, 0);
    out.append('\n');
    return out;
}

OrderedJson OrderedJson::fromQJson(const QJsonValue &value) {
    switch (value.type()) {
    case QJsonValue::Bool:
        return boolean(value.toBool());
    case QJsonValue::Double:
        return number(value.toDouble());
    case QJsonValue::String:
        return string(value.toString());
    case QJsonValue::Array: {
        OrderedJson a = array();
        const QJsonArray arr = value.toArray();
        for (const QJsonValue &v : arr)
            a.append(fromQJson(v));
        return a;
    }
    case QJsonValue::Object: {
        OrderedJson o = object();
        const QJsonObject obj = value.toObject();
        for (auto it = obj.constBegin(); it != obj.constEnd(); ++it)
            o.insert(it.key(), fromQJson(it.value()));
        return o;
    }
    default:
        return OrderedJson();
    }
}

QJsonValue OrderedJson::toQJson() const {
    switch (m_type) {
    case Type::Null:
        return QJsonValue(QJsonValue::Null);
    case Type::Bool:
        return QJsonValue(m_bool);
    case Type::Number:
        return QJsonValue(m_number);
    case Type::String:
        return QJsonValue(m_string);
    case Type::Array: {
        QJsonArray arr;
        for (const auto &e : m_elements)
            arr.append(e.toQJson());
        return arr;
    }
    case Type::Object: {
        QJsonObject obj;
        for (const auto &m : m_members)
            obj.insert(m.first, m.second.toQJson());
        return obj;
    }
    }
    return QJsonValue();
}

} // namespace scopebench
