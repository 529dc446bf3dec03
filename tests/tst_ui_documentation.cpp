#include "Documentation.h"
#include "MainWindow.h"

#include <QAction>
#include <QDir>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace scopebench;

// Help > Documentation (defect 11 of the desktop app): opens the README through a seam, so no
// browser or editor starts here.
class TestDocumentation : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_settingsDir.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("ScopebenchTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_documentation"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    }

    void candidatesAreInstalledThenSource() {
        const QStringList candidates = Documentation::candidates();
        QCOMPARE(candidates.size(), 2);
        QVERIFY2(candidates.at(0).endsWith(QLatin1String("/README.md")),
                 qPrintable(candidates.at(0)));
        QVERIFY2(candidates.at(0).contains(QLatin1String("/doc/")), qPrintable(candidates.at(0)));
        QCOMPARE(candidates.at(1), QDir::cleanPath(qEnvironmentVariable("SCOPEBENCH_SOURCE_DIR") +
                                                   QStringLiteral("/README.md")));
    }

    void helpMenuOpensTheReadme() {
        MainWindow window;
        QList<QUrl> asked;
        window.setUrlOpener([&asked](const QUrl &url) {
            asked.append(url);
            return true;
        });
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));

        auto *action = window.findChild<QAction *>(QStringLiteral("documentationAction"));
        QVERIFY(action);
        QVERIFY(action->isEnabled());
        // It is in the Help menu.
        QMenu *help = nullptr;
        for (QAction *menu : window.menuBar()->actions()) {
            if (menu->text() == QLatin1String("&Help"))
                help = menu->menu();
        }
        QVERIFY(help);
        QVERIFY(help->actions().contains(action));

        // F1, as a user asks for help.
        QTest::keyClick(&window, Qt::Key_F1);
        const QUrl readme = QUrl::fromLocalFile(QDir::cleanPath(
            qEnvironmentVariable("SCOPEBENCH_SOURCE_DIR") + QStringLiteral("/README.md")));
        QCOMPARE(asked, QList<QUrl>{readme});

        // From the menu, opened with the mouse.
        help->popup(window.mapToGlobal(QPoint(0, 0)));
        QVERIFY(QTest::qWaitForWindowExposed(help));
        QTest::mouseClick(help, Qt::LeftButton, {}, help->actionGeometry(action).center());
        QCOMPARE(asked, (QList<QUrl>{readme, readme}));

        // When nothing can open it, the status bar says so.
        window.setUrlOpener([](const QUrl &) { return false; });
        action->trigger();
        QVERIFY2(window.statusBar()->currentMessage().contains(QLatin1String("README.md")),
                 qPrintable(window.statusBar()->currentMessage()));
        window.setUnsavedQuestion([](const QString &) { return QMessageBox::Discard; });
    }

private:
    QTemporaryDir m_settingsDir;
};

QTEST_MAIN(TestDocumentation)
#include "tst_ui_documentation.moc"
