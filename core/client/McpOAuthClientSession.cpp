// McpOAuthClient: the MCP side. The era's handshake (initialize, or server/discover in the
// 2026-07-28 era), tools/list and tools/call, and the requests themselves on Streamable HTTP.

#include "client/McpOAuthClient.h"

#include "client/McpOAuthClientInternal.h"

#include <QJsonDocument>

namespace scopebench {

namespace {

const QString StatelessVersion = QStringLiteral("2026-07-28");
const QStringList InitializeVersions{QStringLiteral("2025-03-26"), QStringLiteral("2025-06-18"),
                                     QStringLiteral("2025-11-25")};

} // namespace

void McpOAuthClient::connectToServer(Callback<Status> done) {
    if (m_settings.era == McpEra::Stateless) {
        request(
            QStringLiteral("server/discover"), QJsonObject(), [this, done](Result<McpResponse> r) {
                if (!r)
                    return done(r.error());
                if (r->status != 200 || !r->result().isObject())
                    return done(stop(QStringLiteral("handshake-failed"),
                                     QStringLiteral("server/discover answered %1").arg(r->status),
                                     m_settings.serverUrl.toString()));
                m_negotiatedVersion = StatelessVersion;
                done(Status::success());
            });
        return;
    }
    m_initialized = false;
    m_sessionId.clear();
    const QJsonObject params = initializeParams();
    request(QStringLiteral("initialize"), params, [this, done](Result<McpResponse> r) {
        if (!r)
            return done(r.error());
        const QString version =
            r->result().toObject().value(QLatin1String("protocolVersion")).toString();
        if (r->status != 200 || version.isEmpty())
            return done(
                stop(QStringLiteral("handshake-failed"),
                     QStringLiteral("initialize answered %1 without a result").arg(r->status),
                     m_settings.serverUrl.toString()));
        if (!InitializeVersions.contains(version))
            return done(stop(QStringLiteral("unsupported-version"),
                             QStringLiteral("the server chose protocol version %1").arg(version)));
        m_negotiatedVersion = version;
        m_sessionId = r->header(QByteArrayLiteral("Mcp-Session-Id"));
        m_sessionToken = m_token ? m_token->accessToken : QString();
        m_initialized = true;
        auto call = std::make_shared<Call>();
        call->method = QStringLiteral("notifications/initialized");
        call->notification = true;
        call->done = [this, done](Result<McpResponse> n) {
            if (!n)
                return done(n.error());
            if (n->status != 202 && n->status != 200)
                return done(
                    stop(QStringLiteral("handshake-failed"),
                         QStringLiteral("notifications/initialized answered %1").arg(n->status)));
            done(Status::success());
        };
        attempt(call);
    });
}

void McpOAuthClient::listTools(Callback<Result<QJsonArray>> done) {
    listPage(QJsonArray(), QString(), 0, std::move(done));
}

void McpOAuthClient::listPage(QJsonArray tools, const QString &cursor, int pages,
                              Callback<Result<QJsonArray>> done) {
    QJsonObject params;
    if (!cursor.isEmpty())
        params.insert(QStringLiteral("cursor"), cursor);
    request(QStringLiteral("tools/list"), params,
            [this, tools, pages, done](Result<McpResponse> r) mutable {
                if (!r)
                    return done(r.error());
                const QJsonObject result = r->result().toObject();
                if (r->status != 200 || !result.value(QLatin1String("tools")).isArray())
                    return done(Error{QStringLiteral("tools/list answered %1").arg(r->status),
                                      m_settings.serverUrl.toString(),
                                      QStringLiteral("tools-list-failed")});
                for (const QJsonValue &t : result.value(QLatin1String("tools")).toArray())
                    tools.append(t);
                const QString next = result.value(QLatin1String("nextCursor")).toString();
                if (next.isEmpty() || pages + 1 >= 20)
                    return done(tools);
                listPage(tools, next, pages + 1, done);
            });
}

void McpOAuthClient::callTool(const QString &name, const QJsonObject &arguments,
                              Callback<Result<McpResponse>> done) {
    request(QStringLiteral("tools/call"),
            QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("arguments"), arguments}},
            std::move(done));
}

void McpOAuthClient::request(const QString &method, const QJsonObject &params,
                             Callback<Result<McpResponse>> done) {
    auto call = std::make_shared<Call>();
    call->method = method;
    call->params = params;
    call->done = std::move(done);
    attempt(call);
}

void McpOAuthClient::sendRaw(const QString &accessToken, const QString &method,
                             const QJsonObject &paramsIn, bool notification,
                             Callback<Result<McpResponse>> done) {
    QJsonObject params = paramsIn;
    HttpCall http;
    http.method = QByteArrayLiteral("POST");
    http.url = m_settings.serverUrl;
    http.step = QStringLiteral("mcp");
    http.headers = {
        {QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")},
        {QByteArrayLiteral("Accept"), QByteArrayLiteral("application/json, text/event-stream")}};
    if (m_settings.era == McpEra::Stateless) {
        QJsonObject meta = params.value(QLatin1String("_meta")).toObject();
        meta.insert(QStringLiteral("io.modelcontextprotocol/protocolVersion"), StatelessVersion);
        meta.insert(QStringLiteral("io.modelcontextprotocol/clientInfo"),
                    QJsonObject{{QStringLiteral("name"), m_settings.clientName},
                                {QStringLiteral("version"), m_settings.clientVersion}});
        meta.insert(QStringLiteral("io.modelcontextprotocol/clientCapabilities"), QJsonObject());
        params.insert(QStringLiteral("_meta"), meta);
        http.headers.append(
            {QByteArrayLiteral("MCP-Protocol-Version"), StatelessVersion.toLatin1()});
        http.headers.append({QByteArrayLiteral("Mcp-Method"), McpWire::headerValue(method)});
        const QString name = McpWire::nameFor(method, params);
        if (!name.isEmpty())
            http.headers.append({QByteArrayLiteral("Mcp-Name"), McpWire::headerValue(name)});
    } else if (m_initialized) {
        http.headers.append(
            {QByteArrayLiteral("MCP-Protocol-Version"), m_negotiatedVersion.toLatin1()});
        if (!m_sessionId.isEmpty())
            http.headers.append({QByteArrayLiteral("Mcp-Session-Id"), m_sessionId});
    }
    if (!accessToken.isEmpty())
        http.headers.append(
            {QByteArrayLiteral("Authorization"), "Bearer " + accessToken.toLatin1()});
    QJsonObject message{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                        {QStringLiteral("method"), method}};
    QJsonValue id;
    if (!notification) {
        id = double(m_nextId++);
        message.insert(QStringLiteral("id"), id);
    }
    if (!params.isEmpty())
        message.insert(QStringLiteral("params"), params);
    http.body = QJsonDocument(message).toJson(QJsonDocument::Compact);
    if (!notification)
        http.enough = [id](const QByteArray &body) {
            return McpWire::responseInStream(body, id).has_value();
        };
    const bool sentToken = !accessToken.isEmpty();
    m_fetcher->send(http, [done, id, notification, sentToken, method](Result<HttpAnswer> a) {
        if (!a)
            return done(a.error());
        McpResponse r;
        r.method = method;
        r.status = a->status;
        r.headers = a->headers;
        r.body = a->body;
        r.sentToken = sentToken;
        if (!notification) {
            if (a->contentType() == "text/event-stream") {
                r.message = McpWire::responseInStream(a->body, id);
            } else {
                const QJsonDocument doc = QJsonDocument::fromJson(a->body);
                if (doc.isObject())
                    r.message = doc.object();
            }
        }
        done(std::move(r));
    });
}

void McpOAuthClient::send(const QString &accessToken, const QString &method,
                          const QJsonObject &params, Callback<Result<McpResponse>> done) {
    const bool needsSession = m_settings.era == McpEra::Initialize &&
                              method != QLatin1String("initialize") &&
                              (!m_initialized || m_sessionToken != accessToken);
    if (!needsSession)
        return sendRaw(accessToken, method, params, false, std::move(done));
    openSession(accessToken, [this, accessToken, method, params, done](Status s) {
        if (!s) {
            // The session could not be opened with this token: the refusal is the answer.
            return sendRaw(
                accessToken, QStringLiteral("initialize"),
                QJsonObject{{QStringLiteral("protocolVersion"), m_settings.protocolVersion},
                            {QStringLiteral("capabilities"), QJsonObject()},
                            {QStringLiteral("clientInfo"),
                             QJsonObject{{QStringLiteral("name"), m_settings.clientName},
                                         {QStringLiteral("version"), m_settings.clientVersion}}}},
                false, done);
        }
        sendRaw(accessToken, method, params, false, done);
    });
}

QJsonObject McpOAuthClient::initializeParams() const {
    return QJsonObject{{QStringLiteral("protocolVersion"), m_settings.protocolVersion},
                       {QStringLiteral("capabilities"), QJsonObject()},
                       {QStringLiteral("clientInfo"),
                        QJsonObject{{QStringLiteral("name"), m_settings.clientName},
                                    {QStringLiteral("version"), m_settings.clientVersion}}}};
}

void McpOAuthClient::openSession(const QString &accessToken, Callback<Status> done) {
    m_initialized = false;
    m_sessionId.clear();
    const QJsonObject params = initializeParams();
    sendRaw(accessToken, QStringLiteral("initialize"), params, false,
            [this, accessToken, done](Result<McpResponse> r) {
                if (!r)
                    return done(r.error());
                const QString version =
                    r->result().toObject().value(QLatin1String("protocolVersion")).toString();
                if (r->status != 200 || version.isEmpty())
                    return done(Error{QStringLiteral("initialize answered %1").arg(r->status),
                                      m_settings.serverUrl.toString(),
                                      QStringLiteral("handshake-failed")});
                m_negotiatedVersion = version;
                m_sessionId = r->header(QByteArrayLiteral("Mcp-Session-Id"));
                m_sessionToken = accessToken;
                m_initialized = true;
                sendRaw(accessToken, QStringLiteral("notifications/initialized"), QJsonObject(),
                        true, [done](Result<McpResponse> n) {
                            if (!n)
                                return done(n.error());
                            done(Status::success());
                        });
            });
}

} // namespace scopebench
