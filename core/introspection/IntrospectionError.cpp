#include "introspection/IntrospectionError.h"

namespace scopebench {

QString introspectionErrorName(IntrospectionError error) {
    switch (error) {
    case IntrospectionError::None:
        return QStringLiteral("none");
    case IntrospectionError::InvalidSettings:
        return QStringLiteral("invalid_settings");
    case IntrospectionError::Cancelled:
        return QStringLiteral("cancelled");
    case IntrospectionError::Timeout:
        return QStringLiteral("timeout");
    case IntrospectionError::ConnectionFailed:
        return QStringLiteral("connection_failed");
    case IntrospectionError::TlsError:
        return QStringLiteral("tls_error");
    case IntrospectionError::Redirect:
        return QStringLiteral("redirect");
    case IntrospectionError::HttpStatus:
        return QStringLiteral("http_status");
    case IntrospectionError::ResponseTooLarge:
        return QStringLiteral("response_too_large");
    case IntrospectionError::NotJson:
        return QStringLiteral("not_json");
    case IntrospectionError::MissingActive:
        return QStringLiteral("missing_active");
    case IntrospectionError::WrongFieldType:
        return QStringLiteral("wrong_field_type");
    }
    return QStringLiteral("unknown");
}

} // namespace scopebench
