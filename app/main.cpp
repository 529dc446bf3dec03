#include "cli/CommandLine.h"

#ifdef SCOPEBENCH_WITH_GUI
#include "DesktopApp.h"
#endif

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char **argv) {
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));

#ifdef SCOPEBENCH_WITH_GUI
    if (!scopebench::CommandLine::wantsCommandLine(arguments))
        return scopebench::runDesktopApp(argc, argv);
#endif
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("scopebench"));
    QTextStream out(stdout);
    QTextStream err(stderr);
    return scopebench::CommandLine::run(arguments, out, err);
}
