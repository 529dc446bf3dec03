#pragma once

#include "common/OrderedJson.h"
#include "common/Result.h"
#include "policy/Policy.h"

namespace scopebench {

// The policy file, format version 1 (docs/policy-format.md): UTF-8 JSON, saved atomically.
// Errors name the file, the JSON path and the reason, and carry an id for tools: file-unreadable
// (I/O), file-too-large (a limit), file-invalid-json, file-invalid (type, grammar, version).
// A refused file is never written to.
class PolicyFile {
public:
    // Limits that keep a mistaken or hostile file from costing minutes or gigabytes to compile
    // (docs/policy-format.md, "Limits"). A file over one is refused with the limit and the path.
    // The bundled example (the EpicMe journal server), compiled into the policy library.
    static QString bundledExample() { return QStringLiteral(":/scopebench/policies/epicme.json"); }

    static constexpr qint64 MaxFileBytes = 16 * 1024 * 1024;
    static constexpr int MaxScopes = 4096;        // distinct scope names in the whole file
    static constexpr int MaxScopesPerList = 4096; // entries of one combination or implies list
    static constexpr int MaxCombinationsPerList = 10000; // combinations of the server or one tool
    static constexpr int MaxCombinations = 100000;       // combinations in the whole file
    static constexpr int MaxTools = 1000;                // entries of toolScopes
    static constexpr int MaxImplications = 100000;       // grants in the whole implies object

    static Result<Policy> load(const QString &fileName);
    // `origin` names the text in errors (a file name, or "<stdin>").
    static Result<Policy> parse(const QByteArray &utf8, const QString &origin = QString());
    static Result<Policy> fromJson(const OrderedJson &document, const QString &origin = QString());

    // The document to write: the policy's source with every known field brought up to date, so
    // unknown fields and the order of members survive.
    static OrderedJson toJson(const Policy &policy);
    static QByteArray serialize(const Policy &policy) { return toJson(policy).serialize(); }
    // Writes through QSaveFile: the previous file survives a failure half-way.
    static Status save(const Policy &policy, const QString &fileName);

    // "$.toolScopes.create_entry[0]" style paths, quoting keys that are not identifiers.
    static QString memberPath(const QString &parent, const QString &key);
    static QString indexPath(const QString &parent, qsizetype index);
};

} // namespace scopebench
