#pragma once

#include <QStringList>
#include <QTextStream>

namespace scopebench {

// The headless subcommands. Each one reads its arguments (the subcommand name first), writes to
// `out` and `err`, and returns the process exit code: 2 for a usage error, with a one-line reason.
class CommandLine {
public:
    enum ExitCode { Success = 0, Denied = 1, Failure = 1, UsageError = 2 };

    struct Subcommand {
        const char *name;
        const char *summary;
        int (*run)(const QStringList &arguments, QTextStream &out, QTextStream &err);
    };

    // Is this invocation for the command line rather than the desktop app?
    static bool wantsCommandLine(const QStringList &arguments);
    // `arguments` as in QCoreApplication::arguments(): the program first.
    static int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
    static const QList<Subcommand> &subcommands();

    static QString bundledExamplePath() {
        return QStringLiteral(":/scopebench/policies/epicme.json");
    }
};

} // namespace scopebench
