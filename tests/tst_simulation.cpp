#include "decision/Decider.h"
#include "decision/Simulation.h"

#include <QTest>

#include <optional>

using namespace scopebench;

namespace {

Policy policyFor(const QString &resource) {
    Policy p;
    p.realm = QStringLiteral("R");
    p.resource = resource;
    p.scopes = {{QStringLiteral("a"), QString()}, {QStringLiteral("b"), QString()}};
    p.validScopeCombinations = {{QStringLiteral("a")}};
    p.toolScopes = {{QStringLiteral("t"), {{QStringLiteral("b")}}}};
    return p;
}

} // namespace

class TestSimulation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void request_data();
    void request();
    void decideIsTheDecisionOfThatRequest_data();
    void decideIsTheDecisionOfThatRequest();
};

void TestSimulation::request_data() {
    QTest::addColumn<QString>("resource");
    QTest::addColumn<bool>("hasToken");
    QTest::addColumn<QString>("tool");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("authorization"); // empty: no header
    QTest::newRow("the default resource")
        << "" << true << "" << QByteArray("/mcp") << QByteArray("Bearer tok.en-1");
    QTest::newRow("no token") << "" << false << "" << QByteArray("/mcp") << QByteArray();
    QTest::newRow("a tool") << "https://h.example/a/b" << true << "t" << QByteArray("/a/b")
                            << QByteArray("Bearer tok.en-1");
    QTest::newRow("no path") << "https://h.example" << true << "" << QByteArray("/")
                             << QByteArray("Bearer tok.en-1");
    QTest::newRow("encoded path") << "https://h.example/a%20b" << true << "" << QByteArray("/a%20b")
                                  << QByteArray("Bearer tok.en-1");
    QTest::newRow("unusable resource: the default's path")
        << "relative/x" << true << "" << QByteArray("/mcp") << QByteArray("Bearer tok.en-1");
}

void TestSimulation::request() {
    QFETCH(QString, resource);
    QFETCH(bool, hasToken);
    QFETCH(QString, tool);
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, authorization);
    const CompiledPolicy compiled(policyFor(resource));
    const std::optional<QByteArray> token =
        hasToken ? std::optional<QByteArray>(QByteArrayLiteral("tok.en-1")) : std::nullopt;
    const RequestFacts r = Simulation::request(compiled, token, tool);
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.path, path);
    QCOMPARE(r.query, QByteArray());
    QCOMPARE(headerValues(r.headers, "content-type"), QList<QByteArray>{"application/json"});
    const QList<QByteArray> auth = headerValues(r.headers, "authorization");
    QCOMPARE(auth.isEmpty(), authorization.isEmpty());
    if (!authorization.isEmpty())
        QCOMPARE(auth, QList<QByteArray>{authorization});
    QCOMPARE(r.toolName, tool);
    QCOMPARE(r.rpcMethod, tool.isEmpty() ? QString() : QStringLiteral("tools/call"));
}

void TestSimulation::decideIsTheDecisionOfThatRequest_data() {
    QTest::addColumn<QStringList>("scopes");
    QTest::addColumn<bool>("present");
    QTest::addColumn<QString>("tool");
    QTest::addColumn<int>("status");
    QTest::newRow("allow") << QStringList{QStringLiteral("a")} << true << "" << 200;
    QTest::newRow("server 403") << QStringList{QStringLiteral("b")} << true << "" << 403;
    QTest::newRow("tool 403") << QStringList{QStringLiteral("a")} << true << "t" << 403;
    QTest::newRow("tool allow") << QStringList{QStringLiteral("a"), QStringLiteral("b")} << true
                                << "t" << 200;
    QTest::newRow("no token") << QStringList() << false << "" << 401;
}

void TestSimulation::decideIsTheDecisionOfThatRequest() {
    QFETCH(QStringList, scopes);
    QFETCH(bool, present);
    QFETCH(QString, tool);
    QFETCH(int, status);
    const CompiledPolicy compiled(policyFor(QStringLiteral("https://h.example/mcp")));
    SimulatedToken token;
    token.present = present;
    token.scopes = scopes;
    const qint64 now = 1'700'000'000;
    const Decision simulated = Simulation::decide(compiled, token, tool, now);
    const std::optional<QByteArray> bearer =
        present ? std::optional<QByteArray>(QByteArrayLiteral("simulated-token")) : std::nullopt;
    const Decision direct = Decider::decide(compiled, Simulation::request(compiled, bearer, tool),
                                            TokenKnowledge::known(Simulation::factsOf(token)), now);
    QCOMPARE(simulated.response.status, status);
    QCOMPARE(simulated.response.toRaw(), direct.response.toRaw());
    QCOMPARE(simulated.outcome, direct.outcome);
}

QTEST_GUILESS_MAIN(TestSimulation)
#include "tst_simulation.moc"
