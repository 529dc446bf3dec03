#pragma once

#include "cli/Command.h"
#include "introspection/IntrospectionSettings.h"

namespace scopebench {

// `scopebench introspect`: one RFC 7662 lookup of a token and, with --policy, the decision.
class IntrospectCommand : public Command {
public:
    IntrospectCommand();

protected:
    QString description() const override;
    void declare() override;
    Result<int> run() override;

private:
    Result<IntrospectionSettings> settings() const;

    QCommandLineOption m_url{QString()};
    QCommandLineOption m_tokenFile{QString()};
    QCommandLineOption m_clientId{QString()};
    QCommandLineOption m_secretEnv{QString()};
    QCommandLineOption m_authMethod{QString()};
    QCommandLineOption m_timeout{QString()};
};

} // namespace scopebench
