#pragma once

// Helpers the decision tests share: policies from inline JSON and requests in a line.

#include "decision/CompiledPolicy.h"
#include "decision/Decider.h"
#include "policy/PolicyFile.h"

#include <QTest>

namespace scopebench::fixtures {

inline constexpr qint64 Now = 1'700'000'000;

inline Policy policyFrom(const QByteArray &json) {
    const Result<Policy> policy = PolicyFile::parse(json, QStringLiteral("fixture"));
    if (!policy) {
        qWarning("%s", qPrintable(policy.error().toString()));
        return Policy();
    }
    return policy.value();
}

inline Policy epicMe() {
    const Result<Policy> policy =
        PolicyFile::load(QStringLiteral(":/scopebench/policies/epicme.json"));
    if (!policy)
        qWarning("%s", qPrintable(policy.error().toString()));
    return policy ? policy.value() : Policy();
}

// A request carrying these Authorization values (none: no header at all).
inline RequestFacts requestWith(const QList<QByteArray> &authorization,
                                const QString &tool = QString(),
                                const QByteArray &query = QByteArray()) {
    RequestFacts r;
    r.query = query;
    r.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    for (const auto &value : authorization)
        r.headers.append({QByteArrayLiteral("Authorization"), value});
    if (!tool.isEmpty()) {
        r.rpcMethod = QStringLiteral("tools/call");
        r.toolName = tool;
    }
    return r;
}

inline TokenKnowledge activeToken(const QStringList &scopes) {
    TokenFacts facts;
    facts.active = true;
    facts.scopes = scopes;
    return TokenKnowledge::known(facts);
}

} // namespace scopebench::fixtures
