#include "policy/PolicyFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace scopebench;

class TestPolicyFile : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void bundledExample_data();
    void bundledExample();
    void wrongVersion_data();
    void wrongVersion();
    void wrongTypes_data();
    void wrongTypes();
    void badScopeTokens_data();
    void badScopeTokens();
    void truncated_data();
    void truncated();
    void refusedFileIsUntouched_data();
    void refusedFileIsUntouched();
    void unreadableFile_data();
    void unreadableFile();
    void limits_data();
    void limits();
    void optionalFieldsDefault();
    void roundTripKeepsUnknownFieldsInOrder_data();
    void roundTripKeepsUnknownFieldsInOrder();
    void roundTripIsByteExactForTheExample();
    void editsKeepUnknownFields();
    void catalogEntriesKeepTheirMembers_data();
    void catalogEntriesKeepTheirMembers();
    void saveReplacesAtomically();
    void saveIntoMissingDirectoryFails();
    void saveRefusesWhatCannotBeLoaded();
    void policyBuiltInCodeSaves();
    void scopesSupportedIsOptional();
    void paths_data();
    void paths();

private:
    // Writes `json` to a file, loads it, and expects this refusal.
    void checkRefused(const QByteArray &json, const QString &path, const QString &reason);
    QString write(const QByteArray &content, const QString &name = QStringLiteral("p.json"));
    QByteArray readAll(const QString &fileName);

    QScopedPointer<QTemporaryDir> m_dir;
};

namespace {
const QStringList EpicMeScopes = {QStringLiteral("user:read"), QStringLiteral("entries:read"),
                                  QStringLiteral("entries:write"), QStringLiteral("tags:read"),
                                  QStringLiteral("tags:write")};

// A small valid policy; rows swap one value for a wrong one.
QByteArray minimal(const QByteArray &extra = QByteArray()) {
    return "{\"scopebench\": 1, \"scopes\": [{\"name\": \"a\"}]" + extra + "}";
}
} // namespace

void TestPolicyFile::init() {
    m_dir.reset(new QTemporaryDir);
    QVERIFY(m_dir->isValid());
}

QString TestPolicyFile::write(const QByteArray &content, const QString &name) {
    const QString fileName = m_dir->filePath(name);
    QFile f(fileName);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        qFatal("cannot write the test file");
    return fileName;
}

QByteArray TestPolicyFile::readAll(const QString &fileName) {
    QFile f(fileName);
    if (!f.open(QIODevice::ReadOnly))
        return QByteArray();
    return f.readAll();
}

void TestPolicyFile::bundledExample_data() {
    QTest::addColumn<QString>("fileName");
    QTest::newRow("compiled-in resource") << PolicyFile::bundledExample();
    const QString sourceDir = qEnvironmentVariable("SCOPEBENCH_SOURCE_DIR");
    if (!sourceDir.isEmpty())
        QTest::newRow("source tree")
            << QDir(sourceDir).filePath(QStringLiteral("resources/policies/epicme.json"));
}

// Behaviour §2's description of EpicMe, field by field.
void TestPolicyFile::bundledExample() {
    QFETCH(QString, fileName);
    const Result<Policy> loaded = PolicyFile::load(fileName);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error().toString()));
    const Policy &p = loaded.value();

    QCOMPARE(p.realm, QStringLiteral("EpicMe"));
    QVERIFY(!p.name.isEmpty());
    QCOMPARE(p.resource, QString());
    QCOMPARE(p.authorizationServers, QStringList());
    QCOMPARE(p.catalogNames(), EpicMeScopes);
    for (const auto &s : p.scopes)
        QVERIFY2(!s.description.isEmpty(), qPrintable(s.name));
    QVERIFY(p.implies.isEmpty());

    ScopeAlternatives oneEach;
    for (const auto &s : EpicMeScopes)
        oneEach.append(QStringList{s});
    QCOMPARE(p.validScopeCombinations, oneEach);

    const QList<QPair<QString, QString>> tools = {
        {QStringLiteral("whoami"), QStringLiteral("user:read")},
        {QStringLiteral("get_entry"), QStringLiteral("entries:read")},
        {QStringLiteral("list_entries"), QStringLiteral("entries:read")},
        {QStringLiteral("create_entry"), QStringLiteral("entries:write")},
        {QStringLiteral("update_entry"), QStringLiteral("entries:write")},
        {QStringLiteral("delete_entry"), QStringLiteral("entries:write")},
        {QStringLiteral("add_tag_to_entry"), QStringLiteral("entries:write")},
        {QStringLiteral("get_tag"), QStringLiteral("tags:read")},
        {QStringLiteral("list_tags"), QStringLiteral("tags:read")},
        {QStringLiteral("create_tag"), QStringLiteral("tags:write")},
        {QStringLiteral("update_tag"), QStringLiteral("tags:write")},
        {QStringLiteral("delete_tag"), QStringLiteral("tags:write")},
    };
    QCOMPARE(p.toolScopes.size(), tools.size());
    for (int i = 0; i < tools.size(); ++i) {
        QCOMPARE(p.toolScopes[i].tool, tools[i].first);
        QCOMPARE(p.toolScopes[i].alternatives, ScopeAlternatives{QStringList{tools[i].second}});
    }

    QCOMPARE(p.challenge.scopeHint, ScopeHint::Omit);
    QCOMPARE(p.challenge.descriptionTemplate, QString());
    QCOMPARE(p.validation.leewaySeconds, 60);
    QCOMPARE(p.validation.requireExpiry, false);
    QCOMPARE(p.validation.requireAudience, false);
}

void TestPolicyFile::wrongVersion_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");
    QTest::newRow("2") << QByteArray(R"({"scopebench": 2})") << "$.scopebench"
                       << "format version 2 is not supported; this Scopebench reads version 1";
    QTest::newRow("\"1\"") << QByteArray(R"({"scopebench": "1"})") << "$.scopebench"
                           << "the format version must be the integer 1, found \"1\"";
    QTest::newRow("1.5") << QByteArray(R"({"scopebench": 1.5})") << "$.scopebench"
                         << "the format version must be the integer 1, found 1.5";
    QTest::newRow("0") << QByteArray(R"({"scopebench": 0})") << "$.scopebench"
                       << "format version 0 is not supported; this Scopebench reads version 1";
    QTest::newRow("-1") << QByteArray(R"({"scopebench": -1})") << "$.scopebench"
                        << "format version -1 is not supported; this Scopebench reads version 1";
    QTest::newRow("1e3 as written")
        << QByteArray(R"({"scopebench": 1e3})") << "$.scopebench"
        << "format version 1e3 is not supported; this Scopebench reads version 1";
    QTest::newRow("null") << QByteArray(R"({"scopebench": null})") << "$.scopebench"
                          << "the format version must be the integer 1, found null";
    QTest::newRow("true") << QByteArray(R"({"scopebench": true})") << "$.scopebench"
                          << "the format version must be the integer 1, found true";
    QTest::newRow("array") << QByteArray(R"({"scopebench": [1]})") << "$.scopebench"
                           << "the format version must be the integer 1, found an array";
    QTest::newRow("missing") << QByteArray(R"({"name": "x"})") << "$"
                             << "not a Scopebench policy: the \"scopebench\" format version "
                                "field is missing";
    QTest::newRow("not an object") << QByteArray("[1]") << "$"
                                   << "expected an object, found an array";
}

void TestPolicyFile::wrongVersion() {
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QString, reason);
    checkRefused(json, path, reason);
}

void TestPolicyFile::checkRefused(const QByteArray &json, const QString &path,
                                  const QString &reason) {
    const QString fileName = write(json);
    const Result<Policy> loaded = PolicyFile::load(fileName);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().where, fileName + QStringLiteral(", ") + path);
    QCOMPARE(loaded.error().message, reason);
    // The one-line form a CLI prints.
    QCOMPARE(loaded.error().toString(),
             fileName + QStringLiteral(", ") + path + QStringLiteral(": ") + reason);
}

void TestPolicyFile::wrongTypes_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reason");
    auto row = [](const char *name, const QByteArray &extra, const char *path, const char *reason) {
        QTest::newRow(name) << minimal(extra) << QString::fromUtf8(path)
                            << QString::fromUtf8(reason);
    };
    row("name", R"(, "name": 5)", "$.name", "expected a string, found a number");
    row("realm", R"(, "realm": null)", "$.realm", "expected a string, found null");
    row("resource", R"(, "resource": ["http://x"])", "$.resource",
        "expected a string, found an array");
    row("authorizationServers", R"(, "authorizationServers": "https://as")",
        "$.authorizationServers", "expected an array, found a string");
    row("authorizationServers element", R"(, "authorizationServers": ["https://as", 1])",
        "$.authorizationServers[1]", "expected a string, found a number");
    row("scopesSupported", R"(, "scopesSupported": "a b")", "$.scopesSupported",
        "expected an array, found a string");
    row("implies", R"(, "implies": [["a"]])", "$.implies", "expected an object, found an array");
    row("implies grants", R"(, "implies": {"a": "b"})", "$.implies.a",
        "expected an array, found a string");
    row("implies grant", R"(, "implies": {"a": ["b", false]})", "$.implies.a[1]",
        "expected a string, found a boolean");
    row("validScopeCombinations", R"(, "validScopeCombinations": {"a": 1})",
        "$.validScopeCombinations", "expected an array, found an object");
    row("combination", R"(, "validScopeCombinations": [["a"], "a"])", "$.validScopeCombinations[1]",
        "expected an array, found a string");
    row("combination scope", R"(, "validScopeCombinations": [["a", 7]])",
        "$.validScopeCombinations[0][1]", "expected a string, found a number");
    row("toolScopes", R"(, "toolScopes": [])", "$.toolScopes",
        "expected an object, found an array");
    row("tool alternatives", R"(, "toolScopes": {"create_entry": ["a"]})",
        "$.toolScopes.create_entry[0]", "expected an array, found a string");
    row("tool scope", R"(, "toolScopes": {"create_entry": [["a", null]]})",
        "$.toolScopes.create_entry[0][1]", "expected a string, found null");
    row("tool with a quoted name", R"(, "toolScopes": {"my tool": [[1]]})",
        "$.toolScopes[\"my tool\"][0][0]", "expected a string, found a number");
    row("tool name empty", R"(, "toolScopes": {"": [["a"]]})", "$.toolScopes",
        "a tool name cannot be empty");
    row("challenge", R"(, "challenge": "omit")", "$.challenge",
        "expected an object, found a string");
    row("challenge.scopeHint type", R"(, "challenge": {"scopeHint": 1})", "$.challenge.scopeHint",
        "expected a string, found a number");
    row("challenge.scopeHint value", R"(, "challenge": {"scopeHint": "nearest"})",
        "$.challenge.scopeHint", "\"nearest\" is not one of omit, closest, closest+granted");
    row("challenge.description", R"(, "challenge": {"description": ["x"]})",
        "$.challenge.description", "expected a string, found an array");
    row("validation", R"(, "validation": true)", "$.validation",
        "expected an object, found a boolean");
    row("validation.leewaySeconds type", R"(, "validation": {"leewaySeconds": "60"})",
        "$.validation.leewaySeconds", "expected a number, found a string");
    row("validation.leewaySeconds fraction", R"(, "validation": {"leewaySeconds": 1.5})",
        "$.validation.leewaySeconds", "must be a whole number of seconds from 0 to 86400");
    row("validation.leewaySeconds negative", R"(, "validation": {"leewaySeconds": -1})",
        "$.validation.leewaySeconds", "must be a whole number of seconds from 0 to 86400");
    row("validation.leewaySeconds huge", R"(, "validation": {"leewaySeconds": 1e10})",
        "$.validation.leewaySeconds", "must be a whole number of seconds from 0 to 86400");
    row("validation.requireExpiry", R"(, "validation": {"requireExpiry": "yes"})",
        "$.validation.requireExpiry", "expected a boolean, found a string");
    row("validation.requireAudience", R"(, "validation": {"requireAudience": 1})",
        "$.validation.requireAudience", "expected a boolean, found a number");

    QTest::newRow("scopes") << QByteArray(R"({"scopebench": 1, "scopes": {"a": "x"}})")
                            << "$.scopes"
                            << "expected an array, found an object";
    QTest::newRow("catalog entry")
        << QByteArray(R"({"scopebench": 1, "scopes": [{"name": "a"}, 3]})") << "$.scopes[1]"
        << "expected an object, found a number";
    QTest::newRow("catalog entry without name")
        << QByteArray(R"({"scopebench": 1, "scopes": [{"description": "x"}]})") << "$.scopes[0]"
        << "a scope needs a \"name\"";
    QTest::newRow("catalog name") << QByteArray(R"({"scopebench": 1, "scopes": [{"name": 1}]})")
                                  << "$.scopes[0].name"
                                  << "expected a string, found a number";
    QTest::newRow("catalog description")
        << QByteArray(R"({"scopebench": 1, "scopes": [{"name": "a", "description": {}}]})")
        << "$.scopes[0].description"
        << "expected a string, found an object";
}

void TestPolicyFile::wrongTypes() {
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QString, reason);
    checkRefused(json, path, reason);
}

void TestPolicyFile::badScopeTokens_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("reasonStart");
    const QString space = QStringLiteral("\"entries read\": a space at position 8");
    QTest::newRow("catalog object")
        << QByteArray(R"({"scopebench":1,"scopes":[{"name":"entries read"}]})")
        << "$.scopes[0].name" << space;
    QTest::newRow("catalog string")
        << QByteArray(R"({"scopebench":1,"scopes":["ok","entries read"]})") << "$.scopes[1]"
        << space;
    QTest::newRow("implies key") << QByteArray(
                                        R"({"scopebench":1,"implies":{"entries read":["a"]}})")
                                 << "$.implies[\"entries read\"]" << space;
    QTest::newRow("implies grant")
        << QByteArray(R"({"scopebench":1,"implies":{"a":["b","entries read"]}})")
        << "$.implies.a[1]" << space;
    QTest::newRow("server combination")
        << QByteArray(R"({"scopebench":1,"validScopeCombinations":[["a"],["b","entries read"]]})")
        << "$.validScopeCombinations[1][1]" << space;
    QTest::newRow("tool combination")
        << QByteArray(R"({"scopebench":1,"toolScopes":{"create_entry":[["entries read"]]}})")
        << "$.toolScopes.create_entry[0][0]" << space;
    QTest::newRow("empty scope") << QByteArray(
                                        R"({"scopebench":1,"validScopeCombinations":[[""]]})")
                                 << "$.validScopeCombinations[0][0]"
                                 << "\"\": a scope cannot be empty";
    QTest::newRow("double quote") << QByteArray(
                                         R"({"scopebench":1,"validScopeCombinations":[["a\"b"]]})")
                                  << "$.validScopeCombinations[0][0]"
                                  << "\"a\"b\": a double quote at position 2";
    QTest::newRow("non-ASCII") << QByteArray("{\"scopebench\":1,\"scopes\":[\"caf\xC3\xA9\"]}")
                               << "$.scopes[0]"
                               << "\"café\": the non-ASCII character \"é\" (U+00E9) at position 4";
    QTest::newRow("escaped control")
        << QByteArray(R"({"scopebench":1,"validScopeCombinations":[["a\u0000"]]})")
        << "$.validScopeCombinations[0][0]";
}

void TestPolicyFile::badScopeTokens() {
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    const QString fileName = write(json);
    const Result<Policy> loaded = PolicyFile::load(fileName);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().where, fileName + QStringLiteral(", ") + path);
    QVERIFY2(loaded.error().message.contains(QStringLiteral("is not allowed in a scope")) ||
                 loaded.error().message.contains(QStringLiteral("cannot be empty")),
             qPrintable(loaded.error().message));
    if (QTest::currentDataTag() != QByteArray("escaped control")) {
        QFETCH(QString, reasonStart);
        QVERIFY2(loaded.error().message.startsWith(reasonStart),
                 qPrintable(loaded.error().message));
    }
}

void TestPolicyFile::truncated_data() {
    QTest::addColumn<int>("length");
    const QByteArray example = readAll(PolicyFile::bundledExample());
    QVERIFY(example.size() > 200);
    for (int length :
         {0, 1, 2, 15, 50, 100, 333, int(example.size()) / 2, int(example.size()) - 3}) {
        QTest::addRow("%d bytes", length) << length;
    }
}

void TestPolicyFile::truncated() {
    QFETCH(int, length);
    const QByteArray example = readAll(PolicyFile::bundledExample());
    const QString fileName = write(example.left(length));
    const Result<Policy> loaded = PolicyFile::load(fileName);
    QVERIFY(!loaded.ok());
    QVERIFY2(loaded.error().message.startsWith(QStringLiteral("not valid JSON: ")),
             qPrintable(loaded.error().message));
    QVERIFY2(loaded.error().where.startsWith(fileName + QStringLiteral(", line ")),
             qPrintable(loaded.error().where));
    QVERIFY(loaded.error().where.contains(QStringLiteral(", column ")));
}

void TestPolicyFile::refusedFileIsUntouched_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("not JSON") << QByteArray("{\"scopebench\": 1,,}");
    QTest::newRow("version") << QByteArray("{\"scopebench\": 2, \"x\": 1}");
    QTest::newRow("type") << minimal(R"(, "realm": 1)");
    QTest::newRow("grammar") << minimal(R"(, "validScopeCombinations": [["a b"]])");
    QTest::newRow("invalid UTF-8") << QByteArray("{\"scopebench\": 1, \"name\": \"\xFF\"}");
}

void TestPolicyFile::refusedFileIsUntouched() {
    QFETCH(QByteArray, json);
    const QString fileName = write(json);
    const QDateTime before = QFileInfo(fileName).lastModified();
    QVERIFY(!PolicyFile::load(fileName).ok());
    QCOMPARE(readAll(fileName), json);
    QCOMPARE(QFileInfo(fileName).lastModified(), before);
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("p.json")});
}

void TestPolicyFile::unreadableFile_data() {
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("reasonStart");
    QTest::addColumn<QString>("id");
    QTest::newRow("missing") << "missing"
                             << "cannot open the file: "
                             << "file-unreadable";
    QTest::newRow("a directory") << "directory"
                                 << "cannot open the file: "
                                 << "file-unreadable";
    QTest::newRow("larger than 16 MiB") << "large"
                                        << "the file is larger than 16 MiB"
                                        << "file-too-large";
}

void TestPolicyFile::unreadableFile() {
    QFETCH(QString, kind);
    QFETCH(QString, reasonStart);
    const QString fileName = m_dir->filePath(QStringLiteral("p.json"));
    if (kind == QLatin1String("directory")) {
        QVERIFY(QDir(m_dir->path()).mkdir(QStringLiteral("p.json")));
    } else if (kind == QLatin1String("large")) {
        QByteArray big = minimal(", \"x-pad\": \"");
        big.append(QByteArray(16 * 1024 * 1024, 'x'));
        big.append("\"}");
        write(big);
    }
    const Result<Policy> loaded = PolicyFile::load(fileName);
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.error().where, fileName);
    QVERIFY2(loaded.error().message.startsWith(reasonStart), qPrintable(loaded.error().message));
    QTEST(loaded.error().id, "id");
    if (kind == QLatin1String("missing"))
        QVERIFY(!QFileInfo::exists(fileName));
}

namespace {
// `count` scope lists, written as JSON: ["p0"], ["p1"], ... (or the same scope each time).
QByteArray lists(int count, bool distinct) {
    QByteArray out;
    for (int i = 0; i < count; ++i)
        out += (i ? ", [\"p" : "[\"p") + QByteArray::number(distinct ? i : 0) + "\"]";
    return out;
}
QByteArray scopeArray(int count, bool distinct) {
    QByteArray out;
    for (int i = 0; i < count; ++i)
        out += (i ? ", \"p" : "\"p") + QByteArray::number(distinct ? i : 0) + '"';
    return out;
}
} // namespace

void TestPolicyFile::limits_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("path"); // empty: loads
    QTest::addColumn<QString>("reason");
    const int scopes = PolicyFile::MaxScopes;
    QTest::newRow("distinct scopes: at the limit")
        << minimal(", \"implies\": {\"a\": [" + scopeArray(scopes - 1, true) + "]}") << QString()
        << QString();
    QTest::newRow("distinct scopes: one more")
        << QByteArray("{\"scopebench\": 1, \"validScopeCombinations\": [[" +
                      scopeArray(scopes, true) + "], [\"a\"]]}")
        << QStringLiteral("$.validScopeCombinations[1][0]")
        << QStringLiteral("more than 4096 distinct scopes (the limit of a policy file)");
    QTest::newRow("scopes in one list: repeated up to the limit")
        << QByteArray("{\"scopebench\": 1, \"validScopeCombinations\": [[" +
                      scopeArray(PolicyFile::MaxScopesPerList, false) + "]]}")
        << QString() << QString();
    QTest::newRow("scopes in one list: one more")
        << QByteArray("{\"scopebench\": 1, \"implies\": {\"a\": [" +
                      scopeArray(PolicyFile::MaxScopesPerList + 1, false) + "]}}")
        << QStringLiteral("$.implies.a")
        << QStringLiteral("more than 4096 scopes in one list (the limit of a policy file)");
    QTest::newRow("combinations in one list: at the limit")
        << QByteArray("{\"scopebench\": 1, \"validScopeCombinations\": [" +
                      lists(PolicyFile::MaxCombinationsPerList, false) + "]}")
        << QString() << QString();
    QTest::newRow("combinations of the server: one more")
        << QByteArray("{\"scopebench\": 1, \"validScopeCombinations\": [" +
                      lists(PolicyFile::MaxCombinationsPerList + 1, false) + "]}")
        << QStringLiteral("$.validScopeCombinations")
        << QStringLiteral("more than 10000 combinations in one list (the limit of a policy file)");
    QTest::newRow("combinations of a tool: one more")
        << QByteArray("{\"scopebench\": 1, \"toolScopes\": {\"my tool\": [" +
                      lists(PolicyFile::MaxCombinationsPerList + 1, false) + "]}}")
        << QStringLiteral("$.toolScopes[\"my tool\"]")
        << QStringLiteral("more than 10000 combinations in one list (the limit of a policy file)");
    QByteArray tools;
    for (int t = 0; t < PolicyFile::MaxCombinations / PolicyFile::MaxCombinationsPerList + 1; ++t)
        tools += (t ? ", \"t" : "\"t") + QByteArray::number(t) + "\": [" +
                 lists(PolicyFile::MaxCombinationsPerList, false) + "]";
    QTest::newRow("combinations in the file: one list more")
        << QByteArray("{\"scopebench\": 1, \"toolScopes\": {" + tools + "}}")
        << QStringLiteral("$.toolScopes.t10")
        << QStringLiteral("more than 100000 combinations in the whole file (the limit of a policy "
                          "file)");
    auto manyTools = [](int count) -> QByteArray {
        QByteArray out = "{\"scopebench\": 1, \"toolScopes\": {";
        for (int t = 0; t < count; ++t)
            out += (t ? ", \"t" : "\"t") + QByteArray::number(t) + "\": [[\"a\"]]";
        return out + "}}";
    };
    QTest::newRow("tools: at the limit")
        << manyTools(PolicyFile::MaxTools) << QString() << QString();
    QTest::newRow("tools: one more")
        << manyTools(PolicyFile::MaxTools + 1) << QStringLiteral("$.toolScopes")
        << QStringLiteral("more than 1000 tools (the limit of a policy file)");
    QByteArray implies = "{\"scopebench\": 1, \"implies\": {";
    const int perScope = PolicyFile::MaxScopesPerList;
    const int keys = PolicyFile::MaxImplications / perScope + 1;
    for (int k = 0; k < keys; ++k)
        implies += (k ? ", \"k" : "\"k") + QByteArray::number(k) + "\": [" +
                   scopeArray(perScope, false) + "]";
    implies += "}}";
    QTest::newRow("implications: one list more")
        << implies << QStringLiteral("$.implies.k%1").arg(keys - 1)
        << QStringLiteral("more than 100000 implied scopes in implies (the limit of a policy "
                          "file)");
}

void TestPolicyFile::limits() {
    QFETCH(QByteArray, json);
    QFETCH(QString, path);
    QFETCH(QString, reason);
    if (path.isEmpty()) {
        const Result<Policy> loaded = PolicyFile::parse(json, QStringLiteral("t"));
        QVERIFY2(loaded.ok(), qPrintable(loaded.error().toString()));
        return;
    }
    checkRefused(json, path, reason);
    QCOMPARE(PolicyFile::parse(json).error().id, QStringLiteral("file-too-large"));
}

void TestPolicyFile::optionalFieldsDefault() {
    const Result<Policy> p = PolicyFile::parse(R"({"scopebench": 1})", QStringLiteral("t"));
    QVERIFY2(p.ok(), qPrintable(p.error().toString()));
    QCOMPARE(p->name, QString());
    QCOMPARE(p->realm, QString());
    QCOMPARE(p->resource, QString());
    QVERIFY(p->scopes.isEmpty());
    QVERIFY(p->validScopeCombinations.isEmpty());
    QVERIFY(p->toolScopes.isEmpty());
    QCOMPARE(p->challenge, ChallengeSettings());
    QCOMPARE(p->validation.leewaySeconds, 60);
    QVERIFY(!p->validation.requireExpiry);
    QVERIFY(!p->validation.requireAudience);
}

void TestPolicyFile::roundTripKeepsUnknownFieldsInOrder_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::newRow("top level") << QByteArray(R"({
  "x-first": "before everything",
  "scopebench": 1,
  "name": "n",
  "x-middle": {"nested": [1, 2.50, "three"], "keep": true},
  "scopes": [{"name": "a"}],
  "x-last": null
})");
    QTest::newRow("inside challenge and validation") << QByteArray(R"({
  "scopebench": 1,
  "challenge": {"x-before": 1, "scopeHint": "closest", "x-after": [true]},
  "validation": {"x-note": "ours", "requireExpiry": true, "x-z": {}, "leewaySeconds": 30}
})");
    QTest::newRow("inside catalog entries") << QByteArray(R"({
  "scopebench": 1,
  "scopes": [
    {"x-owner": "team a", "name": "a", "description": "A", "x-since": "2024"},
    {"name": "b", "x-deprecated": true},
    "c"
  ],
  "validScopeCombinations": [["a"], ["b", "c"]]
})");
    QTest::newRow("duplicate catalog names keep their own members") << QByteArray(R"({
  "scopebench": 1,
  "scopes": [{"name": "a", "x-n": 1}, {"name": "a", "x-n": 2}]
})");
    QTest::newRow("scopesSupported in its place, empty too") << QByteArray(R"({
  "scopebench": 1,
  "x-first": 1,
  "scopesSupported": ["b", "a"],
  "scopes": ["a", "b"]
})");
    QTest::newRow("scopesSupported empty") << QByteArray(R"({
  "scopebench": 1,
  "scopesSupported": []
})");
    QTest::newRow("numbers keep their written form") << QByteArray(R"({
  "scopebench": 1.0,
  "validation": {"leewaySeconds": 6e1}
})");
    QTest::newRow("empty strings kept") << QByteArray(R"({
  "scopebench": 1,
  "name": "",
  "realm": "",
  "resource": "",
  "scopes": [{"name": "a", "description": ""}],
  "challenge": {"description": ""}
})");
}

void TestPolicyFile::roundTripKeepsUnknownFieldsInOrder() {
    QFETCH(QByteArray, json);
    const QString fileName = write(json);
    const Result<Policy> first = PolicyFile::load(fileName);
    QVERIFY2(first.ok(), qPrintable(first.error().toString()));
    const QString savedName = m_dir->filePath(QStringLiteral("saved.json"));
    const Status saved = PolicyFile::save(first.value(), savedName);
    QVERIFY2(saved.ok(), qPrintable(saved.error().toString()));
    const Result<Policy> second = PolicyFile::load(savedName);
    QVERIFY2(second.ok(), qPrintable(second.error().toString()));
    QCOMPARE(second.value(), first.value());

    // The whole document, unknown members and their order included, is what was read.
    const Result<OrderedJson> original = OrderedJson::parse(json);
    QVERIFY(original.ok());
    QVERIFY2(second->source == original.value(), readAll(savedName).constData());
    QCOMPARE(readAll(savedName), original->serialize());
}

void TestPolicyFile::roundTripIsByteExactForTheExample() {
    const QByteArray example = readAll(PolicyFile::bundledExample());
    const Result<Policy> p = PolicyFile::parse(example);
    QVERIFY(p.ok());
    QCOMPARE(PolicyFile::serialize(p.value()), example);
}

void TestPolicyFile::scopesSupportedIsOptional() {
    Result<Policy> absent = PolicyFile::parse(R"({"scopebench": 1,
        "validScopeCombinations": [["a", "offline_access"], ["b"]]})");
    QVERIFY(absent.ok());
    QVERIFY(!absent->scopesSupported);
    QCOMPARE(absent->publishedScopes(), QStringList{QStringLiteral("a")});
    Policy p = absent.value();
    p.scopesSupported = QStringList{QStringLiteral("b")};
    QCOMPARE(p.publishedScopes(), QStringList{QStringLiteral("b")});
    const Result<Policy> back = PolicyFile::parse(PolicyFile::serialize(p));
    QVERIFY(back.ok());
    QCOMPARE(back.value(), p);
    // Cleared again: the member goes.
    Policy cleared = back.value();
    cleared.scopesSupported.reset();
    QVERIFY(!PolicyFile::serialize(cleared).contains("scopesSupported"));
    p.scopesSupported = QStringList();
    QVERIFY(p.publishedScopes().isEmpty());
}

void TestPolicyFile::catalogEntriesKeepTheirMembers_data() {
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("order"); // the catalog after the edit, by name
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("a name twice keeps both entries' members, in order")
        << QByteArray(R"({"scopebench":1,"scopes":[{"name":"a","x":1},"b",{"name":"a","x":2}]})")
        << QStringList{QStringLiteral("a"), QStringLiteral("a"), QStringLiteral("b")}
        << QByteArray(R"([{"name":"a","x":1},{"name":"a","x":2},"b"])");
    QTest::newRow("reordered") << QByteArray(
                                      R"({"scopebench":1,"scopes":[{"name":"a","x":1},"b"]})")
                               << QStringList{QStringLiteral("b"), QStringLiteral("a")}
                               << QByteArray(R"(["b",{"name":"a","x":1}])");
    QTest::newRow("a new name gets a new entry")
        << QByteArray(R"({"scopebench":1,"scopes":[{"name":"a","x":1}]})")
        << QStringList{QStringLiteral("a"), QStringLiteral("c")}
        << QByteArray(R"([{"name":"a","x":1},{"name":"c"}])");
    // A catalog at the limit of scopes, written back to front.
    QByteArray big = R"({"scopebench":1,"scopes":[)";
    QByteArray bigExpected = "[";
    QStringList reversed;
    for (int i = 0; i < PolicyFile::MaxScopes; ++i) {
        big += (i ? ",{\"name\":\"s" : "{\"name\":\"s") + QByteArray::number(i) +
               "\",\"x\":" + QByteArray::number(i) + "}";
        const int r = PolicyFile::MaxScopes - 1 - i;
        bigExpected += (i ? ",{\"name\":\"s" : "{\"name\":\"s") + QByteArray::number(r) +
                       "\",\"x\":" + QByteArray::number(r) + "}";
        reversed.append(QStringLiteral("s%1").arg(r));
    }
    QTest::newRow("4096 entries reversed") << big + "]}" << reversed << bigExpected + "]";
}

void TestPolicyFile::catalogEntriesKeepTheirMembers() {
    QFETCH(QByteArray, json);
    QFETCH(QStringList, order);
    QFETCH(QByteArray, expected);
    Result<Policy> loaded = PolicyFile::parse(json, QStringLiteral("t"));
    QVERIFY2(loaded.ok(), qPrintable(loaded.error().toString()));
    Policy p = loaded.value();
    p.scopes.clear();
    for (const auto &name : order)
        p.scopes.append({name, QString()});
    const OrderedJson doc = PolicyFile::toJson(p);
    const OrderedJson *catalog = doc.find(QStringLiteral("scopes"));
    QVERIFY(catalog);
    const Result<OrderedJson> wanted = OrderedJson::parse(expected);
    QVERIFY(wanted.ok());
    QVERIFY2(*catalog == wanted.value(), catalog->serialize().left(400).constData());
}

void TestPolicyFile::editsKeepUnknownFields() {
    const QByteArray json = R"({
  "scopebench": 1,
  "x-top": 1,
  "scopes": [{"name": "a", "x-a": "kept"}, {"name": "b", "x-b": "dropped with b"}],
  "validScopeCombinations": [["a"], ["b"]],
  "validation": {"x-v": 2}
})";
    Result<Policy> loaded = PolicyFile::parse(json);
    QVERIFY(loaded.ok());
    Policy p = loaded.value();
    p.scopes.removeLast();
    p.scopes.append({QStringLiteral("c"), QStringLiteral("new")});
    p.validScopeCombinations = {{QStringLiteral("a"), QStringLiteral("c")}};
    p.validation.requireAudience = true;
    p.realm = QStringLiteral("R");

    const OrderedJson doc = PolicyFile::toJson(p);
    QCOMPARE(doc.find(QStringLiteral("x-top"))->toDouble(), 1.0);
    QCOMPARE(doc.members().at(1).first, QStringLiteral("x-top"));
    const auto &catalog = doc.find(QStringLiteral("scopes"))->elements();
    QCOMPARE(int(catalog.size()), 2);
    QCOMPARE(catalog[0].find(QStringLiteral("x-a"))->toString(), QStringLiteral("kept"));
    QVERIFY(!catalog[1].find(QStringLiteral("x-b")));
    QCOMPARE(catalog[1].find(QStringLiteral("description"))->toString(), QStringLiteral("new"));
    const OrderedJson *validation = doc.find(QStringLiteral("validation"));
    QCOMPARE(validation->members().at(0).first, QStringLiteral("x-v"));
    QCOMPARE(validation->find(QStringLiteral("requireAudience"))->toBool(), true);
    // Only what differs from the default or was already there is written.
    QVERIFY(!validation->find(QStringLiteral("leewaySeconds")));

    const Result<Policy> reread = PolicyFile::fromJson(doc);
    QVERIFY(reread.ok());
    QCOMPARE(reread.value(), p);
}

void TestPolicyFile::saveReplacesAtomically() {
    const QString fileName = write(minimal());
    Result<Policy> p = PolicyFile::load(fileName);
    QVERIFY(p.ok());
    p.value().name = QStringLiteral("renamed");
    const Status saved = PolicyFile::save(p.value(), fileName);
    QVERIFY2(saved.ok(), qPrintable(saved.error().toString()));
    QCOMPARE(PolicyFile::load(fileName)->name, QStringLiteral("renamed"));
    // No temporary file is left beside it.
    QCOMPARE(QDir(m_dir->path()).entryList(QDir::Files | QDir::Hidden),
             QStringList{QStringLiteral("p.json")});
}

void TestPolicyFile::saveIntoMissingDirectoryFails() {
    const QString missingDir = m_dir->filePath(QStringLiteral("missing"));
    const QString fileName = missingDir + QStringLiteral("/p.json");
    const Result<Policy> p = PolicyFile::parse(minimal());
    QVERIFY(p.ok());
    const Status saved = PolicyFile::save(p.value(), fileName);
    QVERIFY(!saved.ok());
    QCOMPARE(saved.error().where, fileName);
    QVERIFY2(saved.error().message.startsWith(QStringLiteral("cannot write the file: ")),
             qPrintable(saved.error().message));
    QVERIFY(saved.error().message.size() > QStringLiteral("cannot write the file: ").size());
    QVERIFY(!QFileInfo::exists(missingDir));
    QVERIFY(QDir(m_dir->path())
                .entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden)
                .isEmpty());
}

void TestPolicyFile::saveRefusesWhatCannotBeLoaded() {
    const QString fileName = write(minimal());
    Result<Policy> p = PolicyFile::load(fileName);
    QVERIFY(p.ok());
    p.value().validScopeCombinations = {{QStringLiteral("two words")}};
    const Status saved = PolicyFile::save(p.value(), fileName);
    QVERIFY(!saved.ok());
    QCOMPARE(saved.error().where, fileName + QStringLiteral(", $.validScopeCombinations[0][0]"));
    QVERIFY(saved.error().message.startsWith(QStringLiteral("not saved: ")));
    QCOMPARE(readAll(fileName), minimal());
}

void TestPolicyFile::policyBuiltInCodeSaves() {
    Policy p;
    p.name = QStringLiteral("Built");
    p.realm = QStringLiteral("R");
    p.resource = QStringLiteral("https://mcp.example.com/mcp");
    p.authorizationServers = {QStringLiteral("https://as.example.com")};
    p.scopes = {{QStringLiteral("r"), QStringLiteral("read")}, {QStringLiteral("w"), QString()}};
    p.implies = {{QStringLiteral("w"), {QStringLiteral("r")}}};
    p.validScopeCombinations = {{QStringLiteral("r")}, {QStringLiteral("w")}};
    p.toolScopes = {{QStringLiteral("write it"), {{QStringLiteral("w")}}}};
    p.challenge.scopeHint = ScopeHint::ClosestPlusGranted;
    p.challenge.descriptionTemplate = QStringLiteral("Need {alternatives}");
    p.validation = {30, true, true};
    QVERIFY(!p.source.isObject());

    const QString fileName = m_dir->filePath(QStringLiteral("built.json"));
    const Status saved = PolicyFile::save(p, fileName);
    QVERIFY2(saved.ok(), qPrintable(saved.error().toString()));
    const Result<Policy> loaded = PolicyFile::load(fileName);
    QVERIFY2(loaded.ok(), qPrintable(loaded.error().toString()));
    QCOMPARE(loaded.value(), p);
    QVERIFY(readAll(fileName).startsWith("{\n  \"scopebench\": 1,\n  \"name\": \"Built\",\n"));

    // The defaults write the smallest file that loads back the same.
    const QByteArray empty = PolicyFile::serialize(Policy());
    QCOMPARE(empty, QByteArray("{\n  \"scopebench\": 1\n}\n"));
    QCOMPARE(PolicyFile::parse(empty).value(), Policy());
}

void TestPolicyFile::paths_data() {
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("expected");
    QTest::newRow("identifier") << "create_entry"
                                << "$.x.create_entry";
    QTest::newRow("colon and dash") << "entries:read-all"
                                    << "$.x.entries:read-all";
    QTest::newRow("space") << "my tool"
                           << "$.x[\"my tool\"]";
    QTest::newRow("leading digit") << "1tool"
                                   << "$.x[\"1tool\"]";
    QTest::newRow("quote and backslash") << "a\"b\\c"
                                         << "$.x[\"a\\\"b\\\\c\"]";
    QTest::newRow("non-ASCII") << "café"
                               << "$.x[\"café\"]";
    QTest::newRow("empty") << ""
                           << "$.x[\"\"]";
}

void TestPolicyFile::paths() {
    QFETCH(QString, key);
    QFETCH(QString, expected);
    QCOMPARE(PolicyFile::memberPath(QStringLiteral("$.x"), key), expected);
    QCOMPARE(PolicyFile::indexPath(expected, 3), expected + QStringLiteral("[3]"));
}

QTEST_GUILESS_MAIN(TestPolicyFile)
#include "tst_policyfile.moc"
