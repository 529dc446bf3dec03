#include "cli/CommandLine.h"
#include "support/McpRequests.h"
#include "support/ServeBanner.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>

#include <csignal>

using namespace scopebench;

namespace {

struct Answer {
    int status = -1;
    QByteArray body;
};

Answer send(QNetworkAccessManager &network, QNetworkRequest request, const QByteArray &body,
            bool get = false) {
    QNetworkReply *reply = get ? network.get(request) : network.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    Answer a;
    if (finished.wait(10000)) {
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.body = reply->readAll();
    }
    reply->deleteLater();
    return a;
}

QNetworkRequest form(const QString &url, const QString &id, const QString &secret) {
    QNetworkRequest r{QUrl(url)};
    r.setHeader(QNetworkRequest::ContentTypeHeader,
                QByteArrayLiteral("application/x-www-form-urlencoded"));
    r.setRawHeader("Authorization",
                   "Basic " + QString(id + QLatin1Char(':') + secret).toLatin1().toBase64());
    return r;
}

QJsonObject decodePart(const QByteArray &jwt, int part) {
    return QJsonDocument::fromJson(QByteArray::fromBase64(jwt.split('.').value(part),
                                                          QByteArray::Base64UrlEncoding |
                                                              QByteArray::OmitTrailingEquals))
        .object();
}

} // namespace

// `scopebench serve --token-format jwt` end to end: its own server issues RFC 9068 access tokens
// signed with a key it publishes, the endpoint verifies them locally; introspection and
// revocation still work for them, and a revoked JWT stays valid for the local verifier.
class tst_ServeCommandJwt : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void jwtFromItsOwnServer() {
        QString printed, errors;
        QTextStream out(&printed), err(&errors);
        QNetworkAccessManager network;
        QJsonObject metadata, header, claims, introspected, afterRevocation;
        int allowed = 0, revoked = 0, afterRevoke = 0, tampered = 0, jwksStatus = 0;
        QString mcpUrl, issuer;
        fixtures::whenServeBannerPrinted(this, out, printed, [&](const fixtures::ServeBanner &b) {
            mcpUrl = b.mcpUrl;
            issuer = b.authorizationServer;
            const QString id = b.clientId, secret = b.clientSecret;
            metadata =
                QJsonDocument::fromJson(
                    send(network,
                         QNetworkRequest(QUrl(
                             issuer + QStringLiteral("/.well-known/oauth-authorization-server"))),
                         {}, true)
                        .body)
                    .object();
            jwksStatus =
                send(network,
                     QNetworkRequest(QUrl(metadata.value(QStringLiteral("jwks_uri")).toString())),
                     {}, true)
                    .status;
            const QByteArray token =
                QJsonDocument::fromJson(
                    send(network, form(issuer + QStringLiteral("/oauth/token"), id, secret),
                         "grant_type=client_credentials&scope=user%3Aread&resource=" +
                             QUrl::toPercentEncoding(mcpUrl))
                        .body)
                    .object()
                    .value(QStringLiteral("access_token"))
                    .toString()
                    .toLatin1();
            header = decodePart(token, 0);
            claims = decodePart(token, 1);
            allowed = fixtures::postMcp(network, QUrl(mcpUrl),
                                        QStringLiteral("Bearer ") + QString::fromLatin1(token));
            // Another signature over the same claims: refused.
            QByteArray forged = token;
            forged[forged.size() - 3] = forged.at(forged.size() - 3) == 'A' ? 'B' : 'A';
            tampered = fixtures::postMcp(network, QUrl(mcpUrl),
                                         QStringLiteral("Bearer ") + QString::fromLatin1(forged));
            introspected =
                QJsonDocument::fromJson(
                    send(network, form(issuer + QStringLiteral("/oauth/introspect"), id, secret),
                         "token=" + token)
                        .body)
                    .object();
            revoked = send(network, form(issuer + QStringLiteral("/oauth/revoke"), id, secret),
                           "token=" + token)
                          .status;
            afterRevocation =
                QJsonDocument::fromJson(
                    send(network, form(issuer + QStringLiteral("/oauth/introspect"), id, secret),
                         "token=" + token)
                        .body)
                    .object();
            afterRevoke = fixtures::postMcp(network, QUrl(mcpUrl),
                                            QStringLiteral("Bearer ") + QString::fromLatin1(token));
            std::raise(SIGTERM);
        });
        const int code =
            CommandLine::run({QStringLiteral("scopebench"), QStringLiteral("serve"),
                              QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                              QStringLiteral("--token-format"), QStringLiteral("jwt")},
                             out, err);
        out.flush();
        QCOMPARE(code, 0);
        QVERIFY2(printed.contains(QLatin1String("JWTs verified locally: ") + issuer),
                 qPrintable(printed));
        QCOMPARE(metadata.value(QStringLiteral("jwks_uri")).toString(),
                 issuer + QStringLiteral("/oauth/jwks"));
        QCOMPARE(jwksStatus, 200);
        QCOMPARE(header.value(QStringLiteral("typ")).toString(), QStringLiteral("at+jwt"));
        QCOMPARE(header.value(QStringLiteral("alg")).toString(), QStringLiteral("ES256"));
        QCOMPARE(claims.value(QStringLiteral("iss")).toString(), issuer);
        QCOMPARE(claims.value(QStringLiteral("aud")).toString(), mcpUrl);
        QCOMPARE(claims.value(QStringLiteral("scope")).toString(), QStringLiteral("user:read"));
        QCOMPARE(claims.value(QStringLiteral("client_id")).toString(),
                 QStringLiteral("scopebench"));
        for (const char *name : {"sub", "iat", "exp", "jti"})
            QVERIFY2(claims.contains(QLatin1String(name)), name);
        QCOMPARE(allowed, 200);
        QCOMPARE(tampered, 401);
        QCOMPARE(introspected.value(QStringLiteral("active")).toBool(), true);
        QCOMPARE(introspected.value(QStringLiteral("jti")), claims.value(QStringLiteral("jti")));
        QCOMPARE(revoked, 200);
        QCOMPARE(afterRevocation.value(QStringLiteral("active")).toBool(), false);
        // docs/jwt-verification.md: a verifier that does not introspect cannot see revocation.
        QCOMPARE(afterRevoke, 200);
    }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("unknown format")
            << QStringList{QStringLiteral("--token-format"), QStringLiteral("paseto")};
        QTest::newRow("format with an external server")
            << QStringList{QStringLiteral("--token-format"), QStringLiteral("jwt"),
                           QStringLiteral("--jwt-issuer"), QStringLiteral("https://as.example")};
        QTest::newRow("plain http issuer")
            << QStringList{QStringLiteral("--jwt-issuer"), QStringLiteral("http://as.example")};
        QTest::newRow("accept-typ other")
            << QStringList{QStringLiteral("--accept-typ"), QStringLiteral("jwt+at")};
    }
    void usageErrors() {
        QFETCH(QStringList, args);
        QString printed, errors;
        QTextStream out(&printed), err(&errors);
        QCOMPARE(CommandLine::run(QStringList{QStringLiteral("scopebench"), QStringLiteral("serve"),
                                              QStringLiteral("--listen"),
                                              QStringLiteral("127.0.0.1:0")} +
                                      args,
                                  out, err),
                 2);
    }
};

QTEST_MAIN(tst_ServeCommandJwt)
#include "tst_servecommand_jwt.moc"
