#include "jose/Base64Url.h"

namespace scopebench {

namespace {

int valueOf(char c) {
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '-')
        return 62;
    if (c == '_')
        return 63;
    return -1;
}

} // namespace

QByteArray Base64Url::encode(QByteArrayView data) {
    return data.toByteArray().toBase64(QByteArray::Base64UrlEncoding |
                                       QByteArray::OmitTrailingEquals);
}

std::optional<QByteArray> Base64Url::decode(QByteArrayView text) {
    if (text.size() % 4 == 1)
        return std::nullopt;
    for (const char c : text) {
        if (valueOf(c) < 0)
            return std::nullopt;
    }
    // A last character that carries bits beyond the data would decode the same as its canonical
    // spelling; refusing it keeps signatures and key members from having two spellings.
    if (!text.isEmpty()) {
        const int last = valueOf(text.back());
        const int unusedBits = text.size() % 4 == 2 ? 4 : text.size() % 4 == 3 ? 2 : 0;
        if (unusedBits && (last & ((1 << unusedBits) - 1)) != 0)
            return std::nullopt;
    }
    auto decoded = QByteArray::fromBase64Encoding(text.toByteArray(),
                                                  QByteArray::Base64UrlEncoding |
                                                      QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return std::move(decoded.decoded);
}

} // namespace scopebench
