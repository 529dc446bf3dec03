#pragma once

#include <QString>

namespace scopebench {

// Command lines for a POSIX shell that reproduce a request: what the desktop app's curl tab and
// `serve`'s banner print. Tokens are always the shell variable $TOKEN and secrets a variable or a
// placeholder, so a command can be pasted anywhere without carrying one.
class CurlCommand {
public:
    // One curl command that sends the previewed request to a running endpoint and works as
    // pasted: MCP 2026-07-28, which needs no initialize and no session (docs/endpoint.md). A
    // tools/call of `tool`, or server/discover when `tool` is empty.
    static QString build(const QString &endpointUrl, const QString &tool);
    static QString protocolVersion() { return QStringLiteral("2026-07-28"); }

    // How to pass the client secret to mintToken().
    struct Secret {
        QString value;    // printed as given (a secret the server made up for this run)
        QString variable; // otherwise: "$VARIABLE" when set (a secret the operator supplied)
    };
    // client_credentials at `tokenEndpoint` for `scope`, with the RFC 8707 resource.
    static QString mintToken(const QString &tokenEndpoint, const QString &clientId,
                             const Secret &secret, const QString &scope, const QString &resource);

    // `text` in single quotes, any single quote in it closed, escaped and reopened.
    static QString shellQuote(const QString &text);
    // "$NAME" (double-quoted) for a name the shell accepts as a variable; otherwise a
    // placeholder for the user to fill in, never the name itself (it could be a command).
    static QString shellVariable(const QString &name);
};

} // namespace scopebench
