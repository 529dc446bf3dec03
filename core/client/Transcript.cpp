#include "client/Transcript.h"

#include "common/TokenFingerprint.h"
#include "http/FormEncoding.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

namespace scopebench {

QString Finding::severityName(Severity s) {
    switch (s) {
    case Severity::Info:
        return QStringLiteral("info");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Error:
        return QStringLiteral("error");
    }
    return QString();
}

QJsonObject Finding::toJson() const {
    QJsonObject o{{QStringLiteral("id"), id},
                  {QStringLiteral("severity"), severityName(severity)},
                  {QStringLiteral("message"), message},
                  {QStringLiteral("basis"), basis}};
    if (!where.isEmpty())
        o.insert(QStringLiteral("where"), where);
    return o;
}

namespace {
QJsonArray headersJson(const HttpHeaders &headers) {
    QJsonArray a;
    for (const HttpHeader &h : headers)
        a.append(QString(QString::fromLatin1(h.first) + QStringLiteral(": ") +
                         QString::fromLatin1(h.second)));
    return a;
}
} // namespace

QJsonObject Exchange::toJson() const {
    QJsonObject o{{QStringLiteral("step"), step},
                  {QStringLiteral("method"), QString::fromLatin1(method)},
                  {QStringLiteral("url"), url},
                  {QStringLiteral("status"), status}};
    if (!error.isEmpty())
        o.insert(QStringLiteral("error"), error);
    if (!requestHeaders.isEmpty())
        o.insert(QStringLiteral("requestHeaders"), headersJson(requestHeaders));
    if (!responseHeaders.isEmpty())
        o.insert(QStringLiteral("responseHeaders"), headersJson(responseHeaders));
    if (!requestBody.isEmpty())
        o.insert(QStringLiteral("requestBody"), requestBody);
    if (!responseBody.isEmpty())
        o.insert(QStringLiteral("responseBody"), responseBody);
    return o;
}

void Transcript::addExchange(Exchange exchange) {
    m_exchanges.append(std::move(exchange));
}

void Transcript::addFinding(Finding finding) {
    for (const Finding &f : std::as_const(m_findings)) {
        if (f.id == finding.id && f.where == finding.where)
            return;
    }
    m_findings.append(std::move(finding));
}

void Transcript::addNote(const QString &note) {
    m_notes.append(note);
}

bool Transcript::hasFinding(const QString &id) const {
    for (const Finding &f : m_findings) {
        if (f.id == id)
            return true;
    }
    return false;
}

bool Transcript::hasErrorFinding() const {
    for (const Finding &f : m_findings) {
        if (f.severity == Finding::Severity::Error)
            return true;
    }
    return false;
}

QJsonObject Transcript::toJson() const {
    QJsonArray exchanges;
    for (const Exchange &e : m_exchanges)
        exchanges.append(e.toJson());
    QJsonArray findings;
    for (const Finding &f : m_findings)
        findings.append(f.toJson());
    return {{QStringLiteral("exchanges"), exchanges},
            {QStringLiteral("findings"), findings},
            {QStringLiteral("notes"), QJsonArray::fromStringList(m_notes)}};
}

QString Transcript::toText() const {
    QString out;
    for (const Exchange &e : m_exchanges) {
        out += QStringLiteral("[%1] %2 %3 -> %4\n")
                   .arg(e.step, QString::fromLatin1(e.method), e.url,
                        e.status ? QString::number(e.status) : e.error);
        for (const HttpHeader &h : e.requestHeaders)
            out += QStringLiteral("    > ") + QString::fromLatin1(h.first) + QStringLiteral(": ") +
                   QString::fromLatin1(h.second) + QLatin1Char('\n');
        if (!e.requestBody.isEmpty())
            out += QStringLiteral("    > ") + e.requestBody + QLatin1Char('\n');
        for (const HttpHeader &h : e.responseHeaders)
            out += QStringLiteral("    < ") + QString::fromLatin1(h.first) + QStringLiteral(": ") +
                   QString::fromLatin1(h.second) + QLatin1Char('\n');
        if (!e.responseBody.isEmpty())
            out += QStringLiteral("    < ") + e.responseBody + QLatin1Char('\n');
    }
    for (const QString &n : m_notes)
        out += QStringLiteral("note: ") + n + QLatin1Char('\n');
    for (const Finding &f : m_findings)
        out += QStringLiteral("%1 %2: %3 (%4)\n")
                   .arg(Finding::severityName(f.severity), f.id, f.message, f.basis);
    return out;
}

void Transcript::clear() {
    m_exchanges.clear();
    m_findings.clear();
    m_notes.clear();
}

bool Transcript::isSecretName(const QString &name) {
    static const QStringList secret{QStringLiteral("access_token"),
                                    QStringLiteral("refresh_token"),
                                    QStringLiteral("id_token"),
                                    QStringLiteral("code"),
                                    QStringLiteral("code_verifier"),
                                    QStringLiteral("client_secret"),
                                    QStringLiteral("client_assertion"),
                                    QStringLiteral("registration_access_token"),
                                    QStringLiteral("state"),
                                    QStringLiteral("token"),
                                    QStringLiteral("assertion"),
                                    QStringLiteral("password")};
    return secret.contains(name.toLower());
}

QString Transcript::fingerprinted(const QString &secret) {
    return QStringLiteral("fp:") + tokenFingerprint(secret);
}

QString Transcript::redactUrl(const QUrl &url) {
    if (!url.hasQuery())
        return url.toString(QUrl::FullyEncoded);
    const FormEncoding::Fields fields =
        FormEncoding::parseFields(url.query(QUrl::FullyEncoded).toUtf8());
    FormEncoding::Fields out;
    for (const auto &f : fields)
        out.append({f.first, isSecretName(f.first) ? fingerprinted(f.second) : f.second});
    QUrl copy = url;
    copy.setQuery(QString::fromLatin1(FormEncoding::encodeFields(out)), QUrl::StrictMode);
    return copy.toString(QUrl::FullyEncoded);
}

QString Transcript::redactForm(const QByteArray &body) {
    FormEncoding::Fields out;
    for (const auto &f : FormEncoding::parseFields(body))
        out.append({f.first, isSecretName(f.first) ? fingerprinted(f.second) : f.second});
    return QString::fromLatin1(FormEncoding::encodeFields(out));
}

namespace {
QJsonValue redactValue(const QJsonValue &v);

QJsonObject redactObject(const QJsonObject &o) {
    QJsonObject out;
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (it.value().isString() && Transcript::isSecretName(it.key()))
            out.insert(it.key(), Transcript::fingerprinted(it.value().toString()));
        else
            out.insert(it.key(), redactValue(it.value()));
    }
    return out;
}

QJsonValue redactValue(const QJsonValue &v) {
    if (v.isObject())
        return redactObject(v.toObject());
    if (v.isArray()) {
        QJsonArray a;
        for (const QJsonValue &e : v.toArray())
            a.append(redactValue(e));
        return a;
    }
    return v;
}
} // namespace

QString Transcript::redactJson(const QByteArray &body, int limit) {
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    QString text;
    if (doc.isObject())
        text = QString::fromUtf8(
            QJsonDocument(redactObject(doc.object())).toJson(QJsonDocument::Compact));
    else if (doc.isArray())
        text = QString::fromUtf8(
            QJsonDocument(redactValue(doc.array()).toArray()).toJson(QJsonDocument::Compact));
    else
        return body.isEmpty() ? QString() : QStringLiteral("(%1 bytes)").arg(body.size());
    if (text.size() > limit)
        text = text.left(limit) + QStringLiteral("… (%1 bytes)").arg(body.size());
    return text;
}

HttpHeader Transcript::redactHeader(const HttpHeader &header) {
    const QByteArray name = header.first.toLower();
    if (name == "authorization") {
        const qsizetype space = header.second.indexOf(' ');
        const QByteArray scheme = space < 0 ? QByteArray() : header.second.left(space);
        const QByteArray credential = space < 0 ? header.second : header.second.mid(space + 1);
        return {header.first, (scheme.isEmpty() ? QByteArray() : scheme + ' ') +
                                  fingerprinted(QString::fromLatin1(credential)).toLatin1()};
    }
    if (name == "mcp-session-id" || name == "cookie" || name == "set-cookie")
        return {header.first, fingerprinted(QString::fromLatin1(header.second)).toLatin1()};
    if (name == "location")
        return {header.first,
                redactUrl(QUrl::fromEncoded(header.second, QUrl::TolerantMode)).toLatin1()};
    return header;
}

} // namespace scopebench
