#include "cli/CommandLine.h"
#include "mcp/EndpointRunner.h"
#include "policy/PolicyFile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace scopebench;

namespace {

struct Output {
    int code = -1;
    QString out;
    QString err;
};

Output probe(const QStringList &arguments) {
    Output o;
    QTextStream out(&o.out);
    QTextStream err(&o.err);
    o.code = CommandLine::run(
        QStringList{QStringLiteral("scopebench"), QStringLiteral("probe")} + arguments, out, err);
    out.flush();
    err.flush();
    return o;
}

const char *TestSecret = "probe-command-secret-0123456789";

} // namespace

class tst_ProbeCommand : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<EndpointRunner> runner;
    QString url;
    QTemporaryDir dir;

private Q_SLOTS:
    void initTestCase() {
        RunnerSettings settings;
        settings.endpoint.port = 0;
        settings.policy = PolicyFile::load(PolicyFile::bundledExample()).value();
        settings.testClientSecret = QString::fromLatin1(TestSecret);
        // The built-in authorization server approves the whole catalogue without a page.
        settings.autoApprove = settings.policy.catalogNames();
        runner = std::make_unique<EndpointRunner>();
        QSignalSpy started(runner.get(), &EndpointRunner::started);
        runner->start(settings);
        QVERIFY(started.wait(10000));
        url = runner->endpointUrl().toString();
        qputenv("SCOPEBENCH_TST_PROBE_SECRET", TestSecret);
    }
    void cleanupTestCase() { runner.reset(); }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("no URL") << QStringList() << "missing URL";
        QTest::newRow("not http") << QStringList{QStringLiteral("ftp://x/mcp")}
                                  << "absolute http(s)";
        QTest::newRow("two URLs") << QStringList{QStringLiteral("http://a/mcp"),
                                                 QStringLiteral("http://b/mcp")}
                                  << "unexpected argument";
        QTest::newRow("bad grant")
            << QStringList{QStringLiteral("--grant"), QStringLiteral("password"),
                           QStringLiteral("http://a/mcp")}
            << "--grant must be";
        QTest::newRow("bad authorize")
            << QStringList{QStringLiteral("--authorize"), QStringLiteral("x"),
                           QStringLiteral("http://a/mcp")}
            << "--authorize must be";
        QTest::newRow("bad key alg")
            << QStringList{QStringLiteral("--client-id"),       QStringLiteral("c"),
                           QStringLiteral("--client-key-file"), QStringLiteral("/nonexistent.pem"),
                           QStringLiteral("--client-key-alg"),  QStringLiteral("HS256"),
                           QStringLiteral("http://a/mcp")}
            << "--client-key-alg must be ES256 or RS256";
        QTest::newRow("junit without policy")
            << QStringList{QStringLiteral("--junit"), QStringLiteral("x.xml"),
                           QStringLiteral("http://a/mcp")}
            << "need --policy";
        QTest::newRow("arguments not an object")
            << QStringList{QStringLiteral("--arguments"), QStringLiteral("[1]"),
                           QStringLiteral("http://a/mcp")}
            << "--arguments must be a JSON object";
    }
    void usageErrors() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        const Output o = probe(arguments);
        QCOMPARE(o.code, 2);
        QVERIFY2(o.err.contains(message), qPrintable(o.err));
    }

    // Nothing listens: exit 3.
    void cannotConnect() {
        const Output o = probe({QStringLiteral("--authorize"), QStringLiteral("follow"),
                                QStringLiteral("--timeout-ms"), QStringLiteral("3000"),
                                QStringLiteral("http://127.0.0.1:9/mcp")});
        QCOMPARE(o.code, 3);
    }

    // Discovery, dynamic registration, PKCE through follow, every tool called: exit 0 and no
    // secret in the output.
    void followCallsEveryTool() {
        const Output o = probe({QStringLiteral("--authorize"), QStringLiteral("follow"),
                                QStringLiteral("--call"), QStringLiteral("*"),
                                QStringLiteral("--format"), QStringLiteral("json"), url});
        QVERIFY2(o.code == 0, qPrintable(o.out + o.err));
        const QJsonObject json = QJsonDocument::fromJson(o.out.toUtf8()).object();
        QVERIFY(json.value(QLatin1String("connected")).toBool());
        QCOMPARE(json.value(QLatin1String("calls")).toArray().size(),
                 json.value(QLatin1String("tools")).toArray().size());
        QVERIFY(json.value(QLatin1String("authorizationRequests")).toInt() <= 3);
        QStringList steps;
        for (const QJsonValue &e : json.value(QLatin1String("exchanges")).toArray())
            steps.append(e.toObject().value(QLatin1String("step")).toString());
        QVERIFY(steps.contains(QStringLiteral("registration")));
        QVERIFY(steps.contains(QStringLiteral("authorization")));
        QVERIFY(o.out.contains(QStringLiteral("code_challenge")));
        QVERIFY(!o.out.contains(QString::fromLatin1(TestSecret)));
    }

    // A server that names the scopes a call needs (closest) and an authorization server that
    // approves what is asked: the probe steps up by the union of what it asked and what the
    // 403 challenged, and the call succeeds with two authorization requests of at most three.
    void stepUpByUnionAgainstServe() {
        RunnerSettings settings;
        settings.endpoint.port = 0;
        settings.policy = PolicyFile::load(PolicyFile::bundledExample()).value();
        settings.policy.challenge.scopeHint = ScopeHint::Closest;
        settings.autoApprove = QStringList(); // serve --grant "": approve what was asked
        EndpointRunner closest;
        QSignalSpy started(&closest, &EndpointRunner::started);
        closest.start(settings);
        QVERIFY(started.wait(10000));
        const Output o = probe({QStringLiteral("--authorize"), QStringLiteral("follow"),
                                QStringLiteral("--call"), QStringLiteral("create_entry"),
                                QStringLiteral("--arguments"),
                                QStringLiteral("{\"title\":\"t\",\"content\":\"c\"}"),
                                closest.endpointUrl().toString()});
        QVERIFY2(o.code == 0, qPrintable(o.out + o.err));
        QVERIFY2(o.out.contains(QStringLiteral("asking [user:read entries:write]")),
                 qPrintable(o.out));
        QVERIFY2(o.out.contains(QStringLiteral("tools/call create_entry: 200")), qPrintable(o.out));
        QVERIFY2(o.out.contains(QStringLiteral("authorization requests: 2 of at most 3")),
                 qPrintable(o.out));
    }

    // The conformance of serve to the policy it serves: every cell matches; the JUnit file has
    // one test case per cell and no failure.
    void conformanceOfServe() {
        const QString junit = dir.filePath(QStringLiteral("probe.xml"));
        const Output o = probe(
            {QStringLiteral("--policy"), PolicyFile::bundledExample(), QStringLiteral("--grant"),
             QStringLiteral("client_credentials"), QStringLiteral("--client-id"),
             runner->testClientId(), QStringLiteral("--client-secret-env"),
             QStringLiteral("SCOPEBENCH_TST_PROBE_SECRET"), QStringLiteral("--junit"), junit, url});
        QVERIFY2(o.code == 0, qPrintable(o.out + o.err));
        QVERIFY(o.out.contains(QStringLiteral(", 0 mismatches, 0 not run")));
        QFile f(junit);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray xml = f.readAll();
        QVERIFY(xml.contains("<testsuite"));
        QVERIFY(!xml.contains("<failure"));
        QVERIFY(!o.out.contains(QString::fromLatin1(TestSecret)));
    }
};

QTEST_MAIN(tst_ProbeCommand)
#include "tst_probecommand.moc"
