#pragma once

#include <QString>

namespace scopebench {

// Why an introspection gave no usable answer. Every one of these is a 503 in the decision
// (docs/decision.md, step 5) and is never cached.
enum class IntrospectionError {
    None,
    InvalidSettings,  // no URL, or not http(s)
    Cancelled,        // IntrospectionReply::cancel()
    Timeout,          // no complete answer within timeoutMs
    ConnectionFailed, // refused, reset, closed early, host not found
    TlsError,         // certificate or handshake failure; never ignored
    Redirect,         // a 3xx: redirects are not followed
    HttpStatus,       // any status but 200 (401 and 500 included)
    ResponseTooLarge, // more than IntrospectionResponse::maxBodySize
    NotJson,          // not a JSON object (HTML error pages land here)
    MissingActive,    // no "active" member
    WrongFieldType,   // "active" not a boolean, "scope" not a string, "exp" not a number, ...
};

// The stable name used in messages, the CLI's JSON and tests: "timeout", "http_status", ...
QString introspectionErrorName(IntrospectionError error);

} // namespace scopebench
