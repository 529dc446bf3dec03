#include "decision/DecisionReport.h"

#include "decision/Decider.h"

#include <QJsonArray>

namespace scopebench {

namespace {
// `chosen` is the alternative the decision rests on (docs/decision.md, "Which alternative").
QJsonArray gapsJson(const QList<AlternativeGap> &gaps, const AlternativeMatch &chosen) {
    QJsonArray arr;
    for (int i = 0; i < gaps.size(); ++i) {
        QJsonObject o;
        o.insert(QStringLiteral("combination"), QJsonArray::fromStringList(gaps[i].combination));
        o.insert(QStringLiteral("missing"), QJsonArray::fromStringList(gaps[i].missing));
        o.insert(QStringLiteral("chosen"), i == chosen.index);
        arr.append(o);
    }
    return arr;
}

QString gapsText(const QList<AlternativeGap> &gaps, const AlternativeMatch &chosen) {
    QString out;
    for (int i = 0; i < gaps.size(); ++i) {
        const AlternativeGap &g = gaps[i];
        out += QStringLiteral("  %1  %2%3\n")
                   .arg(CompiledPolicy::describeAlternatives({g.combination}),
                        g.missing.isEmpty() ? QStringLiteral("met")
                                            : QStringLiteral("missing ") + g.missing.join(u' '),
                        i != chosen.index ? QString()
                        : chosen.met      ? QStringLiteral("  <- allows")
                                          : QStringLiteral("  <- closest"));
    }
    return out;
}
} // namespace

DecisionReport DecisionReport::make(const CompiledPolicy &policy, const Decision &decision,
                                    const QStringList &granted, const QString &tool) {
    DecisionReport r;
    r.decision = decision;
    r.grantedScopes = granted;
    r.effectiveScopes = policy.effectiveScopes(granted);
    r.serverGaps = policy.gaps(policy.serverAlternatives(), granted);
    r.tool = tool;
    if (const auto *set = tool.isEmpty() ? nullptr : policy.toolAlternatives(tool))
        r.toolGaps = policy.gaps(*set, granted);
    r.callableTools = policy.callableTools(granted);
    return r;
}

DecisionReport DecisionReport::decide(const CompiledPolicy &policy, const RequestFacts &request,
                                      const TokenKnowledge &token, const QString &tool,
                                      qint64 now) {
    const Decision decision = Decider::decide(policy, request, token, now);
    const bool known = token.state == TokenKnowledge::State::Known;
    return make(policy, decision, known ? token.facts.scopes : QStringList(), tool);
}

DecisionReport DecisionReport::simulate(const CompiledPolicy &policy, const SimulatedToken &token,
                                        const QString &tool, qint64 now) {
    const Decision decision = Simulation::decide(policy, token, tool, now);
    return make(policy, decision, token.present ? token.scopes : QStringList(), tool);
}

QString DecisionReport::toText() const {
    const Decision &d = decision;
    QString out;
    out += QStringLiteral("Outcome: %1").arg(Decision::outcomeName(d.outcome));
    if (d.outcome != Outcome::Allow && d.outcome != Outcome::NeedsIntrospection)
        out += QStringLiteral(" (HTTP %1%2)")
                   .arg(d.status())
                   .arg(d.errorCode.isEmpty() ? QString() : QStringLiteral(", ") + d.errorCode);
    out += QLatin1Char('\n');
    out += QStringLiteral("Reason: %1\n").arg(d.reason);
    out += QStringLiteral("Granted: %1\n")
               .arg(grantedScopes.isEmpty() ? QStringLiteral("(none)") : grantedScopes.join(u' '));
    if (effectiveScopes != grantedScopes)
        out += QStringLiteral("Effective (with implies): %1\n").arg(effectiveScopes.join(u' '));
    out += QStringLiteral("\nChecks:\n");
    int n = 1;
    for (const auto &step : d.trace) {
        out += QStringLiteral("  %1. %2  %3")
                   .arg(n++, 2)
                   .arg(TraceStep::verdictName(step.verdict).leftJustified(11),
                        TraceStep::checkName(step.check));
        if (!step.detail.isEmpty())
            out += QStringLiteral(" — ") + step.detail;
        out += QLatin1Char('\n');
    }
    if (!serverGaps.isEmpty())
        out += QStringLiteral("\nServer-level combinations:\n") +
               gapsText(serverGaps, d.serverAlternative);
    if (!toolGaps.isEmpty())
        out += QStringLiteral("\nCombinations for tool %1:\n").arg(tool) +
               gapsText(toolGaps, d.toolAlternative);
    out += QStringLiteral("\nTools this token may call: %1\n")
               .arg(callableTools.isEmpty() ? QStringLiteral("(none)") : callableTools.join(u' '));
    return out;
}

QJsonObject DecisionReport::toJson() const {
    const Decision &d = decision;
    QJsonObject o;
    o.insert(QStringLiteral("outcome"), Decision::outcomeName(d.outcome));
    o.insert(QStringLiteral("status"), d.status());
    if (!d.errorCode.isEmpty())
        o.insert(QStringLiteral("error"), d.errorCode);
    o.insert(QStringLiteral("reason"), d.reason);
    o.insert(QStringLiteral("grantedScopes"), QJsonArray::fromStringList(grantedScopes));
    o.insert(QStringLiteral("effectiveScopes"), QJsonArray::fromStringList(effectiveScopes));
    QJsonArray trace;
    for (const auto &step : d.trace) {
        QJsonObject s;
        s.insert(QStringLiteral("check"), TraceStep::checkName(step.check));
        s.insert(QStringLiteral("result"), TraceStep::verdictName(step.verdict));
        if (!step.detail.isEmpty())
            s.insert(QStringLiteral("detail"), step.detail);
        trace.append(s);
    }
    o.insert(QStringLiteral("trace"), trace);
    o.insert(QStringLiteral("serverCombinations"), gapsJson(serverGaps, d.serverAlternative));
    if (!tool.isEmpty()) {
        o.insert(QStringLiteral("tool"), tool);
        o.insert(QStringLiteral("toolCombinations"), gapsJson(toolGaps, d.toolAlternative));
    }
    o.insert(QStringLiteral("callableTools"), QJsonArray::fromStringList(callableTools));
    QJsonObject response;
    response.insert(QStringLiteral("status"), d.response.status);
    QJsonArray headers;
    for (const auto &h : d.response.headers)
        headers.append(QJsonArray{QString::fromLatin1(h.first), QString::fromLatin1(h.second)});
    response.insert(QStringLiteral("headers"), headers);
    response.insert(QStringLiteral("body"), QString::fromUtf8(d.response.body));
    o.insert(QStringLiteral("response"), response);
    return o;
}

} // namespace scopebench
