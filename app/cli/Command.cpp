#include "cli/Command.h"

#include "policy/PolicyFile.h"
#include "policy/ResourceUri.h"

#include <QFile>

namespace scopebench {

namespace {

constexpr qint64 MaxTokenFileBytes = 64 * 1024;
const QString UsageId = QStringLiteral("usage");

// Standard input for "-", the named file otherwise, and the name to use in messages.
bool openInput(QFile &file, const QString &fileName, QString *where) {
    if (fileName == QLatin1String("-")) {
        *where = QStringLiteral("<stdin>");
        return file.open(stdin, QIODevice::ReadOnly);
    }
    *where = fileName;
    file.setFileName(fileName);
    return file.open(QIODevice::ReadOnly);
}

} // namespace

Command::Command(QString name, QString summary)
    : m_name(std::move(name))
    , m_summary(std::move(summary)) {}

Command::~Command() = default;

int Command::execute(const QStringList &arguments, QTextStream &out, QTextStream &err) {
    m_out = &out;
    m_err = &err;
    declare();
    Result<int> result = 0;
    const Result<bool> parsed = parse(arguments);
    if (!parsed)
        result = parsed.error();
    else if (parsed.value())
        result = run();
    out.flush();
    if (result)
        return result.value();
    const Error &error = result.error();
    if (error.id == UsageId)
        err << "scopebench " << m_name << ": " << error.message << " (see scopebench " << m_name
            << " --help)\n";
    else
        err << "scopebench " << m_name << ": " << oneLine(error.toString()) << '\n';
    err.flush();
    return UsageError;
}

Result<bool> Command::parse(const QStringList &arguments) {
    m_parser.setApplicationDescription(description());
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    m_parser.addOption(help);
    m_parser.addPositionalArgument(m_name, m_summary);
    QString synopsis;
    for (const auto &[name, help] : std::as_const(m_positionals)) {
        m_parser.addPositionalArgument(name, help);
        synopsis += QLatin1Char(' ') + name;
    }
    if (!m_parser.parse(arguments))
        return usage(m_parser.errorText());
    if (m_parser.isSet(help)) {
        // Qt's first line names the program by its path and puts the subcommand last.
        QString text = m_parser.helpText();
        const qsizetype firstLineEnd = text.indexOf(QLatin1Char('\n'));
        text.replace(0, firstLineEnd < 0 ? text.size() : firstLineEnd,
                     QStringLiteral("Usage: scopebench %1 [options]%2").arg(m_name, synopsis));
        *m_out << text;
        return false;
    }
    // The subcommand name itself is the first positional argument.
    const QStringList positional = m_parser.positionalArguments();
    if (positional.size() > 1 + m_positionals.size())
        return usage(QStringLiteral("unexpected argument \"%1\"")
                         .arg(positional.at(1 + m_positionals.size())));
    if (positional.size() < 1 + m_positionals.size())
        return usage(
            QStringLiteral("missing %1").arg(m_positionals.at(positional.size() - 1).first));
    if (m_formatOption) {
        m_format = m_parser.value(*m_formatOption);
        if (!m_formats.contains(m_format))
            return usage(QStringLiteral("--format must be %1, not \"%2\"")
                             .arg(choices(m_formats), m_format));
    }
    const QString resourceUri = resource();
    const QString problem = resourceUri.isEmpty() ? QString() : ResourceUri::problem(resourceUri);
    if (!problem.isEmpty())
        return usage(QStringLiteral("--resource: ") + problem);
    return true;
}

QCommandLineOption Command::option(const QString &name, const QString &help,
                                   const QString &valueName, const QString &defaultValue) {
    QCommandLineOption o(name, help, valueName, defaultValue);
    m_parser.addOption(o);
    return o;
}

void Command::policyOption(const QString &help) {
    m_policy = option(QStringLiteral("policy"),
                      help.isEmpty() ? QStringLiteral("The policy file (- for standard input). "
                                                      "Default: the bundled EpicMe example.")
                                     : help,
                      QStringLiteral("FILE"));
}

void Command::resourceOption(const QString &help) {
    m_resource = option(QStringLiteral("resource"),
                        help.isEmpty() ? QStringLiteral("The resource URI, instead of the "
                                                        "policy's.")
                                       : help,
                        QStringLiteral("URI"));
}

void Command::toolOption(const QString &help) {
    m_tool = option(QStringLiteral("tool"),
                    help.isEmpty() ? QStringLiteral("Decide a tools/call of this tool (adds the "
                                                    "tool's own combinations).")
                                   : help,
                    QStringLiteral("NAME"));
}

void Command::formatOption(const QStringList &formats, const QString &help) {
    m_formats = formats;
    m_formatOption =
        option(QStringLiteral("format"), help, QStringLiteral("FORMAT"), formats.value(0));
}

void Command::clientOptions(const QString &clientIdHelp, const QString &secretHelp,
                            const QString &authMethodHelp) {
    m_clientId = option(QStringLiteral("client-id"), clientIdHelp, QStringLiteral("ID"));
    m_clientSecretEnv =
        option(QStringLiteral("client-secret-env"),
               secretHelp.isEmpty() ? QStringLiteral("The environment variable holding the client "
                                                     "secret (secrets are never taken as "
                                                     "arguments).")
                                    : secretHelp,
               QStringLiteral("VAR"));
    if (!authMethodHelp.isEmpty())
        m_authMethod =
            option(QStringLiteral("auth-method"), authMethodHelp, QStringLiteral("METHOD"));
}

void Command::positionalArgument(const QString &name, const QString &help) {
    m_positionals.append({name, help});
}

QString Command::tool() const {
    return m_tool ? m_parser.value(*m_tool) : QString();
}

QString Command::resource() const {
    return m_resource ? m_parser.value(*m_resource) : QString();
}

bool Command::policyIsSet() const {
    return m_policy && m_parser.isSet(*m_policy);
}

QString Command::policyFile() const {
    return m_policy ? m_parser.value(*m_policy) : QString();
}

QString Command::clientId() const {
    return m_clientId ? m_parser.value(*m_clientId) : QString();
}

bool Command::clientIdIsSet() const {
    return m_clientId && m_parser.isSet(*m_clientId);
}

bool Command::clientSecretIsSet() const {
    return m_clientSecretEnv && m_parser.isSet(*m_clientSecretEnv);
}

QString Command::clientSecretVariable() const {
    return m_clientSecretEnv ? m_parser.value(*m_clientSecretEnv) : QString();
}

Result<QString> Command::clientSecret() const {
    if (!clientSecretIsSet())
        return QString();
    return secretFromEnvironment(*m_clientSecretEnv);
}

Result<Command::AuthMethod> Command::authMethod(const QList<AuthMethod> &allowed,
                                                AuthMethod otherwise) const {
    if (!m_authMethod || !m_parser.isSet(*m_authMethod))
        return otherwise;
    const QString name = m_parser.value(*m_authMethod);
    AuthMethod method = otherwise;
    if (IntrospectionSettings::parseAuthMethod(name, &method) && allowed.contains(method))
        return method;
    QStringList names;
    for (const AuthMethod m : allowed)
        names.append(IntrospectionSettings::authMethodName(m));
    return usage(QStringLiteral("--auth-method must be %1, not \"%2\"").arg(choices(names), name));
}

Result<Policy> Command::loadPolicy() const {
    const QString fileName = policyFile();
    if (fileName.isEmpty())
        return PolicyFile::load(PolicyFile::bundledExample());
    if (fileName != QLatin1String("-"))
        return PolicyFile::load(fileName);
    QFile in;
    QString origin;
    if (!openInput(in, fileName, &origin))
        return Error{QStringLiteral("cannot read standard input"), origin,
                     QStringLiteral("file-unreadable")};
    const QByteArray data = in.read(PolicyFile::MaxFileBytes + 1);
    if (data.size() > PolicyFile::MaxFileBytes)
        return Error{QStringLiteral("the file is larger than %1 MiB (the limit of a policy file)")
                         .arg(PolicyFile::MaxFileBytes >> 20),
                     origin, QStringLiteral("file-too-large")};
    return PolicyFile::parse(data, origin);
}

Result<CompiledPolicy> Command::compilePolicy() {
    const Result<Policy> loaded = loadPolicy();
    if (!loaded)
        return loaded.error();
    CompiledPolicy compiled(loaded.value(), resource());
    if (!compiled.resourceProblem().isEmpty())
        warn(compiled.resourceProblem());
    return compiled;
}

Result<QByteArray> Command::readToken(const QString &fileName) const {
    QFile file;
    QString where;
    if (!openInput(file, fileName, &where))
        return Error{QStringLiteral("cannot read the token file: %1").arg(file.errorString()),
                     where};
    const QByteArray data = file.read(MaxTokenFileBytes + 1);
    if (data.size() > MaxTokenFileBytes)
        return Error{
            QStringLiteral("the token file is larger than %1 bytes").arg(MaxTokenFileBytes), where};
    const QByteArray token = data.trimmed();
    if (token.isEmpty())
        return Error{QStringLiteral("the token file is empty"), where};
    for (const char c : token) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            return Error{QStringLiteral("the token file must hold exactly one token"), where};
    }
    return token;
}

Result<QString> Command::secretFromEnvironment(const QCommandLineOption &variableOption) const {
    const QString variable = m_parser.value(variableOption);
    const QString secret = qEnvironmentVariable(variable.toLocal8Bit().constData());
    if (secret.isEmpty())
        return usage(QStringLiteral("--%1: %2 is not set (or empty)")
                         .arg(variableOption.names().constFirst(), variable));
    return secret;
}

Result<qint64> Command::unixTime(const QCommandLineOption &option) const {
    bool ok = false;
    const qint64 t = m_parser.value(option).toLongLong(&ok);
    if (!ok || t < 0)
        return usage(QStringLiteral("--%1 must be seconds since the epoch")
                         .arg(option.names().constFirst()));
    return t;
}

Error Command::usage(const QString &reason) {
    return Error{reason, QString(), UsageId};
}

void Command::warn(const QString &message) {
    *m_err << "scopebench " << m_name << ": warning: " << oneLine(message) << '\n';
    m_err->flush();
}

QString Command::choices(const QStringList &items) {
    if (items.size() < 2)
        return items.join(QString());
    return items.mid(0, items.size() - 1).join(QStringLiteral(", ")) + QStringLiteral(" or ") +
           items.last();
}

QString Command::oneLine(const QString &text) {
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

} // namespace scopebench
