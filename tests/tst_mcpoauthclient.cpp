#include "client/JoseAssertion.h"
#include "client/McpOAuthClient.h"
#include "http/FormEncoding.h"
#include "jose/Jws.h"
#include "mcp/EndpointRunner.h"
#include "policy/PolicyFile.h"
#include "support/TestAuthorizationServerHost.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace scopebench;

namespace {

// ---------------------------------------------------------------- a scripted HTTP server

struct Seen {
    QByteArray method;
    QString path;
    QString query;
    HttpHeaders headers;
    QByteArray body;
    QByteArray header(const QByteArray &name) const {
        const QList<QByteArray> v = headerValues(headers, name);
        return v.isEmpty() ? QByteArray() : v.constFirst();
    }
    FormEncoding::Fields form() const { return FormEncoding::parseFields(body); }
    FormEncoding::Fields queryFields() const { return FormEncoding::parseFields(query.toUtf8()); }
};

// One HTTP/1.1 request per connection, answered by a function; every request recorded.
class ScriptedServer : public QTcpServer {
public:
    std::function<HttpResponse(const Seen &)> handler;
    QList<Seen> seen;

    QString base() const { return QStringLiteral("http://127.0.0.1:%1").arg(serverPort()); }
    int count(const QString &path) const {
        int n = 0;
        for (const Seen &s : seen)
            n += s.path == path ? 1 : 0;
        return n;
    }
    QList<Seen> at(const QString &path) const {
        QList<Seen> out;
        for (const Seen &s : seen) {
            if (s.path == path)
                out.append(s);
        }
        return out;
    }

protected:
    void incomingConnection(qintptr fd) override {
        auto *socket = new QTcpSocket(this);
        socket->setSocketDescriptor(fd);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }

private:
    void read(QTcpSocket *socket) {
        QByteArray buffer = socket->property("buf").toByteArray() + socket->readAll();
        socket->setProperty("buf", buffer);
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        Seen s;
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        s.method = requestLine.value(0);
        const QUrl target = QUrl::fromEncoded(requestLine.value(1));
        s.path = target.path();
        s.query = target.query(QUrl::FullyEncoded);
        qsizetype length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon < 0)
                continue;
            const QByteArray name = lines[i].left(colon).trimmed();
            const QByteArray value = lines[i].mid(colon + 1).trimmed();
            s.headers.append({name, value});
            if (name.compare("content-length", Qt::CaseInsensitive) == 0)
                length = value.toLongLong();
        }
        if (buffer.size() < end + 4 + length)
            return;
        s.body = buffer.mid(end + 4, length);
        seen.append(s);
        HttpResponse r = handler ? handler(s) : HttpResponse{404, {}, {}};
        r.headers.append({QByteArrayLiteral("Connection"), QByteArrayLiteral("close")});
        socket->write(r.toRaw());
        socket->disconnectFromHost();
    }
};

HttpResponse json(const QJsonObject &o, int status = 200) {
    HttpResponse r;
    r.status = status;
    r.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")});
    r.body = QJsonDocument(o).toJson(QJsonDocument::Compact);
    return r;
}

QString s256(const QString &verifier) {
    return QString::fromLatin1(
        QCryptographicHash::hash(verifier.toLatin1(), QCryptographicHash::Sha256)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

// An MCP server and its authorization server on one scripted listener, every behaviour a knob.
struct World {
    enum class Prm { FromChallenge, PathInserted, Root, None };
    enum class AsMeta {
        OAuthInserted,
        OpenIdInserted,
        OpenIdAppended,
        OAuthRoot,
        OpenIdRoot,
        None
    };

    ScriptedServer server;
    Prm prm = Prm::FromChallenge;
    AsMeta asMeta = AsMeta::OAuthRoot;
    QString issuerPath;       // "" or "/tenant"
    QString resourceOverride; // the PRM's resource, when it should not be this server
    QStringList prmScopes{QStringLiteral("base")};
    std::optional<QStringList> asScopes;
    QStringList authMethods{QStringLiteral("client_secret_basic"),
                            QStringLiteral("client_secret_post"), QStringLiteral("none"),
                            QStringLiteral("private_key_jwt")};
    bool withS256 = true;
    bool cimd = false;
    bool issSupported = false;
    QString issToSend; // "": none; else the iss the authorization response carries
    bool tamperState = false;
    bool challengeScopeOn401 = false;
    bool sse = false;
    QHash<QString, QString> toolScope{{QStringLiteral("read"), QStringLiteral("read")},
                                      {QStringLiteral("write"), QStringLiteral("write")}};
    // Scopes the authorization server refuses to grant (consent withheld).
    QStringList neverGrant;

    QHash<QString, QStringList> tokens; // access token -> scopes
    struct Code {
        QString challenge, redirect, resource;
        QStringList scopes;
    };
    QHash<QString, Code> codes;
    int tokenCounter = 0;

    World() {
        server.listen(QHostAddress(QHostAddress::LocalHost), 0);
        server.handler = [this](const Seen &s) { return handle(s); };
    }
    QString mcpUrl() const { return server.base() + QStringLiteral("/mcp"); }
    QString issuer() const { return server.base() + issuerPath; }
    QString prmUrl() const {
        return server.base() + QStringLiteral("/.well-known/oauth-protected-resource") +
               (prm == Prm::Root ? QString() : QStringLiteral("/mcp"));
    }

    HttpResponse challenge(int status, const QString &error, const QString &scope) {
        QStringList parts;
        if (prm == Prm::FromChallenge)
            parts.append(QStringLiteral("resource_metadata=\"%1\"").arg(prmUrl()));
        if (!error.isEmpty())
            parts.append(QStringLiteral("error=\"%1\"").arg(error));
        if (!scope.isEmpty())
            parts.append(QStringLiteral("scope=\"%1\"").arg(scope));
        HttpResponse r = json(QJsonObject(), status);
        r.headers.append(
            {QByteArrayLiteral("WWW-Authenticate"),
             QByteArrayLiteral("Bearer ") + parts.join(QStringLiteral(", ")).toUtf8()});
        return r;
    }

    QString asMetadataPath() const {
        switch (asMeta) {
        case AsMeta::OAuthInserted:
            return QStringLiteral("/.well-known/oauth-authorization-server") + issuerPath;
        case AsMeta::OpenIdInserted:
            return QStringLiteral("/.well-known/openid-configuration") + issuerPath;
        case AsMeta::OpenIdAppended:
            return issuerPath + QStringLiteral("/.well-known/openid-configuration");
        case AsMeta::OAuthRoot:
            return QStringLiteral("/.well-known/oauth-authorization-server");
        case AsMeta::OpenIdRoot:
            return QStringLiteral("/.well-known/openid-configuration");
        case AsMeta::None:
            return QString();
        }
        return QString();
    }

    HttpResponse handle(const Seen &s) {
        if (s.path == QLatin1String("/mcp"))
            return mcp(s);
        const bool prmPath =
            (prm != Prm::Root && prm != Prm::None &&
             s.path == QLatin1String("/.well-known/oauth-protected-resource/mcp")) ||
            (prm == Prm::Root && s.path == QLatin1String("/.well-known/oauth-protected-resource"));
        if (prmPath) {
            return json(
                {{QStringLiteral("resource"),
                  resourceOverride.isEmpty() ? mcpUrl() : resourceOverride},
                 {QStringLiteral("authorization_servers"), QJsonArray{issuer()}},
                 {QStringLiteral("scopes_supported"), QJsonArray::fromStringList(prmScopes)}});
        }
        if (!asMetadataPath().isEmpty() && s.path == asMetadataPath()) {
            QJsonObject o{
                {QStringLiteral("issuer"), issuer()},
                {QStringLiteral("authorization_endpoint"),
                 QString(issuer() + QStringLiteral("/authorize"))},
                {QStringLiteral("token_endpoint"), QString(issuer() + QStringLiteral("/token"))},
                {QStringLiteral("registration_endpoint"),
                 QString(issuer() + QStringLiteral("/register"))},
                {QStringLiteral("token_endpoint_auth_methods_supported"),
                 QJsonArray::fromStringList(authMethods)}};
            if (withS256)
                o.insert(QStringLiteral("code_challenge_methods_supported"),
                         QJsonArray{QStringLiteral("S256")});
            if (asScopes)
                o.insert(QStringLiteral("scopes_supported"), QJsonArray::fromStringList(*asScopes));
            if (cimd)
                o.insert(QStringLiteral("client_id_metadata_document_supported"), true);
            if (issSupported)
                o.insert(QStringLiteral("authorization_response_iss_parameter_supported"), true);
            return json(o);
        }
        const QString root = asMeta == AsMeta::None ? QString() : issuerPath;
        if (s.path == root + QLatin1String("/register")) {
            const QJsonObject in = QJsonDocument::fromJson(s.body).object();
            QJsonObject out = in;
            out.insert(QStringLiteral("client_id"), QStringLiteral("dcr-client"));
            if (in.value(QLatin1String("token_endpoint_auth_method")).toString() !=
                QLatin1String("none"))
                out.insert(QStringLiteral("client_secret"), QStringLiteral("dcr-secret-value"));
            return json(out, 201);
        }
        if (s.path == root + QLatin1String("/authorize")) {
            const FormEncoding::Fields q = s.queryFields();
            Code c;
            c.challenge = FormEncoding::value(q, QStringLiteral("code_challenge"));
            c.redirect = FormEncoding::value(q, QStringLiteral("redirect_uri"));
            c.resource = FormEncoding::value(q, QStringLiteral("resource"));
            for (const QString &sc :
                 FormEncoding::value(q, QStringLiteral("scope")).split(u' ', Qt::SkipEmptyParts)) {
                if (!neverGrant.contains(sc))
                    c.scopes.append(sc);
            }
            const QString code = QStringLiteral("code-%1").arg(codes.size() + 1);
            codes.insert(code, c);
            FormEncoding::Fields back{
                {QStringLiteral("code"), code},
                {QStringLiteral("state"), tamperState
                                              ? QStringLiteral("forged")
                                              : FormEncoding::value(q, QStringLiteral("state"))}};
            if (!issToSend.isEmpty())
                back.append({QStringLiteral("iss"), issToSend});
            HttpResponse r;
            r.status = 302;
            r.headers.append(
                {QByteArrayLiteral("Location"),
                 (c.redirect + QLatin1Char('?')).toUtf8() + FormEncoding::encodeFields(back)});
            return r;
        }
        if (s.path == root + QLatin1String("/token")) {
            const FormEncoding::Fields f = s.form();
            const QString grant = FormEncoding::value(f, QStringLiteral("grant_type"));
            QStringList scopes;
            if (grant == QLatin1String("authorization_code")) {
                const Code c = codes.take(FormEncoding::value(f, QStringLiteral("code")));
                if (c.challenge.isEmpty() ||
                    s256(FormEncoding::value(f, QStringLiteral("code_verifier"))) != c.challenge ||
                    FormEncoding::value(f, QStringLiteral("resource")) != c.resource)
                    return json({{QStringLiteral("error"), QStringLiteral("invalid_grant")}}, 400);
                scopes = c.scopes;
            } else {
                scopes =
                    FormEncoding::value(f, QStringLiteral("scope")).split(u' ', Qt::SkipEmptyParts);
            }
            const QString token = QStringLiteral("tok-%1-secret").arg(++tokenCounter);
            tokens.insert(token, scopes);
            return json({{QStringLiteral("access_token"), token},
                         {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                         {QStringLiteral("expires_in"), 3600},
                         {QStringLiteral("scope"), scopes.join(u' ')}});
        }
        return HttpResponse{404, {}, {}};
    }

    HttpResponse mcp(const Seen &s) {
        const QByteArray auth = s.header(QByteArrayLiteral("Authorization"));
        if (!auth.startsWith("Bearer "))
            return challenge(401, QString(),
                             challengeScopeOn401 ? QStringLiteral("base") : QString());
        const QString token = QString::fromLatin1(auth.mid(7));
        if (!tokens.contains(token))
            return challenge(401, QStringLiteral("invalid_token"), QString());
        const QStringList granted = tokens.value(token);
        const QJsonObject msg = QJsonDocument::fromJson(s.body).object();
        const QString method = msg.value(QLatin1String("method")).toString();
        if (!msg.contains(QLatin1String("id")))
            return HttpResponse{202, {}, {}};
        QString need;
        if (method == QLatin1String("tools/call"))
            need = toolScope.value(msg.value(QLatin1String("params"))
                                       .toObject()
                                       .value(QLatin1String("name"))
                                       .toString());
        if (!need.isEmpty() && !granted.contains(need))
            return challenge(403, QStringLiteral("insufficient_scope"), need);
        QJsonObject result;
        if (method == QLatin1String("initialize"))
            result = {{QStringLiteral("protocolVersion"), QStringLiteral("2025-11-25")},
                      {QStringLiteral("capabilities"), QJsonObject()},
                      {QStringLiteral("serverInfo"),
                       QJsonObject{{QStringLiteral("name"), QStringLiteral("s")}}}};
        else if (method == QLatin1String("tools/list"))
            result = {{QStringLiteral("tools"),
                       QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("read")}},
                                  QJsonObject{{QStringLiteral("name"), QStringLiteral("write")}}}}};
        else
            result = {{QStringLiteral("content"), QJsonArray()}};
        const QJsonObject response{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                   {QStringLiteral("id"), msg.value(QLatin1String("id"))},
                                   {QStringLiteral("result"), result}};
        HttpResponse r;
        if (sse) {
            r.headers.append(
                {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("text/event-stream")});
            r.body = QByteArrayLiteral(
                         ": keep-alive\r\nevent: message\r\ndata: "
                         "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\"}\r\n\r\n"
                         "data: ") +
                     QJsonDocument(response).toJson(QJsonDocument::Compact) + "\r\n\r\n";
        } else {
            r = json(response);
        }
        if (method == QLatin1String("initialize"))
            r.headers.append({QByteArrayLiteral("Mcp-Session-Id"), QByteArrayLiteral("session-1")});
        return r;
    }
};

template <typename T> std::optional<T> await(std::function<void(std::function<void(T)>)> start) {
    std::optional<T> out;
    start([&out](T v) { out = std::move(v); });
    if (!QTest::qWaitFor([&out] { return out.has_value(); }, 20000))
        return std::nullopt;
    return out;
}

Status connectAndWait(McpOAuthClient &client) {
    auto s = await<Status>([&](auto done) { client.connectToServer(done); });
    return s ? *s : Status(Error{QStringLiteral("timed out"), QString()});
}

Result<McpResponse> callAndWait(McpOAuthClient &client, const QString &tool) {
    auto r =
        await<Result<McpResponse>>([&](auto done) { client.callTool(tool, QJsonObject(), done); });
    return r ? *r : Result<McpResponse>(Error{QStringLiteral("timed out"), QString()});
}

McpClientSettings settingsFor(const World &w) {
    McpClientSettings s;
    s.serverUrl = QUrl(w.mcpUrl());
    s.limits.timeoutMs = 10000;
    return s;
}

std::unique_ptr<McpOAuthClient> clientFor(const McpClientSettings &s) {
    return std::make_unique<McpOAuthClient>(s, std::make_unique<FollowAuthorizer>());
}

// Every secret the scripted world handed out, and the ones the client made up, must be absent
// from the transcript.
void verifyRedacted(const McpOAuthClient &client, const QStringList &secrets) {
    const QString dump = QString::fromUtf8(QJsonDocument(client.transcript().toJson()).toJson()) +
                         client.transcript().toText();
    for (const QString &secret : secrets) {
        if (!secret.isEmpty())
            QVERIFY2(!dump.contains(secret), qPrintable(secret));
    }
}

Policy epicMe(ScopeHint hint = ScopeHint::Closest) {
    Policy p = PolicyFile::load(QStringLiteral(":/scopebench/policies/epicme.json")).value();
    p.challenge.scopeHint = hint;
    return p;
}

// The follow step, with the standalone test authorization server approving exactly what each
// authorization request asks for (what a person at its consent page would do).
class ApproveAsAskedAuthorizer : public FollowAuthorizer {
public:
    explicit ApproveAsAskedAuthorizer(TestAuthorizationServer *as)
        : m_as(as) {}
    void authorize(const QUrl &url, HttpFetcher *fetcher, Callback done) override {
        const FormEncoding::Fields q =
            FormEncoding::parseFields(url.query(QUrl::FullyEncoded).toUtf8());
        m_as->setAutoApprove(
            FormEncoding::value(q, QStringLiteral("scope")).split(u' ', Qt::SkipEmptyParts));
        FollowAuthorizer::authorize(url, fetcher, std::move(done));
    }

private:
    TestAuthorizationServer *m_as;
};

} // namespace

class tst_McpOAuthClient : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // ---- pure parts ----
    void resourceMetadataUrls() {
        QCOMPARE(OAuthDiscovery::resourceMetadataUrls(QStringLiteral("https://a.example/mcp")),
                 (QStringList{
                     QStringLiteral("https://a.example/.well-known/oauth-protected-resource/mcp"),
                     QStringLiteral("https://a.example/.well-known/oauth-protected-resource")}));
        QCOMPARE(
            OAuthDiscovery::resourceMetadataUrls(QStringLiteral("https://a.example")),
            QStringList{QStringLiteral("https://a.example/.well-known/oauth-protected-resource")});
    }

    void authServerMetadataUrls_data() {
        QTest::addColumn<QString>("issuer");
        QTest::addColumn<QStringList>("urls");
        QTest::newRow("path")
            << QStringLiteral("https://as.example/tenant1")
            << QStringList{
                   QStringLiteral(
                       "https://as.example/.well-known/oauth-authorization-server/tenant1"),
                   QStringLiteral("https://as.example/.well-known/openid-configuration/tenant1"),
                   QStringLiteral("https://as.example/tenant1/.well-known/openid-configuration")};
        QTest::newRow("no path")
            << QStringLiteral("https://as.example:8443")
            << QStringList{
                   QStringLiteral("https://as.example:8443/.well-known/oauth-authorization-server"),
                   QStringLiteral("https://as.example:8443/.well-known/openid-configuration")};
    }
    void authServerMetadataUrls() {
        QFETCH(QString, issuer);
        QFETCH(QStringList, urls);
        QCOMPARE(OAuthDiscovery::authServerMetadataUrls(issuer), urls);
    }

    void scopeSelection_data() {
        QTest::addColumn<QString>("challenge");
        QTest::addColumn<QStringList>("prm");
        QTest::addColumn<QStringList>("issuer");
        QTest::addColumn<QStringList>("expected");
        const QString off = QStringLiteral("offline_access");
        QTest::newRow("challenge wins")
            << QStringLiteral("a b") << QStringList{QStringLiteral("c")} << QStringList()
            << QStringList{QStringLiteral("a"), QStringLiteral("b")};
        QTest::newRow("then scopes_supported") << QString() << QStringList{QStringLiteral("c")}
                                               << QStringList() << QStringList{QStringLiteral("c")};
        QTest::newRow("offline only when the issuer lists it")
            << QStringLiteral("a offline_access") << QStringList()
            << QStringList{QStringLiteral("a")} << QStringList{QStringLiteral("a")};
        QTest::newRow("offline added when listed")
            << QStringLiteral("a") << QStringList() << QStringList{QStringLiteral("a"), off}
            << QStringList{QStringLiteral("a"), off};
    }
    void scopeSelection() {
        QFETCH(QString, challenge);
        QFETCH(QStringList, prm);
        QFETCH(QStringList, issuer);
        QFETCH(QStringList, expected);
        QCOMPARE(OAuthDiscovery::selectScopes(
                     std::nullopt, challenge,
                     prm.isEmpty() ? std::nullopt : std::optional<QStringList>(prm),
                     issuer.isEmpty() ? std::nullopt : std::optional<QStringList>(issuer), true),
                 expected);
        // No scopes_supported and no challenge: no scope parameter at all.
        QVERIFY(
            OAuthDiscovery::selectScopes(std::nullopt, QString(), std::nullopt, std::nullopt, true)
                .isEmpty());
        // An override is exact.
        QCOMPARE(OAuthDiscovery::selectScopes(QStringList{QStringLiteral("x")}, challenge, prm,
                                              issuer, true),
                 QStringList{QStringLiteral("x")});
    }

    void sseAndHeaders() {
        const QByteArray stream =
            ": comment\r\nevent: message\r\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"n\"}\r\n\r\n"
            "data: {\"jsonrpc\":\"2.0\",\n"
            "data: \"id\":7,\"result\":{}}\n\n"
            "data: {\"jsonrpc\":\"2.0\",\"id\":8";
        QCOMPARE(McpWire::parseEvents(stream).size(), 2);
        QVERIFY(McpWire::responseInStream(stream, QJsonValue(7)).has_value());
        QVERIFY(!McpWire::responseInStream(stream, QJsonValue(8)).has_value());
        QCOMPARE(McpWire::headerValue(QStringLiteral("get_weather")), QByteArray("get_weather"));
        QCOMPARE(McpWire::headerValue(QStringLiteral("Hello, 世界")),
                 QByteArray("=?base64?SGVsbG8sIOS4lueVjA==?="));
        QCOMPARE(McpWire::headerValue(QStringLiteral(" padded ")),
                 QByteArray("=?base64?IHBhZGRlZCA=?="));
    }

    void clientAuthMethods_data() {
        QTest::addColumn<int>("method");
        QTest::newRow("client_secret_basic") << int(ClientAuthMethod::ClientSecretBasic);
        QTest::newRow("client_secret_post") << int(ClientAuthMethod::ClientSecretPost);
        QTest::newRow("none") << int(ClientAuthMethod::None);
        QTest::newRow("private_key_jwt") << int(ClientAuthMethod::PrivateKeyJwt);
    }
    // Pre-registered, each method: the token endpoint sees exactly that authentication.
    void clientAuthMethods() {
        QFETCH(int, method);
        World w;
        McpClientSettings s = settingsFor(w);
        s.grant = McpClientSettings::Grant::ClientCredentials;
        s.clientId = QStringLiteral("pre-id");
        s.clientSecret = QStringLiteral("pre-secret-value");
        s.clientAuthMethod = ClientAuthMethod(method);
        QJsonObject signedHeader, signedClaims;
        s.assertion.algorithm = QStringLiteral("ES256");
        s.assertion.signer = [&](const QJsonObject &h, const QJsonObject &c) -> Result<QByteArray> {
            signedHeader = h;
            signedClaims = c;
            return QByteArrayLiteral("fake.jwt.assertion-value");
        };
        auto client = clientFor(s);
        QVERIFY(connectAndWait(*client).ok());
        QCOMPARE(w.server.count(QStringLiteral("/register")), 0);
        const QList<Seen> token = w.server.at(QStringLiteral("/token"));
        QCOMPARE(token.size(), 1);
        const FormEncoding::Fields f = token.first().form();
        const QByteArray auth = token.first().header("Authorization");
        QCOMPARE(FormEncoding::value(f, QStringLiteral("grant_type")),
                 QStringLiteral("client_credentials"));
        QCOMPARE(FormEncoding::value(f, QStringLiteral("resource")), w.mcpUrl());
        switch (ClientAuthMethod(method)) {
        case ClientAuthMethod::ClientSecretBasic:
            QCOMPARE(auth, FormEncoding::basicAuthorization(QStringLiteral("pre-id"),
                                                            QStringLiteral("pre-secret-value")));
            QVERIFY(!FormEncoding::has(f, QStringLiteral("client_secret")));
            QVERIFY(!FormEncoding::has(f, QStringLiteral("client_id")));
            break;
        case ClientAuthMethod::ClientSecretPost:
            QVERIFY(auth.isEmpty());
            QCOMPARE(FormEncoding::value(f, QStringLiteral("client_id")), QStringLiteral("pre-id"));
            QCOMPARE(FormEncoding::value(f, QStringLiteral("client_secret")),
                     QStringLiteral("pre-secret-value"));
            break;
        case ClientAuthMethod::None:
            QVERIFY(auth.isEmpty());
            QCOMPARE(FormEncoding::value(f, QStringLiteral("client_id")), QStringLiteral("pre-id"));
            QVERIFY(!FormEncoding::has(f, QStringLiteral("client_secret")));
            break;
        case ClientAuthMethod::PrivateKeyJwt:
            QVERIFY(auth.isEmpty());
            QCOMPARE(FormEncoding::value(f, QStringLiteral("client_assertion_type")),
                     QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));
            QCOMPARE(FormEncoding::value(f, QStringLiteral("client_assertion")),
                     QStringLiteral("fake.jwt.assertion-value"));
            QCOMPARE(signedHeader.value(QLatin1String("alg")).toString(), QStringLiteral("ES256"));
            QCOMPARE(signedClaims.value(QLatin1String("iss")).toString(), QStringLiteral("pre-id"));
            QCOMPARE(signedClaims.value(QLatin1String("sub")).toString(), QStringLiteral("pre-id"));
            QCOMPARE(signedClaims.value(QLatin1String("aud")).toString(),
                     QString(w.issuer() + QStringLiteral("/token")));
            QVERIFY(signedClaims.value(QLatin1String("exp")).toDouble() >
                    signedClaims.value(QLatin1String("iat")).toDouble());
            QVERIFY(!signedClaims.value(QLatin1String("jti")).toString().isEmpty());
            break;
        }
        verifyRedacted(*client,
                       {QStringLiteral("pre-secret-value"), QStringLiteral("assertion-value"),
                        QStringLiteral("tok-1-secret"), QString::fromLatin1(auth.mid(6))});
    }

    void privateKeyJwtSignedByJose_data() {
        QTest::addColumn<QString>("alg");
        QTest::newRow("ES256") << QStringLiteral("ES256");
        QTest::newRow("RS256") << QStringLiteral("RS256");
    }
    // The assertion core/jose signs from a PEM file: the token endpoint verifies it with the
    // client's public key (RFC 7523 §3) and finds the claims ClientAuth promised; a key that
    // does not fit the algorithm, or a tampered signature, is refused.
    void privateKeyJwtSignedByJose() {
        QFETCH(QString, alg);
        const JwsAlgorithm algorithm = jws::algorithmFromName(alg).value();
        const SigningKey key = SigningKey::generate(algorithm).value();
        QTemporaryDir dir;
        const QString pemPath = dir.filePath(QStringLiteral("client.pem"));
        {
            QFile f(pemPath);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(key.toPem());
        }
        const QString otherAlg =
            alg == QLatin1String("ES256") ? QStringLiteral("RS256") : QStringLiteral("ES256");
        QVERIFY(!JoseAssertion::fromPemFile(pemPath, otherAlg).ok());
        QCOMPARE(JoseAssertion::fromPemFile(pemPath, QStringLiteral("HS256")).error().id,
                 QStringLiteral("client-key-alg"));
        QCOMPARE(
            JoseAssertion::fromPemFile(dir.filePath(QStringLiteral("absent.pem")), alg).error().id,
            QStringLiteral("client-key-file"));
        Result<AssertionSettings> assertion = JoseAssertion::fromPemFile(pemPath, alg);
        QVERIFY(assertion.ok());

        World w;
        McpClientSettings s = settingsFor(w);
        s.grant = McpClientSettings::Grant::ClientCredentials;
        s.clientId = QStringLiteral("jwt-client");
        s.clientAuthMethod = ClientAuthMethod::PrivateKeyJwt;
        s.assertion = *assertion;
        auto client = clientFor(s);
        QVERIFY(connectAndWait(*client).ok());
        const QList<Seen> token = w.server.at(QStringLiteral("/token"));
        QCOMPARE(token.size(), 1);
        const QString jwt =
            FormEncoding::value(token.first().form(), QStringLiteral("client_assertion"));
        const Result<CompactJws> parsed = Jws::parse(jwt.toLatin1());
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->header.value(QLatin1String("alg")).toString(), alg);
        QCOMPARE(parsed->header.value(QLatin1String("kid")).toString(), key.thumbprint());
        QVERIFY(
            Jws::verify(algorithm, key.publicKey(), parsed->signingInput, parsed->signature).ok());
        QByteArray tampered = parsed->signature;
        tampered[0] = char(tampered[0] ^ 0x01);
        QVERIFY(!Jws::verify(algorithm, key.publicKey(), parsed->signingInput, tampered).ok());
        const QJsonObject claims = QJsonDocument::fromJson(parsed->payload).object();
        QCOMPARE(claims.value(QLatin1String("iss")).toString(), QStringLiteral("jwt-client"));
        QCOMPARE(claims.value(QLatin1String("sub")).toString(), QStringLiteral("jwt-client"));
        QCOMPARE(claims.value(QLatin1String("aud")).toString(),
                 QString(w.issuer() + QStringLiteral("/token")));
        verifyRedacted(*client, {jwt, jwt.section(u'.', 2)});
    }

    void discoveryVariants_data() {
        QTest::addColumn<int>("prm");
        QTest::addColumn<int>("asMeta");
        QTest::addColumn<QString>("issuerPath");
        QTest::addColumn<QStringList>("expectedPaths"); // the discovery requests, in order
        using P = World::Prm;
        using A = World::AsMeta;
        const QString prmIns = QStringLiteral("/.well-known/oauth-protected-resource/mcp");
        const QString prmRoot = QStringLiteral("/.well-known/oauth-protected-resource");
        const QString oauth = QStringLiteral("/.well-known/oauth-authorization-server");
        const QString oidc = QStringLiteral("/.well-known/openid-configuration");
        QTest::newRow("challenge, oauth root") << int(P::FromChallenge) << int(A::OAuthRoot)
                                               << QString() << QStringList{prmIns, oauth};
        QTest::newRow("path-inserted PRM")
            << int(P::PathInserted) << int(A::OAuthRoot) << QString() << QStringList{prmIns, oauth};
        QTest::newRow("root PRM, openid root") << int(P::Root) << int(A::OpenIdRoot) << QString()
                                               << QStringList{prmIns, prmRoot, oauth, oidc};
        QTest::newRow("issuer path, oauth inserted")
            << int(P::FromChallenge) << int(A::OAuthInserted) << QStringLiteral("/t1")
            << QStringList{prmIns, oauth + QStringLiteral("/t1")};
        QTest::newRow("issuer path, openid inserted")
            << int(P::FromChallenge) << int(A::OpenIdInserted) << QStringLiteral("/t1")
            << QStringList{prmIns, oauth + QStringLiteral("/t1"), oidc + QStringLiteral("/t1")};
        QTest::newRow("issuer path, openid appended")
            << int(P::FromChallenge) << int(A::OpenIdAppended) << QStringLiteral("/t1")
            << QStringList{prmIns, oauth + QStringLiteral("/t1"), oidc + QStringLiteral("/t1"),
                           QStringLiteral("/t1") + oidc};
        QTest::newRow("2025-03-26 fallbacks") << int(P::None) << int(A::None) << QString()
                                              << QStringList{prmIns, prmRoot, oauth, oidc};
    }
    void discoveryVariants() {
        QFETCH(int, prm);
        QFETCH(int, asMeta);
        QFETCH(QString, issuerPath);
        QFETCH(QStringList, expectedPaths);
        World w;
        w.prm = World::Prm(prm);
        w.asMeta = World::AsMeta(asMeta);
        w.issuerPath = issuerPath;
        auto client = clientFor(settingsFor(w));
        const Status s = connectAndWait(*client);
        QVERIFY2(s.ok(), qPrintable(s.error().toString()));
        QStringList discovery;
        for (const Seen &seen : std::as_const(w.server.seen)) {
            if (seen.path.contains(QLatin1String(".well-known")))
                discovery.append(seen.path);
        }
        QCOMPARE(discovery, expectedPaths);
        QCOMPARE(client->authServerMetadata()->issuer, w.issuer());
        QCOMPARE(client->authServerMetadata()->fallback, w.asMeta == World::AsMeta::None);
        // Then DCR, one authorization with PKCE, the token, and the session.
        QCOMPARE(w.server.count(w.issuerPath + QStringLiteral("/register")), 1);
        QCOMPARE(w.server.count(w.issuerPath + QStringLiteral("/authorize")), 1);
        QCOMPARE(client->negotiatedVersion(), QStringLiteral("2025-11-25"));
        QCOMPARE(client->transcript().hasFinding(QStringLiteral("no-resource-metadata")),
                 w.prm == World::Prm::None);
        QCOMPARE(
            client->transcript().hasFinding(QStringLiteral("challenge-without-resource-metadata")),
            w.prm != World::Prm::FromChallenge);
    }

    // The metadata names another resource: stop before any authorization server request.
    void resourceMismatchStopsBeforeAuthorization() {
        World w;
        w.resourceOverride = QStringLiteral("https://elsewhere.example/mcp");
        auto client = clientFor(settingsFor(w));
        const Status s = connectAndWait(*client);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().id, QStringLiteral("resource-mismatch"));
        QVERIFY(client->transcript().hasFinding(QStringLiteral("resource-mismatch")));
        QCOMPARE(w.server.count(QStringLiteral("/authorize")), 0);
        QCOMPARE(w.server.count(QStringLiteral("/register")), 0);
        QCOMPARE(w.server.count(QStringLiteral("/token")), 0);
        QCOMPARE(w.server.count(QStringLiteral("/.well-known/oauth-authorization-server")), 0);
        QCOMPARE(client->authorizationRequests(), 0);
    }

    void identityChoice_data() {
        QTest::addColumn<bool>("preRegistered");
        QTest::addColumn<bool>("cimdUrl");
        QTest::addColumn<bool>("cimdSupported");
        QTest::addColumn<QString>("expectedClientId");
        QTest::addColumn<int>("registrations");
        QTest::newRow("pre-registered") << true << true << true << QStringLiteral("pre-id") << 0;
        QTest::newRow("CIMD") << false << true << true
                              << QStringLiteral("https://client.example/meta.json") << 0;
        QTest::newRow("CIMD not supported: DCR")
            << false << true << false << QStringLiteral("dcr-client") << 1;
        QTest::newRow("DCR") << false << false << false << QStringLiteral("dcr-client") << 1;
    }
    void identityChoice() {
        QFETCH(bool, preRegistered);
        QFETCH(bool, cimdUrl);
        QFETCH(bool, cimdSupported);
        QFETCH(QString, expectedClientId);
        QFETCH(int, registrations);
        World w;
        w.cimd = cimdSupported;
        w.asScopes = QStringList{QStringLiteral("base"), QStringLiteral("offline_access")};
        McpClientSettings s = settingsFor(w);
        if (preRegistered)
            s.clientId = QStringLiteral("pre-id");
        if (cimdUrl)
            s.clientMetadataUrl = QStringLiteral("https://client.example/meta.json");
        auto client = clientFor(s);
        QVERIFY(connectAndWait(*client).ok());
        QCOMPARE(w.server.count(QStringLiteral("/register")), registrations);
        const Seen authorize = w.server.at(QStringLiteral("/authorize")).first();
        QCOMPARE(FormEncoding::value(authorize.queryFields(), QStringLiteral("client_id")),
                 expectedClientId);
        QCOMPARE(client->credentialsFor(w.issuer())->clientId, expectedClientId);
        // offline_access asked because the issuer lists it; never sent otherwise.
        QVERIFY(FormEncoding::value(authorize.queryFields(), QStringLiteral("scope"))
                    .split(u' ')
                    .contains(QStringLiteral("offline_access")));
        if (registrations) {
            const QJsonObject reg =
                QJsonDocument::fromJson(w.server.at(QStringLiteral("/register")).first().body)
                    .object();
            QCOMPARE(reg.value(QLatin1String("application_type")).toString(),
                     QStringLiteral("native"));
            QCOMPARE(reg.value(QLatin1String("grant_types")).toArray(),
                     (QJsonArray{QStringLiteral("authorization_code"),
                                 QStringLiteral("refresh_token")}));
            QCOMPARE(reg.value(QLatin1String("token_endpoint_auth_method")).toString(),
                     QStringLiteral("client_secret_basic"));
            // The registered secret is used, and never shown.
            QCOMPARE(w.server.at(QStringLiteral("/token")).first().header("Authorization"),
                     FormEncoding::basicAuthorization(QStringLiteral("dcr-client"),
                                                      QStringLiteral("dcr-secret-value")));
            verifyRedacted(*client, {QStringLiteral("dcr-secret-value")});
        }
        // PKCE S256 and the RFC 8707 resource, identical in both requests.
        const FormEncoding::Fields q = authorize.queryFields();
        QCOMPARE(FormEncoding::value(q, QStringLiteral("code_challenge_method")),
                 QStringLiteral("S256"));
        QCOMPARE(FormEncoding::value(q, QStringLiteral("resource")), w.mcpUrl());
        const FormEncoding::Fields t = w.server.at(QStringLiteral("/token")).first().form();
        QCOMPARE(FormEncoding::value(t, QStringLiteral("resource")), w.mcpUrl());
        QCOMPARE(s256(FormEncoding::value(t, QStringLiteral("code_verifier"))),
                 FormEncoding::value(q, QStringLiteral("code_challenge")));
        verifyRedacted(*client, {FormEncoding::value(t, QStringLiteral("code_verifier")),
                                 FormEncoding::value(t, QStringLiteral("code")),
                                 FormEncoding::value(q, QStringLiteral("state")),
                                 QStringLiteral("tok-1-secret")});
    }

    // Credentials registered at one issuer are not sent to another.
    void credentialsStayWithTheirIssuer() {
        World w;
        McpClientSettings s = settingsFor(w);
        s.clientId = QStringLiteral("pre-id");
        s.clientIssuer = QStringLiteral("https://other-issuer.example");
        auto client = clientFor(s);
        QVERIFY(connectAndWait(*client).ok());
        QCOMPARE(w.server.count(QStringLiteral("/register")), 1);
        QCOMPARE(
            FormEncoding::value(w.server.at(QStringLiteral("/authorize")).first().queryFields(),
                                QStringLiteral("client_id")),
            QStringLiteral("dcr-client"));
    }

    // SEP-2350: a 403 for one tool, the union with what was asked, one new authorization.
    void stepUpByUnion() {
        World w;
        w.sse = true; // and every answer as an SSE stream
        McpClientSettings s = settingsFor(w);
        auto client = clientFor(s);
        QVERIFY(connectAndWait(*client).ok());
        Result<McpResponse> r = callAndWait(*client, QStringLiteral("read"));
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(r->status, 200);
        QVERIFY(r->result().isObject());
        r = callAndWait(*client, QStringLiteral("write"));
        QVERIFY2(r.ok(), qPrintable(r.error().toString()));
        QCOMPARE(r->status, 200);
        const QList<Seen> auths = w.server.at(QStringLiteral("/authorize"));
        QCOMPARE(auths.size(), 3);
        auto scopeOf = [](const Seen &a) {
            return FormEncoding::value(a.queryFields(), QStringLiteral("scope"));
        };
        QCOMPARE(scopeOf(auths.at(0)), QStringLiteral("base"));
        QCOMPARE(scopeOf(auths.at(1)), QStringLiteral("base read"));
        QCOMPARE(scopeOf(auths.at(2)), QStringLiteral("base read write"));
        QCOMPARE(client->authorizationRequests(), 3);
        // The session id is echoed on every request after initialize.
        for (const Seen &m : w.server.at(QStringLiteral("/mcp"))) {
            const QJsonObject msg = QJsonDocument::fromJson(m.body).object();
            if (msg.value(QLatin1String("method")).toString() != QLatin1String("initialize")) {
                QCOMPARE(m.header("Mcp-Session-Id"), QByteArray("session-1"));
                QCOMPARE(m.header("MCP-Protocol-Version"), QByteArray("2025-11-25"));
            }
        }
    }

    // A scope the authorization server never grants: the limit ends it, and says so.
    void authorizationLimit() {
        World w;
        w.neverGrant = {QStringLiteral("write")};
        McpClientSettings s = settingsFor(w);
        s.maxAuthorizations = 3;
        auto client = clientFor(s);
        QVERIFY(connectAndWait(*client).ok());
        const Result<McpResponse> r = callAndWait(*client, QStringLiteral("write"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().id, QStringLiteral("authorization-limit"));
        QCOMPARE(w.server.count(QStringLiteral("/authorize")), 3);
        QCOMPARE(client->authorizationRequests(), 3);
        QVERIFY(client->transcript().hasFinding(QStringLiteral("authorization-limit")));
        QVERIFY(client->transcript().hasFinding(QStringLiteral("granted-scope-differs")));
    }

    void authorizationResponseChecks_data() {
        QTest::addColumn<bool>("tamperState");
        QTest::addColumn<QString>("iss");
        QTest::addColumn<bool>("issSupported");
        QTest::addColumn<QString>("expectedError");
        QTest::newRow("state mismatch")
            << true << QString() << false << QStringLiteral("state-mismatch");
        QTest::newRow("iss mismatch") << false << QStringLiteral("https://evil.example") << false
                                      << QStringLiteral("iss-mismatch");
        QTest::newRow("iss missing though advertised")
            << false << QString() << true << QStringLiteral("iss-missing");
        QTest::newRow("iss right") << false << QStringLiteral("ISSUER") << true << QString();
    }
    void authorizationResponseChecks() {
        QFETCH(bool, tamperState);
        QFETCH(QString, iss);
        QFETCH(bool, issSupported);
        QFETCH(QString, expectedError);
        World w;
        w.tamperState = tamperState;
        w.issToSend = iss == QLatin1String("ISSUER") ? w.issuer() : iss;
        w.issSupported = issSupported;
        auto client = clientFor(settingsFor(w));
        const Status s = connectAndWait(*client);
        if (expectedError.isEmpty()) {
            QVERIFY2(s.ok(), qPrintable(s.error().toString()));
            return;
        }
        QVERIFY(!s.ok());
        QCOMPARE(s.error().id, expectedError);
        // The code was never taken to the token endpoint.
        QCOMPARE(w.server.count(QStringLiteral("/token")), 0);
    }

    void findings() {
        World w;
        w.withS256 = false;
        w.prmScopes = {QStringLiteral("base"), QStringLiteral("offline_access")};
        auto client = clientFor(settingsFor(w));
        const Status s = connectAndWait(*client);
        QVERIFY(!s.ok());
        QCOMPARE(s.error().id, QStringLiteral("pkce-s256-not-advertised"));
        QCOMPARE(w.server.count(QStringLiteral("/authorize")), 0);
        const Transcript &t = client->transcript();
        QVERIFY(t.hasFinding(QStringLiteral("pkce-s256-not-advertised")));
        QVERIFY(t.hasFinding(QStringLiteral("offline-access-in-scopes-supported")));
        QVERIFY(t.hasErrorFinding());
        for (const Finding &f : t.findings())
            QVERIFY2(!f.basis.isEmpty(), qPrintable(f.id));
    }

    // A 403 that does not name a scope: no blind re-authorization.
    void forbiddenWithoutScope() {
        World w;
        McpClientSettings s = settingsFor(w);
        auto client = clientFor(s);
        QVERIFY(connectAndWait(*client).ok());
        w.toolScope.insert(QStringLiteral("write"), QString());
        w.server.handler = [&w](const Seen &seen) {
            if (seen.path == QLatin1String("/mcp") && seen.body.contains("\"write\"")) {
                HttpResponse r = json(QJsonObject(), 403);
                r.headers.append({QByteArrayLiteral("WWW-Authenticate"),
                                  QByteArrayLiteral("Bearer error=\"insufficient_scope\"")});
                return r;
            }
            return w.handle(seen);
        };
        const Result<McpResponse> r = callAndWait(*client, QStringLiteral("write"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().id, QStringLiteral("step-up-impossible"));
        QVERIFY(
            client->transcript().hasFinding(QStringLiteral("insufficient-scope-without-scope")));
        QCOMPARE(client->authorizationRequests(), 1);
    }

    // The 2026-07-28 era: no initialize, the standard headers, _meta in every request.
    void statelessEra() {
        World w;
        McpClientSettings s = settingsFor(w);
        s.era = McpEra::Stateless;
        s.grant = McpClientSettings::Grant::ClientCredentials;
        s.clientId = QStringLiteral("pre-id");
        s.clientSecret = QStringLiteral("pre-secret-value");
        auto client = clientFor(s);
        QVERIFY(connectAndWait(*client).ok());
        QVERIFY(callAndWait(*client, QStringLiteral("read")).ok());
        bool sawCall = false;
        for (const Seen &m : w.server.at(QStringLiteral("/mcp"))) {
            const QJsonObject msg = QJsonDocument::fromJson(m.body).object();
            QVERIFY(msg.value(QLatin1String("method")).toString() != QLatin1String("initialize"));
            QCOMPARE(m.header("MCP-Protocol-Version"), QByteArray("2026-07-28"));
            QCOMPARE(m.header("Mcp-Method"),
                     msg.value(QLatin1String("method")).toString().toLatin1());
            QVERIFY(m.header("Mcp-Session-Id").isEmpty());
            const QJsonObject meta = msg.value(QLatin1String("params"))
                                         .toObject()
                                         .value(QLatin1String("_meta"))
                                         .toObject();
            QCOMPARE(
                meta.value(QLatin1String("io.modelcontextprotocol/protocolVersion")).toString(),
                QStringLiteral("2026-07-28"));
            if (msg.value(QLatin1String("method")).toString() == QLatin1String("tools/call")) {
                sawCall = true;
                QCOMPARE(m.header("Mcp-Name"), QByteArray("read"));
            }
        }
        QVERIFY(sawCall);
    }

    // The browser step: a loopback listener on an ephemeral port, the browser played by a
    // network request that follows the redirects to it.
    void browserStep() {
        World w;
        McpClientSettings s = settingsFor(w);
        QNetworkAccessManager browser;
        QUrl opened;
        auto authorizer = std::make_unique<BrowserAuthorizer>(
            [&](const QUrl &url) {
                opened = url;
                QNetworkRequest request(url);
                request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                     QNetworkRequest::NoLessSafeRedirectPolicy);
                QNetworkReply *reply = browser.get(request);
                QObject::connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
                return true;
            },
            10000);
        McpOAuthClient client(s, std::move(authorizer));
        const Status st = connectAndWait(client);
        QVERIFY2(st.ok(), qPrintable(st.error().toString()));
        const QUrl redirect(
            FormEncoding::value(w.server.at(QStringLiteral("/authorize")).first().queryFields(),
                                QStringLiteral("redirect_uri")));
        QCOMPARE(redirect.host(), QStringLiteral("127.0.0.1"));
        QVERIFY(redirect.port() > 0);
        QVERIFY(opened.isValid());
    }

    void browserStepTimesOut() {
        BrowserAuthorizer authorizer([](const QUrl &) { return true; }, 200);
        QVERIFY(authorizer.redirectUri().ok());
        HttpFetcher fetcher(HttpLimits(), nullptr);
        auto r = await<Result<QUrl>>([&](auto done) {
            authorizer.authorize(QUrl(QStringLiteral("http://127.0.0.1:1/authorize")), &fetcher,
                                 done);
        });
        QVERIFY(r.has_value());
        QCOMPARE(r->error().id, QStringLiteral("authorization-timeout"));
    }

    void responseSizeIsBounded() {
        ScriptedServer big;
        QVERIFY(big.listen(QHostAddress(QHostAddress::LocalHost), 0));
        big.handler = [](const Seen &) { return HttpResponse{200, {}, QByteArray(4096, 'x')}; };
        Transcript t;
        HttpLimits limits;
        limits.maxResponseBytes = 1000;
        HttpFetcher fetcher(limits, &t);
        HttpCall call;
        call.url = QUrl(big.base() + QStringLiteral("/"));
        auto r = await<Result<HttpAnswer>>([&](auto done) { fetcher.send(call, done); });
        QVERIFY(r.has_value());
        QCOMPARE(r->error().id, QStringLiteral("response-too-large"));
    }

    // ---- against our own endpoint and its built-in authorization server ----

    // DCR, PKCE, follow, tools/list and a call, with a fixed auto-approved grant; a tool it
    // does not cover runs into the authorization limit.
    void againstEndpoint() {
        RunnerSettings settings;
        settings.endpoint.port = 0;
        settings.policy = epicMe();
        settings.autoApprove =
            QStringList{QStringLiteral("user:read"), QStringLiteral("entries:read")};
        EndpointRunner runner;
        QSignalSpy started(&runner, &EndpointRunner::started);
        runner.start(settings);
        QVERIFY(started.wait(10000));
        McpClientSettings s;
        s.serverUrl = runner.endpointUrl();
        s.maxAuthorizations = 3;
        McpOAuthClient client(s, std::make_unique<FollowAuthorizer>());
        const Status st = connectAndWait(client);
        QVERIFY2(st.ok(), qPrintable(st.error().toString() + client.transcript().toText()));
        auto tools = await<Result<QJsonArray>>([&](auto done) { client.listTools(done); });
        QVERIFY(tools && tools->ok());
        QVERIFY((*tools)->size() >= 1);
        const Result<McpResponse> whoami = callAndWait(client, QStringLiteral("whoami"));
        QVERIFY(whoami.ok());
        QCOMPARE(whoami->status, 200);
        QCOMPARE(client.authorizationRequests(), 1);
        bool registered = false;
        for (const Exchange &e : client.transcript().exchanges())
            registered = registered || (e.step == QLatin1String("registration") && e.status == 201);
        QVERIFY(registered);

        const Result<McpResponse> write = callAndWait(client, QStringLiteral("create_entry"));
        QVERIFY(!write.ok());
        QCOMPARE(write.error().id, QStringLiteral("authorization-limit"));
        QCOMPARE(client.authorizationRequests(), 3);
        if (qEnvironmentVariableIsSet("SCOPEBENCH_SHOW_TRANSCRIPT"))
            qInfo().noquote() << client.transcript().toText();
        verifyRedacted(client, {client.token()->accessToken, client.token()->refreshToken});
        // The sentences the findings rest on are UTF-8 ("RFC 6749 §5.1"), not read as Latin-1.
        QVERIFY(client.transcript().hasFinding(QStringLiteral("granted-scope-differs")));
        for (const Finding &f : client.transcript().findings()) {
            QVERIFY2(!f.basis.contains(QChar(0xC2)), qPrintable(f.basis));
            if (f.id == QLatin1String("granted-scope-differs"))
                QVERIFY2(f.basis.contains(QStringLiteral("RFC 6749 \u00a75.1")),
                         qPrintable(f.basis));
        }
    }

    // A 403 step-up to success: the endpoint introspects at a standalone test authorization
    // server whose consent approves what each request asks for.
    void stepUpAgainstEndpoint() {
        Policy policy = epicMe();
        TestAuthorizationServer::Settings as;
        as.catalog = policy.catalogNames();
        as.clientSecret = QStringLiteral("introspection-secret-0123456789");
        TestAuthorizationServerHost asHost(as);
        const Result<QUrl> issuer = asHost.listen();
        QVERIFY(issuer.ok());
        policy.authorizationServers = {issuer->toString()};
        RunnerSettings settings;
        settings.endpoint.port = 0;
        settings.policy = policy;
        IntrospectionSettings is;
        is.url = QUrl(asHost.authorizationServer()->introspectionEndpoint());
        is.clientId = asHost.authorizationServer()->clientId();
        is.clientSecret = asHost.authorizationServer()->clientSecret();
        settings.introspection = is;
        EndpointRunner runner;
        QSignalSpy started(&runner, &EndpointRunner::started);
        runner.start(settings);
        QVERIFY(started.wait(10000));

        McpClientSettings s;
        s.serverUrl = runner.endpointUrl();
        s.scopes = QStringList{QStringLiteral("entries:read")}; // the first request, exactly
        McpOAuthClient client(
            s, std::make_unique<ApproveAsAskedAuthorizer>(asHost.authorizationServer()));
        const Status st = connectAndWait(client);
        QVERIFY2(st.ok(), qPrintable(st.error().toString() + client.transcript().toText()));
        QCOMPARE(client.authorizationRequests(), 1);
        const Result<McpResponse> r = callAndWait(client, QStringLiteral("create_entry"));
        QVERIFY2(r.ok(), qPrintable(r.error().toString() + client.transcript().toText()));
        QCOMPARE(r->status, 200);
        QCOMPARE(client.authorizationRequests(), 2);
        QCOMPARE(client.token()->granted,
                 (QStringList{QStringLiteral("entries:read"), QStringLiteral("entries:write")}));
    }
};

QTEST_MAIN(tst_McpOAuthClient)
#include "tst_mcpoauthclient.moc"
