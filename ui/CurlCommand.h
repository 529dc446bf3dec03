#pragma once

#include <QString>

namespace scopebench {

// A curl command that sends the previewed request to a running endpoint. The token is always the
// shell variable $TOKEN, never the token itself, so the command can be pasted anywhere.
class CurlCommand {
public:
    static QString build(const QString &endpointUrl, const QString &tool);
};

} // namespace scopebench
