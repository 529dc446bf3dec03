#pragma once

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QTemporaryDir>
#include <QTest>

// Where the official MCP TypeScript SDK for the interop tests lives, and whether it can run.
// scripts/dev.sh installs it and sets SCOPEBENCH_REQUIRE_INTEROP, so in CI a missing SDK fails
// instead of being skipped; a hand-run ctest without it reports the test as skipped (not passed).
namespace interop {

// A folder of the source tree by its path from the top, e.g. "bench/peers".
inline QDir sourceDirectory(const QString &path) {
    QString source = qEnvironmentVariable("SCOPEBENCH_SOURCE_DIR");
    if (source.isEmpty())
        source = QFileInfo(QStringLiteral(QT_TESTCASE_SOURCEDIR)).dir().path();
    return QDir(source + QLatin1Char('/') + path);
}

inline QDir directory() {
    return sourceDirectory(QStringLiteral("tests/interop"));
}

// Empty when npm `package` is installed in `folder` (a path from the top of the source tree);
// otherwise why not.
inline QString packageMissing(const QString &package,
                              const QString &folder = QStringLiteral("tests/interop")) {
    if (sourceDirectory(folder).exists(QStringLiteral("node_modules/") + package +
                                       QStringLiteral("/package.json")))
        return QString();
    return package + QStringLiteral(" is not installed: run `npm ci` in ") + folder +
           QStringLiteral(" (scripts/dev.sh test does)");
}

// Empty when node and the SDK are there; otherwise why not.
inline QString missing(QString *node) {
    const QString sdk = packageMissing(QStringLiteral("@modelcontextprotocol/sdk"));
    if (!sdk.isEmpty())
        return sdk;
    *node = QStandardPaths::findExecutable(QStringLiteral("node"));
    if (node->isEmpty())
        return QStringLiteral("node is not installed (scripts/dev.sh installs it)");
    return QString();
}

inline bool required() {
    return !qEnvironmentVariableIsEmpty("SCOPEBENCH_REQUIRE_INTEROP");
}

// Runs `node --test SCRIPT` in the interop folder with these variables added, keeping the event
// loop running (the servers it talks to live in this process). Returns what node printed; sets
// *failure when it did not finish in time or any of its tests failed.
inline QByteArray runNodeTest(const QString &node, const QString &script,
                              const QList<QPair<QString, QString>> &variables, QString *failure) {
    QProcess process;
    process.setWorkingDirectory(directory().path());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto &v : variables)
        env.insert(v.first, v.second);
    process.setProcessEnvironment(env);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(node, {QStringLiteral("--test"), script});
    if (!process.waitForStarted()) {
        *failure = process.errorString();
        return QByteArray();
    }
    const bool done =
        QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 90000);
    if (!done)
        process.kill();
    const QByteArray output = process.readAll();
    if (!done)
        *failure = QStringLiteral("node did not finish in time");
    else if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0 ||
             !output.contains("# fail 0"))
        *failure = QStringLiteral("the SDK tests failed");
    return output;
}

// Writes `cases` to a file, runs `node --test script` with its path in the variable
// `casesVariable` and a path for the results in `resultsVariable`, and reads the results back
// (a JSON array). Sets *failure, and prints what node printed, when node or any of its tests
// failed.
inline QJsonArray runNodeCases(const QString &node, const QString &script,
                               const QString &casesVariable, const QString &resultsVariable,
                               const QJsonArray &cases, QString *failure) {
    QTemporaryDir dir;
    if (!dir.isValid()) {
        *failure = dir.errorString();
        return QJsonArray();
    }
    const QString in = dir.filePath(QStringLiteral("cases.json"));
    const QString out = dir.filePath(QStringLiteral("results.json"));
    QFile f(in);
    if (!f.open(QIODevice::WriteOnly) ||
        f.write(QJsonDocument(cases).toJson(QJsonDocument::Compact)) < 0) {
        *failure = f.errorString();
        return QJsonArray();
    }
    f.close();
    const QByteArray output =
        runNodeTest(node, script, {{casesVariable, in}, {resultsVariable, out}}, failure);
    if (!failure->isEmpty()) {
        qInfo().noquote() << QString::fromUtf8(output);
        return QJsonArray();
    }
    QFile r(out);
    if (!r.open(QIODevice::ReadOnly)) {
        *failure = script + QStringLiteral(" wrote no results: ") + r.errorString();
        return QJsonArray();
    }
    return QJsonDocument::fromJson(r.readAll()).array();
}

} // namespace interop

// Fails (when interop is required) or skips the current test function with `why`, unless empty.
#define INTEROP_REQUIRE(why)                                                                       \
    do {                                                                                           \
        const QString interopWhy = (why);                                                          \
        if (!interopWhy.isEmpty()) {                                                               \
            if (interop::required())                                                               \
                QFAIL(qPrintable(interopWhy));                                                     \
            QSKIP(qPrintable(interopWhy));                                                         \
        }                                                                                          \
    } while (false)

// Finds node and the SDK, or fails (when required) or skips the current test function.
#define INTEROP_FIND_NODE(nodeVariable)                                                            \
    QString nodeVariable;                                                                          \
    INTEROP_REQUIRE(interop::missing(&nodeVariable))
