#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace scopebench {

// One request as the endpoint saw it: what was asked, by whom (never the token itself: its
// fingerprint), what was decided and how long it took.
struct RequestRecord {
    quint64 sequence = 0; // 1, 2, 3 ... in arrival order of the log
    QDateTime time;       // UTC, when the request arrived
    QString method;       // HTTP method
    QString path;
    QString rpcMethod; // JSON-RPC method, when the body had one
    QString tool;      // for tools/call
    QString tokenFingerprint;
    QString clientId;
    QString subject;
    // "allowed" (passed the decision), "denied" (400/401/403 of the decision), "unavailable"
    // (introspection failed: 503), "rejected" (refused by the transport or the protocol),
    // "public" (needs no token: metadata, preflight, authorization server).
    QString outcome;
    int status = 0;
    double latencyMs = 0;
    QString reason; // one sentence; never holds a token
    // For the MCP path: "modern" (served by the 2026-07-28 rules) or "legacy" (2025-11-25 and
    // earlier, with initialize and sessions), the specification's terms (basic/versioning).
    // Empty for every other path.
    QString era;

    QJsonObject toJson() const;
    QByteArray toJsonLine() const; // compact JSON and a '\n'
    static QByteArray csvHeader(); // with a trailing "\r\n"
    QByteArray toCsvRow() const;   // RFC 4180, with a trailing "\r\n"
};

} // namespace scopebench

Q_DECLARE_METATYPE(scopebench::RequestRecord)
