#include "policy/PolicyFile.h"
#include "policy/PolicyLinter.h"

#include <QTest>

using namespace scopebench;

Q_DECLARE_METATYPE(scopebench::Policy)
Q_DECLARE_METATYPE(scopebench::Severity)
Q_DECLARE_METATYPE(scopebench::PolicyLocation::Area)

class TestPolicyLinter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void finding_data();
    void finding();
    void cleanPolicies_data();
    void cleanPolicies();
    void cycleReportedOnce_data();
    void cycleReportedOnce();
    void longImpliesChainDoesNotCrash();
    void bundledExampleOnlyLacksScopeInChallenges();
    void everyFixRemovesItsFinding_data();
    void everyFixRemovesItsFinding();
    void hasErrors();
};

namespace {
using Area = PolicyLocation::Area;

QString S(const char *s) {
    return QString::fromUtf8(s);
}

// Catalog a, b, c (all used); server [[a], [b], [c]]; tool t [[a]]; challenges name scopes.
// Lints clean.
Policy base() {
    Policy p;
    p.scopes = {{S("a"), S("A")}, {S("b"), S("B")}, {S("c"), S("C")}};
    p.validScopeCombinations = {{S("a")}, {S("b")}, {S("c")}};
    p.toolScopes = {{S("t"), {{S("a")}}}};
    p.challenge.scopeHint = ScopeHint::Closest;
    return p;
}

Policy withSupported(const QStringList &published) {
    Policy p = base();
    p.scopesSupported = published;
    return p;
}

Policy withCatalog(const char *extra) {
    Policy p = base();
    p.scopes.append({S(extra), QString()});
    return p;
}

Policy withServer(const ScopeAlternatives &alternatives) {
    Policy p = base();
    p.validScopeCombinations = alternatives;
    return p;
}

Policy withTool(const ScopeAlternatives &alternatives) {
    Policy p = base();
    p.toolScopes = {{S("create_entry"), {{S("a")}}}, {S("my tool"), alternatives}};
    return p;
}

Policy withImplies(const QList<Implication> &implies) {
    Policy p = base();
    p.implies = implies;
    return p;
}

Policy withResource(const char *resource) {
    Policy p = base();
    p.resource = S(resource);
    return p;
}
} // namespace

void TestPolicyLinter::finding_data() {
    QTest::addColumn<Policy>("policy");
    QTest::addColumn<QString>("id");
    QTest::addColumn<Severity>("severity");
    QTest::addColumn<Area>("area");
    QTest::addColumn<QString>("tool");
    QTest::addColumn<int>("combination");
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QString>("jsonPath");
    QTest::addColumn<QString>("messagePart");

    const Severity E = Severity::Error;
    const Severity W = Severity::Warning;

    QTest::newRow("scope-grammar server")
        << withServer({{S("a")}, {S("b"), S("entries read")}}) << "scope-grammar" << E
        << Area::Server << "" << 1 << "entries read"
        << "$.validScopeCombinations[1][1]"
        << "a space at position 8";
    QTest::newRow("scope-grammar tool") << withTool({{S("caf\xC3\xA9")}}) << "scope-grammar" << E
                                        << Area::Tool << "my tool" << 0 << "caf\xC3\xA9"
                                        << "$.toolScopes[\"my tool\"][0][0]"
                                        << "U+00E9";
    QTest::newRow("scope-grammar catalog")
        << withCatalog("") << "scope-grammar" << E << Area::Catalog << "" << -1 << ""
        << "$.scopes[3]"
        << "cannot be empty";
    QTest::newRow("scope-grammar implies") << withImplies({{S("a"), {S("b\"")}}}) << "scope-grammar"
                                           << E << Area::Implies << "" << -1 << "b\""
                                           << "$.implies.a[0]"
                                           << "double quote";
    QTest::newRow("scope-comma catalog")
        << withCatalog("a,b") << "scope-comma" << W << Area::Catalog << "" << -1 << "a,b"
        << "$.scopes[3]"
        << "separated by spaces";
    QTest::newRow("scope-comma server") << withServer({{S("a")}, {S("b,c")}}) << "scope-comma" << W
                                        << Area::Server << "" << 1 << "b,c"
                                        << "$.validScopeCombinations[1][0]"
                                        << "\"b,c\"";
    QTest::newRow("scope-not-in-catalog server")
        << withServer({{S("a"), S("zzz")}}) << "scope-not-in-catalog" << W << Area::Server << ""
        << 0 << "zzz"
        << "$.validScopeCombinations[0][1]"
        << "\"zzz\"";
    QTest::newRow("scope-not-in-catalog tool")
        << withTool({{S("b")}, {S("zzz")}}) << "scope-not-in-catalog" << W << Area::Tool
        << "my tool" << 1 << "zzz"
        << "$.toolScopes[\"my tool\"][1][0]"
        << "\"zzz\"";
    QTest::newRow("scope-not-in-catalog implies")
        << withImplies({{S("a"), {S("b"), S("zzz")}}}) << "scope-not-in-catalog" << W
        << Area::Implies << "" << -1 << "zzz"
        << "$.implies.a[1]"
        << "\"zzz\"";
    QTest::newRow("catalog-duplicate")
        << withCatalog("b") << "catalog-duplicate" << E << Area::Catalog << "" << -1 << "b"
        << "$.scopes[3]"
        << "twice";
    for (const char *omnibus : {"*", "all", "full-access", "admin"}) {
        QTest::addRow("omnibus-scope %s in catalog", omnibus)
            << withCatalog(omnibus) << "omnibus-scope" << W << Area::Catalog << "" << -1
            << S(omnibus) << "$.scopes[3]" << S(omnibus);
    }
    QTest::newRow("omnibus-scope in a tool, not in catalog")
        << withTool({{S("admin")}}) << "omnibus-scope" << W << Area::Tool << "my tool" << 0
        << "admin"
        << "$.toolScopes[\"my tool\"][0][0]"
        << "admin";
    QTest::newRow("omnibus-scope any case")
        << withCatalog("Admin") << "omnibus-scope" << W << Area::Catalog << "" << -1 << "Admin"
        << "$.scopes[3]"
        << "Admin";
    QTest::newRow("offline-access") << withCatalog("offline_access") << "offline-access" << W
                                    << Area::Catalog << "" << -1 << "offline_access"
                                    << "$.scopes[3]"
                                    << "refresh tokens";
    QTest::newRow("implies-cycle a->b->a")
        << withImplies({{S("a"), {S("b")}}, {S("b"), {S("a")}}}) << "implies-cycle" << W
        << Area::Implies << "" << -1 << "a"
        << "$.implies.a"
        << "a → b → a";
    QTest::newRow("implies-cycle 3")
        << withImplies({{S("a"), {S("b")}}, {S("b"), {S("c")}}, {S("c"), {S("a")}}})
        << "implies-cycle" << W << Area::Implies << "" << -1 << "a"
        << "$.implies.a"
        << "a → b → c → a";
    QTest::newRow("implies-cycle self") << withImplies({{S("c"), {S("c")}}}) << "implies-cycle" << W
                                        << Area::Implies << "" << -1 << "c"
                                        << "$.implies.c"
                                        << "c → c";
    QTest::newRow("empty-alternatives server")
        << withServer({}) << "empty-alternatives" << W << Area::Server << "" << -1 << ""
        << "$.validScopeCombinations"
        << "any valid token passes";
    QTest::newRow("empty-alternatives tool")
        << withTool({}) << "empty-alternatives" << W << Area::Tool << "my tool" << -1 << ""
        << "$.toolScopes[\"my tool\"]"
        << "tool my tool lists no combinations";
    QTest::newRow("empty-combination server")
        << withServer({{S("a")}, {}}) << "empty-combination" << W << Area::Server << "" << 1 << ""
        << "$.validScopeCombinations[1]"
        << "combination 2 of the server level is empty";
    QTest::newRow("empty-combination tool")
        << withTool({{}}) << "empty-combination" << W << Area::Tool << "my tool" << 0 << ""
        << "$.toolScopes[\"my tool\"][0]"
        << "any valid token passes";
    QTest::newRow("repeated-scope") << withServer({{S("c")}, {S("a"), S("b"), S("a")}})
                                    << "repeated-scope" << W << Area::Server << "" << 1 << "a"
                                    << "$.validScopeCombinations[1][2]"
                                    << "\"a\" appears twice in combination 2";
    QTest::newRow("duplicate-combination")
        << withServer({{S("a"), S("b")}, {S("c")}, {S("b"), S("a")}}) << "duplicate-combination"
        << W << Area::Server << "" << 2 << ""
        << "$.validScopeCombinations[2]"
        << "combination 3 of the server level repeats combination 1 (a b)";
    QTest::newRow("duplicate-combination tool single")
        << withTool({{S("c")}, {S("c")}}) << "duplicate-combination" << W << Area::Tool << "my tool"
        << 1 << ""
        << "$.toolScopes[\"my tool\"][1]"
        << "combination 2 of tool my tool repeats combination 1 (c)";
    QTest::newRow("redundant-combination")
        << withServer({{S("a"), S("b")}, {S("c")}, {S("a")}}) << "redundant-combination" << W
        << Area::Server << "" << 0 << ""
        << "$.validScopeCombinations[0]"
        << "combination 1 of the server level is redundant: combination 3 (a) needs less";
    QTest::newRow("redundant-combination tool")
        << withTool({{S("b")}, {S("c"), S("b"), S("a")}, {S("a"), S("c")}})
        << "redundant-combination" << W << Area::Tool << "my tool" << 1 << ""
        << "$.toolScopes[\"my tool\"][1]"
        << "combination 1 (b) needs less";
    QTest::newRow("resource-fragment")
        << withResource("https://mcp.example.com/mcp#top") << "resource-fragment" << E
        << Area::Resource << "" << -1 << ""
        << "$.resource"
        << "fragment";
    QTest::newRow("resource-not-absolute path")
        << withResource("/mcp") << "resource-not-absolute" << E << Area::Resource << "" << -1 << ""
        << "$.resource"
        << "not an absolute URI";
    QTest::newRow("resource-not-absolute scheme")
        << withResource("ftp://files.example.com/mcp") << "resource-not-absolute" << E
        << Area::Resource << "" << -1 << ""
        << "$.resource"
        << "http or https";
    QTest::newRow("resource-not-absolute no host")
        << withResource("http:///mcp") << "resource-not-absolute" << E << Area::Resource << "" << -1
        << ""
        << "$.resource"
        << "no host";
    QTest::newRow("resource-not-absolute with fragment too")
        << withResource("mcp#x") << "resource-not-absolute" << E << Area::Resource << "" << -1 << ""
        << "$.resource"
        << "not an absolute URI";

    // The MCP specification's common mistakes (docs/policy-format.md, Lint findings).
    const Severity I = Severity::Info;
    QTest::newRow("scopes-supported-catalogue")
        << withSupported({S("c"), S("b"), S("a")}) << "scopes-supported-catalogue" << W
        << Area::Policy << "" << -1 << ""
        << "$.scopesSupported"
        << "publish what basic use needs (a)";
    for (const char *omnibus : {"full_access", "notes:*", "ROOT"}) {
        QTest::addRow("omnibus-scope %s in a combination", omnibus)
            << withServer({{S("a")}, {S("b")}, {S("c")}, {S(omnibus)}}) << "omnibus-scope" << W
            << Area::Server << "" << 3 << S(omnibus) << "$.validScopeCombinations[3][0]"
            << S(omnibus);
    }
    QTest::newRow("omnibus-scope in scopesSupported")
        << withSupported({S("*")}) << "omnibus-scope" << W << Area::Policy << "" << -1 << "*"
        << "$.scopesSupported[0]"
        << "publishes it";
    QTest::newRow("offline-access in scopesSupported")
        << withSupported({S("a"), S("offline_access")}) << "offline-access" << W << Area::Policy
        << "" << -1 << "offline_access"
        << "$.scopesSupported[1]"
        << "scopesSupported";
    QTest::newRow("offline-access in a combination")
        << withServer({{S("a")}, {S("b")}, {S("c"), S("offline_access")}}) << "offline-access" << W
        << Area::Server << "" << 2 << "offline_access"
        << "$.validScopeCombinations[2][1]"
        << "never name it";
    QTest::newRow("offline-access in implies")
        << withImplies({{S("c"), {S("offline_access")}}}) << "offline-access" << W << Area::Implies
        << "" << -1 << "offline_access"
        << "$.implies.c[0]"
        << "implies";
    {
        Policy p = withServer({{S("a"), S("b"), S("c")}});
        QTest::newRow("challenge-lists-catalogue")
            << p << "challenge-lists-catalogue" << W << Area::Server << "" << 0 << ""
            << "$.validScopeCombinations[0]"
            << "names the whole catalogue";
        p = withServer({{S("a"), S("b")}});
        p.toolScopes = {{S("t"), {{S("c")}}}};
        QTest::newRow("challenge-lists-catalogue on a tool's 401")
            << p << "challenge-lists-catalogue" << W << Area::Tool << "t" << 0 << ""
            << "$.toolScopes.t"
            << "401 challenge for a call of tool t";
        p = base();
        p.challenge.scopeHint = ScopeHint::Omit;
        QTest::newRow("challenge-without-scope")
            << p << "challenge-without-scope" << I << Area::Challenge << "" << -1 << ""
            << "$.challenge.scopeHint"
            << "scopeHint omit";
    }
    QTest::newRow("unreachable-server") << withServer({{S("a"), S("z")}}) << "unreachable-server"
                                        << W << Area::Server << "" << -1 << ""
                                        << "$.validScopeCombinations"
                                        << "missing from the catalogue: z";
    QTest::newRow("unreachable-tool")
        << withTool({{S("y"), S("a")}, {S("z")}}) << "unreachable-tool" << W << Area::Tool
        << "my tool" << -1 << ""
        << "$.toolScopes[\"my tool\"]"
        << "missing from the catalogue: y";
    QTest::newRow("scope-grants-nothing")
        << withCatalog("d") << "scope-grants-nothing" << W << Area::Catalog << "" << -1 << "d"
        << "$.scopes[3]"
        << "changes no decision";
    {
        Policy p = withImplies({{S("c"), {S("a")}}});
        p.validScopeCombinations = {{S("c")}, {S("a")}, {S("b")}};
        QTest::newRow("implied-redundant-combination")
            << p << "implied-redundant-combination" << W << Area::Server << "" << 0 << ""
            << "$.validScopeCombinations[0]"
            << "combination 1 (c) of the server level is redundant through implies: every token "
               "holding it also holds combination 2 (a)";
        p = withImplies({{S("c"), {S("b")}}});
        p.validScopeCombinations = {{S("a")}};
        p.toolScopes = {{S("t"), {{S("a"), S("c")}, {S("a"), S("b")}}}};
        QTest::newRow("implied-redundant-combination tool")
            << p << "implied-redundant-combination" << W << Area::Tool << "t" << 0 << ""
            << "$.toolScopes.t[0]"
            << "combination 2 (a b)";
    }
}

// The bundled example keeps scopeHint omit on purpose: its one finding is the SHOULD.
void TestPolicyLinter::bundledExampleOnlyLacksScopeInChallenges() {
    const Result<Policy> example =
        PolicyFile::load(QStringLiteral(":/scopebench/policies/epicme.json"));
    QVERIFY(example.ok());
    const QList<LintFinding> findings = PolicyLinter::lint(example.value());
    QCOMPARE(findings.size(), 1);
    QCOMPARE(findings.first().id, QStringLiteral("challenge-without-scope"));
    QCOMPARE(findings.first().severity, Severity::Info);
    QVERIFY(findings.first().rationale.contains(QStringLiteral("SHOULD")));
}

// Each fix, applied, makes its finding go away and adds no error.
void TestPolicyLinter::everyFixRemovesItsFinding_data() {
    finding_data();
}

void TestPolicyLinter::everyFixRemovesItsFinding() {
    QFETCH(Policy, policy);
    QFETCH(QString, id);
    QFETCH(QString, jsonPath);
    const QList<LintFinding> before = PolicyLinter::lint(policy);
    const LintFinding *f = nullptr;
    for (const auto &candidate : before) {
        if (candidate.id == id)
            f = &candidate;
    }
    QVERIFY(f);
    if (f->fix.action == LintFix::Action::None) {
        QVERIFY(!PolicyLinter::applyFix(&policy, *f).ok());
        return;
    }
    QVERIFY(!f->fix.summary.isEmpty());
    const Status applied = PolicyLinter::applyFix(&policy, *f);
    QVERIFY2(applied.ok(), qPrintable(applied.error().message));
    for (const auto &after : PolicyLinter::lint(policy))
        QVERIFY2(!(after.id == id && after.location.jsonPath == jsonPath),
                 qPrintable(after.message));
}

void TestPolicyLinter::finding() {
    QFETCH(Policy, policy);
    QFETCH(QString, id);
    QFETCH(Severity, severity);
    QFETCH(Area, area);
    QFETCH(QString, tool);
    QFETCH(int, combination);
    QFETCH(QString, scope);
    QFETCH(QString, jsonPath);
    QFETCH(QString, messagePart);

    const QList<LintFinding> findings = PolicyLinter::lint(policy);
    QList<LintFinding> matching;
    QStringList all;
    for (const auto &f : findings) {
        all << f.id + QStringLiteral(" @ ") + f.location.jsonPath + QStringLiteral(": ") +
                   f.message;
        if (f.id == id)
            matching << f;
    }
    QVERIFY2(matching.size() == 1, qPrintable(all.join(u'\n')));
    const LintFinding &f = matching.first();
    QCOMPARE(LintFinding::severityName(f.severity), LintFinding::severityName(severity));
    QCOMPARE(int(f.location.area), int(area));
    QCOMPARE(f.location.tool, tool);
    QCOMPARE(f.location.combination, combination);
    QCOMPARE(f.location.scope, scope);
    QCOMPARE(f.location.jsonPath, jsonPath);
    QVERIFY2(f.message.contains(messagePart), qPrintable(f.message));
    QCOMPARE(PolicyLinter::hasErrors(findings), severity == Severity::Error);
}

void TestPolicyLinter::cleanPolicies_data() {
    QTest::addColumn<Policy>("policy");
    const Result<Policy> example = PolicyFile::load(PolicyFile::bundledExample());
    QVERIFY(example.ok());
    Policy exampleWithClosest = example.value();
    exampleWithClosest.challenge.scopeHint = ScopeHint::Closest;
    QTest::newRow("bundled example with closest") << exampleWithClosest;
    QTest::newRow("base") << base();
    Policy rich = base();
    rich.resource = QStringLiteral("https://mcp.example.com:8443/mcp");
    rich.implies = {{S("c"), {S("b")}}};
    rich.validScopeCombinations = {{S("a"), S("b")}, {S("c")}};
    rich.scopesSupported = QStringList{S("c")};
    QTest::newRow("implies chain, several scopes per set") << rich;
    Policy sameSetsElsewhere = base();
    sameSetsElsewhere.toolScopes = {{S("x"), {{S("a")}}}, {S("y"), {{S("a")}}}};
    QTest::newRow("same set in different tools") << sameSetsElsewhere;
}

void TestPolicyLinter::cleanPolicies() {
    QFETCH(Policy, policy);
    const QList<LintFinding> findings = PolicyLinter::lint(policy);
    QStringList all;
    for (const auto &f : findings)
        all << f.id + QStringLiteral(": ") + f.message;
    QVERIFY2(findings.isEmpty(), qPrintable(all.join(u'\n')));
    QVERIFY(!PolicyLinter::hasErrors(findings));
}

void TestPolicyLinter::cycleReportedOnce_data() {
    QTest::addColumn<Policy>("policy");
    QTest::addColumn<int>("cycles");
    QTest::newRow("two-cycle entered from both sides")
        << withImplies({{S("b"), {S("a")}}, {S("a"), {S("b")}}}) << 1;
    QTest::newRow("three-cycle")
        << withImplies({{S("a"), {S("b")}}, {S("b"), {S("c")}}, {S("c"), {S("a")}}}) << 1;
    QTest::newRow("two separate cycles")
        << withImplies({{S("a"), {S("b")}}, {S("b"), {S("a"), S("c")}}, {S("c"), {S("b")}}}) << 2;
    QTest::newRow("diamond is no cycle")
        << withImplies({{S("a"), {S("b"), S("c")}}, {S("b"), {S("c")}}}) << 0;
    // Every scope implies every other: 28 distinct cycles on the first search path alone; the
    // first 20 are listed, then one finding says there are more.
    QList<Implication> complete;
    for (int i = 0; i < 8; ++i) {
        Implication imp{QStringLiteral("k%1").arg(i), {}};
        for (int j = 0; j < 8; ++j) {
            if (j != i)
                imp.grants.append(QStringLiteral("k%1").arg(j));
        }
        complete.append(imp);
    }
    QTest::newRow("complete graph: capped") << withImplies(complete) << 21;
}

void TestPolicyLinter::cycleReportedOnce() {
    QFETCH(Policy, policy);
    QFETCH(int, cycles);
    int found = 0;
    for (const auto &f : PolicyLinter::lint(policy))
        found += f.id == QLatin1String("implies-cycle");
    QCOMPARE(found, cycles);
}

void TestPolicyLinter::longImpliesChainDoesNotCrash() {
    Policy p;
    const int n = 100000;
    for (int i = 0; i < n; ++i)
        p.implies.append({QStringLiteral("s%1").arg(i), {QStringLiteral("s%1").arg(i + 1)}});
    p.implies.append({QStringLiteral("s%1").arg(n), {QStringLiteral("s0")}});
    int cycles = 0;
    for (const auto &f : PolicyLinter::lint(p))
        cycles += f.id == QLatin1String("implies-cycle");
    QCOMPARE(cycles, 1);
}

void TestPolicyLinter::hasErrors() {
    QVERIFY(!PolicyLinter::hasErrors({}));
    QVERIFY(!PolicyLinter::hasErrors(PolicyLinter::lint(withCatalog("admin"))));
    QVERIFY(PolicyLinter::hasErrors(PolicyLinter::lint(withCatalog("a"))));
}

QTEST_GUILESS_MAIN(TestPolicyLinter)
#include "tst_policylinter.moc"
