#include "EndpointServerBackend.h"

#include "http/ListenAddress.h"

#include "mcp/EndpointRunner.h"

namespace scopebench {

EndpointServerBackend::EndpointServerBackend(QObject *parent)
    : ServerBackend(parent)
    , m_runner(std::make_unique<EndpointRunner>()) {
    connect(m_runner.get(), &EndpointRunner::started, this,
            [this] { Q_EMIT runningChanged(true); });
    connect(m_runner.get(), &EndpointRunner::stopped, this,
            [this] { Q_EMIT runningChanged(false); });
    connect(m_runner.get(), &EndpointRunner::failed, this, &ServerBackend::failed);
    connect(m_runner.get(), &EndpointRunner::requestLogged, this, &ServerBackend::requestLogged);
}

EndpointServerBackend::~EndpointServerBackend() = default;

bool EndpointServerBackend::isRunning() const {
    return m_runner->isRunning();
}

Status EndpointServerBackend::start(const QString &host, quint16 port, const Policy &policy,
                                    const std::optional<IntrospectionSettings> &introspection,
                                    NetworkExposure exposure) {
    const std::optional<QHostAddress> address = ListenAddress::parse(host);
    if (!address)
        return Error{tr("not an IP address or localhost"), host};
    if (!address->isLoopback() && exposure != NetworkExposure::Confirmed)
        return Error{tr("listening where other machines can connect needs a confirmation"), host};
    RunnerSettings settings;
    settings.endpoint.address = *address;
    settings.endpoint.port = port;
    settings.policy = policy;
    settings.introspection = introspection;
    m_runner->start(settings);
    return Status::success();
}

void EndpointServerBackend::stop() {
    if (m_runner->isRunning())
        m_runner->stop();
}

void EndpointServerBackend::setPolicy(const Policy &policy) {
    m_runner->setPolicy(policy);
}

ServerEndpoints EndpointServerBackend::endpoints() const {
    ServerEndpoints e;
    if (!m_runner->isRunning())
        return e;
    e.mcpUrl = m_runner->endpointUrl().toString();
    e.resourceMetadataUrl = m_runner->metadataUrl();
    e.tokenUrl = m_runner->tokenEndpoint();
    if (!e.tokenUrl.isEmpty())
        e.introspectionUrl =
            m_runner->baseUrl().resolved(QUrl(QStringLiteral("/oauth/introspect"))).toString();
    e.resource = m_runner->resource();
    e.clientId = m_runner->testClientId();
    e.clientSecret = m_runner->testClientSecret();
    return e;
}

ServerCounters EndpointServerBackend::counters() const {
    const EndpointCounters c = m_runner->counters();
    ServerCounters s;
    s.requests = c.requests;
    s.allowed = c.allowed;
    s.unauthorized = c.unauthorized;
    s.forbidden = c.forbidden;
    s.unavailable = c.unavailable;
    s.other = c.other;
    s.perSecond = c.requestsPerSecond;
    return s;
}

Result<QString> EndpointServerBackend::mintToken(const MintRequest &request) {
    auto minted = m_runner->mintToken(request.scopes, request.lifetimeSeconds, request.audience);
    if (!minted)
        return minted.error();
    return minted.value().accessToken;
}

} // namespace scopebench
