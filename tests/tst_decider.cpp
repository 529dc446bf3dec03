#include "decision/ChallengeParser.h"
#include "decision/Decider.h"
#include "support/DecisionFixtures.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>

using namespace scopebench;
using namespace scopebench::fixtures;

namespace {

constexpr qint64 Absent = std::numeric_limits<qint64>::min();

const QByteArray RichPolicy = R"({
  "scopebench": 1, "name": "Rich", "realm": "Rich", "resource": "https://API.example.com:443/mcp/",
  "scopes": [{"name": "read"}, {"name": "write"}, {"name": "admin"},
             {"name": "tags:read"}, {"name": "tags:write"}],
  "implies": {"admin": ["write"], "write": ["read"]},
  "validScopeCombinations": [["read"], ["tags:read", "tags:write"]],
  "toolScopes": {"purge": [["admin"]], "tag": [["tags:write"], ["admin"]], "open": []}
})";

const QByteArray StrictPolicy = R"({
  "scopebench": 1, "realm": "Strict", "resource": "http://127.0.0.1/mcp",
  "scopes": [{"name": "read"}],
  "validScopeCombinations": [["read"]],
  "validation": {"leewaySeconds": 0, "requireExpiry": true, "requireAudience": true}
})";

enum Knowledge { NotLookedUp, Failed, Known };

Policy policyNamed(const QString &name) {
    if (name == QLatin1String("rich"))
        return policyFrom(RichPolicy);
    if (name == QLatin1String("strict"))
        return policyFrom(StrictPolicy);
    return epicMe();
}

QString verdictLetters(const Decision &d) {
    QString out;
    for (const auto &step : d.trace) {
        switch (step.verdict) {
        case Verdict::Passed:
            out += QLatin1Char('P');
            break;
        case Verdict::Failed:
            out += QLatin1Char('F');
            break;
        case Verdict::NotReached:
            out += QLatin1Char('R');
            break;
        case Verdict::NotApplicable:
            out += QLatin1Char('N');
            break;
        }
    }
    return out;
}

const QString EpicMeDescription =
    QStringLiteral("Any of the following combinations of scopes is valid: user:read, entries:read, "
                   "entries:write, tags:read, tags:write");
const QByteArray EpicMeMetadata = "http://127.0.0.1:8787/.well-known/oauth-protected-resource/mcp";

} // namespace

class TestDecider : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void outcomes_data();
    void outcomes();
    void exactChallenge_data();
    void exactChallenge();
    void multiScopeAlternativesAreParenthesized();
    void descriptionTemplate();
    void audienceListWithoutPresentFlagIsStillChecked();
    void presentButEmptyAudienceMatchesNothing();
    void lifetimeAndAudienceExplained_data();
    void lifetimeAndAudienceExplained();
    void introspectionFailureIsNotLeakedAsChallenge();
    void refusedByVerificationIs401InvalidToken_data();
    void refusedByVerificationIs401InvalidToken();
    void alternativeTheDecisionRestsOn_data();
    void alternativeTheDecisionRestsOn();
    void withoutCredentialsKeepsNoToken_data();
    void withoutCredentialsKeepsNoToken();
};

void TestDecider::outcomes_data() {
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QList<QByteArray>>("authorization");
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QString>("tool");
    QTest::addColumn<int>("knowledge");
    QTest::addColumn<bool>("active");
    QTest::addColumn<QStringList>("scopes");
    QTest::addColumn<qint64>("exp");
    QTest::addColumn<qint64>("nbf");
    QTest::addColumn<QStringList>("aud");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("error");       // the challenge's error; "" none; "-" no challenge
    QTest::addColumn<QString>("bodyError");   // the body's "error"
    QTest::addColumn<QString>("description"); // the body's error_description
    QTest::addColumn<QString>("verdicts");    // P pass, F fail, R not reached, N n/a

    const QString epic = QStringLiteral("epicme");
    const QString rich = QStringLiteral("rich");
    const QString strict = QStringLiteral("strict");
    const QList<QByteArray> bearer{"Bearer abc"};
    const QList<QByteArray> none;
    const QStringList user{QStringLiteral("user:read")};
    const QStringList noScopes;
    const QString invalidRequest = QStringLiteral("invalid_request");
    const QString invalidToken = QStringLiteral("invalid_token");
    const QString insufficient = QStringLiteral("insufficient_scope");
    const QString noChallenge = QStringLiteral("-");
    const QString noError;
    const QString unauthorized = QStringLiteral("unauthorized");
    const QString queryMessage = QStringLiteral(
        "Send the access token in the Authorization header, not in the query string");
    const QString expired = QStringLiteral("The access token has expired (exp)");
    const QString notYet = QStringLiteral("The access token is not valid yet (nbf)");
    const QString wrongAudience =
        QStringLiteral("The access token was not issued for this resource");
    const QString allowed = QStringLiteral("PPPPPPPNPN");
    const int allow = int(Outcome::Allow);
    const int bad = int(Outcome::BadRequest);
    const int unauth = int(Outcome::Unauthorized);
    const int forbidden = int(Outcome::Forbidden);

    auto row = [](const char *name) -> QTestData & { return QTest::newRow(name); };

    row("query token") << epic << bearer << QByteArray("access_token=abc") << QString()
                       << int(Known) << true << user << Absent << Absent << QStringList() << bad
                       << 400 << invalidRequest << invalidRequest << queryMessage
                       << QStringLiteral("FRRRRRRRRR");
    row("query token among others, no header")
        << epic << none << QByteArray("x=1&access_token=abc&y") << QString() << int(Known) << true
        << user << Absent << Absent << QStringList() << bad << 400 << invalidRequest
        << invalidRequest << queryMessage << QStringLiteral("FRRRRRRRRR");
    row("query token percent-encoded name")
        << epic << bearer << QByteArray("access%5Ftoken=abc") << QString() << int(Known) << true
        << user << Absent << Absent << QStringList() << bad << 400 << invalidRequest
        << invalidRequest << queryMessage << QStringLiteral("FRRRRRRRRR");
    row("query token without value")
        << epic << bearer << QByteArray("access_token") << QString() << int(Known) << true << user
        << Absent << Absent << QStringList() << bad << 400 << invalidRequest << invalidRequest
        << queryMessage << QStringLiteral("FRRRRRRRRR");
    row("query token after a semicolon")
        << epic << bearer << QByteArray("a=1;access_token=abc") << QString() << int(Known) << true
        << user << Absent << Absent << QStringList() << bad << 400 << invalidRequest
        << invalidRequest << queryMessage << QStringLiteral("FRRRRRRRRR");
    row("query names that only look alike")
        << epic << bearer << QByteArray("my_access_token=1&access_tokens=2&x=access_token")
        << QString() << int(Known) << true << user << Absent << Absent << QStringList() << allow
        << 200 << noChallenge << QString() << QString() << allowed;

    row("no authorization") << epic << none << QByteArray() << QString() << int(Known) << true
                            << user << Absent << Absent << QStringList() << unauth << 401 << noError
                            << unauthorized
                            << QStringLiteral(
                                   "No Authorization header: an access token is required")
                            << QStringLiteral("PFRRRRRRRR");
    row("basic scheme") << epic << QList<QByteArray>{"Basic dXNlcjpwYXNz"} << QByteArray()
                        << QString() << int(Known) << true << user << Absent << Absent
                        << QStringList() << unauth << 401 << noError << unauthorized
                        << QStringLiteral("The Authorization header does not use the Bearer scheme")
                        << QStringLiteral("PFRRRRRRRR");
    row("scheme that starts like bearer")
        << epic << QList<QByteArray>{"Bearerabc"} << QByteArray() << QString() << int(Known) << true
        << user << Absent << Absent << QStringList() << unauth << 401 << noError << unauthorized
        << QStringLiteral("The Authorization header does not use the Bearer scheme")
        << QStringLiteral("PFRRRRRRRR");
    row("empty authorization value")
        << epic << QList<QByteArray>{""} << QByteArray() << QString() << int(Known) << true << user
        << Absent << Absent << QStringList() << unauth << 401 << noError << unauthorized
        << QStringLiteral("The Authorization header does not use the Bearer scheme")
        << QStringLiteral("PFRRRRRRRR");
    row("scheme and token separated by a tab")
        << epic << QList<QByteArray>{"Bearer\tabc"} << QByteArray() << QString() << int(Known)
        << true << user << Absent << Absent << QStringList() << unauth << 401 << noError
        << unauthorized << QStringLiteral("The Authorization header does not use the Bearer scheme")
        << QStringLiteral("PFRRRRRRRR");
    row("blanks around the value and between scheme and token")
        << epic << QList<QByteArray>{" \tBearer   abc \t"} << QByteArray() << QString()
        << int(Known) << true << user << Absent << Absent << QStringList() << allow << 200
        << noChallenge << QString() << QString() << allowed;
    row("lowercase bearer is bearer")
        << epic << QList<QByteArray>{"bearer abc"} << QByteArray() << QString() << int(Known)
        << true << user << Absent << Absent << QStringList() << allow << 200 << noChallenge
        << QString() << QString() << allowed;
    row("uppercase BEARER is bearer")
        << epic << QList<QByteArray>{"BEARER abc"} << QByteArray() << QString() << int(Known)
        << true << user << Absent << Absent << QStringList() << allow << 200 << noChallenge
        << QString() << QString() << allowed;
    row("two authorization headers")
        << epic << QList<QByteArray>{"Bearer abc", "Bearer def"} << QByteArray() << QString()
        << int(Known) << true << user << Absent << Absent << QStringList() << bad << 400
        << invalidRequest << invalidRequest
        << QStringLiteral("The request has more than one Authorization header")
        << QStringLiteral("PPFRRRRRRR");
    row("two authorization headers, one basic")
        << epic << QList<QByteArray>{"Basic abc", "Bearer def"} << QByteArray() << QString()
        << int(Known) << true << user << Absent << Absent << QStringList() << bad << 400
        << invalidRequest << invalidRequest
        << QStringLiteral("The request has more than one Authorization header")
        << QStringLiteral("PPFRRRRRRR");
    row("bearer without token") << epic << QList<QByteArray>{"Bearer"} << QByteArray() << QString()
                                << int(Known) << true << user << Absent << Absent << QStringList()
                                << bad << 400 << invalidRequest << invalidRequest
                                << QStringLiteral("The Bearer scheme is given without a token")
                                << QStringLiteral("PPFRRRRRRR");
    row("bearer and blanks") << epic << QList<QByteArray>{"Bearer    "} << QByteArray() << QString()
                             << int(Known) << true << user << Absent << Absent << QStringList()
                             << bad << 400 << invalidRequest << invalidRequest
                             << QStringLiteral("The Bearer scheme is given without a token")
                             << QStringLiteral("PPFRRRRRRR");
    const QString malformed = QStringLiteral("The access token is malformed");
    for (const char *token : {"Bearer a b", "Bearer abc=def", "Bearer =abc", "Bearer a,b",
                              "Bearer a\"b", "Bearer \xc3\xa9t\xc3\xa9", "Bearer a\tb"}) {
        QTest::addRow("not a b64token: %s", token)
            << epic << QList<QByteArray>{token} << QByteArray() << QString() << int(Known) << true
            << user << Absent << Absent << QStringList() << unauth << 401 << invalidToken
            << invalidToken << malformed << QStringLiteral("PPPFRRRRRR");
    }
    row("b64token with padding and every symbol")
        << epic << QList<QByteArray>{"Bearer aZ09-._~+/=="} << QByteArray() << QString()
        << int(Known) << true << user << Absent << Absent << QStringList() << allow << 200
        << noChallenge << QString() << QString() << allowed;

    row("not looked up") << epic << bearer << QByteArray() << QString() << int(NotLookedUp) << true
                         << user << Absent << Absent << QStringList()
                         << int(Outcome::NeedsIntrospection) << 200 << noChallenge << QString()
                         << QString() << QStringLiteral("PPPPRRRRRR");
    row("introspection failed") << epic << bearer << QByteArray() << QString() << int(Failed)
                                << true << user << Absent << Absent << QStringList()
                                << int(Outcome::Unavailable) << 503 << noChallenge
                                << QStringLiteral("temporarily_unavailable")
                                << QStringLiteral("The access token cannot be checked right "
                                                  "now; try again later")
                                << QStringLiteral("PPPPFRRRRR");
    row("inactive") << epic << bearer << QByteArray() << QString() << int(Known) << false << user
                    << Absent << Absent << QStringList() << unauth << 401 << invalidToken
                    << invalidToken << QStringLiteral("The access token is invalid or expired")
                    << QStringLiteral("PPPPPFRRRR");
    row("inactive without scopes is 401, not 403")
        << epic << bearer << QByteArray() << QString() << int(Known) << false << noScopes << Absent
        << Absent << QStringList() << unauth << 401 << invalidToken << invalidToken
        << QStringLiteral("The access token is invalid or expired") << QStringLiteral("PPPPPFRRRR");

    row("nbf beyond leeway") << epic << bearer << QByteArray() << QString() << int(Known) << true
                             << user << Absent << Now + 61 << QStringList() << unauth << 401
                             << invalidToken << invalidToken << notYet
                             << QStringLiteral("PPPPPPFRRR");
    row("nbf within leeway") << epic << bearer << QByteArray() << QString() << int(Known) << true
                             << user << Absent << Now + 60 << QStringList() << allow << 200
                             << noChallenge << QString() << QString() << allowed;
    row("exp beyond leeway") << epic << bearer << QByteArray() << QString() << int(Known) << true
                             << user << Now - 61 << Absent << QStringList() << unauth << 401
                             << invalidToken << invalidToken << expired
                             << QStringLiteral("PPPPPPFRRR");
    row("exp within leeway") << epic << bearer << QByteArray() << QString() << int(Known) << true
                             << user << Now - 60 << Absent << QStringList() << allow << 200
                             << noChallenge << QString() << QString() << allowed;
    row("exp in the future") << epic << bearer << QByteArray() << QString() << int(Known) << true
                             << user << Now + 3600 << Now - 3600 << QStringList() << allow << 200
                             << noChallenge << QString() << QString() << allowed;
    row("expired with too few scopes is 401, not 403")
        << epic << bearer << QByteArray() << QString() << int(Known) << true << noScopes
        << Now - 3600 << Absent << QStringList() << unauth << 401 << invalidToken << invalidToken
        << expired << QStringLiteral("PPPPPPFRRR");
    row("expired tool call with too few scopes is 401")
        << epic << bearer << QByteArray() << QStringLiteral("create_entry") << int(Known) << true
        << QStringList{QStringLiteral("entries:read")} << Now - 3600 << Absent << QStringList()
        << unauth << 401 << invalidToken << invalidToken << expired << QStringLiteral("PPPPPPFRRR");
    row("strict: exp required")
        << strict << bearer << QByteArray() << QString() << int(Known) << true
        << QStringList{QStringLiteral("read")} << Absent << Absent
        << QStringList{QStringLiteral("http://127.0.0.1/mcp")} << unauth << 401 << invalidToken
        << invalidToken
        << QStringLiteral("The access token has no expiry (exp), which this resource requires")
        << QStringLiteral("PPPPPPFRRR");
    row("strict: no leeway") << strict << bearer << QByteArray() << QString() << int(Known) << true
                             << QStringList{QStringLiteral("read")} << Now - 1 << Absent
                             << QStringList{QStringLiteral("http://127.0.0.1/mcp")} << unauth << 401
                             << invalidToken << invalidToken << expired
                             << QStringLiteral("PPPPPPFRRR");
    row("strict: exp now is still valid")
        << strict << bearer << QByteArray() << QString() << int(Known) << true
        << QStringList{QStringLiteral("read")} << Now << Absent
        << QStringList{QStringLiteral("http://127.0.0.1/mcp")} << allow << 200 << noChallenge
        << QString() << QString() << QStringLiteral("PPPPPPPPPN");
    row("strict: audience canonicalized")
        << strict << bearer << QByteArray() << QString() << int(Known) << true
        << QStringList{QStringLiteral("read")} << Now + 60 << Absent
        << QStringList{QStringLiteral("https://other.example/mcp"),
                       QStringLiteral("HTTP://127.0.0.1:80/mcp/")}
        << allow << 200 << noChallenge << QString() << QString() << QStringLiteral("PPPPPPPPPN");
    row("strict: audience mismatch")
        << strict << bearer << QByteArray() << QString() << int(Known) << true
        << QStringList{QStringLiteral("read")} << Now + 60 << Absent
        << QStringList{QStringLiteral("http://127.0.0.1/mcp/other")} << unauth << 401
        << invalidToken << invalidToken << wrongAudience << QStringLiteral("PPPPPPPFRR");
    row("strict: audience on another port")
        << strict << bearer << QByteArray() << QString() << int(Known) << true
        << QStringList{QStringLiteral("read")} << Now + 60 << Absent
        << QStringList{QStringLiteral("http://127.0.0.1:8080/mcp")} << unauth << 401 << invalidToken
        << invalidToken << wrongAudience << QStringLiteral("PPPPPPPFRR");
    row("strict: audience absent")
        << strict << bearer << QByteArray() << QString() << int(Known) << true
        << QStringList{QStringLiteral("read")} << Now + 60 << Absent << QStringList() << unauth
        << 401 << invalidToken << invalidToken << wrongAudience << QStringLiteral("PPPPPPPFRR");
    row("strict: wrong audience with no scopes is 401")
        << strict << bearer << QByteArray() << QString() << int(Known) << true << noScopes
        << Now + 60 << Absent << QStringList{QStringLiteral("http://evil.example/mcp")} << unauth
        << 401 << invalidToken << invalidToken << wrongAudience << QStringLiteral("PPPPPPPFRR");
    row("rich: audience present but not required, canonical match")
        << rich << bearer << QByteArray() << QString() << int(Known) << true
        << QStringList{QStringLiteral("read")} << Absent << Absent
        << QStringList{QStringLiteral("https://api.example.com/mcp")} << allow << 200 << noChallenge
        << QString() << QString() << QStringLiteral("PPPPPPPPPN");
    row("rich: audience present but not required, mismatch")
        << rich << bearer << QByteArray() << QString() << int(Known) << true
        << QStringList{QStringLiteral("read")} << Absent << Absent
        << QStringList{QStringLiteral("https://api.example.com/other")} << unauth << 401
        << invalidToken << invalidToken << wrongAudience << QStringLiteral("PPPPPPPFRR");

    row("server-level 403") << epic << bearer << QByteArray() << QString() << int(Known) << true
                            << noScopes << Absent << Absent << QStringList() << forbidden << 403
                            << insufficient << insufficient << EpicMeDescription
                            << QStringLiteral("PPPPPPPNFR");
    row("scopes compare case-sensitively")
        << epic << bearer << QByteArray() << QString() << int(Known) << true
        << QStringList{QStringLiteral("USER:READ"), QStringLiteral("user:read ")} << Absent
        << Absent << QStringList() << forbidden << 403 << insufficient << insufficient
        << EpicMeDescription << QStringLiteral("PPPPPPPNFR");
    row("scopes the policy never names are ignored")
        << epic << bearer << QByteArray() << QString() << int(Known) << true
        << QStringList{QStringLiteral("superuser"), QStringLiteral("*")} << Absent << Absent
        << QStringList() << forbidden << 403 << insufficient << insufficient << EpicMeDescription
        << QStringLiteral("PPPPPPPNFR");
    row("tool-level 403") << epic << bearer << QByteArray() << QStringLiteral("create_entry")
                          << int(Known) << true << QStringList{QStringLiteral("entries:read")}
                          << Absent << Absent << QStringList() << forbidden << 403 << insufficient
                          << insufficient
                          << QStringLiteral("Any of the following combinations of scopes is valid: "
                                            "entries:write")
                          << QStringLiteral("PPPPPPPNPF");
    row("tool allowed") << epic << bearer << QByteArray() << QStringLiteral("create_entry")
                        << int(Known) << true << QStringList{QStringLiteral("entries:write")}
                        << Absent << Absent << QStringList() << allow << 200 << noChallenge
                        << QString() << QString() << QStringLiteral("PPPPPPPNPP");
    row("tool without entry needs server access only")
        << epic << bearer << QByteArray() << QStringLiteral("no_such_tool") << int(Known) << true
        << user << Absent << Absent << QStringList() << allow << 200 << noChallenge << QString()
        << QString() << allowed;
    row("tool with an empty entry")
        << rich << bearer << QByteArray() << QStringLiteral("open") << int(Known) << true
        << QStringList{QStringLiteral("read")} << Absent << Absent << QStringList() << allow << 200
        << noChallenge << QString() << QString() << QStringLiteral("PPPPPPPNPP");
    row("implies grants transitively")
        << rich << bearer << QByteArray() << QStringLiteral("tag") << int(Known) << true
        << QStringList{QStringLiteral("admin")} << Absent << Absent << QStringList() << allow << 200
        << noChallenge << QString() << QString() << QStringLiteral("PPPPPPPNPP");
    row("implies only downwards") << rich << bearer << QByteArray() << QStringLiteral("purge")
                                  << int(Known) << true << QStringList{QStringLiteral("write")}
                                  << Absent << Absent << QStringList() << forbidden << 403
                                  << insufficient << insufficient
                                  << QStringLiteral("Any of the following combinations of scopes "
                                                    "is valid: admin")
                                  << QStringLiteral("PPPPPPPNPF");
    row("a multi-scope alternative needs all of it")
        << rich << bearer << QByteArray() << QString() << int(Known) << true
        << QStringList{QStringLiteral("tags:read")} << Absent << Absent << QStringList()
        << forbidden << 403 << insufficient << insufficient
        << QStringLiteral("Any of the following combinations of scopes is valid: read, "
                          "(tags:read tags:write)")
        << QStringLiteral("PPPPPPPNFR");
    row("a multi-scope alternative met")
        << rich << bearer << QByteArray() << QString() << int(Known) << true
        << QStringList{QStringLiteral("tags:write"), QStringLiteral("tags:read")} << Absent
        << Absent << QStringList() << allow << 200 << noChallenge << QString() << QString()
        << allowed;
}

void TestDecider::outcomes() {
    QFETCH(QString, policy);
    QFETCH(QList<QByteArray>, authorization);
    QFETCH(QByteArray, query);
    QFETCH(QString, tool);
    QFETCH(int, knowledge);
    QFETCH(bool, active);
    QFETCH(QStringList, scopes);
    QFETCH(qint64, exp);
    QFETCH(qint64, nbf);
    QFETCH(QStringList, aud);
    QFETCH(int, outcome);
    QFETCH(int, status);
    QFETCH(QString, error);
    QFETCH(QString, bodyError);
    QFETCH(QString, description);
    QFETCH(QString, verdicts);

    const CompiledPolicy compiled(policyNamed(policy));
    TokenKnowledge token;
    if (knowledge == Failed) {
        token = TokenKnowledge::failed(QStringLiteral("connection refused"));
    } else if (knowledge == Known) {
        TokenFacts facts;
        facts.active = active;
        facts.scopes = scopes;
        if (exp != Absent)
            facts.exp = exp;
        if (nbf != Absent)
            facts.nbf = nbf;
        facts.aud = aud;
        facts.audPresent = !aud.isEmpty();
        token = TokenKnowledge::known(facts);
    }
    const Decision d =
        Decider::decide(compiled, requestWith(authorization, tool, query), token, Now);

    QCOMPARE(int(d.outcome), outcome);
    QCOMPARE(d.status(), status);

    // Decided again from the request as a log keeps it (no credentials), with the same token
    // knowledge and clock: the same answer, to the byte.
    const Decision again = Decider::decide(
        compiled, Decider::withoutCredentials(requestWith(authorization, tool, query)), token, Now);
    QCOMPARE(int(again.outcome), outcome);
    QCOMPARE(again.response.toRaw(), d.response.toRaw());
    QCOMPARE(again.reason, d.reason);
    QCOMPARE(verdictLetters(again), verdicts);
    QCOMPARE(again.serverAlternative, d.serverAlternative);
    QCOMPARE(again.toolAlternative, d.toolAlternative);

    // The trace: all ten checks, in order, with the expected verdicts.
    QCOMPARE(d.trace.size(), 10);
    for (int i = 0; i < d.trace.size(); ++i)
        QCOMPARE(int(d.trace[i].check), i);
    QCOMPARE(verdictLetters(d), verdicts);
    const qsizetype failedAt = verdicts.indexOf(QLatin1Char('F'));
    if (failedAt >= 0)
        QVERIFY(!d.trace[failedAt].detail.isEmpty());

    // The token is handed back once it passed the syntax checks, and only then.
    if (verdicts.at(3) == QLatin1Char('P')) {
        const QByteArray value = authorization.first().trimmed();
        QCOMPARE(d.bearerToken, QString::fromLatin1(value.mid(value.indexOf(' ') + 1).trimmed()));
    } else {
        QVERIFY(d.bearerToken.isEmpty());
    }

    if (outcome == int(Outcome::Allow) || outcome == int(Outcome::NeedsIntrospection)) {
        QVERIFY(d.response.headers.isEmpty());
        QVERIFY(d.response.body.isEmpty());
        QVERIFY(d.errorCode.isEmpty());
        return;
    }

    const QByteArray challenge = d.response.header("WWW-Authenticate");
    if (error == QLatin1String("-")) {
        QVERIFY(challenge.isEmpty());
    } else {
        QCOMPARE(headerValues(d.response.headers, "WWW-Authenticate").size(), 1);
        const auto parsed = ChallengeParser::parse(challenge);
        QVERIFY2(parsed.ok(), qPrintable(parsed.error().toString()));
        QCOMPARE(parsed->size(), 1);
        const Challenge &c = parsed->first();
        QCOMPARE(c.scheme, QStringLiteral("Bearer"));
        QCOMPARE(c.param(QStringLiteral("realm")), compiled.policy().realm);
        QCOMPARE(c.param(QStringLiteral("resource_metadata")), compiled.resourceMetadataUrl());
        QCOMPARE(c.hasParam(QStringLiteral("error")), !error.isEmpty());
        QCOMPARE(c.param(QStringLiteral("error")), error);
        QCOMPARE(d.errorCode, error);
        if (error.isEmpty())
            QVERIFY(!c.hasParam(QStringLiteral("error_description")));
        else
            QCOMPARE(c.param(QStringLiteral("error_description")), description);
    }
    if (status == 503) {
        bool ok = false;
        QVERIFY(d.response.header("Retry-After").toInt(&ok) > 0);
        QVERIFY(ok);
    } else {
        QVERIFY(d.response.header("Retry-After").isEmpty());
    }

    QCOMPARE(d.response.header("Content-Type"), QByteArray("application/json"));
    QJsonParseError jsonError;
    const QJsonDocument body = QJsonDocument::fromJson(d.response.body, &jsonError);
    QCOMPARE(jsonError.error, QJsonParseError::NoError);
    QVERIFY(body.isObject());
    QCOMPARE(body.object().keys(),
             (QStringList{QStringLiteral("error"), QStringLiteral("error_description")}));
    QCOMPARE(body.object().value(QStringLiteral("error")).toString(), bodyError);
    QCOMPARE(body.object().value(QStringLiteral("error_description")).toString(), description);
    if (status == 503) {
        // The operator sees why (trace and log reason); the client does not.
        QCOMPARE(d.reason, QStringLiteral("Token introspection failed: connection refused"));
        QVERIFY(!d.response.body.contains("connection refused"));
    } else if (verdicts.indexOf(QLatin1Char('F')) == int(Check::Audience)) {
        // The operator is told what was expected and what the token has; the client is not.
        QVERIFY2(d.reason.startsWith(QLatin1String("audience mismatch: expected ")),
                 qPrintable(d.reason));
        QVERIFY(!d.response.body.contains("audience mismatch"));
    } else {
        QCOMPARE(d.reason, description);
    }
}

void TestDecider::lifetimeAndAudienceExplained_data() {
    QTest::addColumn<QString>("policy");
    QTest::addColumn<qint64>("exp");
    QTest::addColumn<qint64>("nbf");
    QTest::addColumn<QStringList>("aud");
    QTest::addColumn<int>("check");      // the step whose detail is compared
    QTest::addColumn<QString>("detail"); // exactly

    const QString epic = QStringLiteral("epicme");
    const QString strict = QStringLiteral("strict");
    const int lifetime = int(Check::Lifetime);
    const int audience = int(Check::Audience);
    const QStringList epicAud{QStringLiteral("http://127.0.0.1:8787/mcp")};
    QTest::newRow("expired within the leeway")
        << epic << Now - 20 << Absent << QStringList() << lifetime
        << QStringLiteral("expired 20 s ago, accepted within the 60 s leeway");
    QTest::newRow("expired at the edge of the leeway")
        << epic << Now - 60 << Absent << QStringList() << lifetime
        << QStringLiteral("expired 60 s ago, accepted within the 60 s leeway");
    QTest::newRow("not yet valid within the leeway")
        << epic << Now + 600 << Now + 30 << QStringList() << lifetime
        << QStringLiteral("valid only in 30 s (nbf), accepted within the 60 s leeway");
    QTest::newRow("both within the leeway")
        << epic << Now - 5 << Now + 5 << QStringList() << lifetime
        << QStringLiteral("expired 5 s ago, valid only in 5 s (nbf), accepted within the 60 s "
                          "leeway");
    QTest::newRow("valid without the leeway: no note")
        << epic << Now << Now << QStringList() << lifetime << QString();
    QTest::newRow("audience mismatch")
        << strict << Now + 60 << Absent
        << QStringList{QStringLiteral("https://a.example/mcp"), QStringLiteral("b")} << audience
        << QStringLiteral("audience mismatch: expected http://127.0.0.1/mcp, token has "
                          "[https://a.example/mcp, b]");
    QTest::newRow("audience absent but required")
        << strict << Now + 60 << Absent << QStringList() << audience
        << QStringLiteral("audience mismatch: expected http://127.0.0.1/mcp, token names no "
                          "audience");
    QStringList many;
    for (int i = 0; i < 7; ++i)
        many.append(QStringLiteral("aud-%1").arg(i));
    many[1] = QString(120, QLatin1Char('x'));
    many[2] = QStringLiteral("line\nbreak");
    QTest::newRow("many, long and unprintable audiences are bounded")
        << epic << Now + 60 << Absent << many << audience
        << (QStringLiteral("audience mismatch: expected http://127.0.0.1:8787/mcp, token has "
                           "[aud-0, ") +
            QString(100, QLatin1Char('x')) +
            QStringLiteral("..., line?break, aud-3, aud-4, ... 2 more]"));
    QTest::newRow("audience met: no detail")
        << epic << Now + 60 << Absent << epicAud << audience << QString();
}

void TestDecider::lifetimeAndAudienceExplained() {
    QFETCH(QString, policy);
    QFETCH(qint64, exp);
    QFETCH(qint64, nbf);
    QFETCH(QStringList, aud);
    QFETCH(int, check);
    QFETCH(QString, detail);

    const CompiledPolicy compiled(policyNamed(policy));
    TokenFacts facts;
    facts.active = true;
    facts.scopes = {QStringLiteral("user:read"), QStringLiteral("read")};
    if (exp != Absent)
        facts.exp = exp;
    if (nbf != Absent)
        facts.nbf = nbf;
    facts.aud = aud;
    facts.audPresent = !aud.isEmpty();
    const Decision d = Decider::decide(compiled, requestWith({"Bearer abc"}, QString(), {}),
                                       TokenKnowledge::known(facts), Now);
    QCOMPARE(d.trace.at(check).detail, detail);
    if (d.trace.at(check).verdict == Verdict::Failed) {
        QCOMPARE(d.reason, detail);
        // The client learns only that the token is not for this resource.
        QVERIFY(!d.response.body.contains("expected"));
    }
}

void TestDecider::exactChallenge_data() {
    QTest::addColumn<QByteArray>("policy"); // empty: EpicMe
    QTest::addColumn<QList<QByteArray>>("authorization");
    QTest::addColumn<QStringList>("scopes");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("header");

    QTest::newRow("EpicMe, no scopes")
        << QByteArray() << QList<QByteArray>{"Bearer abc"} << QStringList() << 403
        << QByteArray("Bearer realm=\"EpicMe\", error=\"insufficient_scope\", "
                      "error_description=\"Any of the following combinations of scopes is valid: "
                      "user:read, entries:read, entries:write, tags:read, tags:write\", "
                      "resource_metadata=\"" +
                      EpicMeMetadata + "\"");
    QTest::newRow("EpicMe, no credentials")
        << QByteArray() << QList<QByteArray>() << QStringList() << 401
        << QByteArray("Bearer realm=\"EpicMe\", resource_metadata=\"" + EpicMeMetadata + "\"");
    QTest::newRow("EpicMe, another scheme")
        << QByteArray() << QList<QByteArray>{"Basic Zm9vOmJhcg=="} << QStringList() << 401
        << QByteArray("Bearer realm=\"EpicMe\", resource_metadata=\"" + EpicMeMetadata + "\"");
    QTest::newRow("EpicMe, malformed token")
        << QByteArray() << QList<QByteArray>{"Bearer a b"} << QStringList() << 401
        << QByteArray("Bearer realm=\"EpicMe\", error=\"invalid_token\", "
                      "error_description=\"The access token is malformed\", "
                      "resource_metadata=\"" +
                      EpicMeMetadata + "\"");
    QTest::newRow("no realm: omitted")
        << QByteArray(R"({"scopebench": 1, "resource": "https://Example.com:443/a/b",
                          "scopes": [{"name": "r"}], "validScopeCombinations": [["r"]]})")
        << QList<QByteArray>() << QStringList() << 401
        << QByteArray("Bearer resource_metadata=\"https://example.com/.well-known/"
                      "oauth-protected-resource/a/b\"");
    QTest::newRow("closest hint on the no-credentials 401: the first alternative")
        << QByteArray(R"({"scopebench": 1, "realm": "R",
                          "scopes": [{"name": "a"}, {"name": "b"}, {"name": "c"}],
                          "validScopeCombinations": [["a", "b"], ["c"]],
                          "challenge": {"scopeHint": "closest"}})")
        << QList<QByteArray>() << QStringList() << 401
        << QByteArray(
               "Bearer realm=\"R\", scope=\"a b\", resource_metadata=\"http://127.0.0.1:8787/"
               ".well-known/oauth-protected-resource/mcp\"");
}

void TestDecider::exactChallenge() {
    QFETCH(QByteArray, policy);
    QFETCH(QList<QByteArray>, authorization);
    QFETCH(QStringList, scopes);
    QFETCH(int, status);
    QFETCH(QByteArray, header);

    const CompiledPolicy compiled(policy.isEmpty() ? epicMe() : policyFrom(policy));
    const Decision d =
        Decider::decide(compiled, requestWith(authorization), activeToken(scopes), Now);
    QCOMPARE(d.status(), status);
    QCOMPARE(d.response.header("WWW-Authenticate"), header);
    const QByteArray raw = d.response.toRaw();
    QVERIFY(raw.contains(QByteArray("\r\nWWW-Authenticate: " + header + "\r\n")));
}

void TestDecider::multiScopeAlternativesAreParenthesized() {
    const CompiledPolicy compiled(policyFrom(R"({"scopebench": 1, "realm": "EpicMe",
        "scopes": [{"name": "entries:read"}, {"name": "tags:read"}, {"name": "user:read"}],
        "validScopeCombinations": [["entries:read", "tags:read"], ["user:read"]]})"));
    const Decision d = Decider::decide(compiled, requestWith({"Bearer t"}),
                                       activeToken({QStringLiteral("tags:read")}), Now);
    QCOMPARE(d.status(), 403);
    QCOMPARE(d.response.header("WWW-Authenticate"),
             QByteArray("Bearer realm=\"EpicMe\", error=\"insufficient_scope\", "
                        "error_description=\"Any of the following combinations of scopes is valid: "
                        "(entries:read tags:read), user:read\", resource_metadata=\"" +
                        EpicMeMetadata + "\""));
}

void TestDecider::descriptionTemplate() {
    const CompiledPolicy compiled(policyFrom(R"({"scopebench": 1,
        "scopes": [{"name": "a"}], "validScopeCombinations": [["a"]],
        "challenge": {"description": "Need \"one\" of: {alternatives}\t\u00e9 \\ok"}})"));
    const Decision d = Decider::decide(compiled, requestWith({"Bearer t"}), activeToken({}), Now);
    QCOMPARE(d.status(), 403);
    const auto parsed = ChallengeParser::parse(d.response.header("WWW-Authenticate"));
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->first().param(QStringLiteral("error_description")),
             QStringLiteral("Need one of: a ok"));
    QCOMPARE(QJsonDocument::fromJson(d.response.body)
                 .object()
                 .value(QStringLiteral("error_description"))
                 .toString(),
             QStringLiteral("Need one of: a ok"));
}

void TestDecider::audienceListWithoutPresentFlagIsStillChecked() {
    // Fail closed: an audience is an audience even when the caller forgot the flag.
    const CompiledPolicy compiled(epicMe());
    TokenFacts facts;
    facts.active = true;
    facts.scopes = QStringList{QStringLiteral("user:read")};
    facts.aud = QStringList{QStringLiteral("https://elsewhere.example/mcp")};
    const Decision d =
        Decider::decide(compiled, requestWith({"Bearer t"}), TokenKnowledge::known(facts), Now);
    QCOMPARE(d.status(), 401);
    QCOMPARE(d.trace[int(Check::Audience)].verdict, Verdict::Failed);
}

void TestDecider::presentButEmptyAudienceMatchesNothing() {
    const CompiledPolicy compiled(epicMe());
    TokenFacts facts;
    facts.active = true;
    facts.scopes = QStringList{QStringLiteral("user:read")};
    facts.audPresent = true;
    const Decision d =
        Decider::decide(compiled, requestWith({"Bearer t"}), TokenKnowledge::known(facts), Now);
    QCOMPARE(d.status(), 401);
    QCOMPARE(d.trace[int(Check::Audience)].verdict, Verdict::Failed);
}

void TestDecider::introspectionFailureIsNotLeakedAsChallenge() {
    const CompiledPolicy compiled(epicMe());
    const Decision d =
        Decider::decide(compiled, requestWith({"Bearer t"}),
                        TokenKnowledge::failed(QStringLiteral("HTTP 500 \"oops\"\n")), Now);
    QCOMPARE(d.status(), 503);
    QCOMPARE(d.response.header("Retry-After"), QByteArray("5"));
    QVERIFY(d.response.header("WWW-Authenticate").isEmpty());
    QVERIFY(QJsonDocument::fromJson(d.response.body).isObject());
    QVERIFY(!d.response.toRaw().contains("\n\"oops"));
}

void TestDecider::refusedByVerificationIs401InvalidToken_data() {
    QTest::addColumn<QString>("policy");
    QTest::addColumn<QString>("check");
    QTest::addColumn<QString>("tool");
    QTest::newRow("signature") << QStringLiteral("epicme") << QStringLiteral("signature")
                               << QString();
    QTest::newRow("issuer on a tool call")
        << QStringLiteral("rich") << QStringLiteral("issuer") << QStringLiteral("tag");
}

void TestDecider::refusedByVerificationIs401InvalidToken() {
    // A token that local verification refused is invalid, as an inactive one is: step 5 passes
    // (the token was looked at), step 6 fails with 401 invalid_token, the client is told which
    // check failed, and the details stay in the trace and the reason.
    QFETCH(QString, policy);
    QFETCH(QString, check);
    QFETCH(QString, tool);
    Policy source = policyNamed(policy);
    source.challenge.scopeHint = ScopeHint::Closest;
    const CompiledPolicy compiled(source);
    const Decision d = Decider::decide(
        compiled, requestWith({"Bearer a.b.c"}, tool),
        TokenKnowledge::refused(check, QStringLiteral("detail \"kid-7\" of the failure")), Now);
    QCOMPARE(d.outcome, Outcome::Unauthorized);
    QCOMPARE(d.status(), 401);
    QCOMPARE(d.errorCode, QStringLiteral("invalid_token"));
    QCOMPARE(verdictLetters(d), QStringLiteral("PPPPPFRRRR"));
    QVERIFY(d.trace[int(Check::Active)].detail.contains(check));
    QVERIFY(d.trace[int(Check::Active)].detail.contains(QLatin1String("kid-7")));
    QVERIFY(d.reason.contains(QLatin1String("kid-7")));
    QVERIFY(!d.response.body.contains("kid-7"));

    const auto parsed = ChallengeParser::parse(d.response.header("WWW-Authenticate"));
    QVERIFY(parsed.ok());
    const Challenge &c = parsed->first();
    QCOMPARE(c.param(QStringLiteral("error")), QStringLiteral("invalid_token"));
    QCOMPARE(c.param(QStringLiteral("error_description")),
             QStringLiteral("The access token failed verification (%1)").arg(check));
    // The same scope hint as any other 401 (an inactive token's).
    const Decision inactive = Decider::decide(compiled, requestWith({"Bearer a.b.c"}, tool),
                                              TokenKnowledge::known(TokenFacts()), Now);
    const QString hint = ChallengeParser::parse(inactive.response.header("WWW-Authenticate"))
                             ->first()
                             .param(QStringLiteral("scope"));
    QCOMPARE(c.param(QStringLiteral("scope")), hint);
    if (policy == QLatin1String("rich"))
        QCOMPARE(hint, QStringLiteral("read tags:write"));
    QCOMPARE(QJsonDocument::fromJson(d.response.body)
                 .object()
                 .value(QStringLiteral("error_description"))
                 .toString(),
             c.param(QStringLiteral("error_description")));
}

void TestDecider::alternativeTheDecisionRestsOn_data() {
    QTest::addColumn<QStringList>("scopes"); // granted; "-" alone: no Authorization header
    QTest::addColumn<QString>("tool");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("server"); // the server-level alternative's index, -1: none
    QTest::addColumn<bool>("serverMet");
    QTest::addColumn<int>("toolIndex");
    QTest::addColumn<bool>("toolMet");
    QTest::addColumn<QString>("hint"); // the 403's scope parameter

    // Rich: server [read] | [tags:read tags:write]; tag [tags:write] | [admin]; purge [admin];
    // admin implies write implies read.
    QTest::newRow("first met") << QStringList{QStringLiteral("read")} << QString() << 200 << 0
                               << true << -1 << true << QString();
    QTest::newRow("second met") << QStringList{QStringLiteral("tags:read"),
                                               QStringLiteral("tags:write")}
                                << QString() << 200 << 1 << true << -1 << true << QString();
    QTest::newRow("met through implies")
        << QStringList{QStringLiteral("admin")} << QStringLiteral("tag") << 200 << 0 << true << 1
        << true << QString();
    QTest::newRow("tool unmet: its closest, ties to the first")
        << QStringList{QStringLiteral("read")} << QStringLiteral("tag") << 403 << 0 << true << 0
        << false << QStringLiteral("tags:write");
    QTest::newRow("both unmet: the pair missing fewest")
        << QStringList{QStringLiteral("tags:read")} << QStringLiteral("tag") << 403 << 1 << false
        << 0 << false << QStringLiteral("tags:read tags:write");
    QTest::newRow("server unmet, tool met: the tool's met one")
        << QStringList{QStringLiteral("tags:write")} << QStringLiteral("tag") << 403 << 0 << false
        << 0 << true << QStringLiteral("read");
    QTest::newRow("no token: not reached")
        << QStringList{QStringLiteral("-")} << QStringLiteral("purge") << 401 << -1 << false << -1
        << false << QString();
}

void TestDecider::alternativeTheDecisionRestsOn() {
    QFETCH(QStringList, scopes);
    QFETCH(QString, tool);
    QFETCH(int, status);
    QFETCH(int, server);
    QFETCH(bool, serverMet);
    QFETCH(int, toolIndex);
    QFETCH(bool, toolMet);
    QFETCH(QString, hint);

    // The hint is there to compare with; the choice is the same in every scopeHint mode.
    Policy policy = policyFrom(RichPolicy);
    policy.challenge.scopeHint = ScopeHint::Closest;
    const CompiledPolicy compiled(policy);
    const Decision omitted = Decider::decide(CompiledPolicy(policyFrom(RichPolicy)),
                                             requestWith(scopes == QStringList{QStringLiteral("-")}
                                                             ? QList<QByteArray>()
                                                             : QList<QByteArray>{"Bearer t"},
                                                         tool),
                                             activeToken(scopes), Now);
    QCOMPARE(omitted.serverAlternative.index, server);
    QCOMPARE(omitted.toolAlternative.index, toolIndex);
    const bool noToken = scopes == QStringList{QStringLiteral("-")};
    const Decision d = Decider::decide(
        compiled, requestWith(noToken ? QList<QByteArray>() : QList<QByteArray>{"Bearer t"}, tool),
        activeToken(scopes), Now);
    QCOMPARE(d.status(), status);
    QCOMPARE(d.serverAlternative.index, server);
    QCOMPARE(d.serverAlternative.met, serverMet);
    QCOMPARE(d.toolAlternative.index, toolIndex);
    QCOMPARE(d.toolAlternative.met, toolMet);
    if (status != 403)
        return;
    // On a 403 the unmet levels' alternatives are the ones the challenge names.
    const auto challenge = ChallengeParser::parse(d.response.header("WWW-Authenticate"));
    QVERIFY(challenge.ok());
    QCOMPARE(challenge->first().param(QStringLiteral("scope")), hint);
    QStringList named;
    if (!serverMet)
        named += compiled.serverAlternatives().combinations.at(server);
    if (!toolMet)
        named += compiled.toolAlternatives(tool)->combinations.at(toolIndex);
    named.removeDuplicates();
    QCOMPARE(named.join(u' '), hint);
}

void TestDecider::withoutCredentialsKeepsNoToken_data() {
    QTest::addColumn<QList<QByteArray>>("authorization");
    QTest::addColumn<QByteArray>("query");
    QTest::addColumn<QList<QByteArray>>("kept");
    QTest::addColumn<QByteArray>("keptQuery");
    const QByteArray secret = "s3cr3t-Token_value";
    QTest::newRow("bearer") << QList<QByteArray>{"Bearer " + secret} << QByteArray()
                            << QList<QByteArray>{"Bearer redacted"} << QByteArray();
    QTest::newRow("lower-case scheme, blanks")
        << QList<QByteArray>{"  bearer \t" + secret + " "} << QByteArray()
        << QList<QByteArray>{"bearer redacted"} << QByteArray();
    QTest::newRow("not a b64token") << QList<QByteArray>{"Bearer " + secret + "!x"} << QByteArray()
                                    << QList<QByteArray>{"Bearer (not a b64token)"} << QByteArray();
    QTest::newRow("scheme only") << QList<QByteArray>{"Bearer"} << QByteArray()
                                 << QList<QByteArray>{"Bearer"} << QByteArray();
    QTest::newRow("token without scheme")
        << QList<QByteArray>{secret} << QByteArray() << QList<QByteArray>{"Other"} << QByteArray();
    QTest::newRow("basic") << QList<QByteArray>{"Basic " + secret} << QByteArray()
                           << QList<QByteArray>{"Other redacted"} << QByteArray();
    QTest::newRow("two fields") << QList<QByteArray>{"Bearer " + secret, "Bearer " + secret}
                                << QByteArray()
                                << QList<QByteArray>{"Bearer redacted", "Bearer redacted"}
                                << QByteArray();
    QTest::newRow("token in the query")
        << QList<QByteArray>{} << QByteArray("a=1&access%5Ftoken=" + secret) << QList<QByteArray>{}
        << QByteArray("access_token=redacted");
    QTest::newRow("other query") << QList<QByteArray>{} << QByteArray("q=" + secret)
                                 << QList<QByteArray>{} << QByteArray();
}

void TestDecider::withoutCredentialsKeepsNoToken() {
    QFETCH(QList<QByteArray>, authorization);
    QFETCH(QByteArray, query);
    QFETCH(QList<QByteArray>, kept);
    QFETCH(QByteArray, keptQuery);
    RequestFacts request = requestWith(authorization, QStringLiteral("tag"), query);
    request.headers.append(
        {QByteArrayLiteral("X-Secret"), QByteArrayLiteral("s3cr3t-Token_value")});
    const RequestFacts without = Decider::withoutCredentials(request);
    QList<QByteArray> values;
    for (const auto &h : without.headers) {
        QCOMPARE(h.first, QByteArray("Authorization"));
        values.append(h.second);
    }
    QCOMPARE(values, kept);
    QCOMPARE(without.query, keptQuery);
    QCOMPARE(without.toolName, QStringLiteral("tag"));
    QCOMPARE(without.rpcMethod, QStringLiteral("tools/call"));
    QCOMPARE(without.method, request.method);
    QCOMPARE(without.path, request.path);

    // And decided again, with what a log keeps, the same answer.
    const CompiledPolicy compiled(policyFrom(RichPolicy));
    const TokenKnowledge token = activeToken({QStringLiteral("read")});
    QCOMPARE(Decider::decide(compiled, without, token, Now).response.toRaw(),
             Decider::decide(compiled, request, token, Now).response.toRaw());
}

QTEST_GUILESS_MAIN(TestDecider)
#include "tst_decider.moc"
