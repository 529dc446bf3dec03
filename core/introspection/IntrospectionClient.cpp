#include "introspection/IntrospectionClient.h"

#include "common/TokenFingerprint.h"
#include "http/FormEncoding.h"
#include "http/HttpVocabulary.h"

#include <QNetworkAccessManager>
#include <QNetworkRequest>

namespace scopebench {

IntrospectionClient::IntrospectionClient(IntrospectionSettings settings, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_network(new QNetworkAccessManager(this)) {
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

QString IntrospectionClient::settingsProblem(const IntrospectionSettings &settings) {
    const QUrl &url = settings.url;
    if (!url.isValid() || url.isRelative() || url.host().isEmpty())
        return QStringLiteral("the introspection URL must be an absolute http(s) URL");
    const QString scheme = url.scheme().toLower();
    if (scheme != QLatin1String("http") && scheme != QLatin1String("https"))
        return QStringLiteral("the introspection URL must use http or https, not \"%1\"")
            .arg(scheme);
    // The URL is shown and printed; credentials belong in the client id and secret.
    if (!url.userInfo().isEmpty())
        return QStringLiteral("the introspection URL must not hold a user name or password; use "
                              "the client id and secret");
    if (settings.timeoutMs <= 0)
        return QStringLiteral("the timeout must be a positive number of milliseconds");
    using M = IntrospectionSettings::AuthMethod;
    if ((settings.authMethod == M::ClientSecretBasic ||
         settings.authMethod == M::ClientSecretPost) &&
        settings.clientId.isEmpty())
        return QStringLiteral("client_secret_%1 needs a client id")
            .arg(settings.authMethod == M::ClientSecretBasic ? QStringLiteral("basic")
                                                             : QStringLiteral("post"));
    if (settings.authMethod == M::BearerToken && settings.clientSecret.isEmpty())
        return QStringLiteral("bearer authentication needs a token");
    return QString();
}

IntrospectionReply *IntrospectionClient::introspect(const QByteArray &token) {
    auto *reply = new IntrospectionReply(tokenFingerprint(token), this);
    const QString problem = settingsProblem(m_settings);
    if (!problem.isEmpty()) {
        reply->failLater(IntrospectionError::InvalidSettings, problem);
        return reply;
    }
    if (token.isEmpty()) {
        reply->failLater(IntrospectionError::InvalidSettings,
                         QStringLiteral("no token to ask about"));
        return reply;
    }

    QNetworkRequest request(m_settings.url);
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader(QByteArrayLiteral("Accept"), QByteArray(ContentType::Json));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);

    FormEncoding::Fields fields = {
        {QStringLiteral("token"), QString::fromUtf8(token)},
        {QStringLiteral("token_type_hint"), QStringLiteral("access_token")}};
    using M = IntrospectionSettings::AuthMethod;
    switch (m_settings.authMethod) {
    case M::ClientSecretBasic:
        request.setRawHeader(
            QByteArrayLiteral("Authorization"),
            FormEncoding::basicAuthorization(m_settings.clientId, m_settings.clientSecret));
        break;
    case M::ClientSecretPost:
        fields.append({QStringLiteral("client_id"), m_settings.clientId});
        fields.append({QStringLiteral("client_secret"), m_settings.clientSecret});
        break;
    case M::BearerToken:
        request.setRawHeader(QByteArrayLiteral("Authorization"),
                             QByteArrayLiteral("Bearer ") + m_settings.clientSecret.toUtf8());
        break;
    case M::None:
        if (!m_settings.clientId.isEmpty())
            fields.append({QStringLiteral("client_id"), m_settings.clientId});
        break;
    }
    reply->start(m_network->post(request, FormEncoding::encodeFields(fields)),
                 m_settings.timeoutMs);
    return reply;
}

} // namespace scopebench
