#include "cli/CommandLine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace scopebench;

namespace {

struct Run {
    int exit = -1;
    QString out;
    QString err;
};

Run runCommand(const QStringList &arguments) {
    Run r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.exit = CommandLine::run(QStringList{QStringLiteral("scopebench")} + arguments, out, err);
    out.flush();
    err.flush();
    return r;
}

const QString Now = QStringLiteral("1700000000");

const QByteArray PolicyWithErrors = R"({"scopebench": 1, "realm": "E",
  "scopes": [{"name": "a"}, {"name": "a"}], "validScopeCombinations": [["a"]]})";

} // namespace

class TestCommandLine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void run_data();
    void run();
    void checkHttpIsTheExactResponse_data();
    void checkHttpIsTheExactResponse();
    void checkJson();
    void lintJson_data();
    void lintJson();
    void lintJsonOfTheExample();
    void checkWarnsOfAnUnusableResource_data();
    void checkWarnsOfAnUnusableResource();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

void TestCommandLine::initTestCase() {
    QVERIFY(m_dir.isValid());
    QFile file(path(QStringLiteral("errors.json")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(PolicyWithErrors), PolicyWithErrors.size());
    file.close();
    QFile notJson(path(QStringLiteral("broken.json")));
    QVERIFY(notJson.open(QIODevice::WriteOnly));
    notJson.write("{\"scopebench\": 1,");
    notJson.close();
    QByteArray manyTools = R"({"scopebench": 1, "toolScopes": {)";
    for (int t = 0; t <= 1000; ++t)
        manyTools += (t ? ", \"t" : "\"t") + QByteArray::number(t) + "\": []";
    manyTools += "}}";
    const QList<QPair<const char *, QByteArray>> files = {
        {"version2.json", R"({"scopebench": 2})"},
        {"linebreak.json", R"({"scopebench": 1, "scopes": ["a\nb"]})"},
        {"tools.json", R"({"scopebench": 1, "scopes": ["a", "b"], "validScopeCombinations": [["a"]],
                         "toolScopes": {"t": [["a"], ["a", "b"]]}})"},
        {"manytools.json", manyTools}};
    for (const auto &[name, content] : files) {
        QFile f(path(QString::fromLatin1(name)));
        QVERIFY(f.open(QIODevice::WriteOnly));
        QCOMPARE(f.write(content), content.size());
    }
}

void TestCommandLine::run_data() {
    QTest::addColumn<QStringList>("arguments"); // "@/" stands for the test's directory
    QTest::addColumn<int>("exit");
    QTest::addColumn<QString>("out"); // expected within stdout
    QTest::addColumn<QString>("err"); // expected within stderr; empty: stderr stays empty

    auto args = [](std::initializer_list<const char *> list) {
        QStringList out;
        for (const char *a : list)
            out.append(QString::fromUtf8(a));
        return out;
    };
    const QString none;

    QTest::newRow("check: allow") << args({"check", "--scopes", "user:read", "--now", "1700000000"})
                                  << 0 << QStringLiteral("Outcome: allow") << none;
    QTest::newRow("check: implied and a tool")
        << args({"check", "--scopes", "entries:write", "--tool", "create_entry"}) << 0
        << QStringLiteral("Outcome: allow") << none;
    QTest::newRow("check: 403") << args({"check", "--scopes", ""}) << 1
                                << QStringLiteral("Outcome: 403 (HTTP 403, insufficient_scope)")
                                << none;
    QTest::newRow("check: tool 403")
        << args({"check", "--scopes", "entries:read", "--tool", "create_entry"}) << 1
        << QStringLiteral("insufficient_scope") << none;
    QTest::newRow("check: expired")
        << args({"check", "--scopes", "user:read", "--exp", "1", "--now", "1700000000"}) << 1
        << QStringLiteral("HTTP 401, invalid_token") << none;
    QTest::newRow("check: no token")
        << args({"check", "--no-token"}) << 1 << QStringLiteral("Outcome: 401") << none;
    QTest::newRow("check: inactive") << args({"check", "--scopes", "user:read", "--inactive"}) << 1
                                     << QStringLiteral("invalid_token") << none;
    QTest::newRow("check: policy file")
        << args({"check", "--policy", ":/scopebench/policies/epicme.json", "--scopes", "tags:read"})
        << 0 << QStringLiteral("Outcome: allow") << none;

    const QString usage = QStringLiteral("scopebench check: ");
    QTest::newRow("check: bad --format") << args({"check", "--format", "xml"}) << 2 << none
                                         << QStringLiteral("scopebench check: --format must be");
    QTest::newRow("check: bad --exp") << args({"check", "--exp", "tomorrow"}) << 2 << none
                                      << QStringLiteral("scopebench check: --exp");
    QTest::newRow("check: negative --exp")
        << args({"check", "--exp=-5"}) << 2 << none << QStringLiteral("scopebench check: --exp");
    QTest::newRow("check: bad --nbf") << args({"check", "--nbf", "1e9"}) << 2 << none
                                      << QStringLiteral("scopebench check: --nbf");
    QTest::newRow("check: bad --now")
        << args({"check", "--now", ""}) << 2 << none << QStringLiteral("scopebench check: --now");
    QTest::newRow("check: unknown option")
        << args({"check", "--bogus"}) << 2 << none
        << QStringLiteral("scopebench check: ") + QStringLiteral("Unknown option 'bogus'");
    QTest::newRow("check: option without its value")
        << args({"check", "--scopes"}) << 2 << none << usage;
    QTest::newRow("check: stray argument") << args({"check", "extra"}) << 2 << none
                                           << QStringLiteral("scopebench check: unexpected "
                                                             "argument \"extra\"");
    QTest::newRow("check: bad scope") << args({"check", "--scopes", "user:read a\"b"}) << 2 << none
                                      << QStringLiteral("scopebench check: --scopes: \"a\"b\"");
    QTest::newRow("check: non-ASCII scope")
        << args({"check", "--scopes", "caf\xc3\xa9"}) << 2 << none << usage;
    QTest::newRow("check: bad --resource")
        << args({"check", "--resource", "ftp://x/mcp"}) << 2 << none
        << QStringLiteral("scopebench check: --resource");
    QTest::newRow("check: unreadable policy")
        << args({"check", "--policy", "@/missing.json"}) << 2 << none
        << QStringLiteral("missing.json: cannot open the file");
    QTest::newRow("check: policy that is not JSON")
        << args({"check", "--policy", "@/broken.json"}) << 2 << none
        << QStringLiteral("not valid JSON");
    QTest::newRow("check: policy of a newer version")
        << args({"check", "--policy", "@/version2.json"}) << 2 << none
        << QStringLiteral("version2.json, $.scopebench: format version 2 is not supported");
    QTest::newRow("check: policy over a limit")
        << args({"check", "--policy", "@/manytools.json"}) << 2 << none
        << QStringLiteral("manytools.json, $.toolScopes: more than 1000 tools");
    QTest::newRow("check: a line break in the refused scope stays on one line")
        << args({"check", "--policy", "@/linebreak.json"}) << 2 << none
        << QStringLiteral("linebreak.json, $.scopes[0]: \"a\\nb\": ");
    QTest::newRow("check: --help states the exit status of a bad policy")
        << args({"check", "--help"}) << 0 << QStringLiteral("scopebench lint reports such a file")
        << none;
    QTest::newRow("check: --help") << args({"check", "--help"}) << 0
                                   << QStringLiteral("Usage: scopebench check [options]\n") << none;
    QTest::newRow("check: --help lists the options")
        << args({"check", "--help"}) << 0 << QStringLiteral("--scopes <SCOPES>") << none;
    QTest::newRow("check: -h") << args({"check", "-h"}) << 0 << QStringLiteral("--format") << none;

    QTest::newRow("lint: the bundled example")
        << args({"lint"}) << 0 << QStringLiteral("0 errors") << none;
    QTest::newRow("lint: the example by name")
        << args({"lint", "--policy", ":/scopebench/policies/epicme.json"}) << 0
        << QStringLiteral("0 errors") << none;
    QTest::newRow("lint: errors") << args({"lint", "--policy", "@/errors.json"}) << 1
                                  << QStringLiteral("error [catalog-duplicate]") << none;
    QTest::newRow("lint: unreadable file") << args({"lint", "--policy", "@/missing.json"}) << 1
                                           << QStringLiteral("[file-unreadable]") << none;
    QTest::newRow("lint: not JSON")
        << args({"lint", "--policy", "@/broken.json"}) << 1
        << QStringLiteral("error [file-invalid-json] not valid JSON") << none;
    QTest::newRow("lint: newer version")
        << args({"lint", "--policy", "@/version2.json"}) << 1
        << QStringLiteral("$.scopebench: error [file-invalid]") << none;
    QTest::newRow("lint: over a limit")
        << args({"lint", "--policy", "@/manytools.json"}) << 1
        << QStringLiteral("error [file-too-large] more than 1000") << none;
    QTest::newRow("lint: a line break stays on one line")
        << args({"lint", "--policy", "@/linebreak.json"}) << 1
        << QStringLiteral("[file-invalid] \"a\\nb\": the control character") << none;
    QTest::newRow("lint: --help states the exit status of a bad policy")
        << args({"lint", "--help"}) << 0 << QStringLiteral("scopebench check exits with 2") << none;
    QTest::newRow("lint: bad --format") << args({"lint", "--format", "http"}) << 2 << none
                                        << QStringLiteral("scopebench lint: --format must be");
    QTest::newRow("lint: unknown option")
        << args({"lint", "--scopes", "a"}) << 2 << none << QStringLiteral("scopebench lint: ");
    QTest::newRow("lint: --help") << args({"lint", "--help"}) << 0
                                  << QStringLiteral("Usage: scopebench lint [options]\n") << none;

    QTest::newRow("help") << args({"--help"}) << 0 << QStringLiteral("check") << none;
    QTest::newRow("help lists lint") << args({"help"}) << 0 << QStringLiteral("lint") << none;
    QTest::newRow("version") << args({"--version"}) << 0 << QStringLiteral("scopebench ") << none;
    QTest::newRow("unknown subcommand") << args({"frobnicate"}) << 2 << none
                                        << QStringLiteral("scopebench: unknown subcommand "
                                                          "\"frobnicate\"");
    QTest::newRow("no subcommand")
        << args({}) << 2 << none << QStringLiteral("scopebench: unknown subcommand");
}

void TestCommandLine::run() {
    QFETCH(QStringList, arguments);
    QFETCH(int, exit);
    QFETCH(QString, out);
    QFETCH(QString, err);

    for (auto &a : arguments)
        a.replace(QLatin1String("@/"), m_dir.path() + QLatin1Char('/'));
    const Run r = runCommand(arguments);
    QCOMPARE(r.exit, exit);
    if (!out.isEmpty())
        QVERIFY2(r.out.contains(out), qPrintable(r.out));
    // A refused file is one finding on one line, then the count.
    if (arguments.value(0) == QLatin1String("lint") && out.contains(QLatin1String("[file-")))
        QVERIFY2(r.out.count(QLatin1Char('\n')) == 2, qPrintable(r.out));
    if (err.isEmpty()) {
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
    } else {
        QVERIFY2(r.err.contains(err), qPrintable(r.err));
        // A usage error is one line, and nothing goes to standard output.
        QVERIFY2(r.err.endsWith(QLatin1Char('\n')) && r.err.count(QLatin1Char('\n')) == 1,
                 qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }
}

void TestCommandLine::checkHttpIsTheExactResponse_data() {
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<int>("exit");
    QTest::addColumn<QString>("expected");

    const QString metadata =
        QStringLiteral("http://127.0.0.1:8787/.well-known/oauth-protected-resource/mcp");
    const QString body403 =
        QStringLiteral("{\"error\":\"insufficient_scope\",\"error_description\":\"Any of the "
                       "following combinations of scopes is valid: user:read, entries:read, "
                       "entries:write, tags:read, tags:write\"}");
    QTest::newRow("403")
        << QStringList{QStringLiteral("check"), QStringLiteral("--format"), QStringLiteral("http"),
                       QStringLiteral("--now"), Now}
        << 1
        << QStringLiteral(
               "HTTP/1.1 403 Forbidden\r\n"
               "WWW-Authenticate: Bearer realm=\"EpicMe\", error=\"insufficient_scope\", "
               "error_description=\"Any of the following combinations of scopes is "
               "valid: user:read, entries:read, entries:write, tags:read, tags:write\", "
               "resource_metadata=\"") +
               metadata +
               QStringLiteral("\"\r\nContent-Type: application/json\r\nContent-Length: %1\r\n\r\n")
                   .arg(body403.size()) +
               body403;
    const QString body401 = QStringLiteral("{\"error\":\"unauthorized\",\"error_description\":\"No "
                                           "Authorization header: an access token is required\"}");
    QTest::newRow("401 without a token")
        << QStringList{QStringLiteral("check"), QStringLiteral("--no-token"),
                       QStringLiteral("--format=http")}
        << 1
        << QStringLiteral("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Bearer realm=\"EpicMe\", "
                          "resource_metadata=\"") +
               metadata +
               QStringLiteral("\"\r\nContent-Type: application/json\r\nContent-Length: %1\r\n\r\n")
                   .arg(body401.size()) +
               body401;
    QTest::newRow("allow") << QStringList{QStringLiteral("check"), QStringLiteral("--scopes"),
                                          QStringLiteral("tags:write"), QStringLiteral("--format"),
                                          QStringLiteral("http")}
                           << 0 << QStringLiteral("HTTP/1.1 200 OK\r\n\r\n");
}

void TestCommandLine::checkHttpIsTheExactResponse() {
    QFETCH(QStringList, arguments);
    QFETCH(int, exit);
    QFETCH(QString, expected);
    const Run r = runCommand(arguments);
    QCOMPARE(r.exit, exit);
    QCOMPARE(r.out, expected);
    QVERIFY(r.err.isEmpty());
}

void TestCommandLine::checkJson() {
    const Run r = runCommand({QStringLiteral("check"), QStringLiteral("--scopes"),
                              QStringLiteral("entries:read"), QStringLiteral("--tool"),
                              QStringLiteral("create_entry"), QStringLiteral("--format"),
                              QStringLiteral("json"), QStringLiteral("--now"), Now});
    QCOMPARE(r.exit, 1);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    const QJsonObject o = doc.object();
    QCOMPARE(o.value(QStringLiteral("outcome")).toString(), QStringLiteral("403"));
    QCOMPARE(o.value(QStringLiteral("status")).toInt(), 403);
    QCOMPARE(o.value(QStringLiteral("error")).toString(), QStringLiteral("insufficient_scope"));
    const QJsonArray trace = o.value(QStringLiteral("trace")).toArray();
    QCOMPARE(trace.size(), 10);
    QStringList results;
    for (const auto &step : trace) {
        QVERIFY(!step.toObject().value(QStringLiteral("check")).toString().isEmpty());
        results.append(step.toObject().value(QStringLiteral("result")).toString());
    }
    QCOMPARE(results.last(), QStringLiteral("fail"));
    QCOMPARE(results.count(QStringLiteral("pass")), 8);
    QCOMPARE(o.value(QStringLiteral("response")).toObject().value(QStringLiteral("status")).toInt(),
             403);
    // The alternative each level rests on (docs/decision.md, "Which alternative"): the server
    // level is met by entries:read, the tool's is not met and its closest alternative is chosen.
    const auto chosen = [&o](const char *level) {
        QList<QJsonObject> found;
        for (const auto &c : o.value(QLatin1String(level)).toArray()) {
            if (c.toObject().value(QStringLiteral("chosen")).toBool())
                found.append(c.toObject());
        }
        return found;
    };
    const QList<QJsonObject> server = chosen("serverCombinations");
    QCOMPARE(server.size(), 1);
    QCOMPARE(server[0].value(QStringLiteral("combination")).toArray(),
             QJsonArray{QStringLiteral("entries:read")});
    QVERIFY(server[0].value(QStringLiteral("missing")).toArray().isEmpty());
    const QList<QJsonObject> tool = chosen("toolCombinations");
    QCOMPARE(tool.size(), 1);
    QVERIFY(!tool[0].value(QStringLiteral("missing")).toArray().isEmpty());
}

void TestCommandLine::lintJson_data() {
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("exit");
    QTest::addColumn<QString>("id");
    QTest::addColumn<QString>("severity");
    QTest::addColumn<QString>("where");
    QTest::addColumn<QString>("area");
    QTest::addColumn<QJsonValue>("tool");
    QTest::addColumn<QJsonValue>("combination");
    QTest::addColumn<QJsonValue>("scope");
    const QJsonValue null;
    QTest::newRow("catalog") << "errors.json" << 1 << "catalog-duplicate"
                             << "error"
                             << "$.scopes[1]"
                             << "catalog" << null << null << QJsonValue(QStringLiteral("a"));
    QTest::newRow("tool") << "tools.json" << 0 << "redundant-combination"
                          << "warning"
                          << "$.toolScopes.t[1]"
                          << "tool" << QJsonValue(QStringLiteral("t")) << QJsonValue(1) << null;
    QTest::newRow("unreadable") << "missing.json" << 1 << "file-unreadable"
                                << "error"
                                << "@/missing.json"
                                << "policy" << null << null << null;
    QTest::newRow("invalid") << "version2.json" << 1 << "file-invalid"
                             << "error"
                             << "@/version2.json, $.scopebench"
                             << "policy" << null << null << null;
}

void TestCommandLine::lintJson() {
    QFETCH(QString, file);
    QFETCH(int, exit);
    QFETCH(QString, id);
    QFETCH(QString, where);
    where.replace(QLatin1String("@/"), m_dir.path() + QLatin1Char('/'));
    const Run r = runCommand({QStringLiteral("lint"), QStringLiteral("--policy"), path(file),
                              QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(r.exit, exit);
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o.value(QStringLiteral("policy")).toString(), path(file));
    QJsonObject finding;
    for (const auto &f : o.value(QStringLiteral("findings")).toArray()) {
        if (f.toObject().value(QStringLiteral("id")).toString() == id)
            finding = f.toObject();
    }
    QVERIFY2(!finding.isEmpty(), qPrintable(r.out));
    QTEST(finding.value(QStringLiteral("severity")).toString(), "severity");
    QCOMPARE(finding.value(QStringLiteral("where")).toString(), where);
    QTEST(finding.value(QStringLiteral("area")).toString(), "area");
    for (const char *key : {"tool", "combination", "scope"}) {
        QVERIFY2(finding.contains(QLatin1String(key)), key);
        QTEST(finding.value(QLatin1String(key)), key);
    }
}

void TestCommandLine::lintJsonOfTheExample() {
    const Run clean =
        runCommand({QStringLiteral("lint"), QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(clean.exit, 0);
    // The one finding of the bundled example: the spec's SHOULD about scope, with its sentence
    // and a fix as data.
    const QJsonArray findings = QJsonDocument::fromJson(clean.out.toUtf8())
                                    .object()
                                    .value(QStringLiteral("findings"))
                                    .toArray();
    QCOMPARE(findings.size(), 1);
    const QJsonObject f = findings.first().toObject();
    QCOMPARE(f.value(QStringLiteral("id")).toString(), QStringLiteral("challenge-without-scope"));
    QCOMPARE(f.value(QStringLiteral("severity")).toString(), QStringLiteral("info"));
    QVERIFY(f.value(QStringLiteral("rationale")).toString().contains(QStringLiteral("SHOULD")));
    const QJsonObject fix = f.value(QStringLiteral("fix")).toObject();
    QCOMPARE(fix.value(QStringLiteral("action")).toString(), QStringLiteral("set-scope-hint"));
    QCOMPARE(fix.value(QStringLiteral("value")).toString(), QStringLiteral("closest"));
}

void TestCommandLine::checkWarnsOfAnUnusableResource_data() {
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("metadata");
    QTest::addColumn<QString>("warning"); // the whole of stderr
    const QString def =
        QStringLiteral("http://127.0.0.1:8787/.well-known/oauth-protected-resource/mcp");
    QTest::newRow("relative") << "/mcp" << def
                              << "scopebench check: warning: the resource \"/mcp\" is not usable "
                                 "(not an absolute URI); deciding for http://127.0.0.1:8787/mcp "
                                 "instead\n";
    QTest::newRow("no scheme") << "mcp.example.com" << def
                               << "scopebench check: warning: the resource \"mcp.example.com\" is "
                                  "not usable (not an absolute URI); deciding for "
                                  "http://127.0.0.1:8787/mcp instead\n";
    QTest::newRow("usable") << "https://h.example/x"
                            << "https://h.example/.well-known/oauth-protected-resource/x"
                            << "";
}

void TestCommandLine::checkWarnsOfAnUnusableResource() {
    QFETCH(QString, resource);
    QFETCH(QString, metadata);
    QFETCH(QString, warning);
    const QString fileName = path(QStringLiteral("resource.json"));
    QFile file(fileName);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(R"({"scopebench": 1, "resource": ")" + resource.toUtf8() +
               R"(", "validScopeCombinations": [["a"]]})");
    file.close();
    const Run r = runCommand({QStringLiteral("check"), QStringLiteral("--policy"), fileName,
                              QStringLiteral("--no-token"), QStringLiteral("--format"),
                              QStringLiteral("http")});
    QCOMPARE(r.exit, 1);
    QCOMPARE(r.err, warning);
    QVERIFY2(r.out.contains(QStringLiteral("resource_metadata=\"") + metadata + u'"'),
             qPrintable(r.out));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
