#include "introspection/IntrospectionResponse.h"

#include "policy/ScopeGrammar.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace scopebench {

namespace {

IntrospectionResponse failure(IntrospectionError error, const QString &detail) {
    IntrospectionResponse r;
    r.error = error;
    r.detail = detail;
    return r;
}

QString typeName(const QJsonValue &v) {
    switch (v.type()) {
    case QJsonValue::Bool:
        return QStringLiteral("a boolean");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("an array");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    default:
        return QStringLiteral("null");
    }
}

QString wrongType(const QString &member, const QString &expected, const QJsonValue &v) {
    return QStringLiteral("\"%1\" must be %2, not %3").arg(member, expected, typeName(v));
}

} // namespace

IntrospectionResponse IntrospectionResponse::parse(const QByteArray &body) {
    if (body.size() > maxBodySize)
        return failure(IntrospectionError::ResponseTooLarge,
                       QStringLiteral("the response is larger than %1 bytes").arg(maxBodySize));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return failure(IntrospectionError::NotJson,
                       QStringLiteral("the response is not JSON (%1 at offset %2)")
                           .arg(parseError.errorString())
                           .arg(parseError.offset));
    if (!doc.isObject())
        return failure(IntrospectionError::NotJson,
                       QStringLiteral("the response is JSON but not an object"));
    const QJsonObject o = doc.object();

    IntrospectionResponse r;
    r.facts.raw = o;
    const QJsonValue active = o.value(QLatin1String("active"));
    if (active.isUndefined() || active.isNull())
        return failure(IntrospectionError::MissingActive,
                       QStringLiteral("the response has no \"active\" member"));
    if (!active.isBool())
        return failure(IntrospectionError::WrongFieldType,
                       wrongType(QStringLiteral("active"), QStringLiteral("a boolean"), active));
    r.facts.active = active.toBool();

    struct StringMember {
        const char *name;
        QString *target;
    };
    QString scope;
    const StringMember strings[] = {
        {"scope", &scope},
        {"client_id", &r.facts.clientId},
        {"username", &r.facts.username},
        {"token_type", &r.facts.tokenType},
        {"sub", &r.facts.sub},
        {"iss", &r.facts.iss},
        {"jti", &r.facts.jti},
    };
    for (const auto &m : strings) {
        const QJsonValue v = o.value(QLatin1String(m.name));
        if (v.isUndefined() || v.isNull())
            continue;
        if (!v.isString())
            return failure(IntrospectionError::WrongFieldType,
                           wrongType(QLatin1String(m.name), QStringLiteral("a string"), v));
        *m.target = v.toString();
    }
    r.facts.scopes = ScopeGrammar::split(scope);

    struct TimeMember {
        const char *name;
        std::optional<qint64> *target;
    };
    const TimeMember times[] = {
        {"exp", &r.facts.exp}, {"iat", &r.facts.iat}, {"nbf", &r.facts.nbf}};
    for (const auto &m : times) {
        const QJsonValue v = o.value(QLatin1String(m.name));
        if (v.isUndefined() || v.isNull())
            continue;
        const double d = v.toDouble();
        // NumericDate may carry a fraction; anything outside a sane range is not a time.
        if (!v.isDouble() || !std::isfinite(d) || d < 0 || d > 1e15)
            return failure(IntrospectionError::WrongFieldType,
                           wrongType(QLatin1String(m.name),
                                     QStringLiteral("a number of seconds since the epoch"), v));
        *m.target = static_cast<qint64>(std::floor(d));
    }

    const QJsonValue aud = o.value(QLatin1String("aud"));
    if (aud.isString()) {
        r.facts.aud = QStringList{aud.toString()};
        r.facts.audPresent = true;
    } else if (aud.isArray()) {
        for (const QJsonValue &a : aud.toArray()) {
            if (!a.isString())
                return failure(
                    IntrospectionError::WrongFieldType,
                    QStringLiteral("\"aud\" must hold only strings, not %1").arg(typeName(a)));
            r.facts.aud.append(a.toString());
        }
        r.facts.audPresent = true;
    } else if (!aud.isUndefined() && !aud.isNull()) {
        return failure(IntrospectionError::WrongFieldType,
                       wrongType(QStringLiteral("aud"),
                                 QStringLiteral("a string or an array of strings"), aud));
    }
    return r;
}

} // namespace scopebench
