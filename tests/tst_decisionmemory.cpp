#include "decision/ChallengeParser.h"
#include "decision/CompiledPolicy.h"
#include "decision/Decider.h"
#include "introspection/TokenLookup.h"
#include "mcp/DecisionMemory.h"
#include "mcp/McpEndpoint.h"
#include "observability/RequestLog.h"
#include "support/DecisionFixtures.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace scopebench;
using namespace scopebench::fixtures;

namespace {

// Introspection from a table, answered on the next event-loop turn as the cache would.
class TableLookup : public TokenLookup {
public:
    QHash<QByteArray, TokenFacts> tokens;
    void lookup(const QByteArray &token, QObject *context, Callback done) override {
        const TokenKnowledge k = TokenKnowledge::known(tokens.value(token));
        QPointer<QObject> guard(context);
        QTimer::singleShot(0, context, [k, done, guard] {
            if (guard)
                done(k);
        });
    }
};

RememberedDecision rememberedFor(const QString &tool) {
    RememberedDecision r;
    r.request.toolName = tool;
    return r;
}

struct Answer {
    int status = -1;
    QByteArray challenge;
};

Answer post(QNetworkAccessManager &network, const QUrl &url, const QByteArray &authorization,
            const QByteArray &body) {
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json, text/event-stream");
    if (!authorization.isEmpty())
        request.setRawHeader("Authorization", authorization);
    QNetworkReply *reply = network.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    Answer a;
    if (finished.wait(10000)) {
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.challenge = reply->rawHeader("WWW-Authenticate");
    }
    reply->deleteLater();
    return a;
}

QByteArray toolCall(const QString &tool) {
    return QByteArrayLiteral(
               "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"") +
           tool.toUtf8() + QByteArrayLiteral("\",\"arguments\":{}}}");
}

} // namespace

// What the endpoint keeps of each decision for the desktop app's preview of a logged request:
// bounded, by sequence number, without the token, and enough to decide the request again with
// the same answer.
class TestDecisionMemory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void keepsTheNewestBySequence();
    void dropsTheIntrospectionAnswer();
    void fingerprintFollowsThePolicy();
    void endpointRemembersWhatItDecidedWith_data();
    void endpointRemembersWhatItDecidedWith();
    void nothingRememberedWithoutMemory();
};

void TestDecisionMemory::keepsTheNewestBySequence() {
    DecisionMemory memory(3);
    for (quint64 s = 1; s <= 5; ++s)
        memory.remember(s * 2, rememberedFor(QString::number(s)));
    QCOMPARE(memory.size(), 3);
    QVERIFY(!memory.recall(2).has_value()); // evicted
    QVERIFY(!memory.recall(4).has_value());
    QVERIFY(!memory.recall(7).has_value()); // never remembered
    QCOMPARE(memory.recall(6)->request.toolName, QStringLiteral("3"));
    QCOMPARE(memory.recall(10)->request.toolName, QStringLiteral("5"));
    // An older sequence number than the newest is not taken.
    memory.remember(9, rememberedFor(QStringLiteral("late")));
    QVERIFY(!memory.recall(9).has_value());
    memory.clear();
    QCOMPARE(memory.size(), 0);
    QVERIFY(!memory.recall(10).has_value());
}

void TestDecisionMemory::dropsTheIntrospectionAnswer() {
    DecisionMemory memory;
    TokenFacts facts;
    facts.active = true;
    facts.scopes = QStringList{QStringLiteral("read")};
    facts.raw = QJsonObject{{QStringLiteral("active"), true},
                            {QStringLiteral("scope"), QStringLiteral("read")}};
    RememberedDecision r;
    r.token = TokenKnowledge::known(facts);
    memory.remember(1, r);
    QVERIFY(memory.recall(1)->token.facts.raw.isEmpty());
    QCOMPARE(memory.recall(1)->token.facts.scopes, facts.scopes);
}

void TestDecisionMemory::fingerprintFollowsThePolicy() {
    const Policy a = epicMe();
    Policy b = a;
    QCOMPARE(DecisionMemory::policyFingerprint(a), DecisionMemory::policyFingerprint(b));
    QCOMPARE(DecisionMemory::policyFingerprint(a).size(), 32);
    b.validScopeCombinations.first().append(QStringLiteral("tags:read"));
    QVERIFY(DecisionMemory::policyFingerprint(a) != DecisionMemory::policyFingerprint(b));
}

void TestDecisionMemory::endpointRemembersWhatItDecidedWith_data() {
    QTest::addColumn<QByteArray>("authorization"); // empty: none
    QTest::addColumn<QString>("tool");
    QTest::addColumn<int>("status");
    // EpicMe: delete_entry needs entries:write; the table's token grants entries:read.
    QTest::newRow("403 for a tool")
        << QByteArray("Bearer granted-read") << QStringLiteral("delete_entry") << 403;
    QTest::newRow("401 without a token") << QByteArray() << QStringLiteral("delete_entry") << 401;
    QTest::newRow("401 malformed")
        << QByteArray("Bearer granted read") << QStringLiteral("get_entry") << 401;
    QTest::newRow("401 inactive") << QByteArray("Bearer unknown-token")
                                  << QStringLiteral("get_entry") << 401;
    QTest::newRow("allowed, then the protocol's 400 (no session)")
        << QByteArray("Bearer granted-read") << QStringLiteral("get_entry") << 400;
}

void TestDecisionMemory::endpointRemembersWhatItDecidedWith() {
    QFETCH(QByteArray, authorization);
    QFETCH(QString, tool);
    QFETCH(int, status);

    TableLookup lookup;
    TokenFacts granted;
    granted.active = true;
    granted.scopes = QStringList{QStringLiteral("entries:read")};
    granted.sub = QStringLiteral("user-1");
    granted.exp = QDateTime::currentSecsSinceEpoch() + 3600;
    lookup.tokens.insert("granted-read", granted);
    RequestLog log;
    DecisionMemory memory;
    EndpointSettings settings;
    settings.address = QHostAddress::LocalHost;
    settings.port = 0;
    const Policy policy = epicMe();
    McpEndpoint endpoint(settings, policy, &lookup, &log, nullptr);
    endpoint.setDecisionMemory(&memory);
    QVERIFY(endpoint.listen().ok());

    QNetworkAccessManager network;
    // A public request first: not decided, so nothing is remembered for it.
    QNetworkReply *metadata = network.get(QNetworkRequest(QUrl(endpoint.metadataUrl())));
    QSignalSpy metadataDone(metadata, &QNetworkReply::finished);
    QVERIFY(metadataDone.wait(10000));
    metadata->deleteLater();
    const Answer answer = post(network, endpoint.endpointUrl(), authorization, toolCall(tool));
    QCOMPARE(answer.status, status);

    const QList<RequestRecord> records = log.snapshot();
    QCOMPARE(records.size(), 2);
    QVERIFY(!memory.recall(records.first().sequence).has_value());
    const std::optional<RememberedDecision> kept = memory.recall(records.last().sequence);
    QVERIFY(kept.has_value());
    QCOMPARE(memory.size(), 1);

    // Nothing of the token is kept: the Authorization field holds a placeholder.
    const QByteArray secret = authorization.mid(7);
    for (const auto &h : kept->request.headers) {
        QCOMPARE(h.first.toLower(), QByteArray("authorization"));
        if (!secret.isEmpty())
            QVERIFY(!h.second.contains(secret));
    }
    QCOMPARE(kept->request.toolName, tool);
    QCOMPARE(kept->resource, endpoint.resource());
    QCOMPARE(kept->policyFingerprint, DecisionMemory::policyFingerprint(policy));

    // Decided again with what was kept: the answer the client got (the decision's part of it).
    const Decision again = Decider::decide(CompiledPolicy(policy, kept->resource), kept->request,
                                           kept->token, kept->decidedAt);
    if (status == 400) {
        QCOMPARE(again.outcome, Outcome::Allow);
        QCOMPARE(records.last().outcome, QStringLiteral("allowed"));
    } else {
        QCOMPARE(again.status(), status);
        QCOMPARE(again.response.header("WWW-Authenticate"), answer.challenge);
        QCOMPARE(again.reason, records.last().reason);
    }
}

void TestDecisionMemory::nothingRememberedWithoutMemory() {
    // The command line's endpoint keeps nothing: no memory set, and the log still works.
    RequestLog log;
    EndpointSettings settings;
    settings.address = QHostAddress::LocalHost;
    McpEndpoint endpoint(settings, epicMe(), nullptr, &log, nullptr);
    QVERIFY(endpoint.listen().ok());
    QNetworkAccessManager network;
    QCOMPARE(
        post(network, endpoint.endpointUrl(), QByteArray(), toolCall(QStringLiteral("x"))).status,
        401);
    QCOMPARE(log.size(), 1);
}

QTEST_GUILESS_MAIN(TestDecisionMemory)
#include "tst_decisionmemory.moc"
