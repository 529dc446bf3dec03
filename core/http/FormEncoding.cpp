#include "http/FormEncoding.h"

#include <QUrl>

namespace scopebench {

QByteArray FormEncoding::encode(const QString &value) {
    QByteArray out = QUrl::toPercentEncoding(value, QByteArrayLiteral(" "));
    out.replace(' ', '+');
    return out;
}

QString FormEncoding::decode(const QByteArray &encoded) {
    QByteArray plus = encoded;
    plus.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(plus));
}

QByteArray FormEncoding::encodeFields(const Fields &fields) {
    QByteArray out;
    for (const auto &f : fields) {
        if (!out.isEmpty())
            out += '&';
        out += encode(f.first) + '=' + encode(f.second);
    }
    return out;
}

FormEncoding::Fields FormEncoding::parseFields(const QByteArray &body) {
    Fields fields;
    const QList<QByteArray> parts = body.split('&');
    for (const QByteArray &part : parts) {
        if (part.isEmpty())
            continue;
        const qsizetype eq = part.indexOf('=');
        if (eq < 0)
            fields.append({decode(part), QString()});
        else
            fields.append({decode(part.left(eq)), decode(part.mid(eq + 1))});
    }
    return fields;
}

QString FormEncoding::value(const Fields &fields, const QString &name) {
    for (const auto &f : fields) {
        if (f.first == name)
            return f.second;
    }
    return QString();
}

QStringList FormEncoding::values(const Fields &fields, const QString &name) {
    QStringList out;
    for (const auto &f : fields) {
        if (f.first == name)
            out.append(f.second);
    }
    return out;
}

bool FormEncoding::has(const Fields &fields, const QString &name) {
    for (const auto &f : fields) {
        if (f.first == name)
            return true;
    }
    return false;
}

QByteArray FormEncoding::basicAuthorization(const QString &clientId, const QString &clientSecret) {
    const QByteArray pair = encode(clientId) + ':' + encode(clientSecret);
    return QByteArrayLiteral("Basic ") + pair.toBase64();
}

bool FormEncoding::parseBasicAuthorization(const QByteArray &header, QString *clientId,
                                           QString *clientSecret) {
    const QByteArray trimmed = header.trimmed();
    const qsizetype space = trimmed.indexOf(' ');
    if (space <= 0 || trimmed.left(space).toLower() != "basic")
        return false;
    const auto decoded = QByteArray::fromBase64Encoding(trimmed.mid(space + 1).trimmed(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return false;
    const qsizetype colon = decoded.decoded.indexOf(':');
    if (colon < 0)
        return false;
    *clientId = decode(decoded.decoded.left(colon));
    *clientSecret = decode(decoded.decoded.mid(colon + 1));
    return !clientId->isEmpty();
}

} // namespace scopebench
