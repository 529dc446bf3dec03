#pragma once

#include <QString>
#include <QUrl>

namespace scopebench {

// Where and how to introspect (docs/introspection-and-test-authorization-server.md).
struct IntrospectionSettings {
    enum class AuthMethod { ClientSecretBasic, ClientSecretPost, BearerToken, None };
    QUrl url;
    AuthMethod authMethod = AuthMethod::ClientSecretBasic;
    QString clientId;
    QString clientSecret; // or the bearer token for AuthMethod::BearerToken; memory only
    int timeoutMs = 5000;

    // "basic", "post", "bearer", "none"; false for anything else.
    static bool parseAuthMethod(const QString &name, AuthMethod *method);
    static QString authMethodName(AuthMethod method);
};

} // namespace scopebench
