#include "cli/CommandLine.h"

#include "cli/CheckCommand.h"
#include "cli/IntrospectCommand.h"
#include "cli/LintCommand.h"
#include "cli/ServeCommand.h"

namespace scopebench {

const QList<CommandLine::Subcommand> &CommandLine::subcommands() {
    static const QList<Subcommand> list = {
        {"check", "the decision for simulated token facts", &CheckCommand::run},
        {"lint", "review a policy file", &LintCommand::run},
        {"introspect", "live introspection of a token, and the decision", &IntrospectCommand::run},
        {"serve", "run the protected MCP endpoint", &ServeCommand::run},
    };
    return list;
}

bool CommandLine::wantsCommandLine(const QStringList &arguments) {
    if (arguments.size() < 2)
        return false;
    const QString first = arguments.at(1);
    if (first == QLatin1String("--help") || first == QLatin1String("-h") ||
        first == QLatin1String("help") || first == QLatin1String("--version"))
        return true;
    // Anything else that is not an option or a policy file to open is a (mistyped) subcommand,
    // which gets an error rather than a window.
    return !first.startsWith(u'-') && !first.endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
}

int CommandLine::run(const QStringList &arguments, QTextStream &out, QTextStream &err) {
    const QString first = arguments.value(1);
    for (const auto &s : subcommands()) {
        if (first == QLatin1String(s.name))
            return s.run(arguments, out, err);
    }
    if (first == QLatin1String("--version")) {
        out << "scopebench " << SCOPEBENCH_VERSION << '\n';
        return Success;
    }
    if (first == QLatin1String("--help") || first == QLatin1String("-h") ||
        first == QLatin1String("help")) {
        out << "Usage: scopebench [SUBCOMMAND] [OPTIONS]\n\n"
               "Without a subcommand, the desktop app opens (the last policy, or the bundled\n"
               "EpicMe example). Subcommands:\n";
        for (const auto &s : subcommands())
            out << "  " << QString::fromLatin1(s.name).leftJustified(12) << s.summary << '\n';
        out << "\nRun scopebench SUBCOMMAND --help for its options.\n";
        return Success;
    }
    err << "scopebench: unknown subcommand \"" << first << "\" (see scopebench --help)\n";
    return UsageError;
}

} // namespace scopebench
