#include "http/FormEncoding.h"
#include "support/TestAuthorizationServerHost.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

#include <memory>

using namespace scopebench;

namespace {

struct Reply {
    int status = 0;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    QByteArray header(const QByteArray &name) const {
        for (const auto &h : headers) {
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString error() const { return json().value(QLatin1String("error")).toString(); }
    // The query of the Location header, decoded.
    QString location(const QString &key) const {
        const QUrl url(QString::fromUtf8(header("Location")));
        return FormEncoding::value(
            FormEncoding::parseFields(url.query(QUrl::FullyEncoded).toUtf8()), key);
    }
};

// JSON written with single quotes, which moc's scanner copes with better than raw strings.
QByteArray jsonText(const char *text) {
    return QByteArray(text).replace('\'', '"');
}

const QString verifier = QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
const QString challenge =
    QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"); // RFC 7636 B

} // namespace

class tst_TestAuthorizationServer : public QObject {
    Q_OBJECT
private:
    std::unique_ptr<TestAuthorizationServerHost> host;
    QNetworkAccessManager nam;
    QString base;
    qint64 now = 1700000000;

    TestAuthorizationServer *as() const { return host->authorizationServer(); }

    Reply
    send(const QByteArray &verb, const QString &path, const QByteArray &body = {},
         const QByteArray &contentType = QByteArrayLiteral("application/x-www-form-urlencoded"),
         const QByteArray &authorization = {}) {
        QNetworkRequest request(QUrl(base + path));
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::ManualRedirectPolicy);
        if (!body.isEmpty() || verb == "POST")
            request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
        if (!authorization.isEmpty())
            request.setRawHeader("Authorization", authorization);
        QNetworkReply *reply = nam.sendCustomRequest(request, verb, body);
        QSignalSpy spy(reply, &QNetworkReply::finished);
        Reply r;
        if (!spy.wait(10000))
            return r;
        r.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        r.body = reply->readAll();
        r.headers = reply->rawHeaderPairs();
        reply->deleteLater();
        return r;
    }
    QByteArray basic() const {
        return FormEncoding::basicAuthorization(as()->clientId(), as()->clientSecret());
    }
    Reply token(const FormEncoding::Fields &fields, const QByteArray &authorization) {
        return send("POST", QStringLiteral("/oauth/token"), FormEncoding::encodeFields(fields),
                    QByteArrayLiteral("application/x-www-form-urlencoded"), authorization);
    }
    QJsonObject introspect(const QString &accessToken) {
        const Reply r = send("POST", QStringLiteral("/oauth/introspect"),
                             FormEncoding::encodeFields({{QStringLiteral("token"), accessToken}}),
                             QByteArrayLiteral("application/x-www-form-urlencoded"), basic());
        return r.status == 200 ? r.json() : QJsonObject{{QStringLiteral("status"), r.status}};
    }
    // DCR of a public client with one redirect URI.
    QString registerPublic(const QString &redirectUri, const QString &name = QStringLiteral("t")) {
        const QJsonObject body{
            {QStringLiteral("client_name"), name},
            {QStringLiteral("redirect_uris"), QJsonArray{redirectUri}},
            {QStringLiteral("grant_types"),
             QJsonArray{QStringLiteral("authorization_code"), QStringLiteral("refresh_token")}},
            {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("none")}};
        const Reply r = send("POST", QStringLiteral("/oauth/register"),
                             QJsonDocument(body).toJson(), QByteArrayLiteral("application/json"));
        return r.status == 201 ? r.json().value(QLatin1String("client_id")).toString() : QString();
    }
    QString authorizeQuery(const QString &clientId, const QString &redirectUri,
                           const QString &scope, const QString &state = QStringLiteral("st&=1")) {
        return QStringLiteral("/oauth/authorize?") +
               QString::fromLatin1(FormEncoding::encodeFields(
                   {{QStringLiteral("response_type"), QStringLiteral("code")},
                    {QStringLiteral("client_id"), clientId},
                    {QStringLiteral("redirect_uri"), redirectUri},
                    {QStringLiteral("scope"), scope},
                    {QStringLiteral("state"), state},
                    {QStringLiteral("code_challenge"), challenge},
                    {QStringLiteral("code_challenge_method"), QStringLiteral("S256")},
                    {QStringLiteral("resource"), QStringLiteral("http://127.0.0.1:8787/mcp")}}));
    }
    // GET the consent page, then post the form with these scopes ticked.
    Reply consent(const QString &query, const QStringList &ticked, const QString &user,
                  const QString &action = QStringLiteral("approve")) {
        const Reply page = send("GET", query);
        if (page.status != 200)
            return page;
        const auto m = QRegularExpression(QStringLiteral("name=\"request_id\" value=\"([^\"]+)\""))
                           .match(QString::fromUtf8(page.body));
        if (!m.hasMatch())
            return {};
        FormEncoding::Fields form{{QStringLiteral("request_id"), m.captured(1)},
                                  {QStringLiteral("user"), user},
                                  {QStringLiteral("action"), action}};
        for (const QString &s : ticked)
            form.append({QStringLiteral("scope"), s});
        return send("POST", QStringLiteral("/oauth/authorize"), FormEncoding::encodeFields(form));
    }
    Reply exchange(const QString &clientId, const QString &code, const QString &redirectUri,
                   const QString &codeVerifier = verifier) {
        return token({{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                      {QStringLiteral("client_id"), clientId},
                      {QStringLiteral("code"), code},
                      {QStringLiteral("redirect_uri"), redirectUri},
                      {QStringLiteral("code_verifier"), codeVerifier}},
                     {});
    }

private Q_SLOTS:
    void init() {
        TestAuthorizationServer::Settings s;
        s.clientSecret = QStringLiteral("test-secret");
        s.catalog = QStringList{QStringLiteral("entries:read"), QStringLiteral("entries:write"),
                                QStringLiteral("tags:read")};
        host = std::make_unique<TestAuthorizationServerHost>(s);
        const Result<QUrl> url = host->listen();
        QVERIFY(url.ok());
        base = url->toString();
        as()->setClock([this] { return now; });
    }
    void cleanup() { host.reset(); }

    void metadata() {
        const Reply r = send("GET", QStringLiteral("/.well-known/oauth-authorization-server"));
        QCOMPARE(r.status, 200);
        const QJsonObject m = r.json();
        QCOMPARE(m.value(QLatin1String("issuer")).toString(), base);
        QCOMPARE(m.value(QLatin1String("token_endpoint")).toString(),
                 base + QStringLiteral("/oauth/token"));
        QCOMPARE(m.value(QLatin1String("authorization_endpoint")).toString(),
                 as()->authorizationEndpoint());
        QCOMPARE(m.value(QLatin1String("introspection_endpoint")).toString(),
                 as()->introspectionEndpoint());
        QCOMPARE(m.value(QLatin1String("revocation_endpoint")).toString(),
                 as()->revocationEndpoint());
        QCOMPARE(m.value(QLatin1String("registration_endpoint")).toString(),
                 as()->registrationEndpoint());
        QCOMPARE(m.value(QLatin1String("response_types_supported")).toArray(),
                 QJsonArray{QStringLiteral("code")});
        QCOMPARE(m.value(QLatin1String("code_challenge_methods_supported")).toArray(),
                 QJsonArray{QStringLiteral("S256")});
        QCOMPARE(m.value(QLatin1String("scopes_supported")).toArray().size(), 3);
        QVERIFY(m.value(QLatin1String("grant_types_supported"))
                    .toArray()
                    .contains(QStringLiteral("client_credentials")));
        as()->setCatalog({QStringLiteral("x")});
        const Reply again = send("GET", QStringLiteral("/.well-known/oauth-authorization-server"));
        QCOMPARE(again.json().value(QLatin1String("scopes_supported")).toArray(),
                 QJsonArray{QStringLiteral("x")});
    }

    void wrongMethodIs405_data() {
        QTest::addColumn<QByteArray>("verb");
        QTest::addColumn<QString>("path");
        QTest::newRow("GET token") << QByteArray("GET") << "/oauth/token";
        QTest::newRow("GET introspect") << QByteArray("GET") << "/oauth/introspect";
        QTest::newRow("PUT metadata")
            << QByteArray("PUT") << "/.well-known/oauth-authorization-server";
        QTest::newRow("DELETE authorize") << QByteArray("DELETE") << "/oauth/authorize";
    }
    void wrongMethodIs405() {
        QFETCH(QByteArray, verb);
        QFETCH(QString, path);
        const Reply r = send(verb, path);
        QCOMPARE(r.status, 405);
        QVERIFY(!r.header("Allow").isEmpty());
    }

    void clientCredentials_data() {
        QTest::addColumn<QString>("scopeParam"); // "<omit>" leaves it out
        QTest::addColumn<bool>("post");          // client_secret_post instead of basic
        QTest::addColumn<QString>("secret");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("result"); // granted scope, or the error
        QTest::newRow("omitted scope: the catalog")
            << "<omit>" << false << "test-secret" << 200 << "entries:read entries:write tags:read";
        QTest::newRow("asked scope") << "tags:read" << false << "test-secret" << 200 << "tags:read";
        QTest::newRow("empty scope: none") << "" << false << "test-secret" << 200 << "";
        QTest::newRow("client_secret_post")
            << "entries:read" << true << "test-secret" << 200 << "entries:read";
        QTest::newRow("unknown scope")
            << "admin" << false << "test-secret" << 400 << "invalid_scope";
        QTest::newRow("bad secret") << "tags:read" << false << "wrong" << 401 << "invalid_client";
        QTest::newRow("bad secret, post")
            << "tags:read" << true << "wrong" << 401 << "invalid_client";
    }
    void clientCredentials() {
        QFETCH(QString, scopeParam);
        QFETCH(bool, post);
        QFETCH(QString, secret);
        QFETCH(int, status);
        QFETCH(QString, result);
        FormEncoding::Fields f{
            {QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
            {QStringLiteral("resource"), QStringLiteral("http://127.0.0.1:8787/mcp")}};
        if (scopeParam != QLatin1String("<omit>"))
            f.append({QStringLiteral("scope"), scopeParam});
        QByteArray auth;
        if (post) {
            f.append({QStringLiteral("client_id"), as()->clientId()});
            f.append({QStringLiteral("client_secret"), secret});
        } else {
            auth = FormEncoding::basicAuthorization(as()->clientId(), secret);
        }
        const Reply r = token(f, auth);
        QCOMPARE(r.status, status);
        QCOMPARE(r.header("Cache-Control"), QByteArrayLiteral("no-store"));
        if (status != 200) {
            QCOMPARE(r.error(), result);
            if (status == 401)
                QVERIFY(r.header("WWW-Authenticate").startsWith("Basic"));
            return;
        }
        const QJsonObject t = r.json();
        QCOMPARE(t.value(QLatin1String("token_type")).toString(), QStringLiteral("Bearer"));
        QCOMPARE(t.value(QLatin1String("scope")).toString(), result);
        QCOMPARE(t.value(QLatin1String("expires_in")).toInt(), 3600);
        const QString accessToken = t.value(QLatin1String("access_token")).toString();
        QCOMPARE(accessToken.size(), 43); // 256 bits, base64url without padding
        const QJsonObject i = introspect(accessToken);
        QCOMPARE(i.value(QLatin1String("active")), QJsonValue(true));
        QCOMPARE(i.value(QLatin1String("scope")).toString(), result);
        QCOMPARE(i.value(QLatin1String("sub")).toString(), as()->clientId());
        QCOMPARE(i.value(QLatin1String("client_id")).toString(), as()->clientId());
        QCOMPARE(i.value(QLatin1String("aud")).toString(),
                 QStringLiteral("http://127.0.0.1:8787/mcp"));
        QCOMPARE(i.value(QLatin1String("iss")).toString(), base);
        QCOMPARE(i.value(QLatin1String("exp")).toInteger(), now + 3600);
    }

    void tokenRequestErrors_data() {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<bool>("authenticate");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("no grant_type")
            << QByteArray("scope=tags%3Aread") << true << 400 << "invalid_request";
        QTest::newRow("unknown grant")
            << QByteArray("grant_type=password") << true << 400 << "unsupported_grant_type";
        QTest::newRow("no credentials")
            << QByteArray("grant_type=client_credentials") << false << 401 << "invalid_client";
        QTest::newRow("unknown client")
            << QByteArray("grant_type=client_credentials&client_id=nobody&client_secret=x") << false
            << 401 << "invalid_client";
        QTest::newRow("two auth methods")
            << QByteArray("grant_type=client_credentials&client_secret=x") << true << 400
            << "invalid_request";
        QTest::newRow("bad resource")
            << QByteArray("grant_type=client_credentials&resource=relative%2Fpath") << true << 400
            << "invalid_target";
        QTest::newRow("unknown code") << QByteArray("grant_type=authorization_code&code=abc")
                                      << true << 400 << "invalid_grant";
        QTest::newRow("unknown refresh token")
            << QByteArray("grant_type=refresh_token&refresh_token=abc") << true << 400
            << "invalid_grant";
    }
    void tokenRequestErrors() {
        QFETCH(QByteArray, body);
        QFETCH(bool, authenticate);
        QFETCH(int, status);
        QFETCH(QString, error);
        const Reply r = send("POST", QStringLiteral("/oauth/token"), body,
                             QByteArrayLiteral("application/x-www-form-urlencoded"),
                             authenticate ? basic() : QByteArray());
        QCOMPARE(r.status, status);
        QCOMPARE(r.error(), error);
        QVERIFY(r.header("Content-Type").startsWith("application/json"));
    }

    void introspectionNeedsClientAuthentication_data() {
        QTest::addColumn<QByteArray>("authorization");
        QTest::addColumn<QByteArray>("extra");
        QTest::newRow("none") << QByteArray() << QByteArray();
        QTest::newRow("wrong secret") << FormEncoding::basicAuthorization(
                                             QStringLiteral("scopebench"), QStringLiteral("nope"))
                                      << QByteArray();
        QTest::newRow("public client id only")
            << QByteArray() << QByteArray("&client_id=scopebench");
        QTest::newRow("bearer") << QByteArray("Bearer abc") << QByteArray();
    }
    void introspectionNeedsClientAuthentication() {
        QFETCH(QByteArray, authorization);
        QFETCH(QByteArray, extra);
        const auto minted = as()->mint({QStringLiteral("tags:read")}, 60, QString());
        const Reply r = send("POST", QStringLiteral("/oauth/introspect"),
                             "token=" + FormEncoding::encode(minted.accessToken) + extra,
                             QByteArrayLiteral("application/x-www-form-urlencoded"), authorization);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.error(), QStringLiteral("invalid_client"));
        QVERIFY(!r.body.contains("active"));
    }

    void inactiveTokens() {
        const auto a = as()->mint({QStringLiteral("tags:read")}, 60, QString());
        QCOMPARE(introspect(a.accessToken).value(QLatin1String("active")), QJsonValue(true));
        now += 60; // expired
        QCOMPARE(introspect(a.accessToken).value(QLatin1String("active")), QJsonValue(false));
        const auto b =
            as()->mint({QStringLiteral("tags:read")}, 60, QString(), QStringLiteral("alice"));
        QCOMPARE(introspect(b.accessToken).value(QLatin1String("sub")).toString(),
                 QStringLiteral("alice"));
        QVERIFY(as()->revoke(b.accessToken));
        QVERIFY(!as()->revoke(b.accessToken));
        const QJsonObject revoked = introspect(b.accessToken);
        QCOMPARE(revoked, QJsonObject({{QStringLiteral("active"), false}}));
        QCOMPARE(introspect(QStringLiteral("never-issued")),
                 QJsonObject({{QStringLiteral("active"), false}}));
    }

    void revocationEndpoint() {
        const auto a = as()->mint({QStringLiteral("tags:read")}, 60, QString());
        const auto revoke = [this](const QString &t, const QByteArray &auth) {
            return send("POST", QStringLiteral("/oauth/revoke"),
                        FormEncoding::encodeFields({{QStringLiteral("token"), t}}),
                        QByteArrayLiteral("application/x-www-form-urlencoded"), auth);
        };
        QCOMPARE(revoke(a.accessToken, QByteArray()).status, 401);
        QCOMPARE(introspect(a.accessToken).value(QLatin1String("active")), QJsonValue(true));
        QCOMPARE(revoke(QStringLiteral("unknown"), basic()).status, 200); // RFC 7009 §2.2
        QCOMPARE(revoke(a.accessToken, basic()).status, 200);
        QCOMPARE(introspect(a.accessToken).value(QLatin1String("active")), QJsonValue(false));
    }

    void authorizationCodeWithPartialConsent() {
        const QString cb = QStringLiteral("http://127.0.0.1:5555/callback");
        const QString client = registerPublic(cb);
        QVERIFY(!client.isEmpty());
        // A loopback redirect matches with any port (RFC 8252 §7.3).
        const QString used = QStringLiteral("http://127.0.0.1:6666/callback");
        const Reply r =
            consent(authorizeQuery(client, used, QStringLiteral("entries:read tags:read")),
                    {QStringLiteral("tags:read")}, QStringLiteral("user-2"));
        QCOMPARE(r.status, 302);
        QVERIFY(r.header("Location").startsWith(QByteArray(used.toUtf8() + "?")));
        QCOMPARE(r.location(QStringLiteral("state")), QStringLiteral("st&=1"));
        const QString code = r.location(QStringLiteral("code"));
        QVERIFY(!code.isEmpty());

        const Reply t = exchange(client, code, used);
        QVERIFY2(t.status == 200, t.body.constData());
        QCOMPARE(t.json().value(QLatin1String("scope")).toString(), QStringLiteral("tags:read"));
        const QString access = t.json().value(QLatin1String("access_token")).toString();
        const QString refresh = t.json().value(QLatin1String("refresh_token")).toString();
        QVERIFY(!refresh.isEmpty());
        const QJsonObject i = introspect(access);
        QCOMPARE(i.value(QLatin1String("active")), QJsonValue(true));
        QCOMPARE(i.value(QLatin1String("scope")).toString(), QStringLiteral("tags:read"));
        QCOMPARE(i.value(QLatin1String("sub")).toString(), QStringLiteral("user-2"));
        QCOMPARE(i.value(QLatin1String("client_id")).toString(), client);
        QCOMPARE(i.value(QLatin1String("aud")).toString(),
                 QStringLiteral("http://127.0.0.1:8787/mcp"));
        // A refresh token is not an access token.
        QCOMPARE(introspect(refresh).value(QLatin1String("active")), QJsonValue(false));

        // Refresh.
        const Reply refreshed =
            token({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                   {QStringLiteral("client_id"), client},
                   {QStringLiteral("refresh_token"), refresh}},
                  {});
        QCOMPARE(refreshed.status, 200);
        const QString access2 = refreshed.json().value(QLatin1String("access_token")).toString();
        QVERIFY(access2 != access);
        QCOMPARE(introspect(access2).value(QLatin1String("sub")).toString(),
                 QStringLiteral("user-2"));
        const Reply widened =
            token({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                   {QStringLiteral("client_id"), client},
                   {QStringLiteral("refresh_token"), refresh},
                   {QStringLiteral("scope"), QStringLiteral("entries:read")}},
                  {});
        QCOMPARE(widened.error(), QStringLiteral("invalid_scope"));

        // Reuse of the code: refused, and what it gave is revoked (RFC 6749 §4.1.2).
        const Reply reused = exchange(client, code, used);
        QCOMPARE(reused.status, 400);
        QCOMPARE(reused.error(), QStringLiteral("invalid_grant"));
        QCOMPARE(introspect(access).value(QLatin1String("active")), QJsonValue(false));
        QCOMPARE(introspect(access2).value(QLatin1String("active")), QJsonValue(false));
    }

    void codeExchangeFailures_data() {
        QTest::addColumn<QString>("verifierUsed");
        QTest::addColumn<QString>("redirectUsed");
        QTest::addColumn<bool>("otherClient");
        QTest::newRow("wrong verifier")
            << QStringLiteral("x").repeated(43) << "http://127.0.0.1:5555/cb" << false;
        QTest::newRow("short verifier")
            << QStringLiteral("abc") << "http://127.0.0.1:5555/cb" << false;
        QTest::newRow("redirect differs") << verifier << "http://127.0.0.1:5555/other" << false;
        QTest::newRow("another client") << verifier << "http://127.0.0.1:5555/cb" << true;
    }
    void codeExchangeFailures() {
        QFETCH(QString, verifierUsed);
        QFETCH(QString, redirectUsed);
        QFETCH(bool, otherClient);
        const QString cb = QStringLiteral("http://127.0.0.1:5555/cb");
        const QString client = registerPublic(cb);
        const Reply r = consent(authorizeQuery(client, cb, QStringLiteral("tags:read")),
                                {QStringLiteral("tags:read")}, QString());
        QCOMPARE(r.status, 302);
        const QString code = r.location(QStringLiteral("code"));
        const QString exchanger = otherClient ? registerPublic(cb) : client;
        const Reply t = exchange(exchanger, code, redirectUsed, verifierUsed);
        QCOMPARE(t.status, 400);
        QCOMPARE(t.error(), QStringLiteral("invalid_grant"));
        QVERIFY(!t.json().contains(QLatin1String("access_token")));
    }

    void authorizeRefusals_data() {
        QTest::addColumn<QString>("client"); // "<registered>" for the registered public client
        QTest::addColumn<QString>("redirect");
        QTest::addColumn<QString>("extra"); // appended to the query
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error"); // in the redirect, when 302
        QTest::newRow("unknown client") << "nobody"
                                        << "http://127.0.0.1:5555/cb"
                                        << "" << 400 << "";
        QTest::newRow("redirect mismatch") << "<registered>"
                                           << "http://127.0.0.1:5555/evil"
                                           << "" << 400 << "";
        QTest::newRow("non-loopback, other port") << "<registered-https>"
                                                  << "https://app.example:444/cb"
                                                  << "" << 400 << "";
        QTest::newRow("no PKCE") << "<registered>"
                                 << "http://127.0.0.1:5555/cb"
                                 << "&code_challenge_method=plain" << 302 << "invalid_request";
        QTest::newRow("unknown scope") << "<registered>"
                                       << "http://127.0.0.1:5555/cb"
                                       << "&scope=admin" << 302 << "invalid_scope";
    }
    void authorizeRefusals() {
        QFETCH(QString, client);
        QFETCH(QString, redirect);
        QFETCH(QString, extra);
        QFETCH(int, status);
        QFETCH(QString, error);
        if (client == QLatin1String("<registered>"))
            client = registerPublic(QStringLiteral("http://127.0.0.1:5555/cb"));
        else if (client == QLatin1String("<registered-https>"))
            client = registerPublic(QStringLiteral("https://app.example/cb"));
        QString query = authorizeQuery(client, redirect, QStringLiteral("tags:read"));
        if (!extra.isEmpty()) {
            // Replace the parameter rather than repeat it.
            const QString name = extra.mid(1, extra.indexOf(u'=') - 1);
            query.replace(QRegularExpression(QStringLiteral("&%1=[^&]*").arg(name)), QString());
            query += extra;
        }
        const Reply r = send("GET", query);
        QCOMPARE(r.status, status);
        if (status == 302) {
            QCOMPARE(r.location(QStringLiteral("error")), error);
            QCOMPARE(r.location(QStringLiteral("state")), QStringLiteral("st&=1"));
        } else {
            QVERIFY(r.header("Location").isEmpty());
            QVERIFY(r.header("Content-Type").startsWith("text/html"));
        }
    }

    void denyRedirectsWithAccessDenied() {
        const QString cb = QStringLiteral("http://localhost:5555/cb");
        const QString client = registerPublic(cb);
        const Reply r = consent(authorizeQuery(client, cb, QStringLiteral("tags:read")), {},
                                QString(), QStringLiteral("deny"));
        QCOMPARE(r.status, 302);
        QCOMPARE(r.location(QStringLiteral("error")), QStringLiteral("access_denied"));
        QCOMPARE(r.location(QStringLiteral("state")), QStringLiteral("st&=1"));
        QVERIFY(r.location(QStringLiteral("code")).isEmpty());
    }

    // A redirect URI is written into the Location header: a CR or LF in it must not start a
    // header of its own (response splitting) nor leave the server.
    void redirectUriCannotSplitTheResponse_data() {
        QTest::addColumn<QString>("client"); // empty: the built-in client
        QTest::addColumn<QString>("redirect");
        QTest::newRow("built-in, CRLF")
            << QString() << QStringLiteral("http://127.0.0.1:5555/cb\r\nX-Injected: 1");
        QTest::newRow("built-in, LF")
            << QString() << QStringLiteral("http://127.0.0.1:5555/cb\nX-Injected: 1");
        QTest::newRow("built-in, in the host part")
            << QString() << QStringLiteral("http://127.0.0.1:5555\r\nX-Injected: 1/cb");
        QTest::newRow("registered") << QStringLiteral("<registered>")
                                    << QStringLiteral("http://127.0.0.1:5555/cb\r\nX-Injected: 1");
    }
    void redirectUriCannotSplitTheResponse() {
        QFETCH(QString, client);
        QFETCH(QString, redirect);
        if (client.isEmpty())
            client = as()->clientId();
        else
            QVERIFY(registerPublic(redirect).isEmpty()); // refused at registration
        if (client == QLatin1String("<registered>"))
            return;
        FormEncoding::Fields q{{QStringLiteral("response_type"), QStringLiteral("code")},
                               {QStringLiteral("client_id"), client},
                               {QStringLiteral("redirect_uri"), redirect},
                               {QStringLiteral("code_challenge"), challenge},
                               {QStringLiteral("code_challenge_method"), QStringLiteral("S256")}};
        const Reply r = send("GET", QStringLiteral("/oauth/authorize?") +
                                        QString::fromLatin1(FormEncoding::encodeFields(q)));
        QCOMPARE(r.status, 400);
        QVERIFY(r.header("X-Injected").isEmpty());
        QVERIFY(r.header("Location").isEmpty());
    }

    // Tokens live in memory until they expire: the token endpoint stops issuing at the cap
    // (fail closed, 503) and issues again once expired ones can be dropped.
    void liveTokensAreCapped() {
        host.reset();
        TestAuthorizationServer::Settings s;
        s.clientSecret = QStringLiteral("test-secret");
        s.catalog = QStringList{QStringLiteral("entries:read")};
        s.maxLiveTokens = 300;
        host = std::make_unique<TestAuthorizationServerHost>(s);
        const Result<QUrl> url = host->listen();
        QVERIFY(url.ok());
        base = url->toString();
        as()->setClock([this] { return now; });
        for (int i = 0; i < 300; ++i)
            as()->mint({QStringLiteral("entries:read")}, 60, QString());
        const FormEncoding::Fields grant{
            {QStringLiteral("grant_type"), QStringLiteral("client_credentials")}};
        Reply r = token(grant, basic());
        QCOMPARE(r.status, 503);
        QCOMPARE(r.json().value(QLatin1String("error")).toString(),
                 QStringLiteral("temporarily_unavailable"));
        QVERIFY(!r.header("Retry-After").isEmpty());
        now += 61;
        r = token(grant, basic());
        QCOMPARE(r.status, 200);
        QVERIFY(!r.json().value(QLatin1String("access_token")).toString().isEmpty());
    }

    void consentPageIsEscaped() {
        const QString cb = QStringLiteral("http://127.0.0.1:5555/cb");
        const QString client = registerPublic(cb, QStringLiteral("<script>alert(1)</script>"));
        const Reply page =
            send("GET", authorizeQuery(client, cb, QStringLiteral("entries:read tags:read")));
        QCOMPARE(page.status, 200);
        QVERIFY(!page.body.contains("<script>"));
        QVERIFY(page.body.contains("&lt;script&gt;"));
        QCOMPARE(page.body.count("type=\"checkbox\""), 2);
        QCOMPARE(page.body.count(" checked>"), 2);
        QVERIFY(page.body.contains("value=\"user-1\""));
    }

    void consentRequestIsAnsweredOnce() {
        const QString cb = QStringLiteral("http://127.0.0.1:5555/cb");
        const QString client = registerPublic(cb);
        const Reply page = send("GET", authorizeQuery(client, cb, QStringLiteral("tags:read")));
        const QString id =
            QRegularExpression(QStringLiteral("name=\"request_id\" value=\"([^\"]+)\""))
                .match(QString::fromUtf8(page.body))
                .captured(1);
        const QByteArray form =
            FormEncoding::encodeFields({{QStringLiteral("request_id"), id},
                                        {QStringLiteral("action"), QStringLiteral("approve")}});
        QCOMPARE(send("POST", QStringLiteral("/oauth/authorize"), form).status, 302);
        QCOMPARE(send("POST", QStringLiteral("/oauth/authorize"), form).status, 400);
    }

    void autoApproveGrantsExactlyTheSet() {
        as()->setAutoApprove(QStringList{QStringLiteral("entries:read")});
        const QString cb = QStringLiteral("http://127.0.0.1:5555/cb");
        const QString client = registerPublic(cb);
        const Reply r =
            send("GET", authorizeQuery(client, cb, QStringLiteral("entries:read tags:read")));
        QCOMPARE(r.status, 302);
        const Reply t = exchange(client, r.location(QStringLiteral("code")), cb);
        QCOMPARE(t.json().value(QLatin1String("scope")).toString(), QStringLiteral("entries:read"));
        const QJsonObject i = introspect(t.json().value(QLatin1String("access_token")).toString());
        QCOMPARE(i.value(QLatin1String("sub")).toString(), QStringLiteral("user-1"));
    }

    void dynamicRegistration_data() {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        QTest::newRow("public")
            << jsonText(
                   "{'redirect_uris':['http://127.0.0.1/cb'],'token_endpoint_auth_method':'none'}")
            << 201 << "";
        QTest::newRow("confidential")
            << jsonText("{'redirect_uris':['https://app.example/cb']}") << 201 << "";
        QTest::newRow("machine client")
            << jsonText("{'grant_types':['client_credentials'],'scope':'tags:read'}") << 201 << "";
        QTest::newRow("no redirect uris")
            << jsonText("{'client_name':'x'}") << 400 << "invalid_redirect_uri";
        QTest::newRow("fragment") << jsonText("{'redirect_uris':['http://127.0.0.1/cb\u0023x']}")
                                  << 400 << "invalid_redirect_uri";
        QTest::newRow("unknown auth method")
            << jsonText("{'redirect_uris':['http://127.0.0.1/"
                        "cb'],'token_endpoint_auth_method':'private_key_jwt'}")
            << 400 << "invalid_client_metadata";
        QTest::newRow("public machine client")
            << jsonText(
                   "{'grant_types':['client_credentials'],'token_endpoint_auth_method':'none'}")
            << 400 << "invalid_client_metadata";
        QTest::newRow("not json") << QByteArray("redirect_uris=x") << 400
                                  << "invalid_client_metadata";
    }
    void dynamicRegistration() {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, error);
        const Reply r = send("POST", QStringLiteral("/oauth/register"), body,
                             QByteArrayLiteral("application/json"));
        QCOMPARE(r.status, status);
        if (status != 201) {
            QCOMPARE(r.error(), error);
            QCOMPARE(as()->registeredClientCount(), 1);
            return;
        }
        const QJsonObject c = r.json();
        QVERIFY(!c.value(QLatin1String("client_id")).toString().isEmpty());
        const bool isPublic = body.contains("\"none\"");
        QCOMPARE(c.contains(QLatin1String("client_secret")), !isPublic);
        if (body.contains("client_credentials")) {
            // The registered confidential client can get a token with its default scope.
            const Reply t =
                token({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")}},
                      FormEncoding::basicAuthorization(
                          c.value(QLatin1String("client_id")).toString(),
                          c.value(QLatin1String("client_secret")).toString()));
            QCOMPARE(t.status, 200);
            QCOMPARE(t.json().value(QLatin1String("scope")).toString(),
                     QStringLiteral("tags:read"));
        }
    }

    // ---- it gives no more than it should ----

    // RFC 8707 §2.2: a refresh may name only resources of the original grant.
    void refreshStaysWithinTheGrantsResource() {
        const QString cb = QStringLiteral("http://127.0.0.1:5555/cb");
        const QString client = registerPublic(cb);
        const Reply r = consent(authorizeQuery(client, cb, QStringLiteral("tags:read")),
                                {QStringLiteral("tags:read")}, QString());
        QCOMPARE(r.status, 302);
        const Reply t = exchange(client, r.location(QStringLiteral("code")), cb);
        QCOMPARE(t.status, 200);
        const QString refresh = t.json().value(QLatin1String("refresh_token")).toString();
        const auto refreshFor = [&](const QString &resource) {
            return token({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                          {QStringLiteral("client_id"), client},
                          {QStringLiteral("refresh_token"), refresh},
                          {QStringLiteral("resource"), resource}},
                         {});
        };
        const Reply other = refreshFor(QStringLiteral("https://other.example/mcp"));
        QCOMPARE(other.status, 400);
        QCOMPARE(other.error(), QStringLiteral("invalid_target"));
        QVERIFY(!other.json().contains(QLatin1String("access_token")));
        const Reply same = refreshFor(QStringLiteral("http://127.0.0.1:8787/mcp"));
        QCOMPARE(same.status, 200);
        QCOMPARE(introspect(same.json().value(QLatin1String("access_token")).toString())
                     .value(QLatin1String("aud"))
                     .toString(),
                 QStringLiteral("http://127.0.0.1:8787/mcp"));
    }

    // A client registered with `scope` gets nothing outside it where no one is asked: the
    // client_credentials grant and auto-approve. (On the consent page the tester decides.)
    void registeredScopeBoundsTheGrant_data() {
        QTest::addColumn<QString>("asked");
        QTest::addColumn<bool>("autoApprove");
        QTest::addColumn<QString>("result"); // the granted scope, or the error
        QTest::newRow("client_credentials, outside") << "entries:read" << false << "invalid_scope";
        QTest::newRow("client_credentials, partly outside")
            << "tags:read entries:write" << false << "invalid_scope";
        QTest::newRow("client_credentials, inside") << "tags:read" << false << "tags:read";
        QTest::newRow("authorize, auto-approve wider") << "tags:read" << true << "tags:read";
    }
    void registeredScopeBoundsTheGrant() {
        QFETCH(QString, asked);
        QFETCH(bool, autoApprove);
        QFETCH(QString, result);
        const QString cb = QStringLiteral("http://127.0.0.1:5555/cb");
        const QJsonObject metadata{
            {QStringLiteral("redirect_uris"), QJsonArray{cb}},
            {QStringLiteral("grant_types"), QJsonArray{QStringLiteral("authorization_code"),
                                                       QStringLiteral("client_credentials")}},
            {QStringLiteral("scope"), QStringLiteral("tags:read")}};
        const Reply reg =
            send("POST", QStringLiteral("/oauth/register"), QJsonDocument(metadata).toJson(),
                 QByteArrayLiteral("application/json"));
        QCOMPARE(reg.status, 201);
        const QString id = reg.json().value(QLatin1String("client_id")).toString();
        const QString secret = reg.json().value(QLatin1String("client_secret")).toString();
        const QByteArray auth = FormEncoding::basicAuthorization(id, secret);
        QString granted;
        QString error;
        if (autoApprove) {
            as()->setAutoApprove(
                QStringList{QStringLiteral("entries:write"), QStringLiteral("tags:read")});
            const Reply r = send("GET", authorizeQuery(id, cb, asked));
            QCOMPARE(r.status, 302);
            error = r.location(QStringLiteral("error"));
            if (error.isEmpty()) {
                const QString code = r.location(QStringLiteral("code"));
                const Reply t =
                    send("POST", QStringLiteral("/oauth/token"),
                         FormEncoding::encodeFields(
                             {{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                              {QStringLiteral("code"), code},
                              {QStringLiteral("redirect_uri"), cb},
                              {QStringLiteral("code_verifier"), verifier}}),
                         QByteArrayLiteral("application/x-www-form-urlencoded"), auth);
                granted = t.json().value(QLatin1String("scope")).toString();
            }
        } else {
            const Reply t =
                token({{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                       {QStringLiteral("scope"), asked}},
                      auth);
            error = t.error();
            granted = t.json().value(QLatin1String("scope")).toString();
        }
        QCOMPARE(error.isEmpty() ? granted : error, result);
    }

    // RFC 7662 §2.1: the introspection endpoint answers the protected resource, not every client
    // that can authenticate; a registered client would otherwise read other users' tokens.
    void introspectionOnlyForTheResourceServer() {
        const Reply reg =
            send("POST", QStringLiteral("/oauth/register"),
                 jsonText("{'grant_types':['client_credentials'],'scope':'tags:read'}"),
                 QByteArrayLiteral("application/json"));
        QCOMPARE(reg.status, 201);
        const QByteArray theirs = FormEncoding::basicAuthorization(
            reg.json().value(QLatin1String("client_id")).toString(),
            reg.json().value(QLatin1String("client_secret")).toString());
        const auto someonesToken =
            as()->mint({QStringLiteral("entries:read")}, 60, QString(), QStringLiteral("alice"));
        const Reply r = send("POST", QStringLiteral("/oauth/introspect"),
                             "token=" + FormEncoding::encode(someonesToken.accessToken),
                             QByteArrayLiteral("application/x-www-form-urlencoded"), theirs);
        QCOMPARE(r.status, 403);
        QCOMPARE(r.error(), QStringLiteral("unauthorized_client"));
        QVERIFY(!r.body.contains("alice"));
        QVERIFY(!r.body.contains("active"));
        // The resource server's own credentials still introspect.
        QCOMPARE(introspect(someonesToken.accessToken).value(QLatin1String("sub")).toString(),
                 QStringLiteral("alice"));
    }

    // RFC 6749 §3.1.2.1 and RFC 8252 §7.3: https, or http only on a loopback address.
    void redirectUrisAreHttpsOrLoopback_data() {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("https") << "https://app.example/cb" << true;
        QTest::newRow("http 127.0.0.1") << "http://127.0.0.1:9/cb" << true;
        QTest::newRow("http [::1]") << "http://[::1]/cb" << true;
        QTest::newRow("http localhost") << "http://LOCALHOST:9/cb" << true;
        QTest::newRow("http elsewhere") << "http://evil.com/cb" << false;
        QTest::newRow("http localhost.evil") << "http://localhost.evil.com/cb" << false;
        QTest::newRow("http user@elsewhere") << "http://127.0.0.1@evil.com/cb" << false;
        QTest::newRow("javascript") << "javascript:alert(1)" << false;
        QTest::newRow("file") << "file:///etc/passwd" << false;
        QTest::newRow("data") << "data:text/html,hi" << false;
        QTest::newRow("https without host") << "https:///cb" << false;
    }
    void redirectUrisAreHttpsOrLoopback() {
        QFETCH(QString, uri);
        QFETCH(bool, accepted);
        const QJsonObject body{
            {QStringLiteral("redirect_uris"), QJsonArray{uri}},
            {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("none")}};
        const Reply r = send("POST", QStringLiteral("/oauth/register"),
                             QJsonDocument(body).toJson(), QByteArrayLiteral("application/json"));
        QCOMPARE(r.status, accepted ? 201 : 400);
        if (!accepted) {
            QCOMPARE(r.error(), QStringLiteral("invalid_redirect_uri"));
            QCOMPARE(as()->registeredClientCount(), 1);
        }
    }

    // The registration answer holds what the server registered, never a secret the client sent.
    void registrationEchoesNoSentSecret_data() {
        QTest::addColumn<QString>("method");
        QTest::newRow("public") << "none";
        QTest::newRow("confidential") << "client_secret_basic";
    }
    void registrationEchoesNoSentSecret() {
        QFETCH(QString, method);
        const QJsonObject body{
            {QStringLiteral("redirect_uris"), QJsonArray{QStringLiteral("http://127.0.0.1/cb")}},
            {QStringLiteral("token_endpoint_auth_method"), method},
            {QStringLiteral("client_secret"), QStringLiteral("sent-secret-1234")},
            {QStringLiteral("x_private_key"), QStringLiteral("sent-secret-5678")}};
        const Reply r = send("POST", QStringLiteral("/oauth/register"),
                             QJsonDocument(body).toJson(), QByteArrayLiteral("application/json"));
        QCOMPARE(r.status, 201);
        QVERIFY(!r.body.contains("sent-secret"));
        QCOMPARE(r.json().contains(QLatin1String("client_secret")),
                 method != QLatin1String("none"));
    }

    // RFC 6749 §6: only a client registered for refresh_token gets a refresh token.
    void refreshTokenOnlyForClientsThatMayRefresh() {
        const QString cb = QStringLiteral("http://127.0.0.1:5555/cb");
        const QJsonObject body{
            {QStringLiteral("redirect_uris"), QJsonArray{cb}},
            {QStringLiteral("grant_types"), QJsonArray{QStringLiteral("authorization_code")}},
            {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("none")}};
        const Reply reg = send("POST", QStringLiteral("/oauth/register"),
                               QJsonDocument(body).toJson(), QByteArrayLiteral("application/json"));
        const QString client = reg.json().value(QLatin1String("client_id")).toString();
        const Reply r = consent(authorizeQuery(client, cb, QStringLiteral("tags:read")),
                                {QStringLiteral("tags:read")}, QString());
        QCOMPARE(r.status, 302);
        const Reply t = exchange(client, r.location(QStringLiteral("code")), cb);
        QCOMPARE(t.status, 200);
        QVERIFY(!t.json().value(QLatin1String("access_token")).toString().isEmpty());
        QVERIFY(!t.json().contains(QLatin1String("refresh_token")));
    }

    // Registered clients expire, so the cap frees itself without a restart.
    void registeredClientsExpire() {
        const QString cb = QStringLiteral("http://127.0.0.1:5555/cb");
        const QString first = registerPublic(cb);
        QVERIFY(!first.isEmpty());
        for (int i = 2; i < 1000; ++i) // 1000 with the built-in client
            QVERIFY(!registerPublic(cb).isEmpty());
        QVERIFY(registerPublic(cb).isEmpty()); // the cap
        QCOMPARE(as()->registeredClientCount(), 1000);
        now += 24 * 3600; // the registrations' lifetime
        QCOMPARE(send("GET", authorizeQuery(first, cb, QStringLiteral("tags:read"))).status, 400);
        QVERIFY(!registerPublic(cb).isEmpty());
        QCOMPARE(as()->registeredClientCount(), 2); // the built-in client never expires
        QCOMPARE(
            introspect(as()->mint({}, 60, QString()).accessToken).value(QLatin1String("active")),
            QJsonValue(true));
    }

    void registrationMetadataIsBounded_data() {
        QTest::addColumn<QJsonObject>("metadata");
        QTest::addColumn<QString>("error");
        const QString cb = QStringLiteral("http://127.0.0.1/cb");
        QJsonArray many;
        for (int i = 0; i < 11; ++i)
            many.append(QString(cb + QString::number(i)));
        QTest::newRow("too many redirect URIs")
            << QJsonObject{{QStringLiteral("redirect_uris"), many}} << "invalid_redirect_uri";
        QTest::newRow("long redirect URI")
            << QJsonObject{{QStringLiteral("redirect_uris"),
                            QJsonArray{QString(cb + QStringLiteral("/") + QString(2100, u'a'))}}}
            << "invalid_redirect_uri";
        QTest::newRow("long client name")
            << QJsonObject{{QStringLiteral("redirect_uris"), QJsonArray{cb}},
                           {QStringLiteral("client_name"), QString(300, u'n')}}
            << "invalid_client_metadata";
        QTest::newRow("large document")
            << QJsonObject{{QStringLiteral("redirect_uris"), QJsonArray{cb}},
                           {QStringLiteral("x_padding"), QString(9000, u'p')}}
            << "invalid_client_metadata";
    }
    void registrationMetadataIsBounded() {
        QFETCH(QJsonObject, metadata);
        QFETCH(QString, error);
        const Reply r =
            send("POST", QStringLiteral("/oauth/register"), QJsonDocument(metadata).toJson(),
                 QByteArrayLiteral("application/json"));
        QCOMPARE(r.status, 400);
        QCOMPARE(r.error(), error);
        QCOMPARE(as()->registeredClientCount(), 1);
    }

    // ---- current with the MCP specification (2026-07-28) ----

    // RFC 9207: the issuer in every authorization response, success and error, and the flag.
    void authorizationResponsesNameTheIssuer() {
        const Reply m = send("GET", QStringLiteral("/.well-known/oauth-authorization-server"));
        QCOMPARE(m.json().value(QLatin1String("authorization_response_iss_parameter_supported")),
                 QJsonValue(true));
        const QString cb = QStringLiteral("http://127.0.0.1:5555/cb");
        const QString client = registerPublic(cb);
        const Reply ok = consent(authorizeQuery(client, cb, QStringLiteral("tags:read")),
                                 {QStringLiteral("tags:read")}, QString());
        QCOMPARE(ok.status, 302);
        QVERIFY(!ok.location(QStringLiteral("code")).isEmpty());
        QCOMPARE(ok.location(QStringLiteral("iss")), base);
        const Reply denied = consent(authorizeQuery(client, cb, QStringLiteral("tags:read")), {},
                                     QString(), QStringLiteral("deny"));
        QCOMPARE(denied.location(QStringLiteral("error")), QStringLiteral("access_denied"));
        QCOMPARE(denied.location(QStringLiteral("iss")), base);
        const Reply unknown = send("GET", authorizeQuery(client, cb, QStringLiteral("nope")));
        QCOMPARE(unknown.location(QStringLiteral("error")), QStringLiteral("invalid_scope"));
        QCOMPARE(unknown.location(QStringLiteral("iss")), base);
    }

    // `serve --grant ""`: what was asked, even beyond the registered scope, so a union client's
    // step-up with the registration of its first challenge converges.
    void autoApproveEmptyGrantsWhatWasAsked() {
        as()->setAutoApprove(QStringList{});
        const QString cb = QStringLiteral("http://127.0.0.1:5555/cb");
        const QJsonObject metadata{
            {QStringLiteral("redirect_uris"), QJsonArray{cb}},
            {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("none")},
            {QStringLiteral("scope"), QStringLiteral("entries:read")}};
        const Reply reg =
            send("POST", QStringLiteral("/oauth/register"), QJsonDocument(metadata).toJson(),
                 QByteArrayLiteral("application/json"));
        QCOMPARE(reg.status, 201);
        const QString client = reg.json().value(QLatin1String("client_id")).toString();
        for (const QString &asked :
             {QStringLiteral("entries:read"), QStringLiteral("entries:read entries:write")}) {
            const Reply r = send("GET", authorizeQuery(client, cb, asked));
            QCOMPARE(r.status, 302);
            const Reply t = exchange(client, r.location(QStringLiteral("code")), cb);
            QCOMPARE(t.json().value(QLatin1String("scope")).toString(), asked);
        }
        // Still nothing outside the catalog.
        const Reply r = send("GET", authorizeQuery(client, cb, QStringLiteral("admin")));
        QCOMPARE(r.location(QStringLiteral("error")), QStringLiteral("invalid_scope"));
    }

    void registrationRecordsApplicationType_data() {
        QTest::addColumn<QJsonValue>("sent");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("recorded");
        QTest::newRow("absent: web") << QJsonValue(QJsonValue::Undefined) << 201 << "web";
        QTest::newRow("native") << QJsonValue(QStringLiteral("native")) << 201 << "native";
        QTest::newRow("web") << QJsonValue(QStringLiteral("web")) << 201 << "web";
        QTest::newRow("other") << QJsonValue(QStringLiteral("desktop")) << 400 << "";
        QTest::newRow("not a string") << QJsonValue(1) << 400 << "";
    }
    void registrationRecordsApplicationType() {
        QFETCH(QJsonValue, sent);
        QFETCH(int, status);
        QFETCH(QString, recorded);
        QJsonObject metadata{
            {QStringLiteral("redirect_uris"),
             QJsonArray{QStringLiteral("http://127.0.0.1:5555/cb")}},
            {QStringLiteral("token_endpoint_auth_method"), QStringLiteral("none")}};
        if (!sent.isUndefined())
            metadata.insert(QStringLiteral("application_type"), sent);
        const Reply r =
            send("POST", QStringLiteral("/oauth/register"), QJsonDocument(metadata).toJson(),
                 QByteArrayLiteral("application/json"));
        QCOMPARE(r.status, status);
        if (status == 201)
            QCOMPARE(r.json().value(QLatin1String("application_type")).toString(), recorded);
        else
            QCOMPARE(r.error(), QStringLiteral("invalid_client_metadata"));
    }

    // RFC 6749 §6: a refresh may ask for less than the grant, never for more.
    void refreshNarrowsNeverWidens_data() {
        QTest::addColumn<QString>("asked"); // empty: no scope parameter
        QTest::addColumn<QString>("result");
        QTest::newRow("as granted") << QString() << "entries:read tags:read";
        QTest::newRow("narrower") << "tags:read"
                                  << "tags:read";
        QTest::newRow("wider") << "entries:read tags:read entries:write"
                               << "invalid_scope";
        QTest::newRow("other") << "entries:write"
                               << "invalid_scope";
    }
    void refreshNarrowsNeverWidens() {
        QFETCH(QString, asked);
        QFETCH(QString, result);
        const QString cb = QStringLiteral("http://127.0.0.1:5555/cb");
        const QString client = registerPublic(cb);
        const Reply r =
            consent(authorizeQuery(client, cb, QStringLiteral("entries:read tags:read")),
                    {QStringLiteral("entries:read"), QStringLiteral("tags:read")}, QString());
        const Reply t = exchange(client, r.location(QStringLiteral("code")), cb);
        FormEncoding::Fields fields{{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                                    {QStringLiteral("client_id"), client},
                                    {QStringLiteral("refresh_token"),
                                     t.json().value(QLatin1String("refresh_token")).toString()}};
        if (!asked.isEmpty())
            fields.append({QStringLiteral("scope"), asked});
        const Reply refreshed = token(fields, {});
        if (result == QLatin1String("invalid_scope")) {
            QCOMPARE(refreshed.status, 400);
            QCOMPARE(refreshed.error(), result);
        } else {
            QCOMPARE(refreshed.status, 200);
            QCOMPARE(refreshed.json().value(QLatin1String("scope")).toString(), result);
        }
    }

    void secretFromEnvironment() {
        qputenv("SCOPEBENCH_TEST_CLIENT_SECRET", "from-env");
        qputenv("SCOPEBENCH_TEST_CLIENT_ID", "env-client");
        TestAuthorizationServer fromEnv({});
        TestAuthorizationServer::Settings named;
        named.clientId = QStringLiteral("named");
        TestAuthorizationServer explicitId(named);
        qunsetenv("SCOPEBENCH_TEST_CLIENT_SECRET");
        qunsetenv("SCOPEBENCH_TEST_CLIENT_ID");
        QCOMPARE(fromEnv.clientSecret(), QStringLiteral("from-env"));
        QCOMPARE(fromEnv.clientId(), QStringLiteral("env-client"));
        QCOMPARE(explicitId.clientId(), QStringLiteral("named"));
        TestAuthorizationServer a({});
        TestAuthorizationServer b({});
        QVERIFY(a.clientSecret().size() >= 32);
        QVERIFY(a.clientSecret() != b.clientSecret());
    }
};

QTEST_GUILESS_MAIN(tst_TestAuthorizationServer)
#include "tst_testauthorizationserver.moc"
