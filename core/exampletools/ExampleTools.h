#pragma once

#include "exampletools/Journal.h"
#include "exampletools/SchemaValidator.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace scopebench {

// The EpicMe example's tools (docs/policy-format.md, docs/endpoint.md) on a Journal: whoami,
// entries and tags.
class ExampleTools {
public:
    struct Definition {
        QString name;
        QString title;
        QString description;
        QJsonObject inputSchema;
        SchemaValidator validator; // inputSchema, read once

        Definition(QString name, QString title, QString description, QJsonObject inputSchema)
            : name(std::move(name))
            , title(std::move(title))
            , description(std::move(description))
            , inputSchema(std::move(inputSchema))
            , validator(this->inputSchema) {}

        QJsonObject toJson() const; // as in a tools/list result
    };
    // Who calls: from the token's introspection, for whoami.
    struct Caller {
        QString subject;
        QString clientId;
        QStringList scopes;
    };

    static const QList<Definition> &definitions();
    static const Definition *find(const QString &name);

    // A CallToolResult: content (text), structuredContent where there is a result, and
    // isError: true when the arguments are invalid or the tool fails.
    static QJsonObject call(Journal &journal, const Definition &tool, const QJsonValue &arguments,
                            const Caller &caller, qint64 now);
    // The same result as compact JSON, serialized once (the endpoint's hot path).
    static QByteArray callJson(Journal &journal, const Definition &tool,
                               const QJsonValue &arguments, const Caller &caller, qint64 now);

    // What a tool did, before it is written as a CallToolResult.
    struct Outcome {
        bool ok = true;
        QJsonObject structured; // when ok
        QString message;        // when not
    };

private:
    static Outcome run(Journal &journal, const Definition &tool, const QJsonValue &arguments,
                       const Caller &caller, qint64 now);
};

} // namespace scopebench
