#include "cli/ProbeCommand.h"

#include "client/JoseAssertion.h"

#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSaveFile>

namespace scopebench {

namespace {

// Waits for a callback-style operation of the client: the core is asynchronous, the command
// line is not.
template <typename T, typename Start> T waitFor(Start start) {
    std::optional<T> out;
    QEventLoop loop;
    start([&out, &loop](T value) {
        out = std::move(value);
        loop.quit();
    });
    if (!out)
        loop.exec();
    return std::move(*out);
}

QString toolName(const QJsonValue &tool) {
    return tool.toObject().value(QLatin1String("name")).toString();
}

} // namespace

ProbeCommand::ProbeCommand()
    : Command(QStringLiteral("probe"),
              QStringLiteral("connect to an MCP server as an OAuth client; with --policy, check "
                             "it against the policy")) {}

QString ProbeCommand::description() const {
    return QStringLiteral(
        "Connect to the MCP server at URL the way an MCP client does: discovery, client "
        "registration, authorization (PKCE), the handshake, tools/list, then tools/call for each "
        "--call. Prints a transcript in which every token, code and secret is a fingerprint, and "
        "findings about the server and its authorization server.\n"
        "With --policy: for each case the policy gives (no token, no scopes, each alternative "
        "exactly and with one scope removed, the whole catalogue) obtain a token with exactly "
        "those scopes, send every operation, and compare the answer with the policy's.\n"
        "Exit status: 0 everything succeeded (with --policy: every cell matches), 1 a call was "
        "refused, an error finding, or a mismatch, 2 usage error, 3 could not connect or "
        "authorize.\n\n"
        "Example: scopebench probe --authorize follow --call '*' http://127.0.0.1:8787/mcp");
}

void ProbeCommand::declare() {
    m_call = option(QStringLiteral("call"),
                    QStringLiteral("Call this tool after tools/list (repeatable; * for every "
                                   "listed tool)."),
                    QStringLiteral("NAME"));
    m_arguments = option(QStringLiteral("arguments"),
                         QStringLiteral("The arguments of each --call, a JSON object (default "
                                        "{})."),
                         QStringLiteral("JSON"), QStringLiteral("{}"));
    m_argumentsFile = option(QStringLiteral("arguments-file"),
                             QStringLiteral("With --policy: a JSON object of tool name -> "
                                            "arguments (default {} for every tool)."),
                             QStringLiteral("FILE"));
    clientOptions(QStringLiteral("A pre-registered client id (else a Client ID Metadata "
                                 "Document or dynamic registration)."));
    m_metadataUrl = option(QStringLiteral("client-metadata-url"),
                           QStringLiteral("A Client ID Metadata Document URL, used when the "
                                          "authorization server supports it."),
                           QStringLiteral("URL"));
    m_keyFile = option(QStringLiteral("client-key-file"),
                       QStringLiteral("A PEM private key: authenticate with private_key_jwt "
                                      "(needs --client-id)."),
                       QStringLiteral("PEM"));
    m_keyAlg = option(QStringLiteral("client-key-alg"),
                      QStringLiteral("The key's algorithm: ES256 (default) or RS256."),
                      QStringLiteral("ALG"), QStringLiteral("ES256"));
    m_grant = option(QStringLiteral("grant"),
                     QStringLiteral("authorization_code (default) or client_credentials."),
                     QStringLiteral("GRANT"), QStringLiteral("authorization_code"));
    m_authorize = option(QStringLiteral("authorize"),
                         QStringLiteral("browser (default: open the system browser, wait on a "
                                        "loopback redirect) or follow (follow the redirects "
                                        "without a browser, for servers that approve on their "
                                        "own)."),
                         QStringLiteral("HOW"), QStringLiteral("browser"));
    m_scope = option(QStringLiteral("scope"),
                     QStringLiteral("Ask for exactly these scopes (space-separated) instead of "
                                    "what the server suggests."),
                     QStringLiteral("SCOPES"));
    m_maxAuthorizations = option(QStringLiteral("max-authorizations"),
                                 QStringLiteral("At most this many authorization requests in "
                                                "all (per case with --policy; default 3)."),
                                 QStringLiteral("N"), QStringLiteral("3"));
    m_junit = option(QStringLiteral("junit"),
                     QStringLiteral("With --policy: also write a JUnit XML file, one test case "
                                    "per cell."),
                     QStringLiteral("FILE"));
    m_timeout = option(QStringLiteral("timeout-ms"),
                       QStringLiteral("Give up on one HTTP request after this many milliseconds "
                                      "(default 15000)."),
                       QStringLiteral("N"), QStringLiteral("15000"));
    policyOption(QStringLiteral("Check the server against this policy file (- for standard "
                                "input)."));
    formatOption({QStringLiteral("text"), QStringLiteral("json")},
                 QStringLiteral("text (default) or json."));
    positionalArgument(QStringLiteral("URL"), QStringLiteral("The MCP endpoint."));
}

Result<McpClientSettings> ProbeCommand::clientSettings(const QUrl &url) {
    McpClientSettings s;
    s.serverUrl = url;
    const QString grant = value(m_grant);
    if (grant == QLatin1String("client_credentials"))
        s.grant = McpClientSettings::Grant::ClientCredentials;
    else if (grant != QLatin1String("authorization_code"))
        return usage(QStringLiteral("--grant must be authorization_code or client_credentials, "
                                    "not \"%1\"")
                         .arg(grant));
    const QString how = value(m_authorize);
    if (how != QLatin1String("browser") && how != QLatin1String("follow"))
        return usage(QStringLiteral("--authorize must be browser or follow, not \"%1\"").arg(how));
    bool ok = false;
    s.maxAuthorizations = value(m_maxAuthorizations).toInt(&ok);
    if (!ok || s.maxAuthorizations < 1 || s.maxAuthorizations > 20)
        return usage(QStringLiteral("--max-authorizations must be a number from 1 to 20"));
    s.limits.timeoutMs = value(m_timeout).toInt(&ok);
    if (!ok || s.limits.timeoutMs <= 0)
        return usage(QStringLiteral("--timeout-ms must be a positive number"));
    s.clientId = clientId();
    if (clientSecretIsSet()) {
        if (s.clientId.isEmpty())
            return usage(QStringLiteral("--client-secret-env needs --client-id"));
        const Result<QString> secret = clientSecret();
        if (!secret)
            return secret.error();
        s.clientSecret = *secret;
    }
    if (isSet(m_keyFile)) {
        if (s.clientId.isEmpty())
            return usage(QStringLiteral("--client-key-file needs --client-id"));
        Result<AssertionSettings> assertion =
            JoseAssertion::fromPemFile(value(m_keyFile), value(m_keyAlg));
        if (!assertion) {
            if (assertion.error().id == QLatin1String("client-key-alg"))
                return usage(QStringLiteral("--client-key-alg must be ES256 or RS256"));
            return assertion.error();
        }
        s.assertion = *assertion;
        s.clientAuthMethod = ClientAuthMethod::PrivateKeyJwt;
    }
    if (isSet(m_metadataUrl)) {
        const QUrl cimd(value(m_metadataUrl), QUrl::StrictMode);
        if (!cimd.isValid() || cimd.scheme() != QLatin1String("https") || cimd.path().isEmpty())
            return usage(QStringLiteral("--client-metadata-url must be an https URL with a path"));
        s.clientMetadataUrl = cimd.toString();
    }
    if (isSet(m_scope))
        s.scopes = value(m_scope).split(u' ', Qt::SkipEmptyParts);
    return s;
}

std::unique_ptr<Authorizer> ProbeCommand::authorizer() {
    if (value(m_authorize) == QLatin1String("follow"))
        return std::make_unique<FollowAuthorizer>();
    return std::make_unique<BrowserAuthorizer>([this](const QUrl &url) {
        // The URL carries no secret (PKCE sends only the challenge), so it may be shown.
        err() << "scopebench probe: open this URL to authorize: " << url.toString() << '\n';
        err().flush();
        return QProcess::startDetached(QStringLiteral("xdg-open"), {url.toString()}) || true;
    });
}

Result<int> ProbeCommand::run() {
    const QString urlText = positionalArguments().value(0);
    if (urlText.isEmpty())
        return usage(QStringLiteral("the server URL is missing"));
    const QUrl url(urlText, QUrl::StrictMode);
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
        url.host().isEmpty() || url.hasFragment())
        return usage(QStringLiteral("the server URL must be an absolute http(s) URL without a "
                                    "fragment, not \"%1\"")
                         .arg(urlText));
    if (!policyIsSet() && (isSet(m_junit) || isSet(m_argumentsFile)))
        return usage(QStringLiteral("--junit and --arguments-file need --policy"));
    if (policyIsSet() && isSet(m_call))
        return usage(QStringLiteral("--call is for a probe without --policy (the policy names "
                                    "the operations)"));
    const Result<McpClientSettings> settings = clientSettings(url);
    if (!settings)
        return settings.error();
    return policyIsSet() ? conformance(*settings) : connectAndCall(*settings);
}

Result<int> ProbeCommand::connectAndCall(const McpClientSettings &settings) {
    const QJsonDocument argumentsDoc = QJsonDocument::fromJson(value(m_arguments).toUtf8());
    if (!argumentsDoc.isObject())
        return usage(QStringLiteral("--arguments must be a JSON object"));
    const QJsonObject arguments = argumentsDoc.object();

    McpOAuthClient client(settings, authorizer());
    const Status connected = waitFor<Status>([&](auto done) { client.connectToServer(done); });
    int exit = Success;
    QJsonArray calls;
    QStringList lines;
    QJsonArray tools;
    if (!connected) {
        exit = CouldNotConnect;
        lines.append(QStringLiteral("could not connect: ") + connected.error().toString());
    } else {
        const Result<QJsonArray> listed =
            waitFor<Result<QJsonArray>>([&](auto done) { client.listTools(done); });
        if (!listed) {
            exit = Failure;
            lines.append(QStringLiteral("tools/list failed: ") + listed.error().toString());
        } else {
            tools = *listed;
            QStringList names;
            for (const QJsonValue &t : tools)
                names.append(toolName(t));
            lines.append(QStringLiteral("tools/list: %1 tools: %2")
                             .arg(names.size())
                             .arg(names.join(QStringLiteral(", "))));
            QStringList toCall;
            for (const QString &name : values(m_call)) {
                if (name == QLatin1String("*"))
                    toCall += names;
                else
                    toCall.append(name);
            }
            toCall.removeDuplicates();
            for (const QString &name : toCall) {
                const Result<McpResponse> r = waitFor<Result<McpResponse>>(
                    [&](auto done) { client.callTool(name, arguments, done); });
                QJsonObject call{{QStringLiteral("tool"), name}};
                if (!r) {
                    exit = Failure;
                    call.insert(QStringLiteral("error"), r.error().toString());
                    lines.append(QStringLiteral("tools/call %1: refused: %2")
                                     .arg(name, r.error().toString()));
                } else {
                    const bool refused = r->status != 200;
                    // Passing authorization and failing on the arguments is an answer, not a
                    // refusal: it is reported and does not change the exit status.
                    const bool toolError =
                        r->isJsonRpcError() ||
                        r->result().toObject().value(QLatin1String("isError")).toBool();
                    if (refused)
                        exit = Failure;
                    call.insert(QStringLiteral("status"), r->status);
                    call.insert(QStringLiteral("toolError"), toolError);
                    lines.append(QStringLiteral("tools/call %1: %2%3")
                                     .arg(name)
                                     .arg(r->status)
                                     .arg(toolError ? QStringLiteral(" (the tool reported an "
                                                                     "error)")
                                                    : QString()));
                }
                calls.append(call);
            }
        }
    }
    if (exit == Success && client.transcript().hasErrorFinding())
        exit = Failure;
    const int authorizations = client.authorizationRequests();
    if (format() == QLatin1String("json")) {
        QJsonObject o = client.transcript().toJson();
        o.insert(QStringLiteral("server"), settings.serverUrl.toString());
        o.insert(QStringLiteral("connected"), connected.ok());
        o.insert(QStringLiteral("authorizationRequests"), authorizations);
        QJsonArray toolNames;
        for (const QJsonValue &t : tools)
            toolNames.append(toolName(t));
        o.insert(QStringLiteral("tools"), toolNames);
        o.insert(QStringLiteral("calls"), calls);
        o.insert(QStringLiteral("exitCode"), exit);
        out() << QJsonDocument(o).toJson(QJsonDocument::Indented);
    } else {
        out() << client.transcript().toText();
        out() << "\n" << lines.join(u'\n') << "\n";
        out() << QStringLiteral("authorization requests: %1 of at most %2\n")
                     .arg(authorizations)
                     .arg(settings.maxAuthorizations);
    }
    return exit;
}

Result<int> ProbeCommand::conformance(const McpClientSettings &settings) {
    Result<Policy> policy = loadPolicy();
    if (!policy)
        return policy.error();
    ConformanceSettings cs;
    cs.client = settings;
    if (isSet(m_argumentsFile)) {
        QFile file(value(m_argumentsFile));
        if (!file.open(QIODevice::ReadOnly))
            return Error{file.errorString(), value(m_argumentsFile),
                         QStringLiteral("file-unreadable")};
        constexpr qint64 MaxBytes = 1024 * 1024;
        const QJsonDocument doc = QJsonDocument::fromJson(file.read(MaxBytes + 1));
        if (!doc.isObject())
            return Error{QStringLiteral("not a JSON object of tool name -> arguments"),
                         value(m_argumentsFile), QStringLiteral("arguments-file")};
        const QJsonObject all = doc.object();
        for (auto it = all.begin(); it != all.end(); ++it) {
            if (!it.value().isObject())
                return Error{
                    QStringLiteral("the arguments of %1 are not a JSON object").arg(it.key()),
                    value(m_argumentsFile), QStringLiteral("arguments-file")};
            cs.arguments.insert(it.key(), it.value().toObject());
        }
    }
    ConformanceRun run(cs, *policy, authorizer());
    QEventLoop loop;
    QObject::connect(&run, &ConformanceRun::finished, &loop, &QEventLoop::quit);
    run.start();
    if (run.isRunning())
        loop.exec();
    const ConformanceReport &report = run.report();
    if (isSet(m_junit)) {
        QSaveFile junit(value(m_junit));
        if (!junit.open(QIODevice::WriteOnly) || junit.write(report.toJUnit()) < 0 ||
            !junit.commit())
            return Error{junit.errorString(), value(m_junit), QStringLiteral("file-unwritable")};
    }
    if (format() == QLatin1String("json"))
        out() << QJsonDocument(report.toJson(&run.transcript())).toJson(QJsonDocument::Indented);
    else
        out() << report.toText();
    if (!report.stopped.isEmpty() && report.cells.isEmpty())
        return int(CouldNotConnect);
    return report.allMatch() ? Success : Failure;
}

} // namespace scopebench
