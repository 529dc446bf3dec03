#pragma once

#include <QStringList>
#include <QTextStream>

namespace scopebench {

// `scopebench serve`: the protected MCP endpoint with the built-in test authorization server (or
// an external introspection URL), until SIGINT or SIGTERM.
class ServeCommand {
public:
    static int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
};

} // namespace scopebench
