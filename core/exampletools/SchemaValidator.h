#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace scopebench {

// Checks a value against the subset of JSON Schema (2020-12) the example tools use: type,
// properties, required, additionalProperties (false), items, enum, minLength, maxLength,
// minimum, maximum.
class SchemaValidator {
public:
    // Empty when the value conforms; otherwise the first problem with its JSON path.
    static QString validate(const QJsonObject &schema, const QJsonValue &value,
                            const QString &path = QStringLiteral("$"));
};

} // namespace scopebench
