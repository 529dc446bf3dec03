#pragma once

#include "introspection/IntrospectionReply.h"
#include "introspection/IntrospectionSettings.h"

#include <QObject>

class QNetworkAccessManager;

namespace scopebench {

// RFC 7662 introspection over QNetworkAccessManager
// (docs/introspection-and-test-authorization-server.md): POST token=…& token_type_hint=access_token
// with the configured client authentication, a total timeout, redirects never followed, TLS errors
// never ignored, and strict response validation. Lives in one thread; introspect() is called from
// it.
class IntrospectionClient : public QObject {
    Q_OBJECT
public:
    explicit IntrospectionClient(IntrospectionSettings settings, QObject *parent = nullptr);

    // The reply is parented to the client.
    IntrospectionReply *introspect(const QByteArray &token);

    const IntrospectionSettings &settings() const { return m_settings; }
    // Empty when the settings can be used; else why not (no secret in it).
    static QString settingsProblem(const IntrospectionSettings &settings);

private:
    IntrospectionSettings m_settings;
    QNetworkAccessManager *m_network;
};

} // namespace scopebench
