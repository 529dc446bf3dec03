#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include <memory>
#include <utility>
#include <vector>

namespace scopebench {

// A JSON value whose objects keep their members in the order they were written. QJsonObject sorts
// keys, which would reorder a user's policy file on every save; this type round-trips it.
class OrderedJson {
public:
    enum class Type { Null, Bool, Number, String, Array, Object };
    using Member = std::pair<QString, OrderedJson>;

    OrderedJson() = default;
    static OrderedJson boolean(bool b);
    static OrderedJson number(double d);
    static OrderedJson string(const QString &s);
    static OrderedJson array();
    static OrderedJson object();

    // Parses UTF-8 JSON text. On failure the error's `where` is "line L, column C".
    static Result<OrderedJson> parse(const QByteArray &utf8);
    // Pretty-printed with two-space indentation and a final newline.
    QByteArray serialize() const;

    static OrderedJson fromQJson(const QJsonValue &value);
    QJsonValue toQJson() const;

    Type type() const { return m_type; }
    bool isNull() const { return m_type == Type::Null; }
    bool isBool() const { return m_type == Type::Bool; }
    bool isNumber() const { return m_type == Type::Number; }
    bool isString() const { return m_type == Type::String; }
    bool isArray() const { return m_type == Type::Array; }
    bool isObject() const { return m_type == Type::Object; }
    static QString typeName(Type type);

    bool toBool() const { return m_bool; }
    double toDouble() const { return m_number; }
    const QString &toString() const { return m_string; }

    // Arrays
    const std::vector<OrderedJson> &elements() const { return m_elements; }
    void append(OrderedJson value);

    // Objects
    const std::vector<Member> &members() const { return m_members; }
    const OrderedJson *find(const QString &key) const;
    // Replaces the value in place when the key exists (keeping its position), else appends.
    void insert(const QString &key, OrderedJson value);
    void remove(const QString &key);

    bool operator==(const OrderedJson &other) const;
    bool operator!=(const OrderedJson &other) const { return !(*this == other); }

private:
    friend class OrderedJsonParser;
    // `oneLine`: an object of scalars inside an array, written the way people write catalog
    // entries.
    void serializeTo(QByteArray &out, int indent, bool oneLine = false) const;

    Type m_type = Type::Null;
    bool m_bool = false;
    double m_number = 0;
    QByteArray m_numberText; // as written, so 1.0 stays 1.0
    QString m_string;
    std::vector<OrderedJson> m_elements;
    std::vector<Member> m_members;
};

} // namespace scopebench
