#include "ClientTokenIntrospector.h"

#include "introspection/IntrospectionClient.h"

#include <QUrl>

namespace scopebench {

ClientTokenIntrospector::~ClientTokenIntrospector() {
    drop();
}

void ClientTokenIntrospector::introspect(const IntrospectionSettings &settings,
                                         const QString &token) {
    drop();
    // One client per lookup: its settings are fixed, and the panel's may change in between.
    m_client = new IntrospectionClient(settings, this);
    m_reply = m_client->introspect(token.toUtf8());
    connect(m_reply, &IntrospectionReply::finished, this, [this] {
        const TokenKnowledge knowledge = m_reply->result();
        const QByteArray body = m_reply->rawBody();
        drop();
        Q_EMIT finished(knowledge, body);
    });
}

void ClientTokenIntrospector::cancel() {
    drop();
}

void ClientTokenIntrospector::drop() {
    if (m_reply) {
        disconnect(m_reply, nullptr, this, nullptr);
        m_reply->cancel();
    }
    m_reply = nullptr;
    if (m_client) {
        m_client->deleteLater();
        m_client = nullptr;
    }
}

} // namespace scopebench
