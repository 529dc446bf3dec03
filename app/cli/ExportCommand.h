#pragma once

#include "cli/Command.h"

namespace scopebench {

// `scopebench export` (docs/analysis-and-export.md).
class ExportCommand : public Command {
public:
    ExportCommand();

protected:
    QString description() const override;
    void declare() override;
    Result<int> run() override;

private:
    std::optional<QCommandLineOption> m_to;
    std::optional<QCommandLineOption> m_out;
    std::optional<QCommandLineOption> m_force;
};

} // namespace scopebench
