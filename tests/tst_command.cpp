#include "cli/Command.h"
#include "cli/CommandLine.h"

#include <QTest>

using namespace scopebench;

namespace {

// The smallest command: the shared --format and --resource, and nothing to do.
class ProbeCommand : public Command {
public:
    explicit ProbeCommand(QStringList formats)
        : Command(QStringLiteral("check"), QStringLiteral("a command under test"))
        , m_formats(std::move(formats)) {}

protected:
    QString description() const override { return QStringLiteral("Under test."); }
    void declare() override {
        formatOption(m_formats, QStringLiteral("The format."));
        resourceOption();
    }
    Result<int> run() override { return 0; }

private:
    QStringList m_formats;
};

// Runs the command; its exit code and what it printed to standard error.
int execute(const QStringList &formats, const QStringList &options, QString *errors) {
    QString printed;
    QTextStream out(&printed);
    QTextStream err(errors);
    ProbeCommand command(formats);
    const int code = command.execute(
        QStringList{QStringLiteral("scopebench"), QStringLiteral("check")} + options, out, err);
    err.flush();
    return code;
}

// A command with the shared OAuth client options; run() reads them the way probe, serve and
// introspect do.
class ClientCommand : public Command {
public:
    explicit ClientCommand(bool withAuthMethod)
        : Command(QStringLiteral("client"), QStringLiteral("a command under test"))
        , m_withAuthMethod(withAuthMethod) {}

    QString id;
    bool idSet = false;
    QString secret;
    QString variable;
    QString method;

protected:
    QString description() const override { return QStringLiteral("Under test."); }
    void declare() override {
        clientOptions(QStringLiteral("The client id under test."), QString(),
                      m_withAuthMethod ? QStringLiteral("The method under test.") : QString());
    }
    Result<int> run() override {
        id = clientId();
        idSet = clientIdIsSet();
        variable = clientSecretVariable();
        const Result<QString> s = clientSecret();
        if (!s)
            return s.error();
        secret = *s;
        const Result<AuthMethod> m = authMethod(
            {AuthMethod::ClientSecretBasic, AuthMethod::ClientSecretPost, AuthMethod::None},
            id.isEmpty() ? AuthMethod::None : AuthMethod::ClientSecretBasic);
        if (!m)
            return m.error();
        method = IntrospectionSettings::authMethodName(*m);
        return 0;
    }

private:
    bool m_withAuthMethod;
};

int executeClient(ClientCommand *command, const QStringList &options, QString *printed,
                  QString *errors) {
    QTextStream out(printed);
    QTextStream err(errors);
    const int code = command->execute(
        QStringList{QStringLiteral("scopebench"), QStringLiteral("client")} + options, out, err);
    out.flush();
    err.flush();
    return code;
}

// The --help text of a real subcommand.
QString helpOf(const QString &command) {
    QString printed, errors;
    QTextStream out(&printed), err(&errors);
    CommandLine::run({QStringLiteral("scopebench"), command, QStringLiteral("--help")}, out, err);
    out.flush();
    return printed;
}

} // namespace

class TestCommand : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void oneLine_data();
    void oneLine();
    void checkFormat_data();
    void checkFormat();
    void checkResource_data();
    void checkResource();
    void clientOptions_data();
    void clientOptions();
    void clientOptionsWithoutAuthMethod();
    void clientOptionsAgreeAcrossCommands();
};

void TestCommand::oneLine_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << "a, $.b: c"
                           << "a, $.b: c";
    QTest::newRow("line feed") << "a\nb"
                               << "a\\nb";
    QTest::newRow("carriage return and tab") << "a\r\tb"
                                             << "a\\r\\tb";
    QTest::newRow("escape") << QStringLiteral("a\x1b[2Jb") << "a\\u001b[2Jb";
    QTest::newRow("delete") << QStringLiteral("a\x7f") << "a\\u007f";
    QTest::newRow("C1 next line") << QString(QChar(0x85)) << "\\u0085";
    QTest::newRow("line separator") << QString(QChar(0x2028)) << "\\u2028";
    QTest::newRow("non-ASCII kept")
        << QStringLiteral("caf\u00e9 \u2192") << QStringLiteral("caf\u00e9 \u2192");
}

void TestCommand::oneLine() {
    QFETCH(QString, text);
    QTEST(Command::oneLine(text), "expected");
}

void TestCommand::checkFormat_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QStringList>("allowed");
    QTest::addColumn<QString>("err"); // empty: accepted
    const QStringList three = {QStringLiteral("text"), QStringLiteral("json"),
                               QStringLiteral("http")};
    const QStringList two = {QStringLiteral("text"), QStringLiteral("json")};
    QTest::newRow("accepted") << "http" << three << "";
    QTest::newRow("three choices")
        << "xml" << three
        << "scopebench check: --format must be text, json or http, not \"xml\" (see scopebench "
           "check --help)\n";
    QTest::newRow("two choices") << "http" << two
                                 << "scopebench check: --format must be text or json, not \"http\" "
                                    "(see scopebench check --help)\n";
    QTest::newRow("case matters") << "JSON" << two << "not \"JSON\"";
}

void TestCommand::checkFormat() {
    QFETCH(QString, format);
    QFETCH(QStringList, allowed);
    QFETCH(QString, err);
    QString text;
    const int code = execute(allowed, {QStringLiteral("--format"), format}, &text);
    QCOMPARE(code, err.isEmpty() ? 0 : 2);
    if (err.endsWith(u'\n'))
        QCOMPARE(text, err);
    else
        QVERIFY2(text.contains(err), qPrintable(text));
}

void TestCommand::checkResource_data() {
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("err"); // within the message; empty: accepted
    QTest::newRow("unset") << ""
                           << "";
    QTest::newRow("usable") << "https://h.example/mcp"
                            << "";
    QTest::newRow("relative") << "/mcp"
                              << "--resource: not an absolute URI";
    QTest::newRow("fragment") << "https://h.example/mcp#x"
                              << "--resource: a resource URI must not";
}

void TestCommand::checkResource() {
    QFETCH(QString, resource);
    QFETCH(QString, err);
    QString text;
    const QStringList options =
        resource.isEmpty() ? QStringList() : QStringList{QStringLiteral("--resource"), resource};
    const int code = execute({QStringLiteral("text")}, options, &text);
    QCOMPARE(code, err.isEmpty() ? 0 : 2);
    QVERIFY2(err.isEmpty() ? text.isEmpty() : text.contains(err), qPrintable(text));
}

void TestCommand::clientOptions_data() {
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("secret");
    QTest::addColumn<QString>("method");
    QTest::addColumn<QString>("err"); // the whole message; empty: accepted
    const QString set = QStringLiteral("SCOPEBENCH_TST_COMMAND_SECRET");
    const QString unset = QStringLiteral("SCOPEBENCH_TST_COMMAND_UNSET");
    QTest::newRow("none") << QStringList() << ""
                          << ""
                          << "none"
                          << "";
    QTest::newRow("id: basic by default")
        << QStringList{QStringLiteral("--client-id"), QStringLiteral("c1")} << "c1"
        << ""
        << "basic"
        << "";
    QTest::newRow("secret from the environment")
        << QStringList{QStringLiteral("--client-id"), QStringLiteral("c1"),
                       QStringLiteral("--client-secret-env"), set}
        << "c1"
        << "s3cret"
        << "basic"
        << "";
    QTest::newRow("secret variable unset")
        << QStringList{QStringLiteral("--client-secret-env"), unset} << ""
        << ""
        << ""
        << "scopebench client: --client-secret-env: SCOPEBENCH_TST_COMMAND_UNSET is not set (or "
           "empty) (see scopebench client --help)\n";
    QTest::newRow("auth method") << QStringList{QStringLiteral("--auth-method"),
                                                QStringLiteral("post")}
                                 << ""
                                 << ""
                                 << "post"
                                 << "";
    QTest::newRow("auth method not allowed")
        << QStringList{QStringLiteral("--auth-method"), QStringLiteral("bearer")} << ""
        << ""
        << ""
        << "scopebench client: --auth-method must be basic, post or none, not \"bearer\" (see "
           "scopebench client --help)\n";
    QTest::newRow("auth method unknown")
        << QStringList{QStringLiteral("--auth-method"), QStringLiteral("magic")} << ""
        << ""
        << ""
        << "scopebench client: --auth-method must be basic, post or none, not \"magic\" (see "
           "scopebench client --help)\n";
}

void TestCommand::clientOptions() {
    QFETCH(QStringList, options);
    QFETCH(QString, err);
    qputenv("SCOPEBENCH_TST_COMMAND_SECRET", "s3cret");
    qunsetenv("SCOPEBENCH_TST_COMMAND_UNSET");
    ClientCommand command(true);
    QString printed, errors;
    const int code = executeClient(&command, options, &printed, &errors);
    qunsetenv("SCOPEBENCH_TST_COMMAND_SECRET");
    QCOMPARE(errors, err);
    QCOMPARE(code, err.isEmpty() ? 0 : 2);
    if (!err.isEmpty())
        return;
    QTEST(command.id, "id");
    QTEST(command.secret, "secret");
    QTEST(command.method, "method");
    QCOMPARE(command.idSet, options.contains(QStringLiteral("--client-id")));
    QVERIFY(!printed.contains(QLatin1String("s3cret")));
}

// Without a help text for it, --auth-method is not an option of the command at all.
void TestCommand::clientOptionsWithoutAuthMethod() {
    ClientCommand command(false);
    QString printed, errors;
    QCOMPARE(executeClient(&command, {QStringLiteral("--help")}, &printed, &errors), 0);
    QVERIFY2(printed.contains(QLatin1String("--client-id <ID>")), qPrintable(printed));
    QVERIFY2(printed.contains(QLatin1String("--client-secret-env <VAR>")), qPrintable(printed));
    QVERIFY2(!printed.contains(QLatin1String("--auth-method")), qPrintable(printed));
    ClientCommand again(false);
    QCOMPARE(executeClient(&again, {QStringLiteral("--auth-method"), QStringLiteral("basic")},
                           &printed, &errors),
             2);
    QVERIFY2(errors.contains(QLatin1String("auth-method")), qPrintable(errors));
}

// probe, serve and introspect declare the client options through the base: the same names and
// value names, and one text for the secret's variable unless the command says more.
void TestCommand::clientOptionsAgreeAcrossCommands() {
    // Compared with white space collapsed: Qt wraps the help texts at its own column.
    const QString sharedSecret = QStringLiteral("The environment variable holding the client "
                                                "secret");
    for (const QString &name :
         {QStringLiteral("probe"), QStringLiteral("serve"), QStringLiteral("introspect")}) {
        const QString help = helpOf(name).simplified();
        QVERIFY2(help.contains(QLatin1String(" --client-id <ID> ")), qPrintable(help));
        QVERIFY2(help.contains(QLatin1String(" --client-secret-env <VAR> ")), qPrintable(help));
        QVERIFY2(help.contains(sharedSecret), qPrintable(help));
        // serve and introspect authenticate to an introspection endpoint; probe chooses from the
        // authorization server's metadata instead.
        QCOMPARE(help.contains(QLatin1String(" --auth-method <METHOD> ")),
                 name != QLatin1String("probe"));
    }
    const QString shared =
        sharedSecret + QStringLiteral(" (secrets are never taken as arguments).");
    QVERIFY(helpOf(QStringLiteral("probe")).simplified().contains(shared));
    QVERIFY(helpOf(QStringLiteral("serve")).simplified().contains(shared));
}

QTEST_GUILESS_MAIN(TestCommand)
#include "tst_command.moc"
