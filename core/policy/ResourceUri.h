#pragma once

#include <QString>

namespace scopebench {

// The canonical URI of a protected resource (RFC 8707 §2, RFC 9728).
class ResourceUri {
public:
    // Empty when `uri` is usable as a resource: absolute http(s), a host, no fragment.
    static QString problem(const QString &uri);
    // For audience comparison: lowercase scheme and host, no default port, no trailing slash.
    static QString canonical(const QString &uri);
    // RFC 9728 §3.1: the well-known path inserted between the authority and the path.
    // Empty when problem(uri) is not: there is no metadata URL for an unusable resource.
    static QString metadataUrl(const QString &uri);
    // The root form: scheme://authority/.well-known/oauth-protected-resource; empty likewise.
    static QString rootMetadataUrl(const QString &uri);
};

} // namespace scopebench
