#include "cli/ServeCommand.h"

#include "cli/StopSignals.h"
#include "http/CurlCommand.h"
#include "http/ListenAddress.h"
#include "jwt/JwksProvider.h"
#include "mcp/EndpointRunner.h"
#include "policy/ScopeGrammar.h"

#include <QCoreApplication>

namespace scopebench {

ServeCommand::ServeCommand()
    : Command(QStringLiteral("serve"), QStringLiteral("run the protected MCP endpoint")) {}

QString ServeCommand::description() const {
    return QStringLiteral(
        "Run the protected MCP endpoint (Streamable HTTP) with the policy. Without "
        "--introspection-url the built-in test authorization server runs on the same listener "
        "and its client's id and secret are printed; it also takes a client_id that is the "
        "https URL of a Client ID Metadata Document. Stops on SIGINT or SIGTERM.");
}

void ServeCommand::declare() {
    policyOption(QStringLiteral("The policy file. Default: the bundled EpicMe example."));
    const QString defaultListen = ListenAddress::defaultHost() + QLatin1Char(':') +
                                  QString::number(ListenAddress::DefaultPort);
    m_listen = option(
        QStringLiteral("listen"),
        QStringLiteral("Address and port (port 0: any free one). Default: %1.").arg(defaultListen),
        QStringLiteral("HOST:PORT"), defaultListen);
    resourceOption(QStringLiteral("The canonical resource URI, instead of the policy's (or "
                                  "http://HOST:PORT/mcp)."));
    m_introspectionUrl = option(QStringLiteral("introspection-url"),
                                QStringLiteral("An external RFC 7662 introspection endpoint; the "
                                               "built-in authorization server does not run."),
                                QStringLiteral("URL"));
    clientOptions(QStringLiteral("With --introspection-url: the client id for introspection. "
                                 "Without: the built-in test client's id (default: "
                                 "SCOPEBENCH_TEST_CLIENT_ID, else scopebench)."),
                  QString(),
                  QStringLiteral("Introspection client authentication: basic (default), post or "
                                 "none."));
    m_grant = option(QStringLiteral("grant"),
                     QStringLiteral("Approve authorization requests of the test server at once, "
                                    "with these scopes (space-separated; empty: what was "
                                    "asked)."),
                     QStringLiteral("SCOPES"));
    m_jwtIssuer = option(QStringLiteral("jwt-issuer"),
                         QStringLiteral("Verify JWT access tokens from this issuer locally "
                                        "(repeatable; docs/jwt-verification.md). Default: the "
                                        "policy's authorizationServers with --introspection-url. "
                                        "Without --introspection-url the built-in server does "
                                        "not run and opaque tokens get 401."),
                         QStringLiteral("URL"));
    m_acceptTyp = option(QStringLiteral("accept-typ"),
                         QStringLiteral("JWT: also accept JWTs with typ JWT (or none) besides "
                                        "at+jwt."),
                         QStringLiteral("TYP"));
    m_tokenFormat = option(QStringLiteral("token-format"),
                           QStringLiteral("The built-in server's access tokens: opaque (default, "
                                          "introspected) or jwt (RFC 9068, ES256, verified "
                                          "locally by the endpoint)."),
                           QStringLiteral("FORMAT"), QStringLiteral("opaque"));
    m_httpClientMetadata = option(
        QStringLiteral("allow-http-client-metadata"),
        QStringLiteral("TEST MODE of the built-in server: also fetch Client ID Metadata "
                       "Documents from http URLs on a loopback host (a client_id such as "
                       "http://127.0.0.1:9000/client.json), not only from https URLs. For tests "
                       "without an https peer; the banner, the server's metadata and its log say "
                       "so."));
    m_log =
        option(QStringLiteral("log"), QStringLiteral("Append one JSON line per request to FILE."),
               QStringLiteral("FILE"));
    m_noTokenCache = option(
        QStringLiteral("no-token-cache"),
        QStringLiteral("Introspect every request: a revoked token is refused at once instead of "
                       "passing for up to 60 s from the cache (inactive answers are still "
                       "cached for 5 s)."));
}

Result<RunnerSettings> ServeCommand::settings() {
    RunnerSettings settings;
    const auto listen = ListenAddress::parseHostPort(value(m_listen));
    if (!listen)
        return usage(QStringLiteral("--listen must be HOST:PORT, e.g. %1:%2")
                         .arg(ListenAddress::defaultHost())
                         .arg(ListenAddress::DefaultPort));
    settings.endpoint.address = listen->address;
    settings.endpoint.port = listen->port;
    settings.endpoint.resource = resource();

    const Result<QString> secret = clientSecret();
    if (!secret)
        return secret.error();
    if (clientSecretIsSet())
        m_secretVariable = clientSecretVariable();
    else if (!qEnvironmentVariableIsEmpty("SCOPEBENCH_TEST_CLIENT_SECRET"))
        m_secretVariable = QStringLiteral("SCOPEBENCH_TEST_CLIENT_SECRET");
    const Result<AuthMethod> method =
        authMethod({AuthMethod::ClientSecretBasic, AuthMethod::ClientSecretPost, AuthMethod::None},
                   AuthMethod::ClientSecretBasic);
    if (!method)
        return method.error();
    if (isSet(m_introspectionUrl)) {
        IntrospectionSettings introspection;
        introspection.url = QUrl(value(m_introspectionUrl), QUrl::StrictMode);
        const QString scheme = introspection.url.scheme();
        if (!introspection.url.isValid() ||
            (scheme != QLatin1String("http") && scheme != QLatin1String("https")))
            return usage(QStringLiteral("--introspection-url must be an http(s) URL"));
        introspection.authMethod = *method;
        introspection.clientId = clientId();
        introspection.clientSecret = *secret;
        settings.introspection = introspection;
    } else {
        settings.testClientId =
            clientIdIsSet()
                ? clientId()
                : qEnvironmentVariable("SCOPEBENCH_TEST_CLIENT_ID", QStringLiteral("scopebench"));
        settings.testClientSecret = *secret;
    }
    if (isSet(m_grant)) {
        const QStringList scopes = ScopeGrammar::split(value(m_grant));
        for (const auto &s : scopes) {
            const QString problem = ScopeGrammar::explain(s);
            if (!problem.isEmpty())
                return usage(QStringLiteral("--grant: \"%1\": %2").arg(s, problem));
        }
        settings.autoApprove = scopes;
    }
    if (isSet(m_jwtIssuer)) {
        const QStringList issuers = values(m_jwtIssuer);
        for (const QString &issuer : issuers) {
            const QString problem = JwksProvider::urlProblem(QUrl(issuer, QUrl::StrictMode));
            if (!problem.isEmpty())
                return usage(QStringLiteral("--jwt-issuer: ") + problem);
        }
        settings.jwtIssuers = issuers;
    }
    if (isSet(m_acceptTyp)) {
        if (value(m_acceptTyp) != QLatin1String("JWT"))
            return usage(
                QStringLiteral("--accept-typ takes only JWT, not \"%1\"").arg(value(m_acceptTyp)));
        settings.acceptTypJwt = true;
    }
    if (value(m_tokenFormat) == QLatin1String("jwt"))
        settings.testTokenFormat = AccessTokenFormat::Jwt;
    else if (value(m_tokenFormat) != QLatin1String("opaque"))
        return usage(QStringLiteral("--token-format must be opaque or jwt, not \"%1\"")
                         .arg(value(m_tokenFormat)));
    if (isSet(m_tokenFormat) && (isSet(m_introspectionUrl) || isSet(m_jwtIssuer)))
        return usage(QStringLiteral("--token-format is for the built-in server, which does not "
                                    "run with --introspection-url or --jwt-issuer"));
    if (isSet(m_httpClientMetadata) && (isSet(m_introspectionUrl) || isSet(m_jwtIssuer)))
        return usage(QStringLiteral("--allow-http-client-metadata is for the built-in server, "
                                    "which does not run with --introspection-url or "
                                    "--jwt-issuer"));
    settings.testClientMetadataHttpLoopback = isSet(m_httpClientMetadata);
    settings.logFile = value(m_log);
    // docs/introspection-and-test-authorization-server.md, "The revoked-token window".
    if (isSet(m_noTokenCache))
        settings.cacheMaxTtlSeconds = 0;
    const Result<Policy> policy = loadPolicy();
    if (!policy)
        return policy.error();
    settings.policy = policy.value();
    return settings;
}

Result<int> ServeCommand::run() {
    const Result<RunnerSettings> settings = this->settings();
    if (!settings)
        return settings.error();
    StopSignals stopSignals;
    if (!stopSignals.isValid()) {
        err() << "scopebench serve: cannot set up signal handling\n";
        return Failure;
    }
    EndpointRunner runner;
    int exitCode = Success;
    QObject::connect(&stopSignals, &StopSignals::stopRequested, &runner, [&] {
        err() << "scopebench serve: stopping\n";
        err().flush();
        runner.stop();
        QCoreApplication::quit();
    });
    QObject::connect(&runner, &EndpointRunner::failed, &runner, [&](const QString &reason) {
        err() << "scopebench serve: " << reason << '\n';
        err().flush();
        exitCode = Failure;
        QCoreApplication::quit();
    });
    QObject::connect(&runner, &EndpointRunner::started, &runner,
                     [&] { printBanner(runner, settings.value()); });
    runner.start(settings.value());
    QCoreApplication::exec();
    runner.stop();
    return exitCode;
}

void ServeCommand::printBanner(const EndpointRunner &runner, const RunnerSettings &settings) {
    out() << "Scopebench is serving \"" << settings.policy.name << "\"\n";
    out() << "  MCP endpoint:          " << runner.endpointUrl().toString() << '\n';
    out() << "  Resource metadata:     " << runner.metadataUrl() << '\n';
    if (runner.tokenEndpoint().isEmpty()) {
        if (settings.introspection)
            out() << "  Introspection:         " << settings.introspection->url.toString() << '\n';
        else
            out() << "  Introspection:         none (opaque tokens get 401)\n";
    } else {
        out() << "  Authorization server:  " << runner.baseUrl().toString()
              << " (built-in test server)\n";
        if (settings.testTokenFormat == AccessTokenFormat::Jwt)
            out() << "  Access tokens:         JWT (RFC 9068, ES256), keys at "
                  << runner.baseUrl().toString() << "/oauth/jwks\n";
        out() << "  Client ID Metadata:    a client_id may be an https URL of its document\n";
        if (settings.testClientMetadataHttpLoopback)
            out() << "  TEST MODE:             client metadata documents are also fetched from "
                     "http URLs on loopback hosts\n";
        out() << "  Test client id:        " << runner.testClientId() << '\n';
        CurlCommand::Secret secret;
        if (m_secretVariable.isEmpty()) {
            out() << "  Test client secret:    " << runner.testClientSecret() << '\n';
            secret.value = runner.testClientSecret();
        } else {
            out() << "  Test client secret:    (from the environment variable " << m_secretVariable
                  << ")\n";
            secret.variable = m_secretVariable;
        }
        out() << "Mint a token:\n  "
              << CurlCommand::mintToken(runner.tokenEndpoint(), runner.testClientId(), secret,
                                        settings.policy.catalogNames().join(QLatin1Char(' ')),
                                        runner.resource())
              << '\n';
    }
    out() << (settings.cacheMaxTtlSeconds > 0
                  ? QStringLiteral("  Token cache:           a revoked token passes for up to %1 s "
                                   "(--no-token-cache: introspect every request)\n")
                        .arg(settings.cacheMaxTtlSeconds)
                  : QStringLiteral(
                        "  Token cache:           off, every request is introspected\n"));
    const QStringList jwtIssuers = runner.addresses().jwtIssuers;
    if (!jwtIssuers.isEmpty())
        out() << "  JWTs verified locally: " << jwtIssuers.join(QStringLiteral(", ")) << '\n';
    out() << "Press Ctrl+C to stop.\n";
    out().flush();
}

} // namespace scopebench
