#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace scopebench {

// base64url without padding (RFC 7515 §2 and appendix C), as JOSE uses it.
class Base64Url {
public:
    static QByteArray encode(QByteArrayView data);
    // Strict: only the 64 characters of the URL-safe alphabet, no '=', no white space, no length
    // that cannot come from encode() (4n+1), and no set bits in the unused low bits of the last
    // character, so every value has exactly one accepted spelling. Empty input decodes to empty.
    static std::optional<QByteArray> decode(QByteArrayView text);
};

} // namespace scopebench
