#pragma once

#include "common/Result.h"
#include "policy/Policy.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace scopebench {

// One file of an export: its name (no directory) and its contents. Writing it is the caller's.
struct ExportedFile {
    QString name;
    QByteArray bytes;
};

// The policy translated for engines other than Scopebench (docs/analysis-and-export.md). Each
// export decides every cell of the coverage matrix as Decider::decide does; the interop tests
// (tst_interop_cedar, tst_interop_tssdk) check that with the engines themselves.
class PolicyExport {
public:
    // "cedar", "ts-sdk", "prm"
    static QStringList formats();
    static Result<QList<ExportedFile>> exportAs(const QString &format, const Policy &policy);

    // policy.cedar and schema.cedarschema
    static QList<ExportedFile> cedar(const Policy &policy);
    // scopebench-scopes.mjs: an ES module for @modelcontextprotocol/server 2.x
    static QList<ExportedFile> tsSdk(const Policy &policy);
    // oauth-protected-resource.json: the RFC 9728 metadata the server should publish
    static QList<ExportedFile> protectedResourceMetadata(const Policy &policy);

    // What the metadata advertises as scopes_supported: Policy::publishedScopes(), the same list
    // the endpoint serves (the policy's scopesSupported, else the first server-level alternative;
    // each once, never offline_access).
    static QStringList scopesSupported(const Policy &policy);

    // A Cedar string literal: quoted, with '"', '\' and control characters escaped.
    static QString cedarString(const QString &text);
    // Cedar action names for the operations.
    static QString cedarConnectAction() { return QStringLiteral("connect"); }
    static QString cedarCallAction(const QString &tool) { return QStringLiteral("call:") + tool; }
};

} // namespace scopebench
