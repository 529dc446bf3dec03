#include "common/OrderedJson.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#include <cmath>

namespace scopebench {

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
    // Runs of characters that need no escape are encoded together, so surrogate pairs stay whole.
    qsizetype runStart = 0;
    auto flush = [&](qsizetype end) {
        if (end > runStart)
            out.append(QStringView(s).mid(runStart, end - runStart).toUtf8());
    };
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t u = s[i].unicode();
        const char *escape = nullptr;
        switch (u) {
        case '"':
            escape = "\\\"";
            break;
        case '\\':
            escape = "\\\\";
            break;
        case '\n':
            escape = "\\n";
            break;
        case '\r':
            escape = "\\r";
            break;
        case '\t':
            escape = "\\t";
            break;
        case '\b':
            escape = "\\b";
            break;
        case '\f':
            escape = "\\f";
            break;
        default:
            if (u >= 0x20)
                continue;
        }
        flush(i);
        runStart = i + 1;
        if (escape) {
            out.append(escape);
        } else {
            out.append("\\u00");
            out.append(QByteArray::number(u, 16).rightJustified(2, '0'));
        }
    }
    flush(s.size());
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

// Short lists of scope sets, like a tool's [["entries:write"]], stay on one line; long ones get a
// line per set so a diff shows which set changed.
constexpr qsizetype MaxInlineNested = 60;

bool isArrayOfShortArrays(const std::vector<OrderedJson> &elements) {
    for (const auto &e : elements) {
        if (!e.isArray() || !isShortArray(e.elements()))
            return false;
    }
    return true;
}

bool isFlatObject(const OrderedJson &value) {
    if (!value.isObject())
        return false;
    for (const auto &member : value.members()) {
        if (member.second.isObject() ||
            (member.second.isArray() && !isShortArray(member.second.elements())))
            return false;
    }
    return true;
}
} // namespace

void OrderedJson::serializeTo(QByteArray &out, int indent, bool oneLine) const {
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
        else if (!std::isfinite(m_number))
            out.append("null"); // JSON has no NaN or infinity
        else if (m_number == std::floor(m_number) && std::fabs(m_number) < 1e15)
            out.append(QByteArray::number(qint64(m_number)));
        else
            out.append(QByteArray::number(m_number, 'g', 17));
        break;
    case Type::String:
        appendQuoted(out, m_string);
        break;
    case Type::Array: {
        if (m_elements.empty()) {
            out.append("[]");
            break;
        }
        QByteArray inlineForm;
        if (isShortArray(m_elements) || isArrayOfShortArrays(m_elements)) {
            for (size_t i = 0; i < m_elements.size(); ++i) {
                inlineForm.append(i ? ", " : "[");
                m_elements[i].serializeTo(inlineForm, indent + 1);
            }
            inlineForm.append(']');
        }
        if (isShortArray(m_elements) ||
            (!inlineForm.isEmpty() && inlineForm.size() <= MaxInlineNested)) {
            out.append(inlineForm);
            break;
        }
        out.append("[\n");
        for (size_t i = 0; i < m_elements.size(); ++i) {
            out.append(innerPad);
            m_elements[i].serializeTo(out, indent + 1, isFlatObject(m_elements[i]));
            out.append(i + 1 < m_elements.size() ? ",\n" : "\n");
        }
        out.append(pad).append(']');
        break;
    }
    case Type::Object:
        if (m_members.empty()) {
            out.append("{}");
            break;
        }
        if (oneLine) {
            out.append('{');
            for (size_t i = 0; i < m_members.size(); ++i) {
                if (i)
                    out.append(", ");
                appendQuoted(out, m_members[i].first);
                out.append(": ");
                m_members[i].second.serializeTo(out, indent + 1);
            }
            out.append('}');
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
