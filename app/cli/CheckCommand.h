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
    QCommandLineOption m_scopes = placeholder();
    QCommandLineOption m_exp = placeholder();
    QCommandLineOption m_nbf = placeholder();
    QCommandLineOption m_aud = placeholder();
    QCommandLineOption m_now = placeholder();
    QCommandLineOption m_inactive = placeholder();
    QCommandLineOption m_noToken = placeholder();
};

} // namespace scopebench
