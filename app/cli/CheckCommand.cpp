#include "cli/CheckCommand.h"

#include "decision/DecisionReport.h"
#include "policy/ScopeGrammar.h"

#include <QDateTime>
#include <QJsonDocument>

namespace scopebench {

CheckCommand::CheckCommand()
    : Command(QStringLiteral("check"), QStringLiteral("the decision for simulated token facts")) {}

QString CheckCommand::description() const {
    return QStringLiteral(
        "Show the decision the server makes for a token with the given facts: allow, 400, 401 or "
        "403, the exact HTTP response and every check on the way.\n"
        "Exit status: 0 allow, 1 deny, 2 usage error or a policy file that cannot be loaded "
        "(there is nothing to decide with; scopebench lint reports such a file as an error "
        "finding and exits with 1).\n\n"
        "Example: scopebench check --policy epicme.json --scopes \"entries:read\" --tool "
        "create_entry --format http");
}

void CheckCommand::declare() {
    policyOption();
    m_scopes = option(QStringLiteral("scopes"),
                      QStringLiteral("The granted scopes, space-separated. Default: none."),
                      QStringLiteral("SCOPES"));
    toolOption();
    m_exp = option(QStringLiteral("exp"),
                   QStringLiteral("The token's expiry, seconds since the "
                                  "epoch."),
                   QStringLiteral("UNIX"));
    m_nbf = option(QStringLiteral("nbf"),
                   QStringLiteral("The token's not-before time, seconds since the epoch."),
                   QStringLiteral("UNIX"));
    m_aud = option(QStringLiteral("aud"), QStringLiteral("An audience of the token (repeatable)."),
                   QStringLiteral("URI"));
    m_now = option(QStringLiteral("now"),
                   QStringLiteral("The time to decide at, seconds since the epoch. Default: now."),
                   QStringLiteral("UNIX"));
    m_inactive = option(QStringLiteral("inactive"),
                        QStringLiteral("Introspection says the token is not active."));
    m_noToken =
        option(QStringLiteral("no-token"), QStringLiteral("Send no Authorization header at all."));
    resourceOption();
    formatOption({QStringLiteral("text"), QStringLiteral("json"), QStringLiteral("http")},
                 QStringLiteral("text (default), json, or http for the exact response."));
}

Result<int> CheckCommand::run() {
    SimulatedToken token;
    token.present = !isSet(m_noToken);
    token.active = !isSet(m_inactive);
    token.scopes = ScopeGrammar::split(value(m_scopes));
    for (const auto &s : token.scopes) {
        const QString problem = ScopeGrammar::explain(s);
        if (!problem.isEmpty())
            return usage(QStringLiteral("--scopes: \"%1\": %2").arg(s, problem));
    }
    for (auto [option, field] : {std::pair{&m_exp, &token.exp}, std::pair{&m_nbf, &token.nbf}}) {
        if (!isSet(*option))
            continue;
        const Result<qint64> t = unixTime(*option);
        if (!t)
            return t.error();
        *field = t.value();
    }
    qint64 now = QDateTime::currentSecsSinceEpoch();
    if (isSet(m_now)) {
        const Result<qint64> t = unixTime(m_now);
        if (!t)
            return t.error();
        now = t.value();
    }
    token.aud = values(m_aud);

    const Result<CompiledPolicy> policy = compilePolicy();
    if (!policy)
        return policy.error();
    const DecisionReport report = DecisionReport::simulate(policy.value(), token, tool(), now);
    if (format() == QLatin1String("http"))
        out() << QString::fromLatin1(report.decision.response.toRaw());
    else if (format() == QLatin1String("json"))
        out() << QString::fromUtf8(QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented));
    else
        out() << report.toText();
    return report.decision.outcome == Outcome::Allow ? Success : Denied;
}

} // namespace scopebench
