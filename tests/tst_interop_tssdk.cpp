#include "analysis/CoverageMatrix.h"
#include "analysis/PolicyExport.h"
#include "decision/ScopeChallenge.h"
#include "support/DecisionFixtures.h"
#include "support/InteropSupport.h"
#include "support/RandomPolicies.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace scopebench;

// The TypeScript SDK v2 export running in a real @modelcontextprotocol/server 2.x server
// (tests/interop/tssdk.test.mjs): for the bundled policy and seeded random ones, every cell of
// the coverage matrix is sent over HTTP with a token carrying the class's scopes, and the SDK
// server's status, WWW-Authenticate and body must equal Scopebench's decision. Both ways of
// plugging the module in are checked: its own gate for everything, and the SDK's per-tool scope
// challenges (for the policies where those can answer byte for byte as Scopebench).
class tst_InteropTsSdk : public QObject {
    Q_OBJECT

    struct Expected {
        QString name;
        QList<CoverageCell> cells;
        QStringList what;
    };

private Q_SLOTS:
    void sdkServerAnswersAsScopebench() {
        INTEROP_FIND_NODE(node);
        INTEROP_REQUIRE(interop::packageMissing(QStringLiteral("@modelcontextprotocol/server")));

        // offline_access in alternatives at both levels: never named in a hint (ScopeChallenge),
        // and a tool whose closest alternative is offline_access alone keeps the SDK's own
        // challenge out (it needs a scope to name).
        const Policy refresh = fixtures::policyFrom(QByteArrayLiteral(R"({
            "scopebench": 1, "name": "refresh",
            "validScopeCombinations": [["offline_access", "a"], ["b", "c", "d"]],
            "toolScopes": {"t": [["offline_access"], ["c", "x"]], "u": [["a", "x", "y"]]},
            "challenge": {"scopeHint": "closest+granted"}})"));
        Policy refreshNative = refresh;
        refreshNative.name = QStringLiteral("refresh, native");
        refreshNative.challenge.scopeHint = ScopeHint::Closest;
        refreshNative.toolScopes.removeFirst();
        QList<Policy> policies{fixtures::epicMe(), refresh, refreshNative};
        for (quint32 seed = 1; seed <= 24; ++seed) {
            Policy p = randompolicies::generate(seed);
            // Every third one as the SDK's own challenges can express it: no realm, a hint.
            if (seed % 3 == 0) {
                p.realm.clear();
                if (p.challenge.scopeHint == ScopeHint::Omit)
                    p.challenge.scopeHint = ScopeHint::ClosestPlusGranted;
            }
            policies.append(p);
        }

        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QJsonArray cases;
        QList<Expected> expected;
        int nativeCases = 0;
        for (int i = 0; i < policies.size(); ++i) {
            const Policy &p = policies[i];
            const CoverageMatrix m = CoverageMatrix::compute(p);
            const ExportedFile module = PolicyExport::tsSdk(p).first();
            const QString path = dir.filePath(QStringLiteral("policy%1.mjs").arg(i));
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(module.bytes);
            f.close();

            QJsonArray tokens;
            for (const auto &c : m.classes())
                tokens.append(QJsonArray::fromStringList(c.scopes));
            QJsonArray tools;
            for (const auto &op : m.operations()) {
                if (!op.isAnyRequest())
                    tools.append(op.tool);
            }
            QJsonArray requests;
            Expected e{QStringLiteral("policy %1").arg(i), {}, {}};
            for (int o = 0; o < m.operations().size(); ++o) {
                for (int c = 0; c < m.classes().size(); ++c) {
                    const Operation &op = m.operations()[o];
                    requests.append(QJsonObject{
                        {QStringLiteral("token"), c},
                        {QStringLiteral("tool"),
                         op.isAnyRequest() ? QJsonValue(QJsonValue::Null) : QJsonValue(op.tool)}});
                    e.cells.append(m.cell(o, c));
                    e.what.append(op.label() + QStringLiteral(" with ") + m.classes()[c].label);
                }
            }
            QStringList modes{QStringLiteral("gate")};
            if (module.bytes.contains("\"sdkNativeExact\":true")) {
                modes.append(QStringLiteral("native"));
                ++nativeCases;
            }
            for (const auto &mode : std::as_const(modes)) {
                Expected named = e;
                named.name += QStringLiteral(" (") + mode + QLatin1Char(')');
                cases.append(QJsonObject{{QStringLiteral("name"), named.name},
                                         {QStringLiteral("module"), path},
                                         {QStringLiteral("mode"), mode},
                                         {QStringLiteral("tools"), tools},
                                         {QStringLiteral("tokens"), tokens},
                                         {QStringLiteral("requests"), requests}});
                expected.append(named);
            }
        }
        QVERIFY(nativeCases >= 3);

        // More server × tool pairs than ScopeChallenge::MaxPairs: the hint is chosen level by
        // level, which differs from the exhaustive choice for a token without scopes here (the
        // tool's closest {a b} first, then the only server alternative with c d e). Tokens and
        // operations are picked by hand: the matrix of this policy is too large to send.
        {
            Policy big;
            big.name = QStringLiteral("more pairs than searched");
            big.challenge.scopeHint = ScopeHint::Closest;
            const QStringList filler{QStringLiteral("f1"), QStringLiteral("f2"),
                                     QStringLiteral("f3"), QStringLiteral("f4"),
                                     QStringLiteral("f5"), QStringLiteral("f6"),
                                     QStringLiteral("f7"), QStringLiteral("f8")};
            big.validScopeCombinations.append({QStringLiteral("c"), QStringLiteral("d"),
                                               QStringLiteral("e"), QStringLiteral("x")});
            ScopeAlternatives tool{{QStringLiteral("a"), QStringLiteral("b")},
                                   {QStringLiteral("c"), QStringLiteral("d"), QStringLiteral("e")}};
            for (int i = 0; i < 300; ++i) {
                big.validScopeCombinations.append(filler);
                tool.append(filler);
            }
            big.toolScopes.append({QStringLiteral("t"), tool});
            QVERIFY(qsizetype(big.validScopeCombinations.size()) * tool.size() >
                    ScopeChallenge::MaxPairs);
            const CompiledPolicy compiled(big);
            const QList<QStringList> scopeSets{
                {},
                {QStringLiteral("a")},
                {QStringLiteral("c"), QStringLiteral("d")},
                {QStringLiteral("x"), QStringLiteral("a")},
                {QStringLiteral("c"), QStringLiteral("d"), QStringLiteral("e"),
                 QStringLiteral("x")},
                {QStringLiteral("f1"), QStringLiteral("a"), QStringLiteral("b")}};
            const QList<Operation> ops{Operation{}, Operation{QStringLiteral("t")}};
            const ExportedFile module = PolicyExport::tsSdk(big).first();
            const QString path = dir.filePath(QStringLiteral("big.mjs"));
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(module.bytes);
            f.close();
            QJsonArray tokens;
            QJsonArray requests;
            Expected e{big.name + QStringLiteral(" (gate)"), {}, {}};
            for (int c = 0; c < scopeSets.size(); ++c) {
                tokens.append(QJsonArray::fromStringList(scopeSets[c]));
                for (const auto &op : ops) {
                    requests.append(QJsonObject{
                        {QStringLiteral("token"), c},
                        {QStringLiteral("tool"),
                         op.isAnyRequest() ? QJsonValue(QJsonValue::Null) : QJsonValue(op.tool)}});
                    e.cells.append(ScopeDecision::decide(compiled, scopeSets[c], op));
                    e.what.append(op.label() + QStringLiteral(" with {") +
                                  scopeSets[c].join(QLatin1Char(' ')) + QLatin1Char('}'));
                }
            }
            // The level-by-level choice is the one in play: {a b} then {c d e x}.
            QVERIFY(e.cells[1].wwwAuthenticate.contains("scope=\"c d e x a b\""));
            cases.append(QJsonObject{{QStringLiteral("name"), e.name},
                                     {QStringLiteral("module"), path},
                                     {QStringLiteral("mode"), QStringLiteral("gate")},
                                     {QStringLiteral("tools"), QJsonArray{QStringLiteral("t")}},
                                     {QStringLiteral("tokens"), tokens},
                                     {QStringLiteral("requests"), requests}});
            expected.append(e);
        }

        QString failure;
        const QJsonArray results = interop::runNodeCases(
            node, QStringLiteral("tssdk.test.mjs"), QStringLiteral("SCOPEBENCH_TSSDK_CASES"),
            QStringLiteral("SCOPEBENCH_TSSDK_RESULTS"), cases, &failure);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QCOMPARE(results.size(), expected.size());
        int compared = 0;
        int refusals = 0;
        for (int i = 0; i < expected.size(); ++i) {
            const QJsonArray answers =
                results[i].toObject().value(QStringLiteral("answers")).toArray();
            QCOMPARE(answers.size(), expected[i].cells.size());
            for (int k = 0; k < answers.size(); ++k) {
                const QJsonObject a = answers[k].toObject();
                const CoverageCell &cell = expected[i].cells[k];
                const QString where = expected[i].name + QStringLiteral(": ") + expected[i].what[k];
                QVERIFY2(a.value(QStringLiteral("status")).toInt() == cell.status,
                         qPrintable(where + QStringLiteral(": status %1, expected %2")
                                                .arg(a.value(QStringLiteral("status")).toInt())
                                                .arg(cell.status)));
                if (!cell.allowed) {
                    QCOMPARE(a.value(QStringLiteral("wwwAuthenticate")).toString().toLatin1(),
                             cell.wwwAuthenticate);
                    QCOMPARE(a.value(QStringLiteral("body")).toString().toUtf8(), cell.body);
                    ++refusals;
                }
                ++compared;
            }
        }
        qInfo("The SDK v2 server answered %d cells (%d refusals) of %d exports as Scopebench did",
              compared, refusals, int(expected.size()));
    }
};

QTEST_GUILESS_MAIN(tst_InteropTsSdk)
#include "tst_interop_tssdk.moc"
