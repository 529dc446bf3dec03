#pragma once

#include <QStringList>
#include <QUrl>

namespace scopebench {

// Where Help ▸ Documentation points (docs/desktop-app.md): the README installed with the app
// (CMAKE_INSTALL_DOCDIR beside the binary's prefix, docs/ next to it), else the README of the
// source tree the app was built from, for a build that is run where it was made.
class Documentation {
public:
    // The README files tried, in order.
    static QStringList candidates();
    // The first candidate that exists, as a file URL; empty when there is none.
    static QUrl location();
};

} // namespace scopebench
