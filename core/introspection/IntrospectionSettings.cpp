#include "introspection/IntrospectionSettings.h"

namespace scopebench {

bool IntrospectionSettings::parseAuthMethod(const QString &name, AuthMethod *method) {
    if (name == QLatin1String("basic"))
        *method = AuthMethod::ClientSecretBasic;
    else if (name == QLatin1String("post"))
        *method = AuthMethod::ClientSecretPost;
    else if (name == QLatin1String("bearer"))
        *method = AuthMethod::BearerToken;
    else if (name == QLatin1String("none"))
        *method = AuthMethod::None;
    else
        return false;
    return true;
}

QString IntrospectionSettings::authMethodName(AuthMethod method) {
    switch (method) {
    case AuthMethod::ClientSecretBasic:
        return QStringLiteral("basic");
    case AuthMethod::ClientSecretPost:
        return QStringLiteral("post");
    case AuthMethod::BearerToken:
        return QStringLiteral("bearer");
    case AuthMethod::None:
        return QStringLiteral("none");
    }
    return QString();
}

} // namespace scopebench
