#include "decision/Decider.h"
#include "jose/Jwk.h"
#include "jwt/JwtAccessTokenVerifier.h"
#include "jwt/JwtTokenLookup.h"
#include "support/DecisionFixtures.h"
#include "support/InteropSupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace scopebench;
using namespace scopebench::fixtures;

// Runs tests/interop/jose.test.mjs: the `jose` npm package makes keys of every algorithm and
// signs tokens with them; Scopebench verifies each one, and a verified token is decided exactly
// as the same scopes obtained by introspection.
class tst_InteropJose : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void joseTokensVerify() {
        INTEROP_FIND_NODE(node);
        if (!QFileInfo::exists(
                interop::directory().filePath(QStringLiteral("node_modules/jose/package.json")))) {
            const char *why = "the jose package is not installed: run `npm ci` in tests/interop";
            if (interop::required())
                QFAIL(why);
            QSKIP(why);
        }
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QString failure;
        const QByteArray output =
            interop::runNodeTest(node, QStringLiteral("jose.test.mjs"),
                                 {{QStringLiteral("SCOPEBENCH_JOSE_OUT"), dir.path()},
                                  {QStringLiteral("SCOPEBENCH_JOSE_NOW"), QString::number(Now)}},
                                 &failure);
        if (!failure.isEmpty())
            qInfo().noquote() << QString::fromUtf8(output);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));

        QFile jwksFile(dir.filePath(QStringLiteral("jwks.json")));
        QFile tokensFile(dir.filePath(QStringLiteral("tokens.json")));
        QVERIFY(jwksFile.open(QIODevice::ReadOnly));
        QVERIFY(tokensFile.open(QIODevice::ReadOnly));
        const Result<JwkSet> keys = JwkSet::parse(jwksFile.readAll());
        QVERIFY2(keys.ok(), qPrintable(keys.error().toString()));
        QVERIFY2(keys->skipped.isEmpty(), qPrintable(keys->skipped.join(QLatin1Char('\n'))));
        QCOMPARE(keys->keys.size(), 10);

        JwtVerifierOptions options;
        options.trustedIssuers = {QStringLiteral("https://as.example/tenant")};
        options.resource = QStringLiteral("http://127.0.0.1:8787/mcp");
        const CompiledPolicy policy(epicMe());

        const QJsonArray tokens = QJsonDocument::fromJson(tokensFile.readAll()).array();
        QVERIFY(tokens.size() >= 50);
        int verified = 0;
        for (const auto &entry : tokens) {
            const QJsonObject t = entry.toObject();
            const QString name = t.value(QStringLiteral("name")).toString();
            const QByteArray token = t.value(QStringLiteral("token")).toString().toLatin1();
            const QString expect = t.value(QStringLiteral("expect")).toString();
            const JwtVerification v = JwtAccessTokenVerifier::verify(token, *keys, options, Now);
            QVERIFY2(v.failedId() == expect,
                     qPrintable(name + QStringLiteral(": expected \"") + expect +
                                QStringLiteral("\", got \"") + v.failedId() +
                                QStringLiteral("\": ") + v.reason));
            if (!v.ok)
                continue;
            ++verified;

            // The same scopes, as introspection would report them.
            TokenFacts introspected;
            introspected.active = true;
            introspected.scopes =
                v.claims.value(QStringLiteral("scope")).toString().split(QLatin1Char(' '));
            introspected.aud = {options.resource};
            introspected.audPresent = true;
            introspected.exp = Now + 600;
            for (const QString &tool :
                 {QString(), QStringLiteral("create_entry"), QStringLiteral("delete_entry")}) {
                const RequestFacts request = requestWith({QByteArray("Bearer " + token)}, tool);
                const Decision fromJwt =
                    Decider::decide(policy, request, JwtTokenLookup::knowledgeFrom(v), Now);
                const Decision fromIntrospection =
                    Decider::decide(policy, request, TokenKnowledge::known(introspected), Now);
                QCOMPARE(fromJwt.outcome, fromIntrospection.outcome);
                QCOMPARE(fromJwt.response.toRaw(), fromIntrospection.response.toRaw());
            }
        }
        QCOMPARE(verified, 10);
    }
};

QTEST_GUILESS_MAIN(tst_InteropJose)
#include "tst_interop_jose.moc"
