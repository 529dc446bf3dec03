#pragma once

#include "http/HttpResponse.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QUrl>

namespace scopebench {

// Something the probe noticed about the server or its authorization server. `id` is stable
// (tools and tests key on it); `basis` quotes the sentence of the spec or RFC it rests on.
struct Finding {
    enum class Severity { Info, Warning, Error };
    QString id;
    Severity severity = Severity::Warning;
    QString message;
    QString basis;
    QString where; // a URL, when the finding is about one document or response

    static QString severityName(Severity s);
    QJsonObject toJson() const;
};

// One HTTP exchange as the transcript shows it. Everything in here is already redacted: every
// token, code, verifier, secret, assertion, state and session id is its fingerprint.
struct Exchange {
    QString step; // "discovery", "registration", "authorization", "token", "mcp"
    QByteArray method;
    QString url;
    int status = 0; // 0: no HTTP answer (see error)
    QString error;  // transport failure, timeout, size limit
    HttpHeaders requestHeaders;
    HttpHeaders responseHeaders;
    QString requestBody;  // redacted summary
    QString responseBody; // redacted summary

    QJsonObject toJson() const;
};

// What the client did and found, in order. The redaction helpers are the one place that
// decides what is secret (docs/probe.md).
class Transcript {
public:
    void addExchange(Exchange exchange);
    // Adds unless the same id was already reported for the same place.
    void addFinding(Finding finding);
    void addNote(const QString &note); // a line between exchanges ("stopped: ...")

    const QList<Exchange> &exchanges() const { return m_exchanges; }
    const QList<Finding> &findings() const { return m_findings; }
    const QStringList &notes() const { return m_notes; }
    bool hasFinding(const QString &id) const;
    bool hasErrorFinding() const;
    QJsonObject toJson() const;
    QString toText() const;
    void clear();

    // ---- redaction ----
    // Field and member names whose values are secrets or one-time credentials.
    static bool isSecretName(const QString &name);
    // A URL with secret query parameters replaced by "fp:" + fingerprint.
    static QString redactUrl(const QUrl &url);
    static QString redactForm(const QByteArray &body);
    // JSON with secret string members (at any depth) replaced; at most `limit` characters.
    static QString redactJson(const QByteArray &body, int limit = 2048);
    // Authorization "Bearer x" -> "Bearer fp:1234abcd"; Mcp-Session-Id likewise.
    static HttpHeader redactHeader(const HttpHeader &header);
    static QString fingerprinted(const QString &secret); // "fp:" + tokenFingerprint

private:
    QList<Exchange> m_exchanges;
    QList<Finding> m_findings;
    QStringList m_notes;
};

} // namespace scopebench
