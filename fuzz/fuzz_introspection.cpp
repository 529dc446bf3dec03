// The introspection response reader (IntrospectionResponse::parse, RFC 7662 §2.2).
#include "introspection/IntrospectionResponse.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray body(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto r = scopebench::IntrospectionResponse::parse(body);
    // A failed read never says the token is active.
    if (!r.ok() && r.facts.active)
        abort();
    return 0;
}
