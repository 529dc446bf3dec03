// The WWW-Authenticate parser (ChallengeParser, RFC 9110 §11.6.1).
#include "decision/ChallengeParser.h"

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray field(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto parsed = scopebench::ChallengeParser::parse(field);
    if (parsed.ok()) {
        for (const auto &c : parsed.value()) {
            (void)c.isScheme(QStringLiteral("Bearer"));
            (void)c.param(QStringLiteral("scope"));
        }
    }
    return 0;
}
