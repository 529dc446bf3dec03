#pragma once

#include "common/Result.h"
#include "policy/CompiledPolicy.h"
#include "policy/Policy.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <optional>

namespace scopebench {

// What the subcommands share: parsing with a one-line usage error, --help, loading --policy.
class CliSupport {
public:
    // Parses; on --help prints the help to `out` and sets *exitCode to 0; on a usage error prints
    // "scopebench NAME: reason" to `err` and sets *exitCode to 2. Returns true to go on.
    static bool parse(QCommandLineParser &parser, const QStringList &arguments, QTextStream &out,
                      QTextStream &err, int *exitCode);
    static int usageError(QTextStream &err, const QString &command, const QString &reason);
    // --policy FILE, defaulting to the bundled example.
    static QCommandLineOption policyOption();
    // True when `format` is one of `allowed`; otherwise prints the usage error ("--format must be
    // text or json, not ...") and sets *exitCode.
    static bool checkFormat(const QString &format, const QStringList &allowed, QTextStream &err,
                            const QString &command, int *exitCode);
    // True when --resource is unset (empty) or usable; otherwise as checkFormat.
    static bool checkResource(const QString &resource, QTextStream &err, const QString &command,
                              int *exitCode);
    // The policy of loadPolicy(fileName) compiled for `resource`. Prints the load error (and
    // returns nullopt: exit with UsageError) or, when the resource is unusable, a warning.
    static std::optional<CompiledPolicy> compilePolicy(QTextStream &err, const QString &command,
                                                       const QString &fileName,
                                                       const QString &resource);
    // The policy of --policy FILE ("-" reads standard input); without it, the bundled example.
    // Errors carry PolicyFile's ids (file-unreadable, file-too-large, ...).
    static Result<Policy> loadPolicy(const QString &fileName);
    // "scopebench NAME: the error" on one line, for a policy or token that cannot be used.
    static void printError(QTextStream &err, const QString &command, const Error &error);
    // "scopebench NAME: warning: message" on one line.
    static void printWarning(QTextStream &err, const QString &command, const QString &message);
    // The text with line breaks and other control characters written as escapes (\n, \u001b),
    // so a message quoting a file name or a scope stays one line.
    static QString oneLine(const QString &text);
    // Seconds since the epoch from a decimal string.
    static bool parseUnixTime(const QString &text, qint64 *out);
};

} // namespace scopebench
