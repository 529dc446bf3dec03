// McpOAuthClient, split by concern: this file holds construction and the findings; the MCP
// session (…Session.cpp), discovery (…Discovery.cpp), the client identity (…Identity.cpp) and
// the grants with the authorization and step-up loop (…Grants.cpp) have their own.

#include "client/McpOAuthClient.h"

#include "http/HttpVocabulary.h"

namespace scopebench {

QByteArray McpResponse::header(const QByteArray &name) const {
    const QList<QByteArray> values = headerValues(headers, name);
    return values.isEmpty() ? QByteArray() : values.constFirst();
}

QJsonValue McpResponse::result() const {
    return message ? message->value(QLatin1String("result")) : QJsonValue(QJsonValue::Undefined);
}

bool McpResponse::isJsonRpcError() const {
    return message && message->contains(QLatin1String("error"));
}

McpOAuthClient::McpOAuthClient(McpClientSettings settings, std::unique_ptr<Authorizer> authorizer,
                               QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_authorizer(std::move(authorizer))
    , m_fetcher(new HttpFetcher(m_settings.limits, &m_transcript, this)) {
    if (!m_authorizer)
        m_authorizer = std::make_unique<FollowAuthorizer>();
}

McpOAuthClient::~McpOAuthClient() = default;

void McpOAuthClient::finding(const QString &id, Finding::Severity severity, const QString &message,
                             const QString &basis, const QString &where) {
    m_transcript.addFinding(Finding{id, severity, message, basis, where});
}

Error McpOAuthClient::stop(const QString &id, const QString &message, const QString &where) {
    m_transcript.addNote(QStringLiteral("stopped (%1): %2").arg(id, message));
    return Error{message, where, id};
}

} // namespace scopebench
