#pragma once

#include "cli/Command.h"

namespace scopebench {

// `scopebench check`: the decision for simulated token facts. Exit 0 allow, 1 deny.
class CheckCommand : public Command {
public:
    CheckCommand();

protected:
    QString description() const override;
    void declare() override;
    Result<int> run() override;

private:
    QCommandLineOption m_scopes{QString()};
    QCommandLineOption m_exp{QString()};
    QCommandLineOption m_nbf{QString()};
    QCommandLineOption m_aud{QString()};
    QCommandLineOption m_now{QString()};
    QCommandLineOption m_inactive{QString()};
    QCommandLineOption m_noToken{QString()};
};

} // namespace scopebench
