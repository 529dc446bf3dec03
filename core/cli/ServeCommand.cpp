#include "cli/ServeCommand.h"

#include "cli/CliSupport.h"
#include "cli/CommandLine.h"
#include "mcp/EndpointRunner.h"
#include "policy/ResourceUri.h"
#include "policy/ScopeGrammar.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace scopebench {

namespace {

int signalPipe[2] = {-1, -1};

extern "C" void onStopSignal(int) {
    const char byte = 1;
    // Only async-signal-safe work here: the event loop reads the byte.
    [[maybe_unused]] const ssize_t n = ::write(signalPipe[0], &byte, 1);
}

bool parseListen(const QString &text, QHostAddress *address, quint16 *port) {
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    if (host == QLatin1String("localhost"))
        host = QStringLiteral("127.0.0.1");
    bool ok = false;
    const uint p = text.mid(colon + 1).toUInt(&ok);
    if (!ok || p > 65535 || !address->setAddress(host))
        return false;
    *port = quint16(p);
    return true;
}

// "$NAME" for a variable name the shell accepts; otherwise a placeholder to fill in.
QString shellVariable(const QString &name) {
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    return valid.match(name).hasMatch() ? QStringLiteral("\"$") + name + QLatin1Char('"')
                                        : QStringLiteral("'<secret>'");
}

QString shellQuote(const QString &text) {
    QString quoted = text;
    quoted.replace(QLatin1String("'"), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

} // namespace

int ServeCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err) {
    const QString name = QStringLiteral("serve");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Run the protected MCP endpoint (Streamable HTTP) with the policy. Without "
        "--introspection-url the built-in test authorization server runs on the same listener "
        "and its client's id and secret are printed. Stops on SIGINT or SIGTERM."));
    const QCommandLineOption policy(QStringLiteral("policy"),
                                    QStringLiteral("The policy file. Default: the bundled "
                                                   "EpicMe example."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    QStringLiteral("Address and port (port 0: any free one). "
                                                   "Default: 127.0.0.1:8787."),
                                    QStringLiteral("HOST:PORT"), QStringLiteral("127.0.0.1:8787"));
    const QCommandLineOption resource(QStringLiteral("resource"),
                                      QStringLiteral("The canonical resource URI, instead of the "
                                                     "policy's (or http://HOST:PORT/mcp)."),
                                      QStringLiteral("URI"));
    const QCommandLineOption introspectionUrl(
        QStringLiteral("introspection-url"),
        QStringLiteral("An external RFC 7662 introspection endpoint; the built-in authorization "
                       "server does not run."),
        QStringLiteral("URL"));
    const QCommandLineOption clientId(
        QStringLiteral("client-id"),
        QStringLiteral("With --introspection-url: the client id for introspection. Without: "
                       "the built-in test client's id (default: SCOPEBENCH_TEST_CLIENT_ID, else "
                       "scopebench)."),
        QStringLiteral("ID"));
    const QCommandLineOption secretEnv(
        QStringLiteral("client-secret-env"),
        QStringLiteral("The environment variable that holds the client secret (secrets are "
                       "never taken as arguments)."),
        QStringLiteral("VAR"));
    const QCommandLineOption authMethod(QStringLiteral("auth-method"),
                                        QStringLiteral("Introspection client authentication: "
                                                       "basic (default), post or none."),
                                        QStringLiteral("METHOD"), QStringLiteral("basic"));
    const QCommandLineOption grant(QStringLiteral("grant"),
                                   QStringLiteral("Approve authorization requests of the test "
                                                  "server at once, with these scopes "
                                                  "(space-separated; empty: what was asked)."),
                                   QStringLiteral("SCOPES"));
    const QCommandLineOption logFile(QStringLiteral("log"),
                                     QStringLiteral("Append one JSON line per request to FILE."),
                                     QStringLiteral("FILE"));
    parser.addOptions({policy, listen, resource, introspectionUrl, clientId, secretEnv, authMethod,
                       grant, logFile});
    parser.addPositionalArgument(name, QStringLiteral("Run the protected MCP endpoint."));
    int code = 0;
    if (!CliSupport::parse(parser, arguments, out, err, &code))
        return code;

    RunnerSettings settings;
    if (!parseListen(parser.value(listen), &settings.endpoint.address, &settings.endpoint.port))
        return CliSupport::usageError(err, name,
                                      QStringLiteral("--listen must be HOST:PORT, e.g. "
                                                     "127.0.0.1:8787"));
    settings.endpoint.resource = parser.value(resource);
    if (!settings.endpoint.resource.isEmpty()) {
        const QString problem = ResourceUri::problem(settings.endpoint.resource);
        if (!problem.isEmpty())
            return CliSupport::usageError(err, name, QStringLiteral("--resource: ") + problem);
    }
    QString secret;
    // A secret the operator supplied is not printed back: the banner names its variable.
    QString secretVariable;
    if (parser.isSet(secretEnv))
        secretVariable = parser.value(secretEnv);
    else if (!qEnvironmentVariableIsEmpty("SCOPEBENCH_TEST_CLIENT_SECRET"))
        secretVariable = QStringLiteral("SCOPEBENCH_TEST_CLIENT_SECRET");
    if (parser.isSet(secretEnv)) {
        secret = qEnvironmentVariable(qPrintable(parser.value(secretEnv)));
        if (secret.isEmpty())
            return CliSupport::usageError(
                err, name,
                QStringLiteral("--client-secret-env: %1 is not set").arg(parser.value(secretEnv)));
    }
    IntrospectionSettings::AuthMethod method;
    if (!IntrospectionSettings::parseAuthMethod(parser.value(authMethod), &method) ||
        method == IntrospectionSettings::AuthMethod::BearerToken)
        return CliSupport::usageError(err, name,
                                      QStringLiteral("--auth-method must be basic, post or none"));
    if (parser.isSet(introspectionUrl)) {
        IntrospectionSettings is;
        is.url = QUrl(parser.value(introspectionUrl), QUrl::StrictMode);
        if (!is.url.isValid() ||
            (is.url.scheme() != QLatin1String("http") && is.url.scheme() != QLatin1String("https")))
            return CliSupport::usageError(err, name,
                                          QStringLiteral("--introspection-url must be an http(s) "
                                                         "URL"));
        is.authMethod = method;
        is.clientId = parser.value(clientId);
        is.clientSecret = secret;
        settings.introspection = is;
    } else {
        settings.testClientId =
            parser.isSet(clientId)
                ? parser.value(clientId)
                : qEnvironmentVariable("SCOPEBENCH_TEST_CLIENT_ID", QStringLiteral("scopebench"));
        settings.testClientSecret = secret;
    }
    if (parser.isSet(grant)) {
        const QStringList scopes = ScopeGrammar::split(parser.value(grant));
        for (const auto &s : scopes) {
            const QString problem = ScopeGrammar::explain(s);
            if (!problem.isEmpty())
                return CliSupport::usageError(
                    err, name, QStringLiteral("--grant: \"%1\": %2").arg(s, problem));
        }
        settings.autoApprove = scopes;
    }
    settings.logFile = parser.value(logFile);
    const Result<Policy> loaded = CliSupport::loadPolicy(parser.value(policy));
    if (!loaded) {
        err << "scopebench serve: " << loaded.error().toString() << '\n';
        return CommandLine::UsageError;
    }
    settings.policy = loaded.value();

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) != 0) {
        err << "scopebench serve: cannot set up signal handling\n";
        return CommandLine::Failure;
    }
    QSocketNotifier notifier(signalPipe[1], QSocketNotifier::Read);
    struct sigaction action = {};
    action.sa_handler = onStopSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    ::sigaction(SIGINT, &action, nullptr);
    ::sigaction(SIGTERM, &action, nullptr);

    EndpointRunner runner;
    int exitCode = CommandLine::Success;
    QObject::connect(&notifier, &QSocketNotifier::activated, &runner, [&] {
        char byte;
        [[maybe_unused]] const ssize_t n = ::read(signalPipe[1], &byte, 1);
        notifier.setEnabled(false);
        err << "scopebench serve: stopping\n";
        err.flush();
        runner.stop();
        QCoreApplication::quit();
    });
    QObject::connect(&runner, &EndpointRunner::failed, &runner, [&](const QString &reason) {
        err << "scopebench serve: " << reason << '\n';
        err.flush();
        exitCode = CommandLine::Failure;
        QCoreApplication::quit();
    });
    QObject::connect(&runner, &EndpointRunner::started, &runner, [&] {
        out << "Scopebench is serving \"" << settings.policy.name << "\"\n";
        out << "  MCP endpoint:          " << runner.endpointUrl().toString() << '\n';
        out << "  Resource metadata:     " << runner.metadataUrl() << '\n';
        if (runner.tokenEndpoint().isEmpty()) {
            out << "  Introspection:         " << settings.introspection->url.toString() << '\n';
        } else {
            const QString base = runner.baseUrl().toString();
            out << "  Authorization server:  " << base << " (built-in test server)\n";
            out << "  Test client id:        " << runner.testClientId() << '\n';
            const QString scope = settings.policy.catalogNames().join(QLatin1Char(' '));
            QString credentials;
            if (secretVariable.isEmpty()) {
                out << "  Test client secret:    " << runner.testClientSecret() << '\n';
                credentials = shellQuote(runner.testClientId() + QLatin1Char(':') +
                                         runner.testClientSecret());
            } else {
                out << "  Test client secret:    (from the environment variable " << secretVariable
                    << ")\n";
                credentials = shellQuote(runner.testClientId() + QLatin1Char(':')) +
                              shellVariable(secretVariable);
            }
            out << "Mint a token:\n  curl -s -u " << credentials
                << " -d grant_type=client_credentials --data-urlencode "
                << shellQuote(QStringLiteral("scope=") + scope) << " --data-urlencode "
                << shellQuote(QStringLiteral("resource=") + runner.resource()) << ' '
                << runner.tokenEndpoint() << '\n';
        }
        out << "Press Ctrl+C to stop.\n";
        out.flush();
    });
    runner.start(settings);
    QCoreApplication::exec();
    runner.stop();
    ::signal(SIGINT, SIG_DFL);
    ::signal(SIGTERM, SIG_DFL);
    ::close(signalPipe[0]);
    ::close(signalPipe[1]);
    signalPipe[0] = signalPipe[1] = -1;
    return exitCode;
}

} // namespace scopebench
