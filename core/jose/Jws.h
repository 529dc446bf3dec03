#pragma once

#include "common/Result.h"
#include "jose/JwsAlgorithm.h"
#include "jose/PublicKey.h"
#include "jose/SigningKey.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>

namespace scopebench {

// A JWS in compact serialization (RFC 7515 §7.1), split and decoded but not verified.
struct CompactJws {
    QByteArray signingInput; // BASE64URL(header) '.' BASE64URL(payload), as received
    QByteArray headerBytes;
    QJsonObject header;
    QByteArray payload;
    QByteArray signature;
};

class Jws {
public:
    static constexpr qsizetype DefaultMaxBytes = 16 * 1024;

    // Splits and decodes a compact JWS of at most `maxBytes`. Refuses (Error::id in brackets):
    // more than `maxBytes` [jws-size]; five parts, a JWE [jws-jwe]; anything but three parts
    // [jws-parts]; a part that is not strict base64url [jws-base64url]; a header that is not a
    // JSON object, or repeats a member name (RFC 7515 §5.2) [jws-header]. An empty signature
    // (an unsecured JWS) parses, so that the caller can name "alg": "none" as the reason; verify()
    // refuses it.
    static Result<CompactJws> parse(QByteArrayView token, qsizetype maxBytes = DefaultMaxBytes);

    // Whether `signature` (JOSE form) signs `signingInput` under `key` with `alg`. PS* use
    // MGF1 with the same hash and a salt as long as the hash (RFC 7518 §3.5). [jws-signature]
    static Status verify(JwsAlgorithm alg, const PublicKey &key, QByteArrayView signingInput,
                         QByteArrayView signature);

    // A compact JWS of `payload` with `header`, to which "alg" (and the key's "kid", unless the
    // header has one) are added. A header whose "alg" is not the key's is refused.
    static Result<QByteArray> sign(QJsonObject header, const QByteArray &payload,
                                   const SigningKey &key);
    // Signs exactly these header bytes (no checks): for tests that need odd headers.
    static Result<QByteArray> signExactHeader(const QByteArray &headerJson,
                                              const QByteArray &payload, const SigningKey &key);

    // ECDSA signatures: DER (what OpenSSL makes) <-> the fixed-length R||S JOSE uses (RFC 7518
    // §3.4), `coordinateBytes` being 32, 48 or 66.
    static Result<QByteArray> ecdsaDerToRaw(QByteArrayView der, int coordinateBytes);
    static Result<QByteArray> ecdsaRawToDer(QByteArrayView raw, int coordinateBytes);
};

} // namespace scopebench
