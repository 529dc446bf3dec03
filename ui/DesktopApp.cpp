#include "DesktopApp.h"

#include <QApplication>
#include <QLabel>

namespace scopebench {

int runDesktopApp(int &argc, char **argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Scopebench"));
    QApplication::setOrganizationName(QStringLiteral("Scopebench"));
    QLabel label(QStringLiteral("Scopebench"));
    label.show();
    return QApplication::exec();
}

} // namespace scopebench
