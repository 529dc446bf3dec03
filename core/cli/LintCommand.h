#pragma once

#include <QStringList>
#include <QTextStream>

namespace scopebench {

// `scopebench lint`: review a policy file. Exit 1 when there are errors (or it cannot be read).
class LintCommand {
public:
    static int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
};

} // namespace scopebench
