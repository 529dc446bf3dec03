#include "cli/IntrospectCommand.h"

#include "cli/CliSupport.h"
#include "cli/CommandLine.h"
#include "common/TokenFingerprint.h"
#include "decision/Decider.h"
#include "decision/DecisionReport.h"
#include "decision/Simulation.h"
#include "introspection/IntrospectionClient.h"

#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>

namespace scopebench {

namespace {

constexpr qint64 maxTokenFileSize = 64 * 1024;

// The token of a file ("-": standard input): one line, surrounding white space ignored.
Result<QByteArray> readToken(const QString &fileName) {
    QFile file;
    const QString where = fileName == QLatin1String("-") ? QStringLiteral("<stdin>") : fileName;
    const bool opened = fileName == QLatin1String("-")
                            ? file.open(stdin, QIODevice::ReadOnly)
                            : (file.setFileName(fileName), file.open(QIODevice::ReadOnly));
    if (!opened)
        return Error{QStringLiteral("cannot read the token file: %1").arg(file.errorString()),
                     where};
    const QByteArray data = file.read(maxTokenFileSize + 1);
    if (data.size() > maxTokenFileSize)
        return Error{QStringLiteral("the token file is larger than %1 bytes").arg(maxTokenFileSize),
                     where};
    const QByteArray token = data.trimmed();
    if (token.isEmpty())
        return Error{QStringLiteral("the token file is empty"), where};
    for (const char c : token) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            return Error{QStringLiteral("the token file must hold exactly one token"), where};
    }
    return token;
}

QString timeText(const std::optional<qint64> &t) {
    if (!t)
        return QString();
    return QStringLiteral("%1 (%2)").arg(*t).arg(
        QDateTime::fromSecsSinceEpoch(*t, Qt::UTC).toString(Qt::ISODate));
}

QJsonObject factsJson(const TokenFacts &f) {
    QJsonObject o{{QStringLiteral("active"), f.active},
                  {QStringLiteral("scopes"), QJsonArray::fromStringList(f.scopes)}};
    const QPair<const char *, QString> strings[] = {{"client_id", f.clientId},
                                                    {"username", f.username},
                                                    {"token_type", f.tokenType},
                                                    {"sub", f.sub},
                                                    {"iss", f.iss},
                                                    {"jti", f.jti}};
    for (const auto &s : strings) {
        if (!s.second.isEmpty())
            o.insert(QLatin1String(s.first), s.second);
    }
    const QPair<const char *, std::optional<qint64>> times[] = {
        {"exp", f.exp}, {"iat", f.iat}, {"nbf", f.nbf}};
    for (const auto &t : times) {
        if (t.second)
            o.insert(QLatin1String(t.first), *t.second);
    }
    if (f.audPresent)
        o.insert(QStringLiteral("aud"), QJsonArray::fromStringList(f.aud));
    return o;
}

QString factsText(const TokenFacts &f) {
    QString text;
    auto line = [&text](const char *name, const QString &value) {
        if (!value.isEmpty())
            text +=
                QStringLiteral("  %1 %2\n").arg(QString::fromLatin1(name).leftJustified(11), value);
    };
    line("active", f.active ? QStringLiteral("true") : QStringLiteral("false"));
    line("scope", f.scopes.isEmpty() ? QStringLiteral("(none)") : f.scopes.join(u' '));
    line("client_id", f.clientId);
    line("username", f.username);
    line("sub", f.sub);
    line("token_type", f.tokenType);
    line("exp", timeText(f.exp));
    line("iat", timeText(f.iat));
    line("nbf", timeText(f.nbf));
    if (f.audPresent)
        line("aud", f.aud.isEmpty() ? QStringLiteral("(empty)") : f.aud.join(QStringLiteral(", ")));
    line("iss", f.iss);
    line("jti", f.jti);
    static const QStringList known = {
        QStringLiteral("active"),   QStringLiteral("scope"), QStringLiteral("client_id"),
        QStringLiteral("username"), QStringLiteral("sub"),   QStringLiteral("token_type"),
        QStringLiteral("exp"),      QStringLiteral("iat"),   QStringLiteral("nbf"),
        QStringLiteral("aud"),      QStringLiteral("iss"),   QStringLiteral("jti")};
    QStringList others;
    for (auto it = f.raw.constBegin(); it != f.raw.constEnd(); ++it) {
        if (!known.contains(it.key()))
            others.append(it.key());
    }
    line("other", others.join(QStringLiteral(", ")));
    return text;
}

} // namespace

int IntrospectCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err) {
    const QString name = QStringLiteral("introspect");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Ask an RFC 7662 introspection endpoint about one token (no cache) and show the parsed "
        "answer; with --policy, also the decision the server makes for it.\n"
        "The token is read from a file or standard input and shown only as its fingerprint; a "
        "client secret is read from the environment variable that --client-secret-env names.\n"
        "Exit status: 0 allow (without --policy: active), 1 deny, inactive or introspection "
        "failed, 2 usage error.\n\n"
        "Example: SECRET=… scopebench introspect --introspection-url "
        "http://127.0.0.1:8787/oauth/introspect --token-file token.txt --client-id scopebench "
        "--client-secret-env SECRET --policy epicme.json --tool create_entry"));
    const QCommandLineOption url(QStringLiteral("introspection-url"),
                                 QStringLiteral("The RFC 7662 introspection endpoint."),
                                 QStringLiteral("URL"));
    const QCommandLineOption tokenFile(QStringLiteral("token-file"),
                                       QStringLiteral("The file holding the token (- for "
                                                      "standard input)."),
                                       QStringLiteral("FILE"));
    const QCommandLineOption clientId(QStringLiteral("client-id"),
                                      QStringLiteral("The resource server's client id."),
                                      QStringLiteral("ID"));
    const QCommandLineOption secretEnv(QStringLiteral("client-secret-env"),
                                       QStringLiteral("The environment variable holding the "
                                                      "client secret (or, with --auth-method "
                                                      "bearer, the bearer token)."),
                                       QStringLiteral("VAR"));
    const QCommandLineOption authMethod(QStringLiteral("auth-method"),
                                        QStringLiteral("basic (default with --client-id), post, "
                                                       "bearer, or none (default without)."),
                                        QStringLiteral("METHOD"));
    const QCommandLineOption timeout(QStringLiteral("timeout-ms"),
                                     QStringLiteral("Give up after this many milliseconds "
                                                    "(default 5000)."),
                                     QStringLiteral("N"), QStringLiteral("5000"));
    const QCommandLineOption policy(QStringLiteral("policy"),
                                    QStringLiteral("Also decide with this policy file (- for "
                                                   "standard input)."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption resource(QStringLiteral("resource"),
                                      QStringLiteral("With --policy: the resource URI, instead "
                                                     "of the policy's."),
                                      QStringLiteral("URI"));
    const QCommandLineOption tool(QStringLiteral("tool"),
                                  QStringLiteral("With --policy: decide a tools/call of this "
                                                 "tool."),
                                  QStringLiteral("NAME"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("text (default), json, or http (with --policy "
                                                   "the exact response, else the raw "
                                                   "introspection body)."),
                                    QStringLiteral("FORMAT"), QStringLiteral("text"));
    parser.addOptions(
        {url, tokenFile, clientId, secretEnv, authMethod, timeout, policy, resource, tool, format});
    parser.addPositionalArgument(name, QStringLiteral("Introspect a token."));

    int code = 0;
    if (!CliSupport::parse(parser, arguments, out, err, &code))
        return code;

    const QString fmt = parser.value(format);
    if (!CliSupport::checkFormat(
            fmt, {QStringLiteral("text"), QStringLiteral("json"), QStringLiteral("http")}, err,
            name, &code))
        return code;
    if (!parser.isSet(url))
        return CliSupport::usageError(err, name, QStringLiteral("--introspection-url is required"));
    if (!parser.isSet(tokenFile))
        return CliSupport::usageError(err, name,
                                      QStringLiteral("--token-file is required (the token is "
                                                     "never taken as an argument)"));
    if (parser.isSet(policy) && parser.value(policy) == QLatin1String("-") &&
        parser.value(tokenFile) == QLatin1String("-"))
        return CliSupport::usageError(err, name,
                                      QStringLiteral("--policy and --token-file cannot both read "
                                                     "standard input"));
    if (!parser.isSet(policy) && (parser.isSet(tool) || parser.isSet(resource)))
        return CliSupport::usageError(err, name,
                                      QStringLiteral("--tool and --resource need --policy"));

    IntrospectionSettings settings;
    settings.url = QUrl(parser.value(url), QUrl::StrictMode);
    settings.clientId = parser.value(clientId);
    bool timeoutOk = false;
    settings.timeoutMs = parser.value(timeout).toInt(&timeoutOk);
    if (!timeoutOk || settings.timeoutMs <= 0)
        return CliSupport::usageError(err, name,
                                      QStringLiteral("--timeout-ms must be a positive number"));
    using M = IntrospectionSettings::AuthMethod;
    if (parser.isSet(authMethod)) {
        if (!IntrospectionSettings::parseAuthMethod(parser.value(authMethod), &settings.authMethod))
            return CliSupport::usageError(err, name,
                                          QStringLiteral("--auth-method must be basic, post, "
                                                         "bearer or none, not \"%1\"")
                                              .arg(parser.value(authMethod)));
    } else {
        settings.authMethod = settings.clientId.isEmpty() ? M::None : M::ClientSecretBasic;
    }
    if (settings.authMethod != M::None) {
        if (!parser.isSet(secretEnv))
            return CliSupport::usageError(
                err, name,
                QStringLiteral("--auth-method %1 needs --client-secret-env VAR")
                    .arg(IntrospectionSettings::authMethodName(settings.authMethod)));
        const QString var = parser.value(secretEnv);
        settings.clientSecret = qEnvironmentVariable(var.toLocal8Bit().constData());
        if (settings.clientSecret.isEmpty())
            return CliSupport::usageError(
                err, name,
                QStringLiteral("the environment variable %1 is unset or empty").arg(var));
    }
    const QString problem = IntrospectionClient::settingsProblem(settings);
    if (!problem.isEmpty())
        return CliSupport::usageError(err, name, problem);
    if (settings.authMethod == M::None)
        CliSupport::printWarning(err, name,
                                 QStringLiteral("no client authentication (--auth-method none); "
                                                "most servers refuse this"));
    const QString resourceUri = parser.value(resource);
    if (!CliSupport::checkResource(resourceUri, err, name, &code))
        return code;

    std::optional<CompiledPolicy> compiled;
    if (parser.isSet(policy)) {
        compiled = CliSupport::compilePolicy(err, name, parser.value(policy), resourceUri);
        if (!compiled)
            return CommandLine::UsageError;
    }
    const Result<QByteArray> token = readToken(parser.value(tokenFile));
    if (!token) {
        CliSupport::printError(err, name, token.error());
        return CommandLine::UsageError;
    }

    IntrospectionClient client(settings);
    IntrospectionReply *reply = client.introspect(token.value());
    QEventLoop loop;
    QObject::connect(reply, &IntrospectionReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();

    const TokenKnowledge &knowledge = reply->result();
    const bool known = knowledge.state == TokenKnowledge::State::Known;
    const QString fingerprint = tokenFingerprint(token.value());

    std::optional<DecisionReport> report;
    if (compiled) {
        const QString toolName = parser.value(tool);
        const RequestFacts request = Simulation::request(*compiled, token.value(), toolName);
        const Decision decision =
            Decider::decide(*compiled, request, knowledge, QDateTime::currentSecsSinceEpoch());
        report = DecisionReport::make(*compiled, decision, knowledge.facts.scopes, toolName);
    }

    if (fmt == QLatin1String("http")) {
        if (report)
            out << QString::fromLatin1(report->decision.response.toRaw());
        else
            out << QString::fromUtf8(reply->rawBody());
    } else if (fmt == QLatin1String("json")) {
        QJsonObject introspection{{QStringLiteral("ok"), known},
                                  {QStringLiteral("http_status"), reply->httpStatus()}};
        if (!known) {
            introspection.insert(QStringLiteral("error"), reply->errorName());
            introspection.insert(QStringLiteral("detail"), reply->errorDetail());
        } else {
            introspection.insert(QStringLiteral("facts"), factsJson(knowledge.facts));
            introspection.insert(QStringLiteral("response"), knowledge.facts.raw);
        }
        QJsonObject o{{QStringLiteral("token_fingerprint"), fingerprint},
                      {QStringLiteral("introspection_url"), settings.url.toString()},
                      {QStringLiteral("auth_method"),
                       IntrospectionSettings::authMethodName(settings.authMethod)},
                      {QStringLiteral("introspection"), introspection}};
        if (report)
            o.insert(QStringLiteral("decision"), report->toJson());
        out << QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
    } else {
        out << "Token " << fingerprint << " at " << settings.url.toString() << '\n';
        if (known) {
            out << "Introspection: HTTP " << reply->httpStatus() << ", "
                << (knowledge.facts.active ? "active" : "not active") << '\n'
                << factsText(knowledge.facts);
        } else {
            out << "Introspection failed: " << reply->errorName() << ": " << reply->errorDetail()
                << '\n';
        }
        if (report)
            out << '\n' << report->toText();
    }
    out.flush();
    if (report)
        return report->decision.outcome == Outcome::Allow ? CommandLine::Success
                                                          : CommandLine::Denied;
    return known && knowledge.facts.active ? CommandLine::Success : CommandLine::Failure;
}

} // namespace scopebench
