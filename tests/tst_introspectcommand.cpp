#include "cli/CommandLine.h"
#include "common/TokenFingerprint.h"
#include "policy/PolicyFile.h"
#include "support/TestAuthorizationServerHost.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace scopebench;

class tst_IntrospectCommand : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<TestAuthorizationServerHost> host;
    QTemporaryDir dir;
    QString introspectionUrl;

    QString writeToken(const QByteArray &content) {
        static int n = 0;
        const QString path = dir.filePath(QStringLiteral("token%1.txt").arg(++n));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly))
            return QString();
        f.write(content);
        return path;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir.isValid());
        TestAuthorizationServer::Settings s;
        s.clientSecret = QStringLiteral("cli-secret");
        s.catalog = {QStringLiteral("entries:read"), QStringLiteral("entries:write")};
        host = std::make_unique<TestAuthorizationServerHost>(s);
        QVERIFY(host->listen().ok());
        introspectionUrl = host->authorizationServer()->introspectionEndpoint();
        qputenv("SCOPEBENCH_TST_SECRET", "cli-secret");
        qputenv("SCOPEBENCH_TST_WRONG", "not-it");
    }
    void cleanupTestCase() { host.reset(); }

    void run_data() {
        QTest::addColumn<QStringList>("scopes"); // minted token's scopes; "revoked" revokes it
        QTest::addColumn<QStringList>("extra");  // arguments after the common ones
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("expected"); // in the standard output
        const QStringList auth = {QStringLiteral("--client-id"), QStringLiteral("scopebench"),
                                  QStringLiteral("--client-secret-env"),
                                  QStringLiteral("SCOPEBENCH_TST_SECRET")};
        const QStringList policy = {QStringLiteral("--policy"), PolicyFile::bundledExample()};
        const QStringList read = {QStringLiteral("entries:read")};
        const QStringList write = {QStringLiteral("entries:write")};
        QTest::newRow("active") << read << auth << 0 << "active";
        QTest::newRow("active, post")
            << read << (auth + QStringList{QStringLiteral("--auth-method"), QStringLiteral("post")})
            << 0 << "entries:read";
        QTest::newRow("inactive") << QStringList{QStringLiteral("revoked")} << auth << 1
                                  << "not active";
        QTest::newRow("wrong secret fails")
            << read
            << QStringList{QStringLiteral("--client-id"), QStringLiteral("scopebench"),
                           QStringLiteral("--client-secret-env"),
                           QStringLiteral("SCOPEBENCH_TST_WRONG")}
            << 1 << "http_status";
        QTest::newRow("policy, allowed tool")
            << write
            << (auth + policy +
                QStringList{QStringLiteral("--tool"), QStringLiteral("create_entry")})
            << 0 << "allow";
        QTest::newRow("policy, 403 as http")
            << read
            << (auth + policy +
                QStringList{QStringLiteral("--tool"), QStringLiteral("create_entry"),
                            QStringLiteral("--format"), QStringLiteral("http")})
            << 1 << "HTTP/1.1 403";
        QTest::newRow("policy, inactive 401 as http")
            << QStringList{QStringLiteral("revoked")}
            << (auth + policy + QStringList{QStringLiteral("--format"), QStringLiteral("http")})
            << 1 << "HTTP/1.1 401";
        QTest::newRow("policy, failure 503 as http")
            << read
            << QStringList{QStringLiteral("--client-id"),
                           QStringLiteral("scopebench"),
                           QStringLiteral("--client-secret-env"),
                           QStringLiteral("SCOPEBENCH_TST_WRONG"),
                           QStringLiteral("--format"),
                           QStringLiteral("http")} +
                   policy
            << 1 << "HTTP/1.1 503";
        QTest::newRow("json") << read
                              << (auth +
                                  QStringList{QStringLiteral("--format"), QStringLiteral("json")})
                              << 0 << "\"token_fingerprint\"";
        QTest::newRow("usage: unknown auth method")
            << read
            << (auth + QStringList{QStringLiteral("--auth-method"), QStringLiteral("magic")}) << 2
            << "";
        QTest::newRow("usage: secret variable unset")
            << read
            << QStringList{QStringLiteral("--client-id"), QStringLiteral("scopebench"),
                           QStringLiteral("--client-secret-env"),
                           QStringLiteral("SCOPEBENCH_TST_UNSET")}
            << 2 << "";
        QTest::newRow("usage: basic without a secret")
            << read << QStringList{QStringLiteral("--client-id"), QStringLiteral("scopebench")} << 2
            << "";
        QTest::newRow("usage: bad format")
            << read << (auth + QStringList{QStringLiteral("--format"), QStringLiteral("xml")}) << 2
            << "";
        QTest::newRow("usage: tool without policy")
            << read << (auth + QStringList{QStringLiteral("--tool"), QStringLiteral("x")}) << 2
            << "";
        QTest::newRow("usage: token as an argument")
            << read << (auth + QStringList{QStringLiteral("--token"), QStringLiteral("abc")}) << 2
            << "";
    }
    void run() {
        QFETCH(QStringList, scopes);
        QFETCH(QStringList, extra);
        QFETCH(int, exitCode);
        QFETCH(QString, expected);
        TestAuthorizationServer *as = host->authorizationServer();
        const bool revoked = scopes == QStringList{QStringLiteral("revoked")};
        const auto minted = as->mint(revoked ? QStringList() : scopes, 300, QString());
        if (revoked)
            QVERIFY(as->revoke(minted.accessToken));
        const QString tokenFile = writeToken(minted.accessToken.toUtf8() + "\n");
        QVERIFY(!tokenFile.isEmpty());
        const QStringList args =
            QStringList{QStringLiteral("scopebench"),          QStringLiteral("introspect"),
                        QStringLiteral("--introspection-url"), introspectionUrl,
                        QStringLiteral("--token-file"),        tokenFile} +
            extra;
        QString outText, errText;
        QTextStream out(&outText), err(&errText);
        const int code = CommandLine::run(args, out, err);
        out.flush();
        err.flush();
        QVERIFY2(code == exitCode, qPrintable(outText + errText));
        QVERIFY2(outText.contains(expected), qPrintable(outText));
        if (exitCode != 2)
            QVERIFY(outText.contains(tokenFingerprint(minted.accessToken)) ||
                    extra.contains(QStringLiteral("http")));
        for (const QString &secret : {minted.accessToken, QStringLiteral("cli-secret")}) {
            QVERIFY(!outText.contains(secret));
            QVERIFY(!errText.contains(secret));
        }
        if (exitCode == 2)
            QCOMPARE(errText.count(u'\n'), 1); // one line of reason
        if (expected == QLatin1String("\"token_fingerprint\"")) {
            const QJsonObject o = QJsonDocument::fromJson(outText.toUtf8()).object();
            QCOMPARE(o.value(QLatin1String("token_fingerprint")).toString(),
                     tokenFingerprint(minted.accessToken));
            QCOMPARE(o.value(QLatin1String("introspection")).toObject().value(QLatin1String("ok")),
                     QJsonValue(true));
        }
    }

    void tokenFileProblems_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::newRow("empty") << QByteArray("\n  \n");
        QTest::newRow("two tokens") << QByteArray("abc def\n");
    }
    void tokenFileProblems() {
        QFETCH(QByteArray, content);
        const QStringList args = {
            QStringLiteral("scopebench"),          QStringLiteral("introspect"),
            QStringLiteral("--introspection-url"), introspectionUrl,
            QStringLiteral("--token-file"),        writeToken(content),
            QStringLiteral("--auth-method"),       QStringLiteral("none")};
        QString outText, errText;
        QTextStream out(&outText), err(&errText);
        QCOMPARE(CommandLine::run(args, out, err), 2);
        err.flush();
        QVERIFY(errText.contains(QLatin1String("token file")));
    }
};

QTEST_GUILESS_MAIN(tst_IntrospectCommand)
#include "tst_introspectcommand.moc"
