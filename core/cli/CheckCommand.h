#pragma once

#include <QStringList>
#include <QTextStream>

namespace scopebench {

// `scopebench check`: the decision for simulated token facts. Exit 0 allow, 1 deny.
class CheckCommand {
public:
    static int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
};

} // namespace scopebench
