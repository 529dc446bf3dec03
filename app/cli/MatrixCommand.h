#pragma once

#include "cli/Command.h"

namespace scopebench {

// `scopebench matrix` (docs/analysis-and-export.md).
class MatrixCommand : public Command {
public:
    MatrixCommand();

protected:
    QString description() const override;
    void declare() override;
    Result<int> run() override;
};

} // namespace scopebench
