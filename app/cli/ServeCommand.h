#pragma once

#include "cli/Command.h"
#include "mcp/RunnerSettings.h"

namespace scopebench {

class EndpointRunner;

// `scopebench serve`: the protected MCP endpoint with the built-in test authorization server (or
// an external introspection URL), until SIGINT or SIGTERM.
class ServeCommand : public Command {
public:
    ServeCommand();

protected:
    QString description() const override;
    void declare() override;
    Result<int> run() override;

private:
    Result<RunnerSettings> settings();
    void printBanner(const EndpointRunner &runner, const RunnerSettings &settings);

    QCommandLineOption m_listen = placeholder();
    QCommandLineOption m_introspectionUrl = placeholder();
    QCommandLineOption m_grant = placeholder();
    QCommandLineOption m_log = placeholder();
    QCommandLineOption m_noTokenCache = placeholder();
    QCommandLineOption m_jwtIssuer = placeholder();
    QCommandLineOption m_acceptTyp = placeholder();
    QCommandLineOption m_tokenFormat = placeholder();
    QCommandLineOption m_httpClientMetadata = placeholder();
    // A secret the operator supplied is not printed back: the banner names its variable.
    QString m_secretVariable;
};

} // namespace scopebench
