#pragma once

#include "decision/TokenFacts.h"
#include "introspection/IntrospectionError.h"

#include <QByteArray>

namespace scopebench {

// Strict validation of an RFC 7662 §2.2 response body.
struct IntrospectionResponse {
    static constexpr qsizetype maxBodySize = 1024 * 1024;

    IntrospectionError error = IntrospectionError::None;
    QString detail; // with an error: which member and what was wrong (never the token)
    TokenFacts facts;

    bool ok() const { return error == IntrospectionError::None; }

    // `active` must be a boolean; scope, client_id, username, token_type, sub, iss and jti
    // strings; exp, iat and nbf numbers; aud a string or an array of strings. A member that is
    // null counts as absent. Members the RFC does not name are kept in facts.raw only.
    static IntrospectionResponse parse(const QByteArray &body);
};

} // namespace scopebench
