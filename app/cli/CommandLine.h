#pragma once

#include "cli/Command.h"

#include <QStringList>
#include <QTextStream>

#include <functional>
#include <memory>

namespace scopebench {

// The headless front door: picks the subcommand and runs it. Each subcommand writes to `out` and
// `err` and returns the process exit code (Command::ExitCode).
class CommandLine {
public:
    using Factory = std::function<std::unique_ptr<Command>()>;

    // Is this invocation for the command line rather than the desktop app?
    static bool wantsCommandLine(const QStringList &arguments);
    // `arguments` as in QCoreApplication::arguments(): the program first.
    static int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
    // Every subcommand, in the order --help lists them.
    static const QList<Factory> &subcommands();
};

} // namespace scopebench
