#include "cli/CommandLine.h"

#include "cli/CheckCommand.h"
#include "cli/DiffCommand.h"
#include "cli/ExportCommand.h"
#include "cli/IntrospectCommand.h"
#include "cli/LintCommand.h"
#include "cli/MatrixCommand.h"
#include "cli/ProbeCommand.h"
#include "cli/ServeCommand.h"
#include "cli/VerifyCommand.h"

namespace scopebench {

namespace {

template <typename T> CommandLine::Factory factory() {
    return [] { return std::make_unique<T>(); };
}

} // namespace

const QList<CommandLine::Factory> &CommandLine::subcommands() {
    static const QList<Factory> list = {
        factory<CheckCommand>(),  factory<LintCommand>(),  factory<IntrospectCommand>(),
        factory<VerifyCommand>(), factory<ServeCommand>(), factory<ProbeCommand>(),
        factory<MatrixCommand>(), factory<DiffCommand>(),  factory<ExportCommand>()};
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
    for (const auto &make : subcommands()) {
        const std::unique_ptr<Command> command = make();
        if (command->name() == first)
            return command->execute(arguments, out, err);
    }
    if (first == QLatin1String("--version")) {
        out << "scopebench " << SCOPEBENCH_VERSION << '\n';
        return Command::Success;
    }
    if (first == QLatin1String("--help") || first == QLatin1String("-h") ||
        first == QLatin1String("help")) {
        out << "Usage: scopebench [SUBCOMMAND] [OPTIONS]\n\n"
               "Without a subcommand, the desktop app opens (the last policy, or the bundled\n"
               "EpicMe example). Subcommands:\n";
        for (const auto &make : subcommands()) {
            const std::unique_ptr<Command> command = make();
            out << "  " << command->name().leftJustified(12) << command->summary() << '\n';
        }
        out << "\nRun scopebench SUBCOMMAND --help for its options.\n";
        return Command::Success;
    }
    err << "scopebench: unknown subcommand \"" << first << "\" (see scopebench --help)\n";
    return Command::UsageError;
}

} // namespace scopebench
