#include "cli/CliSupport.h"

#include "cli/CommandLine.h"
#include "policy/PolicyFile.h"

#include <QFile>

namespace scopebench {

bool CliSupport::parse(QCommandLineParser &parser, const QStringList &arguments, QTextStream &out,
                       QTextStream &err, int *exitCode) {
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    const QString command = arguments.value(1);
    if (!parser.parse(arguments)) {
        *exitCode = usageError(err, command, parser.errorText());
        return false;
    }
    if (parser.isSet(help)) {
        // Qt's first line names the program by its path and puts the subcommand last.
        QString text = parser.helpText();
        const qsizetype firstLineEnd = text.indexOf(QLatin1Char('\n'));
        text.replace(0, firstLineEnd < 0 ? text.size() : firstLineEnd,
                     QStringLiteral("Usage: scopebench %1 [options]").arg(command));
        out << text;
        *exitCode = 0;
        return false;
    }
    // The subcommand name itself is the first positional argument.
    if (parser.positionalArguments().size() > 1) {
        *exitCode = usageError(
            err, command,
            QStringLiteral("unexpected argument \"%1\"").arg(parser.positionalArguments().at(1)));
        return false;
    }
    return true;
}

int CliSupport::usageError(QTextStream &err, const QString &command, const QString &reason) {
    err << "scopebench " << command << ": " << reason << " (see scopebench " << command
        << " --help)\n";
    err.flush();
    return CommandLine::UsageError;
}

Result<Policy> CliSupport::loadPolicy(const QString &fileName) {
    if (fileName.isEmpty())
        return PolicyFile::load(CommandLine::bundledExamplePath());
    if (fileName == QLatin1String("-")) {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return Error{QStringLiteral("cannot read standard input"), QStringLiteral("<stdin>")};
        return PolicyFile::parse(in.readAll(), QStringLiteral("<stdin>"));
    }
    return PolicyFile::load(fileName);
}

bool CliSupport::parseUnixTime(const QString &text, qint64 *out) {
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < 0)
        return false;
    *out = v;
    return true;
}

} // namespace scopebench
