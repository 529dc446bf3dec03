#include "cli/CliSupport.h"

#include "cli/CommandLine.h"
#include "policy/PolicyFile.h"
#include "policy/ResourceUri.h"

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

QCommandLineOption CliSupport::policyOption() {
    return QCommandLineOption(QStringLiteral("policy"),
                              QStringLiteral("The policy file (- for standard input). Default: the "
                                             "bundled EpicMe example."),
                              QStringLiteral("FILE"));
}

bool CliSupport::checkFormat(const QString &format, const QStringList &allowed, QTextStream &err,
                             const QString &command, int *exitCode) {
    if (allowed.contains(format))
        return true;
    const QString choices = allowed.size() < 2
                                ? allowed.join(QString())
                                : allowed.mid(0, allowed.size() - 1).join(QStringLiteral(", ")) +
                                      QStringLiteral(" or ") + allowed.last();
    *exitCode = usageError(err, command,
                           QStringLiteral("--format must be %1, not \"%2\"").arg(choices, format));
    return false;
}

bool CliSupport::checkResource(const QString &resource, QTextStream &err, const QString &command,
                               int *exitCode) {
    const QString problem = resource.isEmpty() ? QString() : ResourceUri::problem(resource);
    if (problem.isEmpty())
        return true;
    *exitCode = usageError(err, command, QStringLiteral("--resource: ") + problem);
    return false;
}

std::optional<CompiledPolicy> CliSupport::compilePolicy(QTextStream &err, const QString &command,
                                                        const QString &fileName,
                                                        const QString &resource) {
    const Result<Policy> loaded = loadPolicy(fileName);
    if (!loaded) {
        printError(err, command, loaded.error());
        return std::nullopt;
    }
    std::optional<CompiledPolicy> compiled(std::in_place, loaded.value(), resource);
    if (!compiled->resourceProblem().isEmpty())
        printWarning(err, command, compiled->resourceProblem());
    return compiled;
}

Result<Policy> CliSupport::loadPolicy(const QString &fileName) {
    if (fileName.isEmpty())
        return PolicyFile::load(CommandLine::bundledExamplePath());
    if (fileName == QLatin1String("-")) {
        const QString origin = QStringLiteral("<stdin>");
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly))
            return Error{QStringLiteral("cannot read standard input"), origin,
                         QStringLiteral("file-unreadable")};
        const QByteArray data = in.read(PolicyFile::MaxFileBytes + 1);
        if (data.size() > PolicyFile::MaxFileBytes)
            return Error{QStringLiteral("the file is larger than %1 MiB (the limit of a policy "
                                        "file)")
                             .arg(PolicyFile::MaxFileBytes >> 20),
                         origin, QStringLiteral("file-too-large")};
        return PolicyFile::parse(data, origin);
    }
    return PolicyFile::load(fileName);
}

void CliSupport::printError(QTextStream &err, const QString &command, const Error &error) {
    err << "scopebench " << command << ": " << oneLine(error.toString()) << '\n';
    err.flush();
}

void CliSupport::printWarning(QTextStream &err, const QString &command, const QString &message) {
    err << "scopebench " << command << ": warning: " << oneLine(message) << '\n';
    err.flush();
}

QString CliSupport::oneLine(const QString &text) {
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u == u'\n')
            out += QStringLiteral("\\n");
        else if (u == u'\r')
            out += QStringLiteral("\\r");
        else if (u == u'\t')
            out += QStringLiteral("\\t");
        else if (u < 0x20 || u == 0x7f || (u >= 0x80 && u < 0xa0) || u == 0x2028 || u == 0x2029)
            out += QStringLiteral("\\u%1").arg(uint(u), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
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
