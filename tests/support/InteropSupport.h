#pragma once

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QTest>

// Where the official MCP TypeScript SDK for the interop tests lives, and whether it can run.
// scripts/dev.sh installs it and sets SCOPEBENCH_REQUIRE_INTEROP, so in CI a missing SDK fails
// instead of being skipped; a hand-run ctest without it reports the test as skipped (not passed).
namespace interop {

inline QDir directory() {
    QString source = qEnvironmentVariable("SCOPEBENCH_SOURCE_DIR");
    if (source.isEmpty())
        source = QFileInfo(QStringLiteral(QT_TESTCASE_SOURCEDIR)).dir().path();
    return QDir(source + QStringLiteral("/tests/interop"));
}

// Empty when node and the SDK are there; otherwise why not.
inline QString missing(QString *node) {
    if (!QFileInfo::exists(directory().filePath(
            QStringLiteral("node_modules/@modelcontextprotocol/sdk/package.json"))))
        return QStringLiteral("the MCP SDK is not installed: run `npm ci` in tests/interop "
                              "(scripts/dev.sh test does)");
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

} // namespace interop

// Finds node and the SDK, or fails (when required) or skips the current test function.
#define INTEROP_FIND_NODE(nodeVariable)                                                            \
    QString nodeVariable;                                                                          \
    do {                                                                                           \
        const QString why = interop::missing(&nodeVariable);                                       \
        if (!why.isEmpty()) {                                                                      \
            if (interop::required())                                                               \
                QFAIL(qPrintable(why));                                                            \
            QSKIP(qPrintable(why));                                                                \
        }                                                                                          \
    } while (false)
