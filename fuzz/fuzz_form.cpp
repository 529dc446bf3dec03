// Form decoding (application/x-www-form-urlencoded) and HTTP Basic credentials: a decoded
// value encodes and decodes to itself.
#include "http/FormEncoding.h"

#include <cstdint>
#include <cstdlib>

using scopebench::FormEncoding;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const FormEncoding::Fields fields = FormEncoding::parseFields(bytes);
    for (const auto &field : fields) {
        (void)field;
    }
    const QString decoded = FormEncoding::decode(bytes);
    if (FormEncoding::decode(FormEncoding::encode(decoded)) != decoded)
        abort();
    QString id, secret;
    (void)FormEncoding::parseBasicAuthorization(bytes, &id, &secret);
    return 0;
}
