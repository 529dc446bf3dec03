// The policy loader (PolicyFile::parse from bytes); a policy it accepts must survive
// serialize -> parse unchanged.
#include "decision/CompiledPolicy.h"
#include "policy/PolicyFile.h"

#include <cstdint>
#include <cstdlib>

using scopebench::PolicyFile;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto policy = PolicyFile::parse(bytes);
    if (!policy.ok())
        return 0;
    const QByteArray once = PolicyFile::serialize(policy.value());
    const auto again = PolicyFile::parse(once);
    if (!again.ok() || PolicyFile::serialize(again.value()) != once)
        abort();
    const scopebench::CompiledPolicy compiled(policy.value(),
                                              QStringLiteral("http://127.0.0.1:8787/mcp"));
    (void)compiled.resource();
    return 0;
}
