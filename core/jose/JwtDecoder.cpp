#include "jose/JwtDecoder.h"

#include <QJsonDocument>

namespace scopebench {

namespace {

std::optional<QJsonObject> objectOf(const QString &part) {
    const auto decoded = QByteArray::fromBase64Encoding(
        part.toLatin1(), QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*decoded, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

} // namespace

std::optional<JwtDecoder::Parts> JwtDecoder::decode(const QString &token) {
    const QStringList parts = token.trimmed().split(u'.');
    if (parts.size() != 3)
        return std::nullopt;
    const auto header = objectOf(parts.at(0));
    const auto claims = objectOf(parts.at(1));
    if (!header || !claims)
        return std::nullopt;
    return Parts{*header, *claims};
}

} // namespace scopebench
