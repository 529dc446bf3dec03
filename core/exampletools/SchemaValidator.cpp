#include "exampletools/SchemaValidator.h"

#include <QJsonArray>

#include <cmath>

namespace scopebench {

namespace {

bool hasType(const QJsonValue &value, const QString &type) {
    if (type == QLatin1String("object"))
        return value.isObject();
    if (type == QLatin1String("array"))
        return value.isArray();
    if (type == QLatin1String("string"))
        return value.isString();
    if (type == QLatin1String("boolean"))
        return value.isBool();
    if (type == QLatin1String("null"))
        return value.isNull();
    if (type == QLatin1String("number"))
        return value.isDouble();
    if (type == QLatin1String("integer")) {
        const double d = value.toDouble();
        return value.isDouble() && std::isfinite(d) && std::floor(d) == d;
    }
    return false;
}

} // namespace

QString SchemaValidator::validate(const QJsonObject &schema, const QJsonValue &value,
                                  const QString &path) {
    const QJsonValue type = schema.value(QStringLiteral("type"));
    if (type.isString() && !hasType(value, type.toString()))
        return QStringLiteral("%1: must be of type %2").arg(path, type.toString());

    const QJsonValue options = schema.value(QStringLiteral("enum"));
    if (options.isArray() && !options.toArray().contains(value))
        return QStringLiteral("%1: is not one of the allowed values").arg(path);

    if (value.isString()) {
        const qsizetype length = value.toString().size();
        const QJsonValue minLength = schema.value(QStringLiteral("minLength"));
        if (minLength.isDouble() && length < minLength.toInt())
            return QStringLiteral("%1: must have at least %2 characters")
                .arg(path)
                .arg(minLength.toInt());
        const QJsonValue maxLength = schema.value(QStringLiteral("maxLength"));
        if (maxLength.isDouble() && length > maxLength.toInt())
            return QStringLiteral("%1: must have at most %2 characters")
                .arg(path)
                .arg(maxLength.toInt());
    }
    if (value.isDouble()) {
        const QJsonValue minimum = schema.value(QStringLiteral("minimum"));
        if (minimum.isDouble() && value.toDouble() < minimum.toDouble())
            return QStringLiteral("%1: must be at least %2").arg(path).arg(minimum.toDouble());
        const QJsonValue maximum = schema.value(QStringLiteral("maximum"));
        if (maximum.isDouble() && value.toDouble() > maximum.toDouble())
            return QStringLiteral("%1: must be at most %2").arg(path).arg(maximum.toDouble());
    }
    if (value.isArray()) {
        const QJsonObject items = schema.value(QStringLiteral("items")).toObject();
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; !items.isEmpty() && i < array.size(); ++i) {
            const QString problem =
                validate(items, array.at(i), path + QStringLiteral("[%1]").arg(i));
            if (!problem.isEmpty())
                return problem;
        }
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        const QJsonObject properties = schema.value(QStringLiteral("properties")).toObject();
        const QJsonArray required = schema.value(QStringLiteral("required")).toArray();
        for (const auto &name : required) {
            if (!object.contains(name.toString()))
                return QStringLiteral("%1: the property \"%2\" is required")
                    .arg(path, name.toString());
        }
        const QJsonValue additional = schema.value(QStringLiteral("additionalProperties"));
        const bool closed = additional.isBool() && !additional.toBool();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString member = path + QLatin1Char('.') + it.key();
            if (!properties.contains(it.key())) {
                if (closed)
                    return QStringLiteral("%1: is not an allowed property").arg(member);
                continue;
            }
            const QString problem =
                validate(properties.value(it.key()).toObject(), it.value(), member);
            if (!problem.isEmpty())
                return problem;
        }
    }
    return QString();
}

} // namespace scopebench
