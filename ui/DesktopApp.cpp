#include "DesktopApp.h"

#include "MainWindow.h"

#include <QApplication>
#include <QIcon>

namespace scopebench {

int runDesktopApp(int &argc, char **argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Scopebench"));
    QApplication::setOrganizationName(QStringLiteral("Scopebench"));
    QApplication::setApplicationVersion(QStringLiteral(SCOPEBENCH_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("io.github.scopebench.Scopebench"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/scopebench/icons/scopebench.png")));
    MainWindow window;
    window.restoreSession();
    // `scopebench FILE.json` opens that policy (app/main.cpp leaves such arguments to us).
    const QStringList arguments = QApplication::arguments().mid(1);
    for (const QString &argument : arguments) {
        if (!argument.startsWith(u'-')) {
            window.openFile(argument);
            break;
        }
    }
    window.show();
    return QApplication::exec();
}

} // namespace scopebench
