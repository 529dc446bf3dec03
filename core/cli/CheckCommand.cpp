#include "cli/CheckCommand.h"

#include "cli/CliSupport.h"
#include "cli/CommandLine.h"
#include "decision/DecisionReport.h"
#include "decision/Simulation.h"
#include "policy/ScopeGrammar.h"

#include <QDateTime>
#include <QJsonDocument>

namespace scopebench {

int CheckCommand::run(const QStringList &arguments, QTextStream &out, QTextStream &err) {
    const QString name = QStringLiteral("check");
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Show the decision the server makes for a token with the given facts: allow, 400, 401 or "
        "403, the exact HTTP response and every check on the way.\n"
        "Exit status: 0 allow, 1 deny, 2 usage error or a policy file that cannot be loaded "
        "(there is nothing to decide with; scopebench lint reports such a file as an error "
        "finding and exits with 1).\n\n"
        "Example: scopebench check --policy epicme.json --scopes \"entries:read\" --tool "
        "create_entry --format http"));
    const QCommandLineOption policy = CliSupport::policyOption();
    const QCommandLineOption scopes(QStringLiteral("scopes"),
                                    QStringLiteral("The granted scopes, space-separated. Default: "
                                                   "none."),
                                    QStringLiteral("SCOPES"));
    const QCommandLineOption tool(QStringLiteral("tool"),
                                  QStringLiteral("Decide a tools/call of this tool (adds the "
                                                 "tool's own combinations)."),
                                  QStringLiteral("NAME"));
    const QCommandLineOption exp(QStringLiteral("exp"),
                                 QStringLiteral("The token's expiry, seconds since the epoch."),
                                 QStringLiteral("UNIX"));
    const QCommandLineOption nbf(QStringLiteral("nbf"),
                                 QStringLiteral("The token's not-before time, seconds since the "
                                                "epoch."),
                                 QStringLiteral("UNIX"));
    const QCommandLineOption aud(QStringLiteral("aud"),
                                 QStringLiteral("An audience of the token (repeatable)."),
                                 QStringLiteral("URI"));
    const QCommandLineOption now(QStringLiteral("now"),
                                 QStringLiteral("The time to decide at, seconds since the epoch. "
                                                "Default: now."),
                                 QStringLiteral("UNIX"));
    const QCommandLineOption inactive(
        QStringLiteral("inactive"), QStringLiteral("Introspection says the token is not active."));
    const QCommandLineOption noToken(QStringLiteral("no-token"),
                                     QStringLiteral("Send no Authorization header at all."));
    const QCommandLineOption resource(QStringLiteral("resource"),
                                      QStringLiteral("The resource URI, instead of the policy's."),
                                      QStringLiteral("URI"));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("text (default), json, or http for the exact "
                                                   "response."),
                                    QStringLiteral("FORMAT"), QStringLiteral("text"));
    parser.addOptions(
        {policy, scopes, tool, exp, nbf, aud, now, inactive, noToken, resource, format});
    parser.addPositionalArgument(name, QStringLiteral("Decide for simulated token facts."));

    int code = 0;
    if (!CliSupport::parse(parser, arguments, out, err, &code))
        return code;

    const QString fmt = parser.value(format);
    if (!CliSupport::checkFormat(
            fmt, {QStringLiteral("text"), QStringLiteral("json"), QStringLiteral("http")}, err,
            name, &code))
        return code;
    SimulatedToken token;
    token.present = !parser.isSet(noToken);
    token.active = !parser.isSet(inactive);
    token.scopes = ScopeGrammar::split(parser.value(scopes));
    for (const auto &s : token.scopes) {
        const QString problem = ScopeGrammar::explain(s);
        if (!problem.isEmpty())
            return CliSupport::usageError(err, name,
                                          QStringLiteral("--scopes: \"%1\": %2").arg(s, problem));
    }
    qint64 t = 0;
    if (parser.isSet(exp)) {
        if (!CliSupport::parseUnixTime(parser.value(exp), &t))
            return CliSupport::usageError(err, name,
                                          QStringLiteral("--exp must be seconds since the epoch"));
        token.exp = t;
    }
    if (parser.isSet(nbf)) {
        if (!CliSupport::parseUnixTime(parser.value(nbf), &t))
            return CliSupport::usageError(err, name,
                                          QStringLiteral("--nbf must be seconds since the epoch"));
        token.nbf = t;
    }
    qint64 at = QDateTime::currentSecsSinceEpoch();
    if (parser.isSet(now) && !CliSupport::parseUnixTime(parser.value(now), &at))
        return CliSupport::usageError(err, name,
                                      QStringLiteral("--now must be seconds since the epoch"));
    token.aud = parser.values(aud);
    const QString resourceUri = parser.value(resource);
    if (!CliSupport::checkResource(resourceUri, err, name, &code))
        return code;

    const std::optional<CompiledPolicy> compiledPolicy =
        CliSupport::compilePolicy(err, name, parser.value(policy), resourceUri);
    if (!compiledPolicy)
        return CommandLine::UsageError;
    const CompiledPolicy &compiled = *compiledPolicy;
    const QString toolName = parser.value(tool);
    const Decision decision = Simulation::decide(compiled, token, toolName, at);
    if (fmt == QLatin1String("http")) {
        out << QString::fromLatin1(decision.response.toRaw());
    } else {
        const DecisionReport report =
            DecisionReport::make(compiled, decision, token.scopes, toolName);
        if (fmt == QLatin1String("json"))
            out << QString::fromUtf8(
                QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented));
        else
            out << report.toText();
    }
    out.flush();
    return decision.outcome == Outcome::Allow ? CommandLine::Success : CommandLine::Denied;
}

} // namespace scopebench
