#include "exampletools/SchemaValidator.h"

#include <algorithm>
#include <cmath>

namespace scopebench {

SchemaValidator::SchemaValidator(const QJsonObject &schema) {
    const QJsonValue type = schema.value(QLatin1StringView("type"));
    if (type.isString()) {
        m_typeName = type.toString();
        static const std::pair<QLatin1StringView, Type> names[] = {
            {QLatin1StringView("object"), Type::Object},
            {QLatin1StringView("array"), Type::Array},
            {QLatin1StringView("string"), Type::String},
            {QLatin1StringView("boolean"), Type::Boolean},
            {QLatin1StringView("null"), Type::Null},
            {QLatin1StringView("number"), Type::Number},
            {QLatin1StringView("integer"), Type::Integer}};
        m_type = Type::Unknown; // a type this subset does not know: nothing conforms
        for (const auto &[name, t] : names) {
            if (m_typeName == name)
                m_type = t;
        }
    }
    const QJsonValue options = schema.value(QLatin1StringView("enum"));
    if (options.isArray())
        m_options = options.toArray();
    // A bound is a number; lengths as toInt() reads them (one with a fraction counts as 0).
    const auto bound = [&schema](const char *keyword) {
        const QJsonValue v = schema.value(QLatin1StringView(keyword));
        return v.isDouble() ? std::optional<QJsonValue>(v) : std::nullopt;
    };
    if (const auto v = bound("minLength"))
        m_minLength = v->toInt();
    if (const auto v = bound("maxLength"))
        m_maxLength = v->toInt();
    if (const auto v = bound("minimum"))
        m_minimum = v->toDouble();
    if (const auto v = bound("maximum"))
        m_maximum = v->toDouble();
    const QJsonObject items = schema.value(QLatin1StringView("items")).toObject();
    if (!items.isEmpty())
        m_items = std::make_shared<const SchemaValidator>(items);
    const QJsonObject properties = schema.value(QLatin1StringView("properties")).toObject();
    for (auto it = properties.begin(); it != properties.end(); ++it)
        m_properties.emplace_back(it.key(), SchemaValidator(it.value().toObject()));
    for (const auto &name : schema.value(QLatin1StringView("required")).toArray())
        m_required.append(name.toString());
    const QJsonValue additional = schema.value(QLatin1StringView("additionalProperties"));
    m_closed = additional.isBool() && !additional.toBool();
}

QString SchemaValidator::validate(const QJsonValue &value, const QString &path) const {
    bool typed = true;
    switch (m_type) {
    case Type::Any:
        break;
    case Type::Object:
        typed = value.isObject();
        break;
    case Type::Array:
        typed = value.isArray();
        break;
    case Type::String:
        typed = value.isString();
        break;
    case Type::Boolean:
        typed = value.isBool();
        break;
    case Type::Null:
        typed = value.isNull();
        break;
    case Type::Number:
        typed = value.isDouble();
        break;
    case Type::Integer: {
        const double d = value.toDouble();
        typed = value.isDouble() && std::isfinite(d) && std::floor(d) == d;
        break;
    }
    case Type::Unknown:
        typed = false;
        break;
    }
    if (!typed)
        return QStringLiteral("%1: must be of type %2").arg(path, m_typeName);

    if (m_options && !m_options->contains(value))
        return QStringLiteral("%1: is not one of the allowed values").arg(path);

    if (value.isString()) {
        const qsizetype length = value.toString().size();
        if (m_minLength && length < *m_minLength)
            return QStringLiteral("%1: must have at least %2 characters")
                .arg(path)
                .arg(*m_minLength);
        if (m_maxLength && length > *m_maxLength)
            return QStringLiteral("%1: must have at most %2 characters")
                .arg(path)
                .arg(*m_maxLength);
    }
    if (value.isDouble()) {
        if (m_minimum && value.toDouble() < *m_minimum)
            return QStringLiteral("%1: must be at least %2").arg(path).arg(*m_minimum);
        if (m_maximum && value.toDouble() > *m_maximum)
            return QStringLiteral("%1: must be at most %2").arg(path).arg(*m_maximum);
    }
    if (value.isArray() && m_items) {
        const QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i) {
            const QString problem =
                m_items->validate(array.at(i), path + QStringLiteral("[%1]").arg(i));
            if (!problem.isEmpty())
                return problem;
        }
    }
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (const auto &name : m_required) {
            if (!object.contains(name))
                return QStringLiteral("%1: the property \"%2\" is required").arg(path, name);
        }
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString key = it.key();
            const auto property = std::find_if(m_properties.begin(), m_properties.end(),
                                               [&key](const auto &p) { return p.first == key; });
            const QString member = path + QLatin1Char('.') + key;
            if (property == m_properties.end()) {
                if (m_closed)
                    return QStringLiteral("%1: is not an allowed property").arg(member);
                continue;
            }
            const QString problem = property->second.validate(it.value(), member);
            if (!problem.isEmpty())
                return problem;
        }
    }
    return QString();
}

} // namespace scopebench
