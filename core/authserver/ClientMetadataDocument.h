#pragma once

#include "authserver/ClientRegistry.h"
#include "common/Result.h"

#include <QByteArray>
#include <QString>

namespace scopebench {

// OAuth Client ID Metadata Documents (draft-ietf-oauth-client-id-metadata-document; the MCP
// specification 2025-11-25, "Client ID Metadata Documents"): a client_id that is an https URL
// naming a JSON document of RFC 7591 client metadata. The pure part: which URLs may be fetched
// and what a fetched document must say. Every error's id is a stable reason for tests and tools
// (docs/introspection-and-test-authorization-server.md lists them); its `where` is the OAuth
// error code the error page shows.
namespace ClientMetadataDocument {

// A document is a few hundred bytes; anything much larger is refused while it is read.
constexpr qsizetype maxDocumentBytes = 5 * 1024;

// Whether `clientId` is meant as a metadata document URL (and not a registered client's id).
bool isUrlClientId(const QString &clientId);

// Empty when `url` may be fetched: https with a host and a path other than "/", no fragment, no
// user info, no "." or ".." path segment, and no loopback host. With `httpLoopbackTestMode`, an
// http (or https) URL on a loopback host is accepted too: there is no https peer in a test.
Status urlProblem(const QString &url, bool httpLoopbackTestMode);

// Checks a fetched document against the URL it came from and gives the client it describes:
// a JSON object whose client_id is exactly `url`, redirect_uris that RFC 8252 allows, a public
// client (token_endpoint_auth_method "none" or absent; never a shared secret), grant types and
// response types this server supports. The client's id is the URL, its name the document's
// client_name (else the URL's host).
Result<ClientRegistry::Client> parse(const QByteArray &body, const QString &url);

// Whether a response's Content-Type is JSON: application/json or application/<something>+json.
bool isJsonContentType(const QByteArray &contentType);

// The host a user should see next to the client's name (the draft's phishing advice).
QString hostOf(const QString &url);

} // namespace ClientMetadataDocument

} // namespace scopebench
