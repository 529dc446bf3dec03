#include "Documentation.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace scopebench {

QStringList Documentation::candidates() {
    const QString readme = QStringLiteral("README.md");
    const QString docDir = QStringLiteral(SCOPEBENCH_INSTALL_DOCDIR);
    // GNUInstallDirs gives a path relative to the prefix unless configured otherwise; the binary
    // is in <prefix>/bin.
    const QString installed =
        QDir::isAbsolutePath(docDir)
            ? docDir
            : QCoreApplication::applicationDirPath() + QStringLiteral("/../") + docDir;
    return {QDir::cleanPath(installed + u'/' + readme),
            QDir::cleanPath(QStringLiteral(SCOPEBENCH_SOURCE_DIR) + u'/' + readme)};
}

QUrl Documentation::location() {
    for (const QString &file : candidates()) {
        if (QFileInfo(file).isFile())
            return QUrl::fromLocalFile(file);
    }
    return QUrl();
}

} // namespace scopebench
