#include "exampletools/ExampleTools.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <optional>

namespace scopebench {

namespace {

QJsonObject integerProperty(const QString &description) {
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")},
                       {QStringLiteral("minimum"), 1},
                       {QStringLiteral("description"), description}};
}

QJsonObject stringProperty(const QString &description, int minLength = 0) {
    QJsonObject p{{QStringLiteral("type"), QStringLiteral("string")},
                  {QStringLiteral("maxLength"), 10000},
                  {QStringLiteral("description"), description}};
    if (minLength > 0)
        p.insert(QStringLiteral("minLength"), minLength);
    return p;
}

QJsonObject objectSchema(const QJsonObject &properties, const QStringList &required = {}) {
    QJsonObject s{{QStringLiteral("type"), QStringLiteral("object")},
                  {QStringLiteral("properties"), properties},
                  {QStringLiteral("additionalProperties"), false}};
    if (!required.isEmpty())
        s.insert(QStringLiteral("required"), QJsonArray::fromStringList(required));
    return s;
}

QList<ExampleTools::Definition> makeDefinitions() {
    const QString id = QStringLiteral("id");
    const QJsonObject entryId = integerProperty(QStringLiteral("The entry's id"));
    const QJsonObject tagId = integerProperty(QStringLiteral("The tag's id"));
    const QJsonObject title = stringProperty(QStringLiteral("The entry's title"), 1);
    const QJsonObject content = stringProperty(QStringLiteral("The entry's text"));
    const QJsonObject name = stringProperty(QStringLiteral("The tag's name"), 1);
    const QJsonObject description = stringProperty(QStringLiteral("What the tag is for"));
    const QJsonObject tagList{
        {QStringLiteral("type"), QStringLiteral("array")},
        {QStringLiteral("items"), tagId},
        {QStringLiteral("description"), QStringLiteral("Ids of tags to put on the entry")}};
    return {
        {QStringLiteral("whoami"), QStringLiteral("Who am I"),
         QStringLiteral("The subject and client of the access token used for this call"),
         objectSchema({})},
        {QStringLiteral("get_entry"), QStringLiteral("Get entry"),
         QStringLiteral("One journal entry by id"), objectSchema({{id, entryId}}, {id})},
        {QStringLiteral("list_entries"), QStringLiteral("List entries"),
         QStringLiteral("Journal entries, optionally only those with a tag, a page at a time: "
                        "pass the nextCursor of one answer as the cursor of the next"),
         objectSchema({{QStringLiteral("tagId"), tagId},
                       {QStringLiteral("cursor"),
                        stringProperty(QStringLiteral("Where the previous page ended"))}})},
        {QStringLiteral("create_entry"), QStringLiteral("Create entry"),
         QStringLiteral("Write a new journal entry"),
         objectSchema({{QStringLiteral("title"), title},
                       {QStringLiteral("content"), content},
                       {QStringLiteral("tags"), tagList}},
                      {QStringLiteral("title"), QStringLiteral("content")})},
        {QStringLiteral("update_entry"), QStringLiteral("Update entry"),
         QStringLiteral("Change an entry's title or text"),
         objectSchema({{id, entryId},
                       {QStringLiteral("title"), title},
                       {QStringLiteral("content"), content}},
                      {id})},
        {QStringLiteral("delete_entry"), QStringLiteral("Delete entry"),
         QStringLiteral("Remove a journal entry"), objectSchema({{id, entryId}}, {id})},
        {QStringLiteral("add_tag_to_entry"), QStringLiteral("Tag entry"),
         QStringLiteral("Put a tag on an entry"),
         objectSchema({{QStringLiteral("entryId"), entryId}, {QStringLiteral("tagId"), tagId}},
                      {QStringLiteral("entryId"), QStringLiteral("tagId")})},
        {QStringLiteral("get_tag"), QStringLiteral("Get tag"), QStringLiteral("One tag by id"),
         objectSchema({{id, tagId}}, {id})},
        {QStringLiteral("list_tags"), QStringLiteral("List tags"), QStringLiteral("All tags"),
         objectSchema({})},
        {QStringLiteral("create_tag"), QStringLiteral("Create tag"),
         QStringLiteral("Make a new tag"),
         objectSchema(
             {{QStringLiteral("name"), name}, {QStringLiteral("description"), description}},
             {QStringLiteral("name")})},
        {QStringLiteral("update_tag"), QStringLiteral("Update tag"),
         QStringLiteral("Rename a tag or change its description"),
         objectSchema({{id, tagId},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("description"), description}},
                      {id})},
        {QStringLiteral("delete_tag"), QStringLiteral("Delete tag"),
         QStringLiteral("Remove a tag from the journal and from every entry"),
         objectSchema({{id, tagId}}, {id})},
    };
}

using Outcome = ExampleTools::Outcome;

Outcome failure(const QString &message) {
    return Outcome{false, QJsonObject(), message};
}

Outcome success(const QJsonObject &structured) {
    return Outcome{true, structured, QString()};
}

QJsonObject textContent(const QString &text) {
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                       {QStringLiteral("text"), text}};
}

// A JSON string holding `json` (compact JSON text: no raw control characters).
QByteArray quoted(const QByteArray &json) {
    QByteArray out;
    out.reserve(json.size() + json.size() / 4 + 2);
    out += '"';
    for (const char c : json) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

std::optional<QString> optionalString(const QJsonObject &args, const QString &key) {
    if (!args.contains(key))
        return std::nullopt;
    return args.value(key).toString();
}

} // namespace

QJsonObject ExampleTools::Definition::toJson() const {
    return QJsonObject{{QStringLiteral("name"), name},
                       {QStringLiteral("title"), title},
                       {QStringLiteral("description"), description},
                       {QStringLiteral("inputSchema"), inputSchema}};
}

const QList<ExampleTools::Definition> &ExampleTools::definitions() {
    static const QList<Definition> list = makeDefinitions();
    return list;
}

const ExampleTools::Definition *ExampleTools::find(const QString &name) {
    for (const auto &d : definitions()) {
        if (d.name == name)
            return &d;
    }
    return nullptr;
}

QJsonObject ExampleTools::call(Journal &journal, const Definition &tool,
                               const QJsonValue &arguments, const Caller &caller, qint64 now) {
    const Outcome o = run(journal, tool, arguments, caller, now);
    if (!o.ok)
        return QJsonObject{{QStringLiteral("content"), QJsonArray{textContent(o.message)}},
                           {QStringLiteral("isError"), true}};
    return QJsonObject{{QStringLiteral("content"),
                        QJsonArray{textContent(QString::fromUtf8(
                            QJsonDocument(o.structured).toJson(QJsonDocument::Compact)))}},
                       {QStringLiteral("structuredContent"), o.structured}};
}

QByteArray ExampleTools::callJson(Journal &journal, const Definition &tool,
                                  const QJsonValue &arguments, const Caller &caller, qint64 now) {
    const Outcome o = run(journal, tool, arguments, caller, now);
    if (!o.ok)
        return QJsonDocument(
                   QJsonObject{{QStringLiteral("content"), QJsonArray{textContent(o.message)}},
                               {QStringLiteral("isError"), true}})
            .toJson(QJsonDocument::Compact);
    const QByteArray structured = QJsonDocument(o.structured).toJson(QJsonDocument::Compact);
    return QByteArrayLiteral("{\"content\":[{\"type\":\"text\",\"text\":") + quoted(structured) +
           QByteArrayLiteral("}],\"structuredContent\":") + structured + '}';
}

ExampleTools::Outcome ExampleTools::run(Journal &journal, const Definition &tool,
                                        const QJsonValue &arguments, const Caller &caller,
                                        qint64 now) {
    const QJsonValue given =
        arguments.isUndefined() || arguments.isNull() ? QJsonValue(QJsonObject()) : arguments;
    const QString problem = tool.validator.validate(given, QStringLiteral("arguments"));
    if (!problem.isEmpty())
        return failure(QStringLiteral("Invalid arguments: ") + problem);
    const QJsonObject args = given.toObject();
    const int id = args.value(QStringLiteral("id")).toInt();
    const QString &name = tool.name;

    auto entryOr = [](const Journal::Entry *e, int wanted) -> Outcome {
        return e ? success(Journal::toJson(*e))
                 : failure(QStringLiteral("No entry with id %1").arg(wanted));
    };
    auto tagOr = [](const Journal::Tag *t, int wanted) -> Outcome {
        return t ? success(Journal::toJson(*t))
                 : failure(QStringLiteral("No tag with id %1").arg(wanted));
    };

    if (name == QLatin1String("whoami"))
        return success(
            QJsonObject{{QStringLiteral("sub"), caller.subject},
                        {QStringLiteral("client_id"), caller.clientId},
                        {QStringLiteral("scopes"), QJsonArray::fromStringList(caller.scopes)}});
    if (name == QLatin1String("get_entry"))
        return entryOr(journal.entry(id), id);
    if (name == QLatin1String("list_entries")) {
        std::optional<int> tag;
        if (args.contains(QStringLiteral("tagId")))
            tag = args.value(QStringLiteral("tagId")).toInt();
        // The cursor is the id of the last entry of the previous page.
        int after = 0;
        if (args.contains(QStringLiteral("cursor"))) {
            bool ok = false;
            after = args.value(QStringLiteral("cursor")).toString().toInt(&ok);
            if (!ok || after < 0)
                return failure(QStringLiteral("Invalid cursor"));
        }
        QJsonArray list;
        QJsonObject page;
        const QList<Journal::Entry> all = journal.entries(tag);
        for (const auto &e : all) {
            if (e.id <= after)
                continue;
            if (list.size() == Journal::entriesPerPage) {
                page.insert(
                    QStringLiteral("nextCursor"),
                    QString::number(list.last().toObject().value(QLatin1String("id")).toInt()));
                break;
            }
            list.append(Journal::toJson(e));
        }
        page.insert(QStringLiteral("entries"), list);
        return success(page);
    }
    if (name == QLatin1String("create_entry")) {
        if (journal.entryCount() >= Journal::maxEntries)
            return failure(
                QStringLiteral("The journal is full (%1 entries)").arg(Journal::maxEntries));
        if (args.value(QStringLiteral("tags")).toArray().size() > Journal::maxTagsPerEntry)
            return failure(
                QStringLiteral("At most %1 tags per entry").arg(Journal::maxTagsPerEntry));
        QList<int> tags;
        for (const auto &t : args.value(QStringLiteral("tags")).toArray()) {
            if (!journal.tag(t.toInt()))
                return failure(QStringLiteral("No tag with id %1").arg(t.toInt()));
            tags.append(t.toInt());
        }
        return success(Journal::toJson(
            journal.createEntry(args.value(QStringLiteral("title")).toString(),
                                args.value(QStringLiteral("content")).toString(), tags, now)));
    }
    if (name == QLatin1String("update_entry"))
        return entryOr(journal.updateEntry(id, optionalString(args, QStringLiteral("title")),
                                           optionalString(args, QStringLiteral("content")), now),
                       id);
    if (name == QLatin1String("delete_entry"))
        return journal.deleteEntry(id) ? success(QJsonObject{{QStringLiteral("deleted"), id}})
                                       : failure(QStringLiteral("No entry with id %1").arg(id));
    if (name == QLatin1String("add_tag_to_entry")) {
        const int entryId = args.value(QStringLiteral("entryId")).toInt();
        const int tagId = args.value(QStringLiteral("tagId")).toInt();
        if (!journal.tag(tagId))
            return failure(QStringLiteral("No tag with id %1").arg(tagId));
        if (!journal.addTag(entryId, tagId, now))
            return failure(QStringLiteral("No entry with id %1").arg(entryId));
        return success(Journal::toJson(*journal.entry(entryId)));
    }
    if (name == QLatin1String("get_tag"))
        return tagOr(journal.tag(id), id);
    if (name == QLatin1String("list_tags")) {
        QJsonArray list;
        for (const auto &t : journal.tags())
            list.append(Journal::toJson(t));
        return success(QJsonObject{{QStringLiteral("tags"), list}});
    }
    if (name == QLatin1String("create_tag")) {
        const QString tagName = args.value(QStringLiteral("name")).toString();
        if (journal.tagCount() >= Journal::maxTags)
            return failure(QStringLiteral("The journal has the most tags it keeps (%1)")
                               .arg(Journal::maxTags));
        if (journal.tagNamed(tagName))
            return failure(QStringLiteral("A tag named \"%1\" exists already").arg(tagName));
        return success(Journal::toJson(
            journal.createTag(tagName, args.value(QStringLiteral("description")).toString())));
    }
    if (name == QLatin1String("update_tag"))
        return tagOr(journal.updateTag(id, optionalString(args, QStringLiteral("name")),
                                       optionalString(args, QStringLiteral("description"))),
                     id);
    if (name == QLatin1String("delete_tag"))
        return journal.deleteTag(id) ? success(QJsonObject{{QStringLiteral("deleted"), id}})
                                     : failure(QStringLiteral("No tag with id %1").arg(id));
    return failure(QStringLiteral("The tool is not implemented"));
}

} // namespace scopebench
