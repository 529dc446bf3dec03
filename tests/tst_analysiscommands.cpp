#include "cli/CommandLine.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace scopebench;

// scopebench matrix, diff and export (docs/analysis-and-export.md) through CommandLine::run,
// as a shell or CI would call them: output, exit status, files written.
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

const QByteArray Original = R"({"scopebench": 1, "name": "tags",
  "scopes": ["tags:read", "tags:write"],
  "validScopeCombinations": [["tags:read"], ["tags:write"]],
  "toolScopes": {"get_tag": [["tags:read"]], "delete_tag": [["tags:write"]]}})";
// The same access, written in another order.
const QByteArray Reordered = R"({"scopebench": 1, "name": "tags",
  "scopes": ["tags:write", "tags:read"],
  "validScopeCombinations": [["tags:write"], ["tags:read"]],
  "toolScopes": {"delete_tag": [["tags:write"]], "get_tag": [["tags:read"]]}})";
// Readers may delete: widened.
const QByteArray Widened = R"({"scopebench": 1, "name": "tags",
  "scopes": ["tags:read", "tags:write"],
  "validScopeCombinations": [["tags:read"], ["tags:write"]],
  "toolScopes": {"get_tag": [["tags:read"]], "delete_tag": [["tags:write"], ["tags:read"]]}})";
// Writers can no longer connect: only narrowed.
const QByteArray Narrowed = R"({"scopebench": 1, "name": "tags",
  "scopes": ["tags:read", "tags:write"],
  "validScopeCombinations": [["tags:read"]],
  "toolScopes": {"get_tag": [["tags:read"]], "delete_tag": [["tags:write"]]}})";

} // namespace

class tst_AnalysisCommands : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

    QString write(const QString &name, const QByteArray &bytes) {
        const QString path = m_dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
            qFatal("cannot write the fixture");
        return path;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        write(QStringLiteral("original.json"), Original);
        write(QStringLiteral("reordered.json"), Reordered);
        write(QStringLiteral("widened.json"), Widened);
        write(QStringLiteral("narrowed.json"), Narrowed);
        write(QStringLiteral("broken.json"), QByteArrayLiteral("{\"scopebench\": 1,"));
    }

    void matrixFormats() {
        const Run text = runCommand({QStringLiteral("matrix")});
        QCOMPARE(text.exit, 0);
        QVERIFY2(text.out.contains(QStringLiteral("tools/call whoami")), qPrintable(text.out));
        QVERIFY(text.out.contains(QStringLiteral("Findings:")));

        const Run json = runCommand({QStringLiteral("matrix"), QStringLiteral("--policy"),
                                     m_dir.filePath(QStringLiteral("original.json")),
                                     QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(json.exit, 0);
        const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
        QVERIFY(o.contains(QStringLiteral("classes")));
        QCOMPARE(o.value(QStringLiteral("operations")).toArray().size(), 3);

        const Run csv = runCommand({QStringLiteral("matrix"), QStringLiteral("--format"),
                                    QStringLiteral("csv"), QStringLiteral("--policy"),
                                    m_dir.filePath(QStringLiteral("original.json"))});
        QCOMPARE(csv.exit, 0);
        QVERIFY(csv.out.startsWith(QStringLiteral("operation,tool,class,")));

        QCOMPARE(runCommand(
                     {QStringLiteral("matrix"), QStringLiteral("--format"), QStringLiteral("xml")})
                     .exit,
                 2);
        const Run broken = runCommand({QStringLiteral("matrix"), QStringLiteral("--policy"),
                                       m_dir.filePath(QStringLiteral("broken.json"))});
        QCOMPARE(broken.exit, 2);
        QVERIFY(broken.out.isEmpty());
    }

    void diffExitCodes_data() {
        QTest::addColumn<QString>("oldFile");
        QTest::addColumn<QString>("newFile");
        QTest::addColumn<int>("exit");
        QTest::addColumn<QString>("says");
        QTest::newRow("same file") << "original.json"
                                   << "original.json" << 0 << "identical";
        QTest::newRow("another order") << "original.json"
                                       << "reordered.json" << 0 << "identical";
        QTest::newRow("widened") << "original.json"
                                 << "widened.json" << 3
                                 << "a token with only `tags:read` can now call `delete_tag`";
        QTest::newRow("narrowed") << "original.json"
                                  << "narrowed.json" << 1
                                  << "a token with only `tags:write` can no longer";
        // Narrowed one way is widened the other.
        QTest::newRow("reverse of narrowed") << "narrowed.json"
                                             << "original.json" << 3 << "can now";
    }

    void diffExitCodes() {
        QFETCH(QString, oldFile);
        QFETCH(QString, newFile);
        QFETCH(int, exit);
        QFETCH(QString, says);
        const Run r =
            runCommand({QStringLiteral("diff"), m_dir.filePath(oldFile), m_dir.filePath(newFile)});
        QCOMPARE(r.exit, exit);
        QVERIFY2(r.out.contains(says, Qt::CaseInsensitive), qPrintable(r.out));
        QVERIFY(r.err.isEmpty());

        const Run json =
            runCommand({QStringLiteral("diff"), QStringLiteral("--format"), QStringLiteral("json"),
                        m_dir.filePath(oldFile), m_dir.filePath(newFile)});
        QCOMPARE(json.exit, exit);
        QJsonParseError error{};
        QJsonDocument::fromJson(json.out.toUtf8(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
    }

    void diffUsageErrors_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("says");
        const QString a = QStringLiteral("original.json");
        QTest::newRow("no files") << QStringList{} << "missing OLD.json";
        QTest::newRow("one file") << QStringList{a} << "missing NEW.json";
        QTest::newRow("three files") << QStringList{a, a, a} << "unexpected argument";
        QTest::newRow("missing file")
            << QStringList{a, QStringLiteral("nowhere.json")} << "nowhere.json";
        QTest::newRow("broken file")
            << QStringList{QStringLiteral("broken.json"), a} << "broken.json";
    }

    void diffUsageErrors() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, says);
        QStringList args{QStringLiteral("diff")};
        for (const auto &f : arguments)
            args.append(m_dir.filePath(f));
        const Run r = runCommand(args);
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains(says), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void diffHelpNamesTheFiles() {
        const Run r = runCommand({QStringLiteral("diff"), QStringLiteral("--help")});
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.out.startsWith(QStringLiteral("Usage: scopebench diff [options] OLD.json "
                                                 "NEW.json\n")),
                 qPrintable(r.out));
        QVERIFY(r.out.contains(QStringLiteral("3 some access widened")));
        // Commands without positional arguments still refuse one.
        QCOMPARE(runCommand({QStringLiteral("lint"), QStringLiteral("stray")}).exit, 2);
    }

    void exportWritesEachFormat_data() {
        QTest::addColumn<QString>("to");
        QTest::addColumn<QStringList>("files");
        QTest::newRow("cedar") << "cedar"
                               << QStringList{QStringLiteral("policy.cedar"),
                                              QStringLiteral("schema.cedarschema")};
        QTest::newRow("ts-sdk") << "ts-sdk" << QStringList{QStringLiteral("scopebench-scopes.mjs")};
        QTest::newRow("prm") << "prm"
                             << QStringList{QStringLiteral("oauth-protected-resource.json")};
    }

    void exportWritesEachFormat() {
        QFETCH(QString, to);
        QFETCH(QStringList, files);
        const QString out = m_dir.filePath(QStringLiteral("export-") + to + QStringLiteral("/sub"));
        const QStringList args{QStringLiteral("export"), QStringLiteral("--to"), to,
                               QStringLiteral("--out"), out};
        const Run r = runCommand(args);
        QCOMPARE(r.exit, 0);
        for (const auto &f : files) {
            QVERIFY2(r.out.contains(QStringLiteral("wrote ") + QDir(out).filePath(f)),
                     qPrintable(r.out));
            QVERIFY(QFileInfo(QDir(out).filePath(f)).size() > 0);
        }
        QCOMPARE(QDir(out).entryList(QDir::Files | QDir::Hidden).size(), files.size());

        // Again: the files exist, nothing is replaced without --force.
        QFile first(QDir(out).filePath(files.first()));
        QVERIFY(first.open(QIODevice::WriteOnly));
        first.write("hand-edited");
        first.close();
        const Run again = runCommand(args);
        QCOMPARE(again.exit, 2);
        QVERIFY2(again.err.contains(QStringLiteral("--force")), qPrintable(again.err));
        QVERIFY(again.out.isEmpty());
        QVERIFY(first.open(QIODevice::ReadOnly));
        QCOMPARE(first.readAll(), QByteArrayLiteral("hand-edited"));
        first.close();

        const Run forced = runCommand(args + QStringList{QStringLiteral("--force")});
        QCOMPARE(forced.exit, 0);
        QVERIFY(first.open(QIODevice::ReadOnly));
        QVERIFY(first.readAll() != QByteArrayLiteral("hand-edited"));
    }

    void exportPolicyIsTheGivenOne() {
        const QString out = m_dir.filePath(QStringLiteral("prm-of-file"));
        const Run r =
            runCommand({QStringLiteral("export"), QStringLiteral("--to"), QStringLiteral("prm"),
                        QStringLiteral("--policy"), m_dir.filePath(QStringLiteral("narrowed.json")),
                        QStringLiteral("--out"), out});
        QCOMPARE(r.exit, 0);
        QFile f(QDir(out).filePath(QStringLiteral("oauth-protected-resource.json")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(o.value(QStringLiteral("resource_name")).toString(), QStringLiteral("tags"));
        QCOMPARE(o.value(QStringLiteral("scopes_supported")).toArray(),
                 QJsonArray{QStringLiteral("tags:read")});
    }

    void exportUsageErrors_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("says");
        QTest::newRow("no --to") << QStringList{QStringLiteral("--out"), QStringLiteral("x")}
                                 << "--to is required";
        QTest::newRow("unknown --to") << QStringList{QStringLiteral("--to"), QStringLiteral("opa"),
                                                     QStringLiteral("--out"), QStringLiteral("x")}
                                      << "--to must be cedar, ts-sdk or prm";
        QTest::newRow("no --out") << QStringList{QStringLiteral("--to"), QStringLiteral("prm")}
                                  << "--out DIR is required";
    }

    void exportUsageErrors() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, says);
        const Run r = runCommand(QStringList{QStringLiteral("export")} + arguments);
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains(says), qPrintable(r.err));
    }

    void listedInHelp() {
        const Run r = runCommand({QStringLiteral("--help")});
        for (const char *name : {"matrix", "diff", "export"})
            QVERIFY2(r.out.contains(QLatin1String("  ") + QLatin1String(name)), qPrintable(r.out));
    }
};

QTEST_GUILESS_MAIN(tst_AnalysisCommands)
#include "tst_analysiscommands.moc"
