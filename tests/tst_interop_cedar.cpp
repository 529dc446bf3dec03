#include "analysis/CoverageMatrix.h"
#include "analysis/PolicyExport.h"
#include "decision/CompiledPolicy.h"
#include "support/DecisionFixtures.h"
#include "support/InteropSupport.h"
#include "support/RandomPolicies.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QTest>

using namespace scopebench;

// The Cedar export decided by the Cedar engine (npm @cedar-policy/cedar-wasm, through
// tests/interop/cedar.test.mjs): for the bundled policy and seeded random ones (implies, cycles,
// empty lists, odd names), every coverage-matrix cell and a sample of other tokens get the same
// decision from Cedar as from Decider::decide, and every export validates against its schema.
class tst_InteropCedar : public QObject {
    Q_OBJECT

    struct Expected {
        QString name;
        QList<bool> allowed;
        QStringList what; // per request, for failure messages
    };

private Q_SLOTS:
    void cedarDecidesAsScopebench() {
        INTEROP_FIND_NODE(node);
        INTEROP_REQUIRE(interop::packageMissing(QStringLiteral("@cedar-policy/cedar-wasm")));

        QList<Policy> policies{fixtures::epicMe()};
        for (quint32 seed = 1; seed <= 60; ++seed) {
            randompolicies::Options o;
            o.oddNames = seed % 2 == 0;
            policies.append(randompolicies::generate(seed, o));
        }

        QJsonArray cases;
        QList<Expected> expected;
        int cells = 0;
        for (int i = 0; i < policies.size(); ++i) {
            const Policy &p = policies[i];
            const CompiledPolicy compiled(p);
            const CoverageMatrix m = CoverageMatrix::compute(p);
            const auto files = PolicyExport::cedar(p);
            Expected e{QStringLiteral("policy %1").arg(i), {}, {}};
            QJsonArray requests;
            auto add = [&](const QStringList &scopes, const Operation &op, bool allowed) {
                requests.append(
                    QJsonObject{{QStringLiteral("scopes"), QJsonArray::fromStringList(scopes)},
                                {QStringLiteral("action"),
                                 op.isAnyRequest() ? PolicyExport::cedarConnectAction()
                                                   : PolicyExport::cedarCallAction(op.tool)}});
                e.allowed.append(allowed);
                e.what.append(op.label() + QStringLiteral(" with [") + scopes.join(u' ') +
                              QLatin1Char(']'));
            };
            for (int o = 0; o < m.operations().size(); ++o) {
                for (int c = 0; c < m.classes().size(); ++c) {
                    add(m.classes()[c].scopes, m.operations()[o], m.cell(o, c).allowed);
                    ++cells;
                }
            }
            // Other tokens too: random subsets of the named scopes plus one no policy names.
            QRandomGenerator rng(quint32(i) + 7u);
            const QList<QStringList> subsets = randompolicies::allSubsets(p.allScopeNames());
            for (const auto &op : m.operations()) {
                for (int k = 0; k < 8; ++k) {
                    QStringList scopes = subsets[int(rng.bounded(int(subsets.size())))];
                    if (k == 0)
                        scopes.append(QStringLiteral("unknown:scope"));
                    add(scopes, op, ScopeDecision::decide(compiled, scopes, op).allowed);
                }
            }
            cases.append(
                QJsonObject{{QStringLiteral("name"), e.name},
                            {QStringLiteral("server"), p.name},
                            {QStringLiteral("policies"), QString::fromUtf8(files[0].bytes)},
                            {QStringLiteral("schema"), QString::fromUtf8(files[1].bytes)},
                            {QStringLiteral("requests"), requests}});
            expected.append(e);
        }
        QVERIFY(cells > 500);

        QString failure;
        const QJsonArray results = interop::runNodeCases(
            node, QStringLiteral("cedar.test.mjs"), QStringLiteral("SCOPEBENCH_CEDAR_CASES"),
            QStringLiteral("SCOPEBENCH_CEDAR_RESULTS"), cases, &failure);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QCOMPARE(results.size(), expected.size());
        int compared = 0;
        for (int i = 0; i < expected.size(); ++i) {
            const QJsonArray decisions =
                results[i].toObject().value(QStringLiteral("decisions")).toArray();
            QCOMPARE(decisions.size(), expected[i].allowed.size());
            for (int k = 0; k < decisions.size(); ++k) {
                const bool cedarAllows = decisions[k].toString() == QLatin1String("allow");
                QVERIFY2(cedarAllows == expected[i].allowed[k],
                         qPrintable(expected[i].name + QStringLiteral(": ") + expected[i].what[k] +
                                    QStringLiteral(": Cedar says ") + decisions[k].toString()));
                ++compared;
            }
        }
        qInfo("Cedar decided %d requests (%d matrix cells) of %d policies as Scopebench did",
              compared, cells, int(policies.size()));
    }
};

QTEST_GUILESS_MAIN(tst_InteropCedar)
#include "tst_interop_cedar.moc"
