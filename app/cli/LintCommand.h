#pragma once

#include "cli/Command.h"

namespace scopebench {

// `scopebench lint`: review a policy file. Exit 0 no errors, 1 errors (an unreadable file is one).
class LintCommand : public Command {
public:
    LintCommand();

protected:
    QString description() const override;
    void declare() override;
    Result<int> run() override;
};

} // namespace scopebench
