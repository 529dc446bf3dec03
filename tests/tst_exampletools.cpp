#include "exampletools/ExampleTools.h"
#include "exampletools/SchemaValidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace scopebench;

class tst_ExampleTools : public QObject {
    Q_OBJECT
private:
    static QJsonObject parse(const char *json) {
        return QJsonDocument::fromJson(QByteArray(json)).object();
    }

private Q_SLOTS:
    void schema_data() {
        QTest::addColumn<QString>("tool");
        QTest::addColumn<QByteArray>("arguments");
        QTest::addColumn<QString>("problem"); // empty: valid
        QTest::newRow("get_entry ok")
            << QStringLiteral("get_entry") << QByteArray(R"({"id":1})") << QString();
        QTest::newRow("id missing") << QStringLiteral("get_entry") << QByteArray("{}")
                                    << QStringLiteral("arguments: the property \"id\" is required");
        QTest::newRow("id not integer")
            << QStringLiteral("get_entry") << QByteArray(R"({"id":1.5})")
            << QStringLiteral("arguments.id: must be of type integer");
        QTest::newRow("id below 1") << QStringLiteral("get_entry") << QByteArray(R"({"id":0})")
                                    << QStringLiteral("arguments.id: must be at least 1");
        QTest::newRow("unknown property")
            << QStringLiteral("list_tags") << QByteArray(R"({"x":1})")
            << QStringLiteral("arguments.x: is not an allowed property");
        QTest::newRow("empty title")
            << "create_entry" << QByteArray(R"({"title":"","content":"c"})")
            << QStringLiteral("arguments.title: must have at least 1 characters");
        QTest::newRow("tag ids") << "create_entry"
                                 << QByteArray(R"({"title":"t","content":"c","tags":[1,"2"]})")
                                 << QStringLiteral("arguments.tags[1]: must be of type integer");
    }
    void schema() {
        QFETCH(QString, tool);
        QFETCH(QByteArray, arguments);
        QFETCH(QString, problem);
        const ExampleTools::Definition *d = ExampleTools::find(tool);
        QVERIFY(d);
        QCOMPARE(SchemaValidator::validate(d->inputSchema,
                                           QJsonDocument::fromJson(arguments).object(),
                                           QStringLiteral("arguments")),
                 problem);
    }

    void journalThroughTheTools() {
        Journal journal;
        const ExampleTools::Caller caller{QStringLiteral("u"), QStringLiteral("c"), {}};
        auto call = [&](const char *tool, const char *args) {
            return ExampleTools::call(journal, *ExampleTools::find(QLatin1String(tool)),
                                      parse(args), caller, 1764000000);
        };
        QCOMPARE(call("create_tag",
                      R"({"name":"work"})")[QLatin1String("structuredContent")][QLatin1String("id")]
                     .toInt(),
                 1);
        QVERIFY(call("create_tag", R"({"name":"work"})")[QLatin1String("isError")].toBool());
        QJsonObject r = call("create_entry", R"({"title":"t","content":"c"})");
        QCOMPARE(r[QLatin1String("structuredContent")][QLatin1String("id")].toInt(), 1);
        r = call("add_tag_to_entry", R"({"entryId":1,"tagId":1})");
        QCOMPARE(r[QLatin1String("structuredContent")][QLatin1String("tags")].toArray(),
                 QJsonArray{1});
        r = call("list_entries", R"({"tagId":1})");
        QCOMPARE(r[QLatin1String("structuredContent")][QLatin1String("entries")].toArray().size(),
                 1);
        QVERIFY(!call("delete_tag", R"({"id":1})").contains(QLatin1String("isError")));
        r = call("get_entry", R"({"id":1})");
        QCOMPARE(r[QLatin1String("structuredContent")][QLatin1String("tags")].toArray(),
                 QJsonArray());
        r = call("update_entry", R"({"id":1,"title":"new"})");
        QCOMPARE(r[QLatin1String("structuredContent")][QLatin1String("title")].toString(),
                 QStringLiteral("new"));
        QVERIFY(!call("delete_entry", R"({"id":1})").contains(QLatin1String("isError")));
        QVERIFY(call("delete_entry", R"({"id":1})")[QLatin1String("isError")].toBool());
        r = call("whoami", "{}");
        QCOMPARE(r[QLatin1String("structuredContent")][QLatin1String("sub")].toString(),
                 QStringLiteral("u"));
    }

    // The journal is bounded and list_entries answers a page at a time (one call once returned
    // 81 MB and held the server for 1.6 s).
    void journalIsBoundedAndPaged() {
        Journal journal;
        struct Outcome {
            bool ok;
            QJsonObject structured;
            QString message;
        };
        auto run = [&](const char *tool, const QJsonObject &args) {
            const QJsonObject r = ExampleTools::call(
                journal, *ExampleTools::find(QLatin1String(tool)), args, {}, 1764000000);
            return Outcome{!r.value(QLatin1String("isError")).toBool(),
                           r.value(QLatin1String("structuredContent")).toObject(),
                           r.value(QLatin1String("content"))
                               .toArray()
                               .at(0)
                               .toObject()
                               .value(QLatin1String("text"))
                               .toString()};
        };
        const QJsonObject entry{{QStringLiteral("title"), QStringLiteral("t")},
                                {QStringLiteral("content"), QStringLiteral("c")}};
        for (int i = 0; i < Journal::maxEntries; ++i)
            QVERIFY(run("create_entry", entry).ok);
        const Outcome full = run("create_entry", entry);
        QVERIFY(!full.ok);
        QVERIFY(full.message.contains(QLatin1String("full")));
        QCOMPARE(journal.entryCount(), Journal::maxEntries);

        QSet<int> seen;
        QJsonObject args;
        int pages = 0;
        for (;;) {
            const Outcome page = run("list_entries", args);
            QVERIFY(page.ok);
            const QJsonArray entries = page.structured.value(QLatin1String("entries")).toArray();
            QVERIFY(entries.size() <= Journal::entriesPerPage);
            for (const QJsonValue &e : entries)
                seen.insert(e.toObject().value(QLatin1String("id")).toInt());
            ++pages;
            if (!page.structured.contains(QLatin1String("nextCursor")))
                break;
            args.insert(QStringLiteral("cursor"),
                        page.structured.value(QLatin1String("nextCursor")));
        }
        QCOMPARE(seen.size(), Journal::maxEntries);
        QCOMPARE(pages, Journal::maxEntries / Journal::entriesPerPage);
        QVERIFY(!run("list_entries", {{QStringLiteral("cursor"), QStringLiteral("x")}}).ok);

        for (int i = 0; i < Journal::maxTags; ++i)
            QVERIFY(run("create_tag", {{QStringLiteral("name"), QString::number(i)}}).ok);
        QVERIFY(!run("create_tag", {{QStringLiteral("name"), QStringLiteral("one more")}}).ok);
        QJsonArray tooMany;
        for (int i = 1; i <= Journal::maxTagsPerEntry + 1; ++i)
            tooMany.append(i);
        journal.deleteEntry(1);
        QJsonObject tagged = entry;
        tagged.insert(QStringLiteral("tags"), tooMany);
        QVERIFY(!run("create_entry", tagged).ok);
    }

    void callJsonMatchesCall_data() {
        QTest::addColumn<QByteArray>("arguments");
        QTest::newRow("plain") << QByteArray(R"({"title":"t","content":"c"})");
        QTest::newRow("quotes and backslashes") << QByteArray(
            "{\"title\":\"say \\\"hi\\\" \\\\ there\",\"content\":\"a\\nb\\u0001 \xc3\xa9\"}");
        QTest::newRow("invalid") << QByteArray(R"({"title":""})");
    }
    void callJsonMatchesCall() {
        QFETCH(QByteArray, arguments);
        const ExampleTools::Definition &tool = *ExampleTools::find(QStringLiteral("create_entry"));
        const QJsonObject args = QJsonDocument::fromJson(arguments).object();
        Journal a, b;
        const QJsonObject viaObject = ExampleTools::call(a, tool, args, {}, 1764000000);
        QJsonParseError error{};
        const QJsonDocument viaBytes =
            QJsonDocument::fromJson(ExampleTools::callJson(b, tool, args, {}, 1764000000), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(viaBytes.object(), viaObject);
    }
};

QTEST_GUILESS_MAIN(tst_ExampleTools)
#include "tst_exampletools.moc"
