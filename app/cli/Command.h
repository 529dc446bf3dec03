#pragma once

#include "common/Result.h"
#include "decision/CompiledPolicy.h"
#include "introspection/IntrospectionSettings.h"
#include "policy/Policy.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace scopebench {

// One subcommand. The base parses (with --help and one-line usage errors), declares the options
// several commands share, once, and reads the inputs they share (--policy, --resource, token
// files, secrets from the environment); a command declares its own options in declare() and
// tells its story in run().
//
// run() gives the exit code, or an Error, which exits with UsageError: one made by usage() is
// printed as "scopebench NAME: reason (see scopebench NAME --help)", any other (a policy or token
// file that cannot be read) as "scopebench NAME: where: message".
class Command {
public:
    enum ExitCode { Success = 0, Denied = 1, Failure = 1, UsageError = 2 };

    Command(QString name, QString summary);
    virtual ~Command();
    Command(const Command &) = delete;
    Command &operator=(const Command &) = delete;

    const QString &name() const { return m_name; }
    const QString &summary() const { return m_summary; }

    // `arguments`: the program, the subcommand, its options.
    int execute(const QStringList &arguments, QTextStream &out, QTextStream &err);

    // The text with line breaks and other control characters written as escapes (\n, \u001b),
    // so a message quoting a file name or a scope stays one line.
    static QString oneLine(const QString &text);
    // "a", "a or b", "a, b or c".
    static QString choices(const QStringList &items);
    // What a command's option member holds until declare() sets it: QCommandLineOption has no
    // default constructor, and one with an empty name makes Qt warn on every run.
    static QCommandLineOption placeholder() { return QCommandLineOption(QStringLiteral("unset")); }

protected:
    // What --help says above the options.
    virtual QString description() const = 0;
    virtual void declare() = 0;
    virtual Result<int> run() = 0;

    // Declaring options (in declare()).
    QCommandLineOption option(const QString &name, const QString &help,
                              const QString &valueName = QString(),
                              const QString &defaultValue = QString());
    // The shared ones: --policy FILE ("-" for standard input; default: the bundled example),
    // --resource URI, --tool NAME, and --format with its choices (the first is the default).
    void policyOption(const QString &help = QString());
    void resourceOption(const QString &help = QString());
    void toolOption(const QString &help = QString());
    void formatOption(const QStringList &formats, const QString &help);
    // The OAuth client options of the commands that are, or run, an OAuth client (probe, serve,
    // introspect): --client-id ID, --client-secret-env VAR (a secret never comes from the command
    // line) and, when `authMethodHelp` is given, --auth-method METHOD. What the id is for differs
    // per command, so its help is the command's; the secret has a shared text unless given.
    void clientOptions(const QString &clientIdHelp, const QString &secretHelp = QString(),
                       const QString &authMethodHelp = QString());
    // A required positional argument (in declare(), in order): `name` as --help shows it
    // ("OLD.json"). Without any, a command takes none.
    void positionalArgument(const QString &name, const QString &help);

    // After parsing (in run()).
    QString value(const QCommandLineOption &option) const { return m_parser.value(option); }
    // The declared positional arguments' values, in order; all are present after parsing.
    QStringList positionalArguments() const { return m_parser.positionalArguments().mid(1); }
    QStringList values(const QCommandLineOption &option) const { return m_parser.values(option); }
    bool isSet(const QCommandLineOption &option) const { return m_parser.isSet(option); }
    const QString &format() const { return m_format; }
    QString tool() const;
    QString resource() const;
    bool policyIsSet() const;
    QString policyFile() const;
    // The client options' values (clientOptions()).
    QString clientId() const;
    bool clientIdIsSet() const;
    bool clientSecretIsSet() const;
    // The name of the variable --client-secret-env names: what messages and banners may show.
    QString clientSecretVariable() const;
    // The secret from that variable; empty without --client-secret-env, a usage error when the
    // variable is unset or empty.
    Result<QString> clientSecret() const;
    // --auth-method, which must be one of `allowed`; `otherwise` when it is not given.
    using AuthMethod = IntrospectionSettings::AuthMethod;
    Result<AuthMethod> authMethod(const QList<AuthMethod> &allowed, AuthMethod otherwise) const;

    // The policy of --policy (the bundled example without it). Errors carry PolicyFile's ids.
    Result<Policy> loadPolicy() const;
    // The same, compiled for --resource; a resource that cannot be used is replaced by the
    // default, with a warning.
    Result<CompiledPolicy> compilePolicy();
    // One token from a file ("-": standard input): one line, white space around it ignored.
    Result<QByteArray> readToken(const QString &fileName) const;
    // The value of the environment variable the option names; unset or empty is a usage error.
    // Secrets never come from the command line itself, where other users can read them.
    Result<QString> secretFromEnvironment(const QCommandLineOption &variableOption) const;
    // Seconds since the epoch from the option's value.
    Result<qint64> unixTime(const QCommandLineOption &option) const;

    static Error usage(const QString &reason);
    void warn(const QString &message);
    QTextStream &out() { return *m_out; }
    QTextStream &err() { return *m_err; }

private:
    // True to go on; false when --help was answered.
    Result<bool> parse(const QStringList &arguments);

    QString m_name;
    QString m_summary;
    QCommandLineParser m_parser;
    QStringList m_formats;
    QList<QPair<QString, QString>> m_positionals; // name, help
    QString m_format;
    std::optional<QCommandLineOption> m_policy;
    std::optional<QCommandLineOption> m_resource;
    std::optional<QCommandLineOption> m_tool;
    std::optional<QCommandLineOption> m_formatOption;
    std::optional<QCommandLineOption> m_clientId;
    std::optional<QCommandLineOption> m_clientSecretEnv;
    std::optional<QCommandLineOption> m_authMethod;
    QTextStream *m_out = nullptr;
    QTextStream *m_err = nullptr;
};

} // namespace scopebench
