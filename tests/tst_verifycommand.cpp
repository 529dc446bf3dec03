#include "cli/CommandLine.h"
#include "common/TokenFingerprint.h"
#include "jose/Jws.h"
#include "jose/SigningKey.h"
#include "support/JwtIssuerHost.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace scopebench;

namespace {

const QString Resource = QStringLiteral("http://127.0.0.1:8787/mcp");

} // namespace

class tst_VerifyCommand : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<JwtIssuerHost> issuer;
    SigningKey key;
    SigningKey stranger; // not published
    QTemporaryDir dir;
    QString policyFile;
    QString policyWithoutServers;

    QString write(const QByteArray &content) {
        static int n = 0;
        const QString path = dir.filePath(QStringLiteral("file%1").arg(++n));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return QString();
        f.write(content);
        return path;
    }

    QByteArray policy(bool withServers) const {
        QJsonObject o{
            {QStringLiteral("scopebench"), 1},
            {QStringLiteral("resource"), Resource},
            {QStringLiteral("scopes"),
             QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("entries:read")}},
                        QJsonObject{{QStringLiteral("name"), QStringLiteral("entries:write")}}}},
            {QStringLiteral("toolScopes"),
             QJsonObject{{QStringLiteral("list_entries"),
                          QJsonArray{QJsonArray{QStringLiteral("entries:read")}}},
                         {QStringLiteral("create_entry"),
                          QJsonArray{QJsonArray{QStringLiteral("entries:write")}}}}}};
        if (withServers)
            o.insert(QStringLiteral("authorizationServers"), QJsonArray{issuer->issuer()});
        return QJsonDocument(o).toJson();
    }

    // A token; `change` edits the header and claims before signing.
    QByteArray token(const std::function<void(QJsonObject &, QJsonObject &)> &change = {},
                     const SigningKey *with = nullptr) const {
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QJsonObject header{{QStringLiteral("typ"), QStringLiteral("at+jwt")}};
        QJsonObject claims{{QStringLiteral("iss"), issuer->issuer()},
                           {QStringLiteral("sub"), QStringLiteral("alice")},
                           {QStringLiteral("client_id"), QStringLiteral("cli")},
                           {QStringLiteral("aud"), Resource},
                           {QStringLiteral("scope"), QStringLiteral("entries:read")},
                           {QStringLiteral("iat"), double(now)},
                           {QStringLiteral("exp"), double(now + 600)}};
        if (change)
            change(header, claims);
        return Jws::sign(header, QJsonDocument(claims).toJson(QJsonDocument::Compact),
                         with ? *with : key)
            .value();
    }

    int run(const QStringList &args, QString *output, QString *error = nullptr) {
        QString o, e;
        QTextStream out(&o), err(&e);
        const int code = CommandLine::run(
            QStringList{QStringLiteral("scopebench"), QStringLiteral("verify")} + args, out, err);
        out.flush();
        err.flush();
        *output = o;
        if (error)
            *error = e;
        return code;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir.isValid());
        issuer = std::make_unique<JwtIssuerHost>();
        key = SigningKey::generate(JwsAlgorithm::ES256, QStringLiteral("k1")).value();
        stranger = SigningKey::generate(JwsAlgorithm::ES256, QStringLiteral("k1")).value();
        issuer->publish(key);
        policyFile = write(policy(true));
        policyWithoutServers = write(policy(false));
    }

    void decide_data() {
        QTest::addColumn<QByteArray>("jwt");
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("outcome");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("failed"); // the check; empty when verified

        const auto set = [](const QString &where, const QString &name, const QJsonValue &v) {
            return [=](QJsonObject &h, QJsonObject &c) { (where == u'h' ? h : c)[name] = v; };
        };
        const QStringList tool = {QStringLiteral("--tool"), QStringLiteral("list_entries")};
        QTest::newRow("verified, allowed") << token() << tool << 0 << "allow" << 200 << "";
        QTest::newRow("verified, scope missing")
            << token() << QStringList{QStringLiteral("--tool"), QStringLiteral("create_entry")} << 1
            << "insufficient_scope" << 403 << "";
        QTest::newRow("scp array") << token([](QJsonObject &, QJsonObject &c) {
            c.remove(QStringLiteral("scope"));
            c[QStringLiteral("scp")] = QJsonArray{QStringLiteral("entries:write")};
        }) << QStringList{QStringLiteral("--tool"), QStringLiteral("create_entry")}
                                   << 0 << "allow" << 200 << "";
        QTest::newRow("signature: another key")
            << token({}, &stranger) << tool << 1 << "invalid_token" << 401 << "signature";
        QTest::newRow("issuer: not trusted")
            << token(set(QStringLiteral("c"), QStringLiteral("iss"),
                         QStringLiteral("https://evil.example")))
            << tool << 1 << "invalid_token" << 401 << "issuer";
        QTest::newRow("audience: another resource")
            << token(set(QStringLiteral("c"), QStringLiteral("aud"),
                         QStringLiteral("https://other.example/mcp")))
            << tool << 1 << "invalid_token" << 401 << "audience";
        QTest::newRow("expiry: expired")
            << token(set(QStringLiteral("c"), QStringLiteral("exp"),
                         double(QDateTime::currentSecsSinceEpoch() - 3600)))
            << tool << 1 << "invalid_token" << 401 << "expiry";
        QTest::newRow("type: JWT refused")
            << token(set(QStringLiteral("h"), QStringLiteral("typ"), QStringLiteral("JWT"))) << tool
            << 1 << "invalid_token" << 401 << "type";
        QTest::newRow("type: JWT accepted with the switch")
            << token(set(QStringLiteral("h"), QStringLiteral("typ"), QStringLiteral("JWT")))
            << (tool + QStringList{QStringLiteral("--accept-typ"), QStringLiteral("JWT")}) << 0
            << "allow" << 200 << "";
        QTest::newRow("key: unknown kid")
            << token(set(QStringLiteral("h"), QStringLiteral("kid"), QStringLiteral("k9"))) << tool
            << 1 << "invalid_token" << 401 << "key";
        QTest::newRow("format: not a JWT")
            << QByteArray("opaque-token-value") << tool << 1 << "invalid_token" << 401 << "format";
    }
    void decide() {
        QFETCH(QByteArray, jwt);
        QFETCH(QStringList, extra);
        QFETCH(int, exitCode);
        QFETCH(QString, outcome);
        QFETCH(int, status);
        QFETCH(QString, failed);
        QString output;
        const int code =
            run(QStringList{QStringLiteral("--token-file"), write(jwt), QStringLiteral("--policy"),
                            policyFile, QStringLiteral("--format"), QStringLiteral("json")} +
                    extra,
                &output);
        QCOMPARE(code, exitCode);
        QVERIFY(!output.contains(QString::fromLatin1(jwt)));
        const QJsonObject o = QJsonDocument::fromJson(output.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("token_fingerprint")).toString(), tokenFingerprint(jwt));
        QCOMPARE(o.value(QStringLiteral("status")).toInt(), status);
        const QJsonObject v = o.value(QStringLiteral("verification")).toObject();
        QCOMPARE(v.value(QStringLiteral("ok")).toBool(), failed.isEmpty());
        QCOMPARE(v.value(QStringLiteral("failed")).toString(), failed);
        const QJsonObject decision = o.value(QStringLiteral("decision")).toObject();
        QVERIFY(!decision.isEmpty());
        const QString text = QString::fromUtf8(QJsonDocument(decision).toJson());
        if (outcome == QLatin1String("allow")) {
            QCOMPARE(o.value(QStringLiteral("outcome")).toString(), QStringLiteral("allow"));
            QCOMPARE(v.value(QStringLiteral("alg")).toString(), QStringLiteral("ES256"));
            QCOMPARE(v.value(QStringLiteral("kid")).toString(), QStringLiteral("k1"));
            QCOMPARE(v.value(QStringLiteral("issuer")).toString(), issuer->issuer());
        } else {
            QVERIFY2(text.contains(outcome), qPrintable(text));
        }
        if (!failed.isEmpty())
            QVERIFY2(text.contains(failed), qPrintable(text)); // the trace names the check
    }

    void httpFormat() {
        QString output;
        const QByteArray jwt = token({}, &stranger);
        QCOMPARE(run({QStringLiteral("--token-file"), write(jwt), QStringLiteral("--policy"),
                      policyFile, QStringLiteral("--format"), QStringLiteral("http")},
                     &output),
                 1);
        QVERIFY2(output.startsWith(QLatin1String("HTTP/1.1 401")), qPrintable(output));
        QVERIFY(output.contains(QLatin1String("invalid_token")));
        QVERIFY(output.contains(QLatin1String("(signature)")));
    }

    void textFormatWithoutPolicy() {
        QString output;
        const QByteArray jwt = token();
        QCOMPARE(run({QStringLiteral("--token-file"), write(jwt), QStringLiteral("--issuer"),
                      issuer->issuer(), QStringLiteral("--audience"), Resource},
                     &output),
                 0);
        QVERIFY2(output.contains(QLatin1String("Verified.")), qPrintable(output));
        QVERIFY(output.contains(tokenFingerprint(jwt)));
        QVERIFY(!output.contains(QString::fromLatin1(jwt)));
        // Without a policy the audience must match by itself.
        QCOMPARE(run({QStringLiteral("--token-file"), write(jwt), QStringLiteral("--issuer"),
                      issuer->issuer(), QStringLiteral("--audience"),
                      QStringLiteral("https://other.example/mcp")},
                     &output),
                 1);
        QVERIFY2(output.contains(QLatin1String("(audience)")), qPrintable(output));
    }

    // The leeway that let an expired token pass is named in the verification and the trace; an
    // audience failure names what was expected and what the token has.
    void leewayAndAudienceAreExplained() {
        QString output;
        const QByteArray late = token([](QJsonObject &, QJsonObject &c) {
            c[QStringLiteral("exp")] = double(QDateTime::currentSecsSinceEpoch() - 20);
        });
        QCOMPARE(run({QStringLiteral("--token-file"), write(late), QStringLiteral("--policy"),
                      policyFile, QStringLiteral("--tool"), QStringLiteral("list_entries")},
                     &output),
                 0);
        const QRegularExpression note(
            QStringLiteral("expired \\d+ s ago, accepted within the 60 s leeway"));
        QVERIFY2(output.contains(QRegularExpression(
                     QStringLiteral("passed  Not expired \\(exp\\) — ") + note.pattern())),
                 qPrintable(output));
        QVERIFY2(output.contains(
                     QRegularExpression(QStringLiteral("Within nbf / exp — ") + note.pattern())),
                 qPrintable(output));
        QCOMPARE(run({QStringLiteral("--token-file"), write(late), QStringLiteral("--policy"),
                      policyFile, QStringLiteral("--format"), QStringLiteral("json")},
                     &output),
                 0);
        const QJsonObject notes = QJsonDocument::fromJson(output.toUtf8())
                                      .object()
                                      .value(QStringLiteral("verification"))
                                      .toObject()
                                      .value(QStringLiteral("notes"))
                                      .toObject();
        QVERIFY2(notes.value(QStringLiteral("expiry")).toString().contains(note),
                 qPrintable(output));

        QCOMPARE(run({QStringLiteral("--token-file"), write(token()), QStringLiteral("--issuer"),
                      issuer->issuer(), QStringLiteral("--audience"),
                      QStringLiteral("https://other.example/mcp")},
                     &output),
                 1);
        QVERIFY2(output.contains(QStringLiteral("audience mismatch: expected "
                                                "https://other.example/mcp, token has [") +
                                 Resource + u']'),
                 qPrintable(output));
    }

    void issuerMustBeTrusted() {
        QString output;
        const QByteArray jwt = token();
        // Named on the command line: trusted although the policy does not list it.
        QCOMPARE(run({QStringLiteral("--token-file"), write(jwt), QStringLiteral("--policy"),
                      policyWithoutServers, QStringLiteral("--issuer"), issuer->issuer()},
                     &output),
                 0);
        // Another issuer on the command line replaces the policy's.
        QCOMPARE(run({QStringLiteral("--token-file"), write(jwt), QStringLiteral("--policy"),
                      policyFile, QStringLiteral("--issuer"), QStringLiteral("https://as.example"),
                      QStringLiteral("--format"), QStringLiteral("json")},
                     &output),
                 1);
        QVERIFY(output.contains(QLatin1String("\"failed\": \"issuer\"")));
        // Neither: a usage error.
        QCOMPARE(run({QStringLiteral("--token-file"), write(jwt), QStringLiteral("--policy"),
                      policyWithoutServers},
                     &output),
                 2);
    }

    void jwksUrl() {
        QString output;
        const QByteArray jwt = token();
        const int before = issuer->jwksHits();
        QCOMPARE(run({QStringLiteral("--token-file"), write(jwt), QStringLiteral("--issuer"),
                      issuer->issuer(), QStringLiteral("--jwks-url"),
                      issuer->url(QStringLiteral("/jwks")), QStringLiteral("--audience"), Resource},
                     &output),
                 0);
        QCOMPARE(issuer->jwksHits(), before + 1);
    }

    void unreachableKeysNeverAllow() {
        // A port that was free a moment ago: nothing listens there now.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const QString dead = QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort());
        probe.close();
        const QByteArray jwt =
            token([&](QJsonObject &, QJsonObject &c) { c[QStringLiteral("iss")] = dead; });
        QString output;
        QCOMPARE(
            run({QStringLiteral("--token-file"), write(jwt), QStringLiteral("--policy"), policyFile,
                 QStringLiteral("--issuer"), dead, QStringLiteral("--format"),
                 QStringLiteral("json"), QStringLiteral("--timeout-ms"), QStringLiteral("2000")},
                &output),
            1);
        const QJsonObject o = QJsonDocument::fromJson(output.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("status")).toInt(), 503);
        QCOMPARE(o.value(QStringLiteral("verification"))
                     .toObject()
                     .value(QStringLiteral("failed"))
                     .toString(),
                 QStringLiteral("keys-unavailable"));
    }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("args");
        const QString tf = QStringLiteral("--token-file");
        QTest::newRow("no token file")
            << QStringList{QStringLiteral("--issuer"), QStringLiteral("https://as.example")};
        QTest::newRow("no issuer, no policy")
            << QStringList{tf, QStringLiteral("t"), QStringLiteral("--audience"), Resource};
        QTest::newRow("no audience, no policy")
            << QStringList{tf, QStringLiteral("t"), QStringLiteral("--issuer"),
                           QStringLiteral("https://as.example")};
        QTest::newRow("accept-typ other") << QStringList{tf,
                                                         QStringLiteral("t"),
                                                         QStringLiteral("--issuer"),
                                                         QStringLiteral("https://as.example"),
                                                         QStringLiteral("--audience"),
                                                         Resource,
                                                         QStringLiteral("--accept-typ"),
                                                         QStringLiteral("id+jwt")};
        QTest::newRow("jwks-url without issuer")
            << QStringList{tf,
                           QStringLiteral("t"),
                           QStringLiteral("--jwks-url"),
                           QStringLiteral("https://as.example/jwks"),
                           QStringLiteral("--policy"),
                           QStringLiteral("x")};
        QTest::newRow("plain http issuer elsewhere")
            << QStringList{tf,
                           QStringLiteral("t"),
                           QStringLiteral("--issuer"),
                           QStringLiteral("http://as.example"),
                           QStringLiteral("--audience"),
                           Resource};
        QTest::newRow("unloadable policy")
            << QStringList{tf,
                           QStringLiteral("t"),
                           QStringLiteral("--policy"),
                           QStringLiteral("/nonexistent/policy.json"),
                           QStringLiteral("--issuer"),
                           QStringLiteral("https://as.example")};
        QTest::newRow("token as an argument")
            << QStringList{QStringLiteral("--token"), QStringLiteral("abc")};
    }
    void usageErrors() {
        QFETCH(QStringList, args);
        QString output, error;
        QCOMPARE(run(args, &output, &error), 2);
        QVERIFY(!error.isEmpty());
    }
};

QTEST_MAIN(tst_VerifyCommand)
#include "tst_verifycommand.moc"
