#pragma once

#include <QStringList>
#include <QTextStream>

namespace scopebench {

// `scopebench introspect`: live RFC 7662 introspection of one token (cache-free), the parsed
// answer, and with --policy the decision. Exit 0 allow (or active), 1 deny (or inactive or
// failed), 2 usage error. The token comes from a file or standard input, the secret from an
// environment variable: neither is ever a plain argument, and the token is shown only as its
// fingerprint.
class IntrospectCommand {
public:
    static int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
};

} // namespace scopebench
