#include "analysis/CoverageMatrix.h"
#include "decision/CompiledPolicy.h"
#include "decision/Simulation.h"
#include "policy/PolicyLinter.h"
#include "support/DecisionFixtures.h"
#include "support/RandomPolicies.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <algorithm>

using namespace scopebench;

namespace {

int classIndex(const CoverageMatrix &m, const QString &label) {
    for (int c = 0; c < m.classes().size(); ++c) {
        if (m.classes()[c].label == label || m.classes()[c].sameAs.contains(label))
            return c;
    }
    return -1;
}

int operationIndex(const CoverageMatrix &m, const QString &tool) {
    for (int o = 0; o < m.operations().size(); ++o) {
        if (m.operations()[o].tool == tool)
            return o;
    }
    return -1;
}

} // namespace

class tst_CoverageMatrix : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void epicMeClasses() {
        const CoverageMatrix m = CoverageMatrix::compute(fixtures::epicMe());
        // No scopes, the five server alternatives (each the same set as some tools' alternative),
        // the whole catalogue; no union reaches anything new.
        QCOMPARE(m.classes().size(), 7);
        QCOMPARE(m.classes().first().kind, TokenClass::Kind::NoScopes);
        QCOMPARE(m.classes()[1].label, QStringLiteral("server #1"));
        QCOMPARE(m.classes()[1].scopes, QStringList{QStringLiteral("user:read")});
        QCOMPARE(m.classes()[1].sameAs, QStringList{QStringLiteral("tool whoami #1")});
        QCOMPARE(m.classes().last().kind, TokenClass::Kind::WholeCatalogue);
        QCOMPARE(m.classes().last().scopes.size(), 5);
        QCOMPARE(m.operations().size(), 13);
        QVERIFY(m.operations().first().isAnyRequest());
        QVERIFY(!m.unionsTruncated());
        QVERIFY(m.unreachableTools().isEmpty());
        QVERIFY(!m.serverUnreachable());
        QVERIFY(m.idleScopes().isEmpty());
        QVERIFY(m.redundantAlternatives().isEmpty());
    }

    void epicMeCells() {
        const Policy policy = fixtures::epicMe();
        const CoverageMatrix m = CoverageMatrix::compute(policy);
        const int tagsRead = classIndex(m, QStringLiteral("tool list_tags #1"));
        QVERIFY(tagsRead >= 0);
        QVERIFY(m.cell(operationIndex(m, QString()), tagsRead).allowed);
        QVERIFY(m.cell(operationIndex(m, QStringLiteral("get_tag")), tagsRead).allowed);
        const CoverageCell &refused =
            m.cell(operationIndex(m, QStringLiteral("delete_tag")), tagsRead);
        QVERIFY(!refused.allowed);
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.wwwAuthenticate,
                 QByteArrayLiteral("Bearer realm=\"EpicMe\", error=\"insufficient_scope\", "
                                   "error_description=\"Any of the following combinations of "
                                   "scopes is valid: tags:write\", resource_metadata=\"http://"
                                   "127.0.0.1:8787/.well-known/oauth-protected-resource/mcp\""));
        QCOMPARE(refused.body, QByteArrayLiteral("{\"error\":\"insufficient_scope\",\"error_"
                                                 "description\":\"Any of the following "
                                                 "combinations of scopes is valid: tags:write\"}"));
        // No scopes: refused at the server level, for every operation.
        for (int o = 0; o < m.operations().size(); ++o) {
            QCOMPARE(m.cell(o, 0).status, 403);
            QVERIFY(m.cell(o, 0).body.contains("user:read, entries:read"));
        }
        // The whole catalogue may do everything.
        for (int o = 0; o < m.operations().size(); ++o)
            QVERIFY(m.cell(o, int(m.classes().size()) - 1).allowed);
    }

    // Every cell is what the one decision answers for that token (here reached through
    // Simulation, the preview's path), for random policies with every scope hint.
    void cellsAreTheDecision_data() {
        QTest::addColumn<quint32>("seed");
        for (quint32 seed = 1; seed <= 60; ++seed)
            QTest::addRow("seed %u", seed) << seed;
    }
    void cellsAreTheDecision() {
        QFETCH(quint32, seed);
        Policy policy = randompolicies::generate(seed);
        policy.validation.requireExpiry = seed % 2;
        policy.validation.requireAudience = seed % 3 == 0;
        const CompiledPolicy compiled(policy);
        const CoverageMatrix m = CoverageMatrix::compute(policy);
        for (int o = 0; o < m.operations().size(); ++o) {
            for (int c = 0; c < m.classes().size(); ++c) {
                SimulatedToken token;
                token.scopes = m.classes()[c].scopes;
                token.exp = CoverageMatrix::DecisionTime + 60;
                token.aud = {compiled.resource()};
                const Decision d = Simulation::decide(compiled, token, m.operations()[o].tool,
                                                      CoverageMatrix::DecisionTime);
                const CoverageCell &cell = m.cell(o, c);
                QCOMPARE(cell.allowed, d.outcome == Outcome::Allow);
                QCOMPARE(cell.status, d.status());
                QCOMPARE(cell.wwwAuthenticate,
                         d.response.header(QByteArrayLiteral("WWW-Authenticate")));
                QCOMPARE(cell.body, d.response.body);
                if (!cell.allowed)
                    QCOMPARE(cell.status, 403); // the token is valid: only scopes can refuse it
            }
        }
        QCOMPARE(CoverageMatrix::compute(policy).renderJson(), m.renderJson());
    }

    void unionsReachWhatNeitherPartDoes() {
        const Policy policy = fixtures::policyFrom(R"({"scopebench": 1,
            "scopes": ["connect", "x:use", "y:use"],
            "validScopeCombinations": [["connect"]],
            "toolScopes": {"x": [["x:use"]], "y": [["connect", "y:use"]]}})");
        const CoverageMatrix m = CoverageMatrix::compute(policy);
        const int u = classIndex(m, QStringLiteral("server #1 + tool x #1"));
        QVERIFY(u >= 0);
        QCOMPARE(m.classes()[u].kind, TokenClass::Kind::Union);
        QCOMPARE(m.classes()[u].scopes,
                 (QStringList{QStringLiteral("connect"), QStringLiteral("x:use")}));
        QVERIFY(m.cell(operationIndex(m, QStringLiteral("x")), u).allowed);
        // connect + y:use is y's own alternative, not a new union.
        QCOMPARE(classIndex(m, QStringLiteral("server #1 + tool y #1")), -1);
        QVERIFY(!m.cell(operationIndex(m, QStringLiteral("x")),
                        classIndex(m, QStringLiteral("tool x #1")))
                     .allowed);
    }

    void findings() {
        const Policy policy = fixtures::policyFrom(R"({"scopebench": 1,
            "scopes": ["a", "b", "offline_access", "unused", "w"],
            "implies": {"w": ["a"], "p": ["q"], "q": ["p"]},
            "validScopeCombinations": [["a"], ["a", "b"], ["w"]],
            "toolScopes": {
                "ok": [["b"]],
                "ghost": [["not-issued"]],
                "loop": [["p"], ["q"]],
                "open": [["b"], []]
            }})");
        const CoverageMatrix m = CoverageMatrix::compute(policy);
        QCOMPARE(m.unreachableTools().size(), 2);
        QCOMPARE(m.unreachableTools()[0].tool, QStringLiteral("ghost"));
        QCOMPARE(m.unreachableTools()[0].lintId, QStringLiteral("unreachable-tool"));
        QCOMPARE(m.unreachableTools()[1].tool, QStringLiteral("loop"));
        QCOMPARE(m.unreachableTools()[1].lintId, QStringLiteral("unreachable-tool"));
        QVERIFY(!m.serverUnreachable());
        QVERIFY(m.serverUnreachableLintId().isEmpty());

        QCOMPARE(m.idleScopes().size(), 2);
        QCOMPARE(m.idleScopes()[0].scope, QStringLiteral("offline_access"));
        QCOMPARE(m.idleScopes()[0].lintId, QStringLiteral("offline-access"));
        QCOMPARE(m.idleScopes()[1].scope, QStringLiteral("unused"));
        QCOMPARE(m.idleScopes()[1].lintId, QStringLiteral("scope-grants-nothing"));

        const auto &r = m.redundantAlternatives();
        QCOMPARE(r.size(), 4);
        // (a b) needs more than (a): what the linter reports, with its id.
        QCOMPARE(r[0].tool, QString());
        QCOMPARE(r[0].combination, 1);
        QCOMPARE(r[0].coveredBy, 0);
        QVERIFY(!r[0].viaImplies);
        QCOMPARE(r[0].lintId, QStringLiteral("redundant-combination"));
        QCOMPARE(r[0].where, QStringLiteral("$.validScopeCombinations[1]"));
        // (w) implies a: redundant through implies only, the linter's own finding for it.
        QCOMPARE(r[1].combination, 2);
        QCOMPARE(r[1].coveredBy, 0);
        QVERIFY(r[1].viaImplies);
        QCOMPARE(r[1].lintId, QStringLiteral("implied-redundant-combination"));
        // p and q imply each other: the later one is the redundant one.
        QCOMPARE(r[2].tool, QStringLiteral("loop"));
        QCOMPARE(r[2].combination, 1);
        QCOMPARE(r[2].coveredBy, 0);
        QVERIFY(r[2].viaImplies);
        QCOMPARE(r[2].lintId, QStringLiteral("implied-redundant-combination"));
        // The empty combination makes (b) redundant; the empty one has the finding.
        QCOMPARE(r[3].tool, QStringLiteral("open"));
        QCOMPARE(r[3].combination, 0);
        QCOMPARE(r[3].coveredBy, 1);
        QCOMPARE(r[3].lintId, QStringLiteral("empty-combination"));

        const QByteArray text = m.renderText();
        QVERIFY2(text.contains("tool ghost is unreachable"), text.constData());
        QVERIFY(text.contains("[unreachable-tool]"));
        QVERIFY(!text.contains("[scope-not-in-catalog]"));
        QVERIFY(text.contains("scope offline_access grants nothing"));
        QVERIFY(text.contains("[redundant-combination]"));
        QVERIFY(text.contains("(through implies)"));
        QVERIFY(text.contains("[implied-redundant-combination]"));

        // Every lint id the matrix carries is one the linter reports for the same place.
        const QList<LintFinding> lint = PolicyLinter::lint(policy);
        auto reported = [&](const QString &id) {
            return std::any_of(lint.cbegin(), lint.cend(),
                               [&](const LintFinding &f) { return f.id == id; });
        };
        for (const auto &u : m.unreachableTools())
            QVERIFY(reported(u.lintId));
        for (const auto &i : m.idleScopes())
            QVERIFY(reported(i.lintId));
        for (const auto &x : r)
            QVERIFY(reported(x.lintId));
    }

    void serverUnreachableFindings() {
        // The server level needs a scope no authorization server issues: the linter says so once
        // (unreachable-server), not per tool, and every finding points there.
        const Policy policy = fixtures::policyFrom(R"({"scopebench": 1,
            "scopes": ["a"], "validScopeCombinations": [["missing"]],
            "toolScopes": {"t": [["a"]]}})");
        const CoverageMatrix m = CoverageMatrix::compute(policy);
        QVERIFY(m.serverUnreachable());
        QCOMPARE(m.serverUnreachableLintId(), QStringLiteral("unreachable-server"));
        QCOMPARE(m.unreachableTools().size(), 1);
        QCOMPARE(m.unreachableTools()[0].lintId, QStringLiteral("unreachable-server"));
        QVERIFY(m.renderText().contains("connect at all [unreachable-server]"));
        QCOMPARE(QJsonDocument::fromJson(m.renderJson())
                     .object()
                     .value(QStringLiteral("findings"))
                     .toObject()
                     .value(QStringLiteral("serverUnreachableLintId"))
                     .toString(),
                 QStringLiteral("unreachable-server"));

        // Without combinations the linter reports no idle scope (empty-alternatives says it all).
        const CoverageMatrix open =
            CoverageMatrix::compute(fixtures::policyFrom(R"({"scopebench": 1, "scopes": ["a"]})"));
        QCOMPARE(open.idleScopes().size(), 1);
        QVERIFY(open.idleScopes()[0].lintId.isEmpty());
    }

    void renderers() {
        Policy policy = fixtures::policyFrom(
            "{\"scopebench\": 1, \"name\": \"=HYPERLINK(1)\", "
            "\"validScopeCombinations\": [[\"a\"]], "
            "\"toolScopes\": {\"=cmd|' /C calc'!A0\": [[\"b\"]], \"-x\": [[\"a\"]], "
            "\"plain, \\\"quoted\\\"\": [[\"a\"]]}}");
        const CoverageMatrix m = CoverageMatrix::compute(policy);
        const QByteArray csv = m.renderCsv();
        const QList<QByteArray> lines = csv.split('\n');
        QCOMPARE(lines.first(),
                 QByteArrayLiteral("operation,tool,class,class_label,scopes,outcome,status,"
                                   "www_authenticate,body\r"));
        QCOMPARE(csv.count("\r\n"), 1 + m.operations().size() * m.classes().size());
        // A field starting like a formula is text; commas and quotes are quoted.
        QVERIFY(csv.contains(",'=cmd|' /C calc'!A0,"));
        QVERIFY(csv.contains(",'-x,"));
        QVERIFY(csv.contains(",\"plain, \"\"quoted\"\"\","));
        for (const QByteArray &line : lines) {
            QVERIFY(!line.startsWith('='));
            QVERIFY(!line.contains(",="));
            QVERIFY(!line.contains(",-"));
        }

        QJsonParseError error;
        const QJsonDocument json = QJsonDocument::fromJson(m.renderJson(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonObject o = json.object();
        QCOMPARE(o.value(QStringLiteral("policy")).toString(), QStringLiteral("=HYPERLINK(1)"));
        QCOMPARE(o.value(QStringLiteral("classes")).toArray().size(), m.classes().size());
        const QJsonArray ops = o.value(QStringLiteral("operations")).toArray();
        QCOMPARE(ops.size(), m.operations().size());
        const QJsonObject first = ops.first().toObject();
        QVERIFY(first.value(QStringLiteral("tool")).isNull());
        const QJsonObject cell = first.value(QStringLiteral("cells")).toArray().first().toObject();
        QCOMPARE(cell.value(QStringLiteral("status")).toInt(), 403);
        QVERIFY(cell.value(QStringLiteral("wwwAuthenticate"))
                    .toString()
                    .startsWith(QStringLiteral("Bearer error=\"insufficient_scope\"")));

        const QByteArray text = m.renderText();
        QVERIFY(text.contains("any request"));
        QVERIFY(text.contains("403/1"));
        QVERIFY(text.contains("allow"));
        QVERIFY(text.contains("Refusals:"));
    }

    void unionsAreBounded() {
        // 40 server alternatives × 40 tool alternatives that each lack server access.
        Policy policy;
        for (int i = 0; i < 40; ++i) {
            policy.validScopeCombinations.append({QStringLiteral("s%1").arg(i)});
            policy.toolScopes.append(
                {QStringLiteral("t%1").arg(i), {{QStringLiteral("t%1").arg(i)}}});
        }
        const CoverageMatrix m = CoverageMatrix::compute(policy);
        QVERIFY(m.unionsTruncated());
        int unions = 0;
        for (const auto &c : m.classes())
            unions += c.kind == TokenClass::Kind::Union;
        QCOMPARE(unions, CoverageMatrix::MaxUnionClasses);
    }
};

QTEST_GUILESS_MAIN(tst_CoverageMatrix)
#include "tst_coveragematrix.moc"
