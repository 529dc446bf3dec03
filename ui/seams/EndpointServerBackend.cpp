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
    if (introspectEveryRequest())
        settings.cacheMaxTtlSeconds = 0;
    settings.testTokenFormat = m_tokenFormat;
    // A click on a log row shows its decision in the preview (docs/desktop-app.md).
    settings.rememberDecisions = true;
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

EndpointAddresses EndpointServerBackend::endpoints() const {
    return m_runner->addresses();
}

EndpointCounters EndpointServerBackend::counters() const {
    return m_runner->counters();
}

std::optional<RememberedDecision>
EndpointServerBackend::rememberedDecision(quint64 sequence) const {
    return m_runner->decisions().recall(sequence);
}

void EndpointServerBackend::forgetDecisions() {
    m_runner->decisions().clear();
}

Result<QString> EndpointServerBackend::mintToken(const MintRequest &request) {
    auto minted = m_runner->mintToken(request.scopes, request.lifetimeSeconds, request.audience);
    if (!minted)
        return minted.error();
    return minted.value().accessToken;
}

} // namespace scopebench
