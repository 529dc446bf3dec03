#pragma once

// Internal to core/jose: owning pointers for OpenSSL objects and its error queue as text.
// Nothing outside core/jose includes OpenSSL headers.

#include <QString>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

#include <memory>

namespace scopebench::ossl {

struct Free {
    void operator()(EVP_PKEY *p) const { EVP_PKEY_free(p); }
    void operator()(EVP_PKEY_CTX *p) const { EVP_PKEY_CTX_free(p); }
    void operator()(EVP_MD_CTX *p) const { EVP_MD_CTX_free(p); }
    void operator()(BIGNUM *p) const { BN_free(p); }
    void operator()(BIO *p) const { BIO_free(p); }
    void operator()(OSSL_PARAM_BLD *p) const { OSSL_PARAM_BLD_free(p); }
    void operator()(OSSL_PARAM *p) const { OSSL_PARAM_free(p); }
};

template <typename T> using Owned = std::unique_ptr<T, Free>;

// The oldest error on this thread's OpenSSL queue, and the queue emptied, so one failure does not
// show up in the next unrelated message.
inline QString lastError() {
    const unsigned long code = ERR_get_error();
    ERR_clear_error();
    if (code == 0)
        return QStringLiteral("unknown OpenSSL error");
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return QString::fromLatin1(text);
}

// The RSASSA-PSS parameters of RFC 7518 §3.5: salt as long as the hash (MGF1 with the same hash
// is OpenSSL's default), for EVP_DigestSignInit_ex / EVP_DigestVerifyInit_ex.
struct PssParams {
    OSSL_PARAM params[3] = {
        OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_PAD_MODE,
                                         const_cast<char *>(OSSL_PKEY_RSA_PAD_MODE_PSS), 0),
        OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_PSS_SALTLEN,
                                         const_cast<char *>(OSSL_PKEY_RSA_PSS_SALT_LEN_DIGEST), 0),
        OSSL_PARAM_construct_end()};
};

inline std::shared_ptr<EVP_PKEY> share(EVP_PKEY *key) {
    return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

} // namespace scopebench::ossl
