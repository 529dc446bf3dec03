#pragma once

#include "ServerBackend.h"

#include <memory>

namespace scopebench {

class EndpointRunner;

// The server panel's backend: the core's EndpointRunner (the MCP endpoint and the built-in test
// authorization server on a thread of their own).
class EndpointServerBackend : public ServerBackend {
    Q_OBJECT
public:
    explicit EndpointServerBackend(QObject *parent = nullptr);
    ~EndpointServerBackend() override;

    bool isRunning() const override;
    Status start(const QString &host, quint16 port, const Policy &policy,
                 const std::optional<IntrospectionSettings> &introspection,
                 NetworkExposure exposure) override;
    void stop() override;
    void setTestTokenFormat(AccessTokenFormat format) override { m_tokenFormat = format; }
    void setPolicy(const Policy &policy) override;
    EndpointAddresses endpoints() const override;
    EndpointCounters counters() const override;
    Result<QString> mintToken(const MintRequest &request) override;
    std::optional<RememberedDecision> rememberedDecision(quint64 sequence) const override;
    void forgetDecisions() override;

    EndpointRunner *runner() const { return m_runner.get(); }

private:
    std::unique_ptr<EndpointRunner> m_runner;
    AccessTokenFormat m_tokenFormat = AccessTokenFormat::Opaque;
};

} // namespace scopebench
