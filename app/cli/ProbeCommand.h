#pragma once

#include "cli/Command.h"
#include "client/ConformanceRun.h"
#include "client/McpOAuthClient.h"

namespace scopebench {

// `scopebench probe [OPTIONS] URL`: Scopebench as an MCP + OAuth client of a real server
// (docs/probe.md). Without --policy it connects, lists the tools and calls the ones asked for;
// with --policy it runs the conformance cases the policy gives (core/client/ConformanceRun).
class ProbeCommand : public Command {
public:
    enum ProbeExit { CouldNotConnect = 3 };

    ProbeCommand();

protected:
    QString description() const override;
    void declare() override;
    Result<int> run() override;

private:
    // Named placeholders (an empty name makes Qt warn); declare() sets the real options.
    Result<McpClientSettings> clientSettings(const QUrl &url);
    std::unique_ptr<Authorizer> authorizer();
    Result<int> connectAndCall(const McpClientSettings &settings);
    Result<int> conformance(const McpClientSettings &settings);

    QCommandLineOption m_call{QStringLiteral("call")};
    QCommandLineOption m_arguments{QStringLiteral("arguments")};
    QCommandLineOption m_argumentsFile{QStringLiteral("arguments-file")};
    QCommandLineOption m_metadataUrl{QStringLiteral("client-metadata-url")};
    QCommandLineOption m_keyFile{QStringLiteral("client-key-file")};
    QCommandLineOption m_keyAlg{QStringLiteral("client-key-alg")};
    QCommandLineOption m_grant{QStringLiteral("grant")};
    QCommandLineOption m_authorize{QStringLiteral("authorize")};
    QCommandLineOption m_scope{QStringLiteral("scope")};
    QCommandLineOption m_maxAuthorizations{QStringLiteral("max-authorizations")};
    QCommandLineOption m_junit{QStringLiteral("junit")};
    QCommandLineOption m_timeout{QStringLiteral("timeout-ms")};
};

} // namespace scopebench
