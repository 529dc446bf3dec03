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
    Result<McpClientSettings> clientSettings(const QUrl &url);
    std::unique_ptr<Authorizer> authorizer();
    Result<int> connectAndCall(const McpClientSettings &settings);
    Result<int> conformance(const McpClientSettings &settings);

    QCommandLineOption m_call{QString()};
    QCommandLineOption m_arguments{QString()};
    QCommandLineOption m_argumentsFile{QString()};
    QCommandLineOption m_clientId{QString()};
    QCommandLineOption m_secretEnv{QString()};
    QCommandLineOption m_metadataUrl{QString()};
    QCommandLineOption m_keyFile{QString()};
    QCommandLineOption m_keyAlg{QString()};
    QCommandLineOption m_grant{QString()};
    QCommandLineOption m_authorize{QString()};
    QCommandLineOption m_scope{QString()};
    QCommandLineOption m_maxAuthorizations{QString()};
    QCommandLineOption m_junit{QString()};
    QCommandLineOption m_timeout{QString()};
};

} // namespace scopebench
