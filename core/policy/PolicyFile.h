#pragma once

#include "common/OrderedJson.h"
#include "common/Result.h"
#include "policy/Policy.h"

namespace scopebench {

// The policy file, format version 1 (docs/policy-format.md): UTF-8 JSON, saved atomically.
// Errors name the file, the JSON path and the reason; a refused file is never written to.
class PolicyFile {
public:
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
