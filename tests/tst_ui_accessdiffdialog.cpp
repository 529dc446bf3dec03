#include "AccessDiffDialog.h"
#include "MainWindow.h"
#include "PolicyDocument.h"
#include "SetCellCommand.h"
#include "policy/PolicyFile.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

using namespace scopebench;

// The access diff in the app: File > Compare with... and the question before a save that widens
// access. Driven through objectNames, with the window's real dialog runner (exec) answered from
// a timer, so the modal path the user sees is the one tested.
class tst_UiAccessDiffDialog : public QObject {
    Q_OBJECT

    QTemporaryDir m_settingsDir;
    QTemporaryDir m_files;
    MainWindow *m_window = nullptr;
    QString m_saved;

    static AccessDiffDialog *openDialog() {
        for (QWidget *w : QApplication::topLevelWidgets()) {
            if (w->objectName() == QLatin1String("accessDiffDialog") && w->isVisible())
                return qobject_cast<AccessDiffDialog *>(w);
        }
        return nullptr;
    }

    // Opens File > Compare with... on the saved file and returns the lines of the diff shown.
    QStringList compare(QString *verdict) {
        m_window->setFileChooser([this](MainWindow::FileChoice) { return m_saved; });
        auto *action = m_window->findChild<QAction *>(QStringLiteral("compareAction"));
        if (!action)
            return {QStringLiteral("no compareAction")};
        action->trigger();
        AccessDiffDialog *dialog = openDialog();
        if (!dialog)
            return {QStringLiteral("no dialog")};
        *verdict = dialog->findChild<QLabel *>(QStringLiteral("accessDiffVerdict"))->text();
        auto *list = dialog->findChild<QListWidget *>(QStringLiteral("accessDiffList"));
        QStringList lines;
        for (int i = 0; i < list->count(); ++i)
            lines.append(list->item(i)->text());
        dialog->findChild<QPushButton *>(QStringLiteral("accessDiffClose"))->click();
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
        return lines;
    }

    // An edit a user makes in the matrix: delete_tag no longer needs tags:write, so any token
    // with server access may delete tags.
    void widen() {
        m_window->document()->undoStack()->push(
            new SetCellCommand(m_window->document(), QStringLiteral("delete_tag"), 0,
                               QStringLiteral("tags:write"), false));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_settingsDir.isValid());
        QVERIFY(m_files.isValid());
        QCoreApplication::setOrganizationName(QStringLiteral("ScopebenchTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_ui_accessdiffdialog"));
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    }

    void init() {
        QSettings().clear();
        m_window = new MainWindow;
        m_window->setUnsavedQuestion([](const QString &) { return QMessageBox::Discard; });
        m_window->document()->openExample();
        m_saved = m_files.filePath(QStringLiteral("policy.json"));
        QVERIFY(m_window->saveAs(m_saved));
        m_window->show();
    }

    void cleanup() {
        delete m_window;
        m_window = nullptr;
        QFile::remove(m_saved);
    }

    void coverageIsATab() {
        auto *tabs = m_window->findChild<QTabWidget *>(QStringLiteral("editorTabs"));
        QVERIFY(tabs);
        auto *panel = m_window->findChild<QWidget *>(QStringLiteral("coveragePanel"));
        QVERIFY(panel);
        QVERIFY(tabs->indexOf(panel) >= 0);
        QVERIFY(panel->findChild<QTableView *>(QStringLiteral("coverageTable")));
    }

    void undoHistoryAndDiffAgree() {
        QString verdict;
        QCOMPARE(compare(&verdict), QStringList());
        QVERIFY2(verdict.contains(QStringLiteral("identical")), qPrintable(verdict));

        widen();
        const QStringList lines = compare(&verdict);
        QVERIFY2(verdict.contains(QStringLiteral("WIDENED")), qPrintable(verdict));
        QVERIFY(!lines.isEmpty());
        QVERIFY2(lines.first().contains(QStringLiteral("can now call `delete_tag`")),
                 qPrintable(lines.join(QLatin1Char('\n'))));
        for (const auto &l : lines)
            QVERIFY(l.startsWith(QStringLiteral("+ ")));

        m_window->document()->undoStack()->undo();
        QCOMPARE(compare(&verdict), QStringList());
        QVERIFY(verdict.contains(QStringLiteral("identical")));

        m_window->document()->undoStack()->redo();
        QCOMPARE(compare(&verdict), lines);
    }

    void widenedFirstInRed() {
        // Widen delete_tag and narrow the server level at once: the widened lines come first.
        widen();
        m_window->document()->undoStack()->push(new SetCellCommand(
            m_window->document(), QString(), 0, QStringLiteral("entries:read"), true));
        const AccessDiff diff =
            AccessDiff::compute(PolicyFile::load(m_saved).value(), m_window->document()->policy());
        QVERIFY(!diff.widened().isEmpty());
        QVERIFY(!diff.narrowed().isEmpty());
        AccessDiffDialog dialog(diff, QStringLiteral("policy.json"),
                                AccessDiffDialog::Mode::Compare);
        auto *list = dialog.findChild<QListWidget *>(QStringLiteral("accessDiffList"));
        const int widened = int(diff.widened().size());
        QCOMPARE(list->count(), widened + int(diff.narrowed().size()));
        for (int i = 0; i < list->count(); ++i) {
            QCOMPARE(list->item(i)->data(Qt::UserRole).toBool(), i < widened);
            QCOMPARE(list->item(i)->foreground().color() == QColor(0xb7, 0x1c, 0x1c), i < widened);
        }
    }

    void saveThatWidensAsksAndCancelKeepsTheFile() {
        widen();
        const QByteArray before = [this] {
            QFile f(m_saved);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        bool asked = false;
        QTimer::singleShot(0, this, [&] {
            AccessDiffDialog *dialog = openDialog();
            QVERIFY(dialog);
            asked = true;
            QVERIFY(
                dialog->findChild<QPushButton *>(QStringLiteral("accessDiffCancel"))->isDefault());
            dialog->findChild<QPushButton *>(QStringLiteral("accessDiffCancel"))->click();
        });
        QVERIFY(!m_window->save());
        QVERIFY(asked);
        QVERIFY(m_window->document()->isModified());
        QFile f(m_saved);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);
    }

    void saveThatWidensAsksAndSaveWrites() {
        widen();
        bool asked = false;
        QTimer::singleShot(0, this, [&] {
            AccessDiffDialog *dialog = openDialog();
            QVERIFY(dialog);
            asked = true;
            dialog->findChild<QPushButton *>(QStringLiteral("accessDiffSave"))->click();
        });
        QVERIFY(m_window->save());
        QVERIFY(asked);
        QVERIFY(!m_window->document()->isModified());
        // Saved: nothing left to confirm, and the file has the edit.
        QString verdict;
        QCOMPARE(compare(&verdict), QStringList());
    }

    // With SCOPEBENCH_SCREENSHOTS=DIR: the Coverage tab and the diff before a widening save, as
    // a user sees them (run under a real display to look at them).
    void screenshots() {
        const QString dir = qEnvironmentVariable("SCOPEBENCH_SCREENSHOTS");
        m_window->resize(1366, 768);
        m_window->findChild<QTabWidget *>(QStringLiteral("editorTabs"))
            ->setCurrentWidget(m_window->findChild<QWidget *>(QStringLiteral("coveragePanel")));
        widen();
        QTest::qWait(50);
        const QPixmap window = m_window->grab();
        QVERIFY(!window.isNull());
        QPixmap dialogShot;
        QTimer::singleShot(0, this, [&] {
            AccessDiffDialog *dialog = openDialog();
            QVERIFY(dialog);
            QTest::qWait(50);
            dialogShot = dialog->grab();
            dialog->reject();
        });
        QVERIFY(!m_window->save());
        QVERIFY(!dialogShot.isNull());
        if (!dir.isEmpty()) {
            QDir().mkpath(dir);
            QVERIFY(window.save(QDir(dir).filePath(QStringLiteral("coverage-tab.png"))));
            QVERIFY(dialogShot.save(QDir(dir).filePath(QStringLiteral("access-diff-save.png"))));
        }
    }

    void saveThatNarrowsDoesNotAsk() {
        m_window->document()->undoStack()->push(new SetCellCommand(
            m_window->document(), QString(), 0, QStringLiteral("entries:read"), true));
        bool asked = false;
        QTimer::singleShot(0, this, [&] {
            if (AccessDiffDialog *dialog = openDialog()) {
                asked = true;
                dialog->reject();
            }
        });
        QVERIFY(m_window->save());
        QVERIFY(!asked);
        QTest::qWait(0);
        QVERIFY(!asked);
    }
};

QTEST_MAIN(tst_UiAccessDiffDialog)
#include "tst_ui_accessdiffdialog.moc"
