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

    QCommandLineOption m_listen{QString()};
    QCommandLineOption m_introspectionUrl{QString()};
    QCommandLineOption m_clientId{QString()};
    QCommandLineOption m_secretEnv{QString()};
    QCommandLineOption m_authMethod{QString()};
    QCommandLineOption m_grant{QString()};
    QCommandLineOption m_log{QString()};
    QCommandLineOption m_noTokenCache{QString()};
    QCommandLineOption m_jwtIssuer{QString()};
    QCommandLineOption m_acceptTyp{QString()};
    QCommandLineOption m_tokenFormat{QString()};
    // A secret the operator supplied is not printed back: the banner names its variable.
    QString m_secretVariable;
};

} // namespace scopebench
