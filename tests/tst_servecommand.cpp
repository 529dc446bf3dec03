#include "cli/CommandLine.h"
#include "support/ServeBanner.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTcpServer>
#include <QTest>
#include <QTimer>

#include <csignal>

using namespace scopebench;

// `scopebench serve` in this process: it prints what an operator needs, the printed curl line's
// credentials mint a token the endpoint accepts, and SIGINT / SIGTERM stop it cleanly.
class tst_ServeCommand : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void servesAndStopsOnSignal_data() {
        QTest::addColumn<int>("signalNumber");
        QTest::newRow("SIGTERM") << SIGTERM;
        QTest::newRow("SIGINT") << SIGINT;
    }

    void servesAndStopsOnSignal() {
        QFETCH(int, signalNumber);
        QString printed;
        QString errors;
        QTextStream out(&printed);
        QTextStream err(&errors);
        int status = 0;
        QString mcpUrl;
        QByteArray session;
        QNetworkAccessManager nam;
        // Runs inside serve's event loop once it has printed its addresses.
        fixtures::whenServeBannerPrinted(this, out, printed, [&](const fixtures::ServeBanner &b) {
            mcpUrl = b.mcpUrl;
            QNetworkRequest tokenRequest{QUrl(b.tokenUrl())};
            tokenRequest.setHeader(QNetworkRequest::ContentTypeHeader,
                                   QByteArrayLiteral("application/x-www-form-urlencoded"));
            tokenRequest.setRawHeader(
                "Authorization",
                "Basic " + (b.clientId + QLatin1Char(':') + b.clientSecret).toLatin1().toBase64());
            QNetworkReply *minted = nam.post(
                tokenRequest, "grant_type=client_credentials&scope=entries%3Aread&resource=" +
                                  QUrl::toPercentEncoding(mcpUrl));
            connect(minted, &QNetworkReply::finished, this, [&, minted] {
                const QString token = QJsonDocument::fromJson(minted->readAll())
                                          .object()
                                          .value(QStringLiteral("access_token"))
                                          .toString();
                QNetworkRequest call{QUrl(mcpUrl)};
                call.setHeader(QNetworkRequest::ContentTypeHeader,
                               QByteArrayLiteral("application/json"));
                call.setRawHeader("Authorization", "Bearer " + token.toLatin1());
                QNetworkReply *answer = nam.post(
                    call,
                    R"({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25"}})");
                connect(answer, &QNetworkReply::finished, this, [&, answer] {
                    status = answer->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                    session = answer->rawHeader("Mcp-Session-Id");
                    std::raise(signalNumber);
                });
            });
        });
        const int code =
            CommandLine::run({QStringLiteral("scopebench"), QStringLiteral("serve"),
                              QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")},
                             out, err);
        out.flush();
        err.flush();
        QCOMPARE(code, 0);
        QCOMPARE(status, 200);
        QVERIFY(!session.isEmpty());
        QVERIFY2(errors.contains(QLatin1String("stopping")), qPrintable(errors));
        QVERIFY(printed.contains(QLatin1String("Resource metadata:")));
        QVERIFY(printed.contains(QLatin1String("Test client id:        scopebench")));
        // The port is free once serve has returned.
        QTcpServer again;
        QVERIFY(again.listen(QHostAddress::LocalHost, quint16(QUrl(mcpUrl).port())));
    }

    // A secret the operator supplied stays out of the banner; the curl line names its variable.
    void suppliedSecretIsNotPrinted_data() {
        QTest::addColumn<QString>("variable");
        QTest::addColumn<bool>("viaOption");
        QTest::newRow("--client-secret-env")
            << QStringLiteral("SCOPEBENCH_SERVE_TEST_SECRET") << true;
        QTest::newRow("SCOPEBENCH_TEST_CLIENT_SECRET")
            << QStringLiteral("SCOPEBENCH_TEST_CLIENT_SECRET") << false;
    }
    void suppliedSecretIsNotPrinted() {
        QFETCH(QString, variable);
        QFETCH(bool, viaOption);
        const QByteArray name = variable.toLatin1();
        qputenv(name.constData(), "supplied-s3cret-value");
        QString printed;
        QString errors;
        QTextStream out(&printed);
        QTextStream err(&errors);
        QTimer poll;
        poll.setInterval(20);
        connect(&poll, &QTimer::timeout, this, [&] {
            out.flush();
            if (!printed.contains(QLatin1String("Press Ctrl+C")))
                return;
            poll.stop();
            std::raise(SIGTERM);
        });
        poll.start();
        QStringList args{QStringLiteral("scopebench"), QStringLiteral("serve"),
                         QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")};
        if (viaOption)
            args << QStringLiteral("--client-secret-env") << variable;
        const int code = CommandLine::run(args, out, err);
        qunsetenv(name.constData());
        out.flush();
        err.flush();
        QCOMPARE(code, 0);
        QVERIFY2(!printed.contains(QLatin1String("s3cret")), qPrintable(printed));
        QVERIFY2(!errors.contains(QLatin1String("s3cret")), qPrintable(errors));
        QVERIFY2(printed.contains(QStringLiteral("'scopebench:'\"$") + variable + u'"'),
                 qPrintable(printed));
    }

    // Client ID Metadata Documents from http loopback URLs only in a test mode that says so:
    // in the banner and in the authorization server's metadata.
    void httpClientMetadataIsAMarkedTestMode_data() {
        QTest::addColumn<bool>("flag");
        QTest::newRow("default") << false;
        QTest::newRow("--allow-http-client-metadata") << true;
    }
    void httpClientMetadataIsAMarkedTestMode() {
        QFETCH(bool, flag);
        QString printed, errors;
        QTextStream out(&printed), err(&errors);
        QNetworkAccessManager nam;
        QJsonObject metadata;
        bool asked = false;
        QTimer poll;
        poll.setInterval(20);
        connect(&poll, &QTimer::timeout, this, [&] {
            out.flush();
            const auto m =
                QRegularExpression(QStringLiteral("Authorization server:  (\\S+)")).match(printed);
            if (asked || !printed.contains(QLatin1String("Press Ctrl+C")) || !m.hasMatch())
                return;
            asked = true;
            QNetworkReply *reply = nam.get(QNetworkRequest(
                QUrl(m.captured(1) + QStringLiteral("/.well-known/oauth-authorization-server"))));
            connect(reply, &QNetworkReply::finished, this, [&, reply] {
                metadata = QJsonDocument::fromJson(reply->readAll()).object();
                reply->deleteLater();
                poll.stop();
                std::raise(SIGTERM);
            });
        });
        poll.start();
        QStringList args{QStringLiteral("scopebench"), QStringLiteral("serve"),
                         QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")};
        if (flag)
            args << QStringLiteral("--allow-http-client-metadata");
        QCOMPARE(CommandLine::run(args, out, err), 0);
        out.flush();
        QCOMPARE(printed.contains(QLatin1String("TEST MODE")), flag);
        QCOMPARE(metadata.value(QLatin1String("client_id_metadata_document_supported")),
                 QJsonValue(true));
        QCOMPARE(metadata.contains(QLatin1String("scopebench_test_mode_http_client_metadata")),
                 flag);
    }

    void usageErrors_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("message");
        QTest::newRow("listen") << QStringList{QStringLiteral("--listen"), QStringLiteral("nope")}
                                << QStringLiteral("--listen");
        QTest::newRow("auth method")
            << QStringList{QStringLiteral("--auth-method"), QStringLiteral("magic")}
            << QStringLiteral("--auth-method");
        QTest::newRow("secret variable") << QStringList{QStringLiteral("--client-secret-env"),
                                                        QStringLiteral("SCOPEBENCH_SURELY_UNSET")}
                                         << QStringLiteral("SCOPEBENCH_SURELY_UNSET is not set");
        QTest::newRow("resource") << QStringList{QStringLiteral("--resource"),
                                                 QStringLiteral("mcp#frag")}
                                  << QStringLiteral("--resource");
        QTest::newRow("http client metadata without the built-in server")
            << QStringList{QStringLiteral("--allow-http-client-metadata"),
                           QStringLiteral("--introspection-url"),
                           QStringLiteral("http://127.0.0.1:1/introspect")}
            << QStringLiteral("--allow-http-client-metadata is for the built-in server");
    }
    void usageErrors() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, message);
        QString printed, errors;
        QTextStream out(&printed), err(&errors);
        const int code = CommandLine::run(
            QStringList{QStringLiteral("scopebench"), QStringLiteral("serve")} + arguments, out,
            err);
        err.flush();
        QCOMPARE(code, 2);
        QVERIFY2(errors.contains(message), qPrintable(errors));
    }
};

QTEST_GUILESS_MAIN(tst_ServeCommand)
#include "tst_servecommand.moc"
