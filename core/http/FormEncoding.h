#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace scopebench {

// application/x-www-form-urlencoded as OAuth uses it: request bodies, and the client id and
// secret before Base64 in client_secret_basic (RFC 6749 §2.3.1, Appendix B).
class FormEncoding {
public:
    using Fields = QList<QPair<QString, QString>>;

    static QByteArray encode(const QString &value);
    static QString decode(const QByteArray &encoded);
    static QByteArray encodeFields(const Fields &fields);
    // Every name=value pair in order; a pair without '=' has an empty value.
    static Fields parseFields(const QByteArray &body);
    // The value of the first field named `name`, and whether it occurred more than once.
    static QString value(const Fields &fields, const QString &name);
    static QStringList values(const Fields &fields, const QString &name);
    static bool has(const Fields &fields, const QString &name);

    // "Basic " + Base64(form(id) ":" form(secret))
    static QByteArray basicAuthorization(const QString &clientId, const QString &clientSecret);
    // The reverse; false when the header is not a well-formed Basic credential.
    static bool parseBasicAuthorization(const QByteArray &header, QString *clientId,
                                        QString *clientSecret);
};

} // namespace scopebench
