#include "authserver/Secrets.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

namespace scopebench::Secrets {

QString randomToken(int bytes) {
    QByteArray raw(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->generate(raw.begin(), raw.end());
    return QString::fromLatin1(
        raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray keyOf(const QString &secret) {
    return QCryptographicHash::hash(secret.toUtf8(), QCryptographicHash::Sha256);
}

bool constantTimeEquals(const QString &a, const QString &b) {
    const QByteArray x = keyOf(a);
    const QByteArray y = keyOf(b);
    unsigned char diff = 0;
    for (qsizetype i = 0; i < x.size(); ++i)
        diff |= static_cast<unsigned char>(x.at(i) ^ y.at(i));
    return diff == 0;
}

} // namespace scopebench::Secrets
