#pragma once

#include "jose/JwsAlgorithm.h"

#include <memory>

struct evp_pkey_st; // OpenSSL's EVP_PKEY; only core/jose sees its definition

namespace scopebench {

// A key that verifies signatures: a shared, immutable OpenSSL EVP_PKEY (the private half may be
// there when it comes from a SigningKey; verification uses only the public one).
class PublicKey {
public:
    PublicKey() = default;
    explicit PublicKey(std::shared_ptr<evp_pkey_st> key)
        : m_key(std::move(key)) {}

    bool isNull() const { return !m_key; }
    evp_pkey_st *handle() const { return m_key.get(); }

private:
    std::shared_ptr<evp_pkey_st> m_key;
};

} // namespace scopebench
