#include "client/ConformanceRun.h"

#include "decision/ChallengeParser.h"
#include "decision/CompiledPolicy.h"
#include "decision/DecisionReport.h"
#include "decision/Simulation.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTimer>

#include <algorithm>

namespace scopebench {

namespace {

QStringList sorted(QStringList list) {
    list.removeDuplicates();
    std::sort(list.begin(), list.end());
    return list;
}

QString joined(const QStringList &scopes) {
    return scopes.isEmpty() ? QStringLiteral("(none)") : scopes.join(u' ');
}

QString caseKey(const QStringList &scopes) {
    return sorted(scopes).join(u'+');
}

QString xmlEscaped(const QString &text) {
    return text.toHtmlEscaped();
}

// The basis of the tools/list filtering finding: the MCP specification leaves filtering to the
// server, so a difference is information about the server, never a failure.
constexpr const char *ListFilteringBasis =
    "MCP, Tools: \"tools/list\" returns the tools the client may call; whether a server hides "
    "tools the token cannot call is its choice.";

} // namespace

QString ConformanceCase::kindName(Kind kind) {
    switch (kind) {
    case Kind::NoToken:
        return QStringLiteral("no-token");
    case Kind::NoScopes:
        return QStringLiteral("no-scopes");
    case Kind::Exact:
        return QStringLiteral("exact");
    case Kind::OneRemoved:
        return QStringLiteral("one-removed");
    case Kind::Catalogue:
        return QStringLiteral("catalogue");
    }
    return QString();
}

QJsonObject ConformanceAnswer::toJson() const {
    QJsonObject o{{QStringLiteral("status"), status},
                  {QStringLiteral("allowed"), allowed},
                  {QStringLiteral("resourceMetadata"), resourceMetadata}};
    if (!error.isEmpty())
        o.insert(QStringLiteral("error"), error);
    if (!allowed)
        o.insert(QStringLiteral("scope"), QJsonArray::fromStringList(scope));
    if (!description.isEmpty())
        o.insert(QStringLiteral("description"), description);
    return o;
}

QJsonObject ConformanceCell::toJson() const {
    QJsonObject o{{QStringLiteral("requested"), QJsonArray::fromStringList(requested)},
                  {QStringLiteral("granted"), QJsonArray::fromStringList(granted)},
                  {QStringLiteral("grantDiffers"), grantDiffers},
                  {QStringLiteral("ran"), ran},
                  {QStringLiteral("match"), match}};
    if (!failure.isEmpty())
        o.insert(QStringLiteral("failure"), failure);
    if (ran) {
        o.insert(QStringLiteral("predicted"), predicted.toJson());
        o.insert(QStringLiteral("observed"), observed.toJson());
    }
    if (!differences.isEmpty())
        o.insert(QStringLiteral("differences"), QJsonArray::fromStringList(differences));
    if (!notes.isEmpty())
        o.insert(QStringLiteral("notes"), QJsonArray::fromStringList(notes));
    return o;
}

const ConformanceCell *ConformanceReport::cell(int caseIndex, int operationIndex) const {
    for (const ConformanceCell &c : cells) {
        if (c.caseIndex == caseIndex && c.operationIndex == operationIndex)
            return &c;
    }
    return nullptr;
}

int ConformanceReport::mismatches() const {
    return int(std::count_if(cells.begin(), cells.end(),
                             [](const ConformanceCell &c) { return c.ran && !c.match; }));
}

int ConformanceReport::notRun() const {
    return int(
        std::count_if(cells.begin(), cells.end(), [](const ConformanceCell &c) { return !c.ran; }));
}

QJsonObject ConformanceReport::toJson(const Transcript *transcript) const {
    QJsonArray caseArray;
    for (const ConformanceCase &c : cases)
        caseArray.append(
            QJsonObject{{QStringLiteral("id"), c.id},
                        {QStringLiteral("kind"), ConformanceCase::kindName(c.kind)},
                        {QStringLiteral("label"), c.label},
                        {QStringLiteral("scopes"), QJsonArray::fromStringList(c.scopes)}});
    QJsonArray operationArray;
    for (const ConformanceOperation &op : operations)
        operationArray.append(op.id);
    QJsonArray cellArray;
    for (const ConformanceCell &c : cells) {
        QJsonObject o = c.toJson();
        o.insert(QStringLiteral("case"), cases.value(c.caseIndex).id);
        o.insert(QStringLiteral("operation"), operations.value(c.operationIndex).id);
        if (transcript) {
            QJsonArray exchanges;
            for (int i = c.firstExchange; i < c.endExchange && i < transcript->exchanges().size();
                 ++i)
                exchanges.append(transcript->exchanges().at(i).toJson());
            o.insert(QStringLiteral("exchanges"), exchanges);
        }
        cellArray.append(o);
    }
    QJsonArray findingArray;
    for (const Finding &f : findings)
        findingArray.append(f.toJson());
    QJsonObject o{{QStringLiteral("server"), server},
                  {QStringLiteral("resource"), resource},
                  {QStringLiteral("cases"), caseArray},
                  {QStringLiteral("operations"), operationArray},
                  {QStringLiteral("cells"), cellArray},
                  {QStringLiteral("findings"), findingArray},
                  {QStringLiteral("mismatches"), mismatches()},
                  {QStringLiteral("notRun"), notRun()},
                  {QStringLiteral("allMatch"), allMatch()}};
    if (!stopped.isEmpty())
        o.insert(QStringLiteral("stopped"), stopped);
    return o;
}

QString ConformanceReport::toText() const {
    QString out = QStringLiteral("Conformance of %1 to the policy\n").arg(server);
    if (!stopped.isEmpty())
        out += QStringLiteral("stopped: %1\n").arg(stopped);
    // One line per case: a mark per operation ('.' match, 'X' mismatch, '?' not run).
    out += QStringLiteral("\nOperations:\n");
    for (int i = 0; i < operations.size(); ++i)
        out += QStringLiteral("  %1 %2\n").arg(i + 1, 2).arg(operations.at(i).id);
    out +=
        QStringLiteral("\nMatrix (. match, X mismatch, ? not run; columns as numbered above):\n");
    for (int ci = 0; ci < cases.size(); ++ci) {
        QString row;
        for (int oi = 0; oi < operations.size(); ++oi) {
            const ConformanceCell *c = cell(ci, oi);
            row += !c || !c->ran ? QLatin1Char('?')
                   : c->match    ? QLatin1Char('.')
                                 : QLatin1Char('X');
        }
        out += QStringLiteral("  %1  %2\n").arg(row, cases.at(ci).label);
    }
    bool anyDetail = false;
    for (const ConformanceCell &c : cells) {
        if (c.ran && c.match && !c.grantDiffers)
            continue;
        if (!anyDetail)
            out += QStringLiteral("\nDetails:\n");
        anyDetail = true;
        const QString where = cases.value(c.caseIndex).label + QStringLiteral(" / ") +
                              operations.value(c.operationIndex).id;
        if (!c.ran) {
            out += QStringLiteral("  NOT RUN   %1: %2\n").arg(where, c.failure);
            continue;
        }
        out += QStringLiteral("  %1 %2\n")
                   .arg(c.match ? QStringLiteral("match    ") : QStringLiteral("MISMATCH "), where);
        if (c.grantDiffers)
            out += QStringLiteral("      asked for [%1], granted [%2]: predicted with what was "
                                  "granted\n")
                       .arg(joined(c.requested), joined(c.granted));
        for (const QString &d : c.differences)
            out += QStringLiteral("      %1\n").arg(d);
    }
    if (!findings.isEmpty()) {
        out += QStringLiteral("\nFindings:\n");
        for (const Finding &f : findings)
            out += QStringLiteral("  [%1] %2: %3\n      %4\n")
                       .arg(Finding::severityName(f.severity), f.id, f.message, f.basis);
    }
    out += QStringLiteral("\n%1 cells, %2 mismatches, %3 not run\n")
               .arg(cells.size())
               .arg(mismatches())
               .arg(notRun());
    return out;
}

QByteArray ConformanceReport::toJUnit() const {
    QString xml = QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml += QStringLiteral("<testsuite name=\"%1\" tests=\"%2\" failures=\"%3\" errors=\"%4\">\n")
               .arg(xmlEscaped(QStringLiteral("scopebench probe ") + server))
               .arg(cells.size())
               .arg(mismatches())
               .arg(notRun());
    for (const ConformanceCell &c : cells) {
        xml += QStringLiteral("  <testcase classname=\"%1\" name=\"%2\"")
                   .arg(xmlEscaped(cases.value(c.caseIndex).id),
                        xmlEscaped(operations.value(c.operationIndex).id));
        if (c.ran && c.match) {
            xml += QStringLiteral("/>\n");
            continue;
        }
        xml += QStringLiteral(">\n");
        if (!c.ran)
            xml += QStringLiteral("    <error message=\"%1\"/>\n").arg(xmlEscaped(c.failure));
        else
            xml += QStringLiteral("    <failure message=\"%1\">%2</failure>\n")
                       .arg(xmlEscaped(c.differences.join(QStringLiteral("; "))),
                            xmlEscaped(QStringLiteral("predicted:\n") + c.predicted.text +
                                       QStringLiteral("\nobserved:\n") + c.observed.text));
        xml += QStringLiteral("  </testcase>\n");
    }
    xml += QStringLiteral("</testsuite>\n");
    return xml.toUtf8();
}

ConformanceRun::ConformanceRun(ConformanceSettings settings, const Policy &policy,
                               std::unique_ptr<Authorizer> authorizer, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_policy(policy) {
    McpClientSettings client = m_settings.client;
    // Exactly the scopes of each case: an empty set is sent as scope="" rather than left out,
    // which would let the server grant its default (RFC 6749 §3.3).
    client.scopes = QStringList();
    m_client = new McpOAuthClient(client, std::move(authorizer), this);
}

ConformanceRun::~ConformanceRun() = default;

QList<ConformanceCase> ConformanceRun::casesFor(const Policy &policy, bool catalogue) {
    QList<ConformanceCase> cases;
    QSet<QString> seen;
    auto add = [&](ConformanceCase::Kind kind, const QStringList &scopes, const QString &label) {
        const QString key =
            kind == ConformanceCase::Kind::NoToken ? QStringLiteral("-") : caseKey(scopes);
        if (seen.contains(key))
            return;
        seen.insert(key);
        ConformanceCase c;
        c.kind = kind;
        c.scopes = scopes;
        c.label = label;
        switch (kind) {
        case ConformanceCase::Kind::NoToken:
        case ConformanceCase::Kind::NoScopes:
        case ConformanceCase::Kind::Catalogue:
            c.id = ConformanceCase::kindName(kind);
            break;
        case ConformanceCase::Kind::Exact:
            c.id = QStringLiteral("exact:") + key;
            break;
        case ConformanceCase::Kind::OneRemoved:
            c.id = QStringLiteral("minus:") + key;
            break;
        }
        cases.append(c);
    };
    add(ConformanceCase::Kind::NoToken, {}, QStringLiteral("no token"));
    add(ConformanceCase::Kind::NoScopes, {}, QStringLiteral("a token with no scopes"));
    QList<ScopeAlternatives> all{policy.validScopeCombinations};
    for (const ToolRequirement &t : policy.toolScopes)
        all.append(t.alternatives);
    for (const ScopeAlternatives &alternatives : all) {
        for (const ScopeCombination &combination : alternatives) {
            add(ConformanceCase::Kind::Exact, combination,
                QStringLiteral("exactly [%1]").arg(joined(combination)));
            for (const QString &removed : combination) {
                QStringList less = combination;
                less.removeAll(removed);
                add(ConformanceCase::Kind::OneRemoved, less,
                    QStringLiteral("[%1] without %2").arg(joined(combination), removed));
            }
        }
    }
    if (catalogue)
        add(ConformanceCase::Kind::Catalogue, policy.catalogNames(),
            QStringLiteral("the whole catalogue"));
    return cases;
}

QList<ConformanceOperation> ConformanceRun::operationsFor(const Policy &policy) {
    QList<ConformanceOperation> ops{
        {QStringLiteral("tools/list"), QStringLiteral("tools/list"), QString()}};
    for (const ToolRequirement &t : policy.toolScopes)
        ops.append({QStringLiteral("tools/call ") + t.tool, QStringLiteral("tools/call"), t.tool});
    return ops;
}

ConformanceAnswer ConformanceRun::answerOf(int status, const HttpHeaders &headers,
                                           bool jsonRpcError) {
    ConformanceAnswer a;
    a.status = status;
    // Passing authorization and then failing on the arguments is still "allowed": the MCP
    // answer is a JSON-RPC error (or a tool result with isError) in a 200, or a 4xx that is not
    // an authorization refusal.
    a.allowed = (status >= 200 && status < 300) ||
                (jsonRpcError && status != 401 && status != 403 && status < 500);
    QStringList lines{QStringLiteral("status: %1").arg(status)};
    if (!a.allowed) {
        for (const QByteArray &value :
             headerValues(headers, QByteArrayLiteral("WWW-Authenticate"))) {
            const Result<QList<Challenge>> parsed = ChallengeParser::parse(value);
            if (!parsed)
                continue;
            for (const Challenge &c : *parsed) {
                if (!c.isScheme(QStringLiteral("Bearer")))
                    continue;
                a.error = c.param(QStringLiteral("error"));
                a.scope = sorted(c.param(QStringLiteral("scope")).split(u' ', Qt::SkipEmptyParts));
                a.resourceMetadata = c.hasParam(QStringLiteral("resource_metadata"));
                a.description = c.param(QStringLiteral("error_description"));
            }
        }
        lines.append(QStringLiteral("error: %1").arg(a.error));
        lines.append(QStringLiteral("scope: %1").arg(a.scope.join(u' ')));
        lines.append(
            QStringLiteral("resource_metadata: %1")
                .arg(a.resourceMetadata ? QStringLiteral("present") : QStringLiteral("absent")));
        lines.append(QStringLiteral("error_description: %1").arg(a.description));
    } else {
        lines.append(QStringLiteral("allowed"));
    }
    a.text = lines.join(u'\n');
    return a;
}

void ConformanceRun::compare(ConformanceCell *cell) {
    const ConformanceAnswer &p = cell->predicted;
    const ConformanceAnswer &o = cell->observed;
    cell->differences.clear();
    if (p.allowed != o.allowed) {
        cell->differences.append(
            QStringLiteral("predicted %1, observed %2 (status %3)")
                .arg(p.allowed ? QStringLiteral("allowed")
                               : QStringLiteral("refused %1").arg(p.status),
                     o.allowed ? QStringLiteral("allowed") : QStringLiteral("refused"))
                .arg(o.status));
    } else if (!p.allowed) {
        if (p.status != o.status)
            cell->differences.append(
                QStringLiteral("status: predicted %1, observed %2").arg(p.status).arg(o.status));
        if (p.error != o.error)
            cell->differences.append(
                QStringLiteral("error: predicted \"%1\", observed \"%2\"").arg(p.error, o.error));
        if (p.scope != o.scope)
            cell->differences.append(QStringLiteral("scope: predicted [%1], observed [%2]")
                                         .arg(p.scope.join(u' '), o.scope.join(u' ')));
        if (p.resourceMetadata != o.resourceMetadata)
            cell->differences.append(
                QStringLiteral("resource_metadata: predicted %1, observed %2")
                    .arg(p.resourceMetadata ? QStringLiteral("present") : QStringLiteral("absent"),
                         o.resourceMetadata ? QStringLiteral("present")
                                            : QStringLiteral("absent")));
        if (p.description != o.description)
            cell->notes.append(QStringLiteral("error_description differs (information only)"));
    }
    if (o.allowed && o.status != 200)
        cell->notes.append(QStringLiteral("passed authorization, then refused with %1 (counted "
                                          "as allowed)")
                               .arg(o.status));
    cell->match = cell->differences.isEmpty();
}

ConformanceAnswer ConformanceRun::predict(const ConformanceOperation &operation, bool withToken,
                                          const QStringList &granted) const {
    const CompiledPolicy policy(m_policy, m_report.resource);
    SimulatedToken token;
    token.present = withToken;
    token.scopes = granted;
    token.aud = QStringList{policy.resource()};
    const DecisionReport report =
        DecisionReport::simulate(policy, token, operation.tool, QDateTime::currentSecsSinceEpoch());
    const HttpResponse &r = report.decision.response;
    return answerOf(report.decision.outcome == Outcome::Allow ? 200 : r.status, r.headers, false);
}

void ConformanceRun::start() {
    if (m_running)
        return;
    m_running = true;
    m_cancelled = false;
    m_done = 0;
    m_report = ConformanceReport();
    m_report.server = m_settings.client.serverUrl.toString();
    m_report.cases = casesFor(m_policy, m_settings.includeCatalogueCase);
    m_report.operations = operationsFor(m_policy);
    m_client->discover([this](Status s) {
        if (!s)
            return finish(QStringLiteral("discovery failed: ") + s.error().toString());
        m_report.resource = m_client->resource().isEmpty() ? m_settings.client.serverUrl.toString()
                                                           : m_client->resource();
        Q_EMIT progress(0, int(m_report.cases.size() * m_report.operations.size()));
        runCase(0);
    });
}

void ConformanceRun::cancel() {
    m_cancelled = true;
}

void ConformanceRun::runCase(int caseIndex) {
    if (m_cancelled)
        return finish(QStringLiteral("cancelled"));
    if (caseIndex >= m_report.cases.size())
        return finish();
    const ConformanceCase &c = m_report.cases.at(caseIndex);
    if (c.kind == ConformanceCase::Kind::NoToken)
        return runOperation(caseIndex, 0, TokenSet());
    // Each case is its own authorization: the client's cap is per case here (docs/probe.md).
    m_client->resetAuthorizationCount();
    m_client->obtainToken(c.scopes, [this, caseIndex](Result<TokenSet> token) {
        if (!token) {
            for (int oi = 0; oi < m_report.operations.size(); ++oi) {
                ConformanceCell cell;
                cell.caseIndex = caseIndex;
                cell.operationIndex = oi;
                cell.requested = m_report.cases.at(caseIndex).scopes;
                cell.failure = QStringLiteral("no token: ") + token.error().toString();
                m_report.cells.append(cell);
                Q_EMIT progress(++m_done, int(m_report.cases.size() * m_report.operations.size()));
            }
            return runCase(caseIndex + 1);
        }
        runOperation(caseIndex, 0, *token);
    });
}

void ConformanceRun::runOperation(int caseIndex, int operationIndex, const TokenSet &token) {
    if (m_cancelled)
        return finish(QStringLiteral("cancelled"));
    if (operationIndex >= m_report.operations.size())
        return runCase(caseIndex + 1);
    const ConformanceCase &c = m_report.cases.at(caseIndex);
    const ConformanceOperation &op = m_report.operations.at(operationIndex);
    const bool withToken = c.kind != ConformanceCase::Kind::NoToken;
    QJsonObject params;
    if (op.method == QLatin1String("tools/call"))
        params = QJsonObject{
            {QStringLiteral("name"), op.tool},
            {QStringLiteral("arguments"), m_settings.arguments.value(op.tool, QJsonObject())}};
    const int first = int(m_client->transcript().exchanges().size());
    m_client->send(
        withToken ? token.accessToken : QString(), op.method, params,
        [this, caseIndex, operationIndex, token, withToken, first](Result<McpResponse> r) {
            const ConformanceCase &c = m_report.cases.at(caseIndex);
            const ConformanceOperation &op = m_report.operations.at(operationIndex);
            ConformanceCell cell;
            cell.caseIndex = caseIndex;
            cell.operationIndex = operationIndex;
            cell.requested = c.scopes;
            cell.granted = withToken ? token.granted : QStringList();
            cell.grantDiffers = withToken && sorted(cell.granted) != sorted(c.scopes);
            cell.firstExchange = first;
            cell.endExchange = int(m_client->transcript().exchanges().size());
            if (!r) {
                cell.failure = r.error().toString();
            } else {
                cell.ran = true;
                // When the session could not be opened, the answer is the
                // initialize's: predict that request (no tool), not the operation.
                ConformanceOperation answered = op;
                if (r->method == QLatin1String("initialize")) {
                    answered.tool.clear();
                    cell.notes.append(QStringLiteral("the session could not be "
                                                     "opened: the initialize's answer "
                                                     "is compared"));
                }
                cell.predicted = predict(answered, withToken, cell.granted);
                cell.observed = answerOf(r->status, r->headers, r->isJsonRpcError());
                compare(&cell);
                if (op.method == QLatin1String("tools/list") && cell.observed.allowed)
                    checkListFiltering(caseIndex, *r, cell.granted);
            }
            m_report.cells.append(cell);
            Q_EMIT progress(++m_done, int(m_report.cases.size() * m_report.operations.size()));
            runOperation(caseIndex, operationIndex + 1, token);
        });
}

void ConformanceRun::checkListFiltering(int caseIndex, const McpResponse &response,
                                        const QStringList &granted) {
    QStringList listed;
    for (const QJsonValue &t : response.result().toObject().value(QLatin1String("tools")).toArray())
        listed.append(t.toObject().value(QLatin1String("name")).toString());
    const CompiledPolicy policy(m_policy, m_report.resource);
    QStringList callable;
    for (const QString &tool : policy.callableTools(granted)) {
        if (m_policy.tool(tool))
            callable.append(tool);
    }
    QStringList listedKnown;
    for (const QString &tool : listed) {
        if (m_policy.tool(tool))
            listedKnown.append(tool);
    }
    if (sorted(listedKnown) == sorted(callable))
        return;
    Finding f;
    f.id = QStringLiteral("tools-list-not-filtered-as-predicted");
    f.severity = Finding::Severity::Info;
    f.message = QStringLiteral("%1: tools/list shows [%2]; the policy lets this token call [%3]")
                    .arg(m_report.cases.at(caseIndex).label, joined(sorted(listedKnown)),
                         joined(sorted(callable)));
    f.basis = QLatin1String(ListFilteringBasis);
    f.where = m_report.cases.at(caseIndex).id;
    m_report.findings.append(f);
}

void ConformanceRun::finish(const QString &stopped) {
    m_report.stopped = stopped;
    for (const Finding &f : m_client->transcript().findings())
        m_report.findings.append(f);
    m_running = false;
    Q_EMIT finished();
}

} // namespace scopebench
