#pragma once

#include "TokenIntrospector.h"

#include <QPointer>

namespace scopebench {

class IntrospectionClient;
class IntrospectionReply;

// Live introspection for the token panel through the core's RFC 7662 client (no cache: the
// panel asks because it wants the authorization server's answer now).
class ClientTokenIntrospector : public TokenIntrospector {
    Q_OBJECT
public:
    using TokenIntrospector::TokenIntrospector;
    ~ClientTokenIntrospector() override;

    void introspect(const IntrospectionSettings &settings, const QString &token) override;
    void cancel() override;

private:
    void drop();

    IntrospectionClient *m_client = nullptr;
    QPointer<IntrospectionReply> m_reply;
};

} // namespace scopebench
