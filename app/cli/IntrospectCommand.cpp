#include "cli/IntrospectCommand.h"

#include "common/TokenFingerprint.h"
#include "decision/DecisionReport.h"
#include "introspection/IntrospectionClient.h"

#include <QDateTime>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace scopebench {

IntrospectCommand::IntrospectCommand()
    : Command(QStringLiteral("introspect"),
              QStringLiteral("live introspection of a token, and the decision")) {}

QString IntrospectCommand::description() const {
    return QStringLiteral(
        "Ask an RFC 7662 introspection endpoint about one token (no cache) and show the parsed "
        "answer; with --policy, also the decision the server makes for it.\n"
        "The token is read from a file or standard input and shown only as its fingerprint; a "
        "client secret is read from the environment variable that --client-secret-env names.\n"
        "Exit status: 0 allow (without --policy: active), 1 deny, inactive or introspection "
        "failed, 2 usage error.\n\n"
        "Example: SECRET=… scopebench introspect --introspection-url "
        "http://127.0.0.1:8787/oauth/introspect --token-file token.txt --client-id scopebench "
        "--client-secret-env SECRET --policy epicme.json --tool create_entry");
}

void IntrospectCommand::declare() {
    m_url = option(QStringLiteral("introspection-url"),
                   QStringLiteral("The RFC 7662 introspection endpoint."), QStringLiteral("URL"));
    m_tokenFile = option(QStringLiteral("token-file"),
                         QStringLiteral("The file holding the token (- for standard input)."),
                         QStringLiteral("FILE"));
    clientOptions(QStringLiteral("The resource server's client id."),
                  QStringLiteral("The environment variable holding the client secret (or, with "
                                 "--auth-method bearer, the bearer token)."),
                  QStringLiteral("basic (default with --client-id), post, bearer, or none "
                                 "(default without)."));
    m_timeout = option(QStringLiteral("timeout-ms"),
                       QStringLiteral("Give up after this many milliseconds (default 5000)."),
                       QStringLiteral("N"), QStringLiteral("5000"));
    policyOption(QStringLiteral("Also decide with this policy file (- for standard input)."));
    resourceOption(QStringLiteral("With --policy: the resource URI, instead of the policy's."));
    toolOption(QStringLiteral("With --policy: decide a tools/call of this tool."));
    formatOption({QStringLiteral("text"), QStringLiteral("json"), QStringLiteral("http")},
                 QStringLiteral("text (default), json, or http (with --policy the exact "
                                "response, else the raw introspection body)."));
}

Result<IntrospectionSettings> IntrospectCommand::settings() const {
    IntrospectionSettings settings;
    settings.url = QUrl(value(m_url), QUrl::StrictMode);
    settings.clientId = clientId();
    bool timeoutOk = false;
    settings.timeoutMs = value(m_timeout).toInt(&timeoutOk);
    if (!timeoutOk || settings.timeoutMs <= 0)
        return usage(QStringLiteral("--timeout-ms must be a positive number"));
    const Result<AuthMethod> method =
        authMethod({AuthMethod::ClientSecretBasic, AuthMethod::ClientSecretPost,
                    AuthMethod::BearerToken, AuthMethod::None},
                   settings.clientId.isEmpty() ? AuthMethod::None : AuthMethod::ClientSecretBasic);
    if (!method)
        return method.error();
    settings.authMethod = *method;
    if (settings.authMethod != AuthMethod::None) {
        if (!clientSecretIsSet())
            return usage(QStringLiteral("--auth-method %1 needs --client-secret-env VAR")
                             .arg(IntrospectionSettings::authMethodName(settings.authMethod)));
        const Result<QString> secret = clientSecret();
        if (!secret)
            return secret.error();
        settings.clientSecret = secret.value();
    }
    const QString problem = IntrospectionClient::settingsProblem(settings);
    if (!problem.isEmpty())
        return usage(problem);
    return settings;
}

Result<int> IntrospectCommand::run() {
    if (!isSet(m_url))
        return usage(QStringLiteral("--introspection-url is required"));
    if (!isSet(m_tokenFile))
        return usage(QStringLiteral("--token-file is required (the token is never taken as an "
                                    "argument)"));
    if (policyFile() == QLatin1String("-") && value(m_tokenFile) == QLatin1String("-"))
        return usage(QStringLiteral("--policy and --token-file cannot both read standard input"));
    if (!policyIsSet() && (!tool().isEmpty() || !resource().isEmpty()))
        return usage(QStringLiteral("--tool and --resource need --policy"));
    const Result<IntrospectionSettings> settings = this->settings();
    if (!settings)
        return settings.error();
    if (settings->authMethod == IntrospectionSettings::AuthMethod::None)
        warn(QStringLiteral("no client authentication (--auth-method none); most servers refuse "
                            "this"));
    std::optional<CompiledPolicy> policy;
    if (policyIsSet()) {
        Result<CompiledPolicy> compiled = compilePolicy();
        if (!compiled)
            return compiled.error();
        policy = std::move(compiled).value();
    }
    const Result<QByteArray> token = readToken(value(m_tokenFile));
    if (!token)
        return token.error();

    IntrospectionClient client(settings.value());
    IntrospectionReply *reply = client.introspect(token.value());
    QEventLoop loop;
    QObject::connect(reply, &IntrospectionReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    const TokenKnowledge &knowledge = reply->result();
    const bool known = knowledge.state == TokenKnowledge::State::Known;

    std::optional<DecisionReport> report;
    if (policy)
        report =
            DecisionReport::decide(*policy, Simulation::request(*policy, token.value(), tool()),
                                   knowledge, tool(), QDateTime::currentSecsSinceEpoch());

    const QString fingerprint = tokenFingerprint(token.value());
    if (format() == QLatin1String("http")) {
        out() << (report ? QString::fromLatin1(report->decision.response.toRaw())
                         : QString::fromUtf8(reply->rawBody()));
    } else if (format() == QLatin1String("json")) {
        QJsonObject introspection{{QStringLiteral("ok"), known},
                                  {QStringLiteral("http_status"), reply->httpStatus()}};
        if (known) {
            introspection.insert(QStringLiteral("facts"), knowledge.facts.toJson());
            introspection.insert(QStringLiteral("response"), knowledge.facts.raw);
        } else {
            introspection.insert(QStringLiteral("error"), reply->errorName());
            introspection.insert(QStringLiteral("detail"), reply->errorDetail());
        }
        QJsonObject o{{QStringLiteral("token_fingerprint"), fingerprint},
                      {QStringLiteral("introspection_url"), settings->url.toString()},
                      {QStringLiteral("auth_method"),
                       IntrospectionSettings::authMethodName(settings->authMethod)},
                      {QStringLiteral("introspection"), introspection}};
        if (report)
            o.insert(QStringLiteral("decision"), report->toJson());
        out() << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
    } else {
        out() << "Token " << fingerprint << " at " << settings->url.toString() << '\n';
        if (known)
            out() << "Introspection: HTTP " << reply->httpStatus() << ", "
                  << (knowledge.facts.active ? "active" : "not active") << '\n'
                  << knowledge.facts.toText();
        else
            out() << "Introspection failed: " << reply->errorName() << ": " << reply->errorDetail()
                  << '\n';
        if (report)
            out() << '\n' << report->toText();
    }
    if (report)
        return report->decision.outcome == Outcome::Allow ? Success : Denied;
    return known && knowledge.facts.active ? Success : Failure;
}

} // namespace scopebench
