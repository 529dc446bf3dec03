#pragma once

#include "cli/Command.h"

namespace scopebench {

// `scopebench diff` (docs/analysis-and-export.md).
class DiffCommand : public Command {
public:
    DiffCommand();

protected:
    QString description() const override;
    void declare() override;
    Result<int> run() override;

public:
    // The exit statuses, so CI can require a review for widening.
    enum DiffExit { Identical = 0, NarrowedOnly = 1, Widened = 3 };
};

} // namespace scopebench
