#include "client/ConformanceRun.h"
#include "mcp/EndpointRunner.h"
#include "policy/PolicyFile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QXmlStreamReader>

using namespace scopebench;

namespace {

Policy epicMe() {
    return PolicyFile::load(QStringLiteral(":/scopebench/policies/epicme.json")).value();
}

// The server's policy, with one tool that needs another scope than the probed policy says.
Policy planted(Policy policy, const QString &tool, const QString &scope) {
    for (ToolRequirement &t : policy.toolScopes) {
        if (t.tool == tool)
            t.alternatives = {{scope}};
    }
    return policy;
}

struct Served {
    EndpointRunner runner;
    bool start(const Policy &policy) {
        RunnerSettings settings;
        settings.endpoint.port = 0;
        settings.policy = policy;
        settings.testClientSecret = QStringLiteral("conformance-test-secret-0123456789");
        QSignalSpy started(&runner, &EndpointRunner::started);
        runner.start(settings);
        return started.wait(10000);
    }
    ConformanceSettings settings() const {
        ConformanceSettings s;
        s.client.serverUrl = runner.endpointUrl();
        s.client.grant = McpClientSettings::Grant::ClientCredentials;
        s.client.clientId = runner.testClientId();
        s.client.clientSecret = runner.testClientSecret();
        s.client.limits.timeoutMs = 10000;
        return s;
    }
};

ConformanceReport runAgainst(Served &served, const Policy &probed, QString *transcript = nullptr) {
    ConformanceRun run(served.settings(), probed, std::make_unique<FollowAuthorizer>());
    QSignalSpy finished(&run, &ConformanceRun::finished);
    run.start();
    if (!finished.wait(120000))
        return ConformanceReport();
    if (transcript)
        *transcript = run.transcript().toText();
    return run.report();
}

} // namespace

class tst_ConformanceRun : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void casesOfAPolicy() {
        Policy p;
        p.scopes = {
            {QStringLiteral("a"), {}}, {QStringLiteral("b"), {}}, {QStringLiteral("c"), {}}};
        p.validScopeCombinations = {{QStringLiteral("a")}};
        p.toolScopes = {{QStringLiteral("t"),
                         {{QStringLiteral("a"), QStringLiteral("b")}, {QStringLiteral("c")}}}};
        QStringList ids;
        for (const ConformanceCase &c : ConformanceRun::casesFor(p))
            ids.append(c.id);
        // "a" minus "a" and "c" minus "c" are the empty set: the no-scopes case, once.
        QCOMPARE(ids, (QStringList{QStringLiteral("no-token"), QStringLiteral("no-scopes"),
                                   QStringLiteral("exact:a"), QStringLiteral("exact:a+b"),
                                   QStringLiteral("minus:b"), QStringLiteral("exact:c"),
                                   QStringLiteral("catalogue")}));
        QStringList ops;
        for (const ConformanceOperation &o : ConformanceRun::operationsFor(p))
            ops.append(o.id);
        QCOMPARE(ops, (QStringList{QStringLiteral("tools/list"), QStringLiteral("tools/call t")}));
    }

    void compareReadsTheChallenge_data() {
        QTest::addColumn<QByteArray>("predicted");
        QTest::addColumn<QByteArray>("observed");
        QTest::addColumn<int>("observedStatus");
        QTest::addColumn<QStringList>("differences");
        const QByteArray base =
            "Bearer error=\"insufficient_scope\", scope=\"a b\", "
            "resource_metadata=\"http://x/.well-known/oauth-protected-resource\"";
        QTest::newRow("same, scope order aside")
            << base
            << QByteArray("Bearer scope=\"b a\", error=\"insufficient_scope\", "
                          "resource_metadata=\"http://y\", error_description=\"other words\"")
            << 403 << QStringList();
        QTest::newRow("scope differs")
            << base
            << QByteArray(
                   "Bearer error=\"insufficient_scope\", scope=\"a\", resource_metadata=\"m\"")
            << 403 << QStringList{QStringLiteral("scope: predicted [a b], observed [a]")};
        QTest::newRow("no resource_metadata")
            << base << QByteArray("Bearer error=\"insufficient_scope\", scope=\"a b\"") << 403
            << QStringList{QStringLiteral("resource_metadata: predicted present, observed absent")};
        QTest::newRow("allowed instead")
            << base << QByteArray() << 200
            << QStringList{QStringLiteral("predicted refused 403, observed allowed (status 200)")};
    }
    void compareReadsTheChallenge() {
        QFETCH(QByteArray, predicted);
        QFETCH(QByteArray, observed);
        QFETCH(int, observedStatus);
        QFETCH(QStringList, differences);
        ConformanceCell cell;
        cell.predicted = ConformanceRun::answerOf(
            403, {{QByteArrayLiteral("WWW-Authenticate"), predicted}}, false);
        HttpHeaders headers;
        if (!observed.isEmpty())
            headers.append({QByteArrayLiteral("WWW-Authenticate"), observed});
        cell.observed = ConformanceRun::answerOf(observedStatus, headers, false);
        ConformanceRun::compare(&cell);
        QCOMPARE(cell.differences, differences);
        QCOMPARE(cell.match, differences.isEmpty());
    }

    // An argument error after authorization is an allowed call.
    void argumentErrorCountsAsAllowed() {
        QVERIFY(ConformanceRun::answerOf(200, {}, true).allowed);
        QVERIFY(ConformanceRun::answerOf(400, {}, true).allowed);
        QVERIFY(!ConformanceRun::answerOf(400, {}, false).allowed);
        QVERIFY(!ConformanceRun::answerOf(403, {}, true).allowed);
    }

    // Our own endpoint, serving the policy that is probed: every cell matches.
    void endpointMatchesItsPolicy() {
        Served served;
        QVERIFY(served.start(epicMe()));
        QString transcript;
        const ConformanceReport report = runAgainst(served, epicMe(), &transcript);
        QVERIFY2(report.stopped.isEmpty(), qPrintable(report.stopped + transcript));
        const int expectedCells = int(ConformanceRun::casesFor(epicMe()).size() *
                                      ConformanceRun::operationsFor(epicMe()).size());
        QCOMPARE(report.cells.size(), expectedCells);
        QVERIFY2(report.allMatch(), qPrintable(report.toText()));
        // The endpoint grants exactly what is asked for: no cell predicted from another grant.
        for (const ConformanceCell &c : report.cells)
            QVERIFY2(!c.grantDiffers, qPrintable(c.granted.join(u' ')));
        // The no-token row is refused with 401 everywhere, with resource_metadata.
        for (const ConformanceCell &c : report.cells) {
            if (c.caseIndex == 0) {
                QCOMPARE(c.observed.status, 401);
                QVERIFY(c.observed.resourceMetadata);
            }
        }
        // No secret in the report.
        const QByteArray json = QJsonDocument(report.toJson()).toJson();
        QVERIFY(!json.contains("conformance-test-secret"));
        QVERIFY(!transcript.contains(QStringLiteral("conformance-test-secret")));
    }

    // The server needs tags:read for create_tag where the policy says tags:write: the report
    // shows mismatches in exactly that column, and the JUnit file fails exactly those cells.
    void plantedMismatchIsTheOnlyOne() {
        Served served;
        QVERIFY(served.start(
            planted(epicMe(), QStringLiteral("create_tag"), QStringLiteral("tags:read"))));
        const ConformanceReport report = runAgainst(served, epicMe());
        QVERIFY2(report.stopped.isEmpty(), qPrintable(report.stopped));
        QCOMPARE(report.notRun(), 0);
        QVERIFY(report.mismatches() >= 2);
        QStringList mismatched;
        for (const ConformanceCell &c : report.cells) {
            if (!c.match)
                mismatched.append(report.cases.at(c.caseIndex).id + QLatin1Char('/') +
                                  report.operations.at(c.operationIndex).id);
        }
        QCOMPARE(mismatched,
                 (QStringList{QStringLiteral("exact:tags:read/tools/call create_tag"),
                              QStringLiteral("exact:tags:write/tools/call create_tag")}));
        QXmlStreamReader xml(report.toJUnit());
        int testcases = 0, failures = 0;
        while (!xml.atEnd()) {
            if (xml.readNext() != QXmlStreamReader::StartElement)
                continue;
            testcases += xml.name() == QLatin1String("testcase") ? 1 : 0;
            failures += xml.name() == QLatin1String("failure") ? 1 : 0;
        }
        QVERIFY(!xml.hasError());
        QCOMPARE(testcases, int(report.cells.size()));
        QCOMPARE(failures, 2);
        QVERIFY(!report.allMatch());
    }
};

QTEST_MAIN(tst_ConformanceRun)
#include "tst_conformancerun.moc"
