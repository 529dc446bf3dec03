#include "cli/Command.h"

#include <QTest>

using namespace scopebench;

namespace {

// The smallest command: the shared --format and --resource, and nothing to do.
class ProbeCommand : public Command {
public:
    explicit ProbeCommand(QStringList formats)
        : Command(QStringLiteral("check"), QStringLiteral("a command under test"))
        , m_formats(std::move(formats)) {}

protected:
    QString description() const override { return QStringLiteral("Under test."); }
    void declare() override {
        formatOption(m_formats, QStringLiteral("The format."));
        resourceOption();
    }
    Result<int> run() override { return 0; }

private:
    QStringList m_formats;
};

// Runs the command; its exit code and what it printed to standard error.
int execute(const QStringList &formats, const QStringList &options, QString *errors) {
    QString printed;
    QTextStream out(&printed);
    QTextStream err(errors);
    ProbeCommand command(formats);
    const int code = command.execute(
        QStringList{QStringLiteral("scopebench"), QStringLiteral("check")} + options, out, err);
    err.flush();
    return code;
}

} // namespace

class TestCommand : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void oneLine_data();
    void oneLine();
    void checkFormat_data();
    void checkFormat();
    void checkResource_data();
    void checkResource();
};

void TestCommand::oneLine_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << "a, $.b: c"
                           << "a, $.b: c";
    QTest::newRow("line feed") << "a\nb"
                               << "a\\nb";
    QTest::newRow("carriage return and tab") << "a\r\tb"
                                             << "a\\r\\tb";
    QTest::newRow("escape") << QStringLiteral("a\x1b[2Jb") << "a\\u001b[2Jb";
    QTest::newRow("delete") << QStringLiteral("a\x7f") << "a\\u007f";
    QTest::newRow("C1 next line") << QString(QChar(0x85)) << "\\u0085";
    QTest::newRow("line separator") << QString(QChar(0x2028)) << "\\u2028";
    QTest::newRow("non-ASCII kept")
        << QStringLiteral("caf\u00e9 \u2192") << QStringLiteral("caf\u00e9 \u2192");
}

void TestCommand::oneLine() {
    QFETCH(QString, text);
    QTEST(Command::oneLine(text), "expected");
}

void TestCommand::checkFormat_data() {
    QTest::addColumn<QString>("format");
    QTest::addColumn<QStringList>("allowed");
    QTest::addColumn<QString>("err"); // empty: accepted
    const QStringList three = {QStringLiteral("text"), QStringLiteral("json"),
                               QStringLiteral("http")};
    const QStringList two = {QStringLiteral("text"), QStringLiteral("json")};
    QTest::newRow("accepted") << "http" << three << "";
    QTest::newRow("three choices")
        << "xml" << three
        << "scopebench check: --format must be text, json or http, not \"xml\" (see scopebench "
           "check --help)\n";
    QTest::newRow("two choices") << "http" << two
                                 << "scopebench check: --format must be text or json, not \"http\" "
                                    "(see scopebench check --help)\n";
    QTest::newRow("case matters") << "JSON" << two << "not \"JSON\"";
}

void TestCommand::checkFormat() {
    QFETCH(QString, format);
    QFETCH(QStringList, allowed);
    QFETCH(QString, err);
    QString text;
    const int code = execute(allowed, {QStringLiteral("--format"), format}, &text);
    QCOMPARE(code, err.isEmpty() ? 0 : 2);
    if (err.endsWith(u'\n'))
        QCOMPARE(text, err);
    else
        QVERIFY2(text.contains(err), qPrintable(text));
}

void TestCommand::checkResource_data() {
    QTest::addColumn<QString>("resource");
    QTest::addColumn<QString>("err"); // within the message; empty: accepted
    QTest::newRow("unset") << ""
                           << "";
    QTest::newRow("usable") << "https://h.example/mcp"
                            << "";
    QTest::newRow("relative") << "/mcp"
                              << "--resource: not an absolute URI";
    QTest::newRow("fragment") << "https://h.example/mcp#x"
                              << "--resource: a resource URI must not";
}

void TestCommand::checkResource() {
    QFETCH(QString, resource);
    QFETCH(QString, err);
    QString text;
    const QStringList options =
        resource.isEmpty() ? QStringList() : QStringList{QStringLiteral("--resource"), resource};
    const int code = execute({QStringLiteral("text")}, options, &text);
    QCOMPARE(code, err.isEmpty() ? 0 : 2);
    QVERIFY2(err.isEmpty() ? text.isEmpty() : text.contains(err), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestCommand)
#include "tst_command.moc"
