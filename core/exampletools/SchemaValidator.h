#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace scopebench {

// Checks a value against the subset of JSON Schema (2020-12) the example tools use: type,
// properties, required, additionalProperties (false), items, enum, minLength, maxLength,
// minimum, maximum.
//
// The schema is read once, when the validator is built: a tool's schema is fixed, and reading
// its keywords out of a QJsonObject on every call cost more than the rest of the call.
class SchemaValidator {
public:
    SchemaValidator() = default; // accepts every value
    explicit SchemaValidator(const QJsonObject &schema);

    // Empty when the value conforms; otherwise the first problem with its JSON path.
    QString validate(const QJsonValue &value, const QString &path = QStringLiteral("$")) const;
    static QString validate(const QJsonObject &schema, const QJsonValue &value,
                            const QString &path = QStringLiteral("$")) {
        return SchemaValidator(schema).validate(value, path);
    }

private:
    enum class Type { Any, Object, Array, String, Boolean, Null, Number, Integer, Unknown };

    Type m_type = Type::Any;
    QString m_typeName; // as the schema names it, for the message
    std::optional<QJsonArray> m_options;
    std::optional<int> m_minLength, m_maxLength;
    std::optional<double> m_minimum, m_maximum;
    std::shared_ptr<const SchemaValidator> m_items; // null: items are not checked
    std::vector<std::pair<QString, SchemaValidator>> m_properties;
    QStringList m_required;
    bool m_closed = false; // additionalProperties: false
};

} // namespace scopebench
