#include "PolicyDocument.h"
#include "ProbePanel.h"
#include "mcp/EndpointRunner.h"
#include "policy/PolicyFile.h"

#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace scopebench;

namespace {
const char *Secret = "probe-panel-secret-0123456789";
}

class tst_UiProbePanel : public QObject {
    Q_OBJECT
private:
    template <typename T> static T *child(QWidget *w, const char *name) {
        return w->findChild<T *>(QString::fromLatin1(name));
    }

private Q_SLOTS:
    // The panel probes our endpoint with the document's policy: a green matrix, a cell shows
    // both answers and its transcript, the export has no secret. Then the document changes one
    // tool's scope and the run shows red cells in exactly that column.
    void probesTheEditedPolicy() {
        EndpointRunner runner;
        RunnerSettings settings;
        settings.endpoint.port = 0;
        settings.policy = PolicyFile::load(PolicyFile::bundledExample()).value();
        settings.testClientSecret = QString::fromLatin1(Secret);
        QSignalSpy started(&runner, &EndpointRunner::started);
        runner.start(settings);
        QVERIFY(started.wait(10000));

        PolicyDocument document;
        document.openExample();
        ProbePanel panel(&document);
        panel.show();
        child<QLineEdit>(&panel, "probeUrl")->setText(runner.endpointUrl().toString());
        auto *grant = child<QComboBox>(&panel, "probeGrant");
        grant->setCurrentIndex(grant->findData(QStringLiteral("client_credentials")));
        child<QLineEdit>(&panel, "probeClientId")->setText(runner.testClientId());
        child<QLineEdit>(&panel, "probeClientSecret")->setText(QString::fromLatin1(Secret));
        QSignalSpy finished(&panel, &ProbePanel::finished);
        QTest::mouseClick(child<QPushButton>(&panel, "probeRun"), Qt::LeftButton);
        QVERIFY(!child<QPushButton>(&panel, "probeRun")->isEnabled());
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.takeFirst().at(0).toBool(), true);

        auto *matrix = child<QTableWidget>(&panel, "probeMatrix");
        QCOMPARE(matrix->columnCount(), 1 + int(document.policy().toolScopes.size()));
        QVERIFY(matrix->rowCount() >= 7);
        const QProgressBar *progress = child<QProgressBar>(&panel, "probeProgress");
        QCOMPARE(progress->value(), progress->maximum());
        for (int r = 0; r < matrix->rowCount(); ++r) {
            for (int c = 0; c < matrix->columnCount(); ++c)
                QCOMPARE(matrix->item(r, c)->background().color(), QColor(0xc8, 0xe6, 0xc9));
        }
        matrix->setCurrentCell(0, 1); // no token, a tool call: 401 both sides
        const QString predicted = child<QPlainTextEdit>(&panel, "probePredicted")->toPlainText();
        const QString observed = child<QPlainTextEdit>(&panel, "probeObserved")->toPlainText();
        QVERIFY2(predicted.contains(QStringLiteral("status: 401")), qPrintable(predicted));
        QVERIFY2(observed.contains(QStringLiteral("status: 401")), qPrintable(observed));
        QVERIFY(!predicted.contains(QStringLiteral("\n! ")));
        QVERIFY(child<QPlainTextEdit>(&panel, "probeTranscript")
                    ->toPlainText()
                    .contains(QStringLiteral("POST")));

        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("probe.json"));
        panel.setFileChooser([&](const QString &) { return file; });
        QTest::mouseClick(child<QPushButton>(&panel, "probeExportJson"), Qt::LeftButton);
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray json = f.readAll();
        QVERIFY(QJsonDocument::fromJson(json).object().value(QLatin1String("allMatch")).toBool());
        QVERIFY(!json.contains(Secret));

        // The operator edits the policy: create_tag now needs tags:read. The next run probes that.
        Policy edited = document.policy();
        for (ToolRequirement &t : edited.toolScopes) {
            if (t.tool == QLatin1String("create_tag"))
                t.alternatives = {{QStringLiteral("tags:read")}};
        }
        document.replacePolicy(edited);
        QTest::mouseClick(child<QPushButton>(&panel, "probeRun"), Qt::LeftButton);
        QVERIFY(finished.wait(120000));
        QCOMPARE(finished.takeFirst().at(0).toBool(), false);
        int column = -1;
        for (int c = 0; c < matrix->columnCount(); ++c) {
            if (matrix->horizontalHeaderItem(c)->text() == QLatin1String("create_tag"))
                column = c;
        }
        QVERIFY(column > 0);
        int red = 0;
        for (int r = 0; r < matrix->rowCount(); ++r) {
            for (int c = 0; c < matrix->columnCount(); ++c) {
                const bool mismatch =
                    matrix->item(r, c)->background().color() == QColor(0xff, 0xcd, 0xd2);
                QVERIFY(!mismatch || c == column);
                red += mismatch ? 1 : 0;
                if (mismatch) {
                    matrix->setCurrentCell(r, c);
                    QVERIFY(child<QPlainTextEdit>(&panel, "probeTranscript")
                                ->toPlainText()
                                .contains(QStringLiteral("POST")));
                    QVERIFY(child<QPlainTextEdit>(&panel, "probeObserved")
                                ->toPlainText()
                                .contains(QStringLiteral("! ")));
                }
            }
        }
        QCOMPARE(red, 2);

        // scripts/screenshots.sh: the panel with the planted mismatch selected.
        const QString shots = qEnvironmentVariable("SCOPEBENCH_SCREENSHOTS");
        if (!shots.isEmpty()) {
            child<QLineEdit>(&panel, "probeClientSecret")->clear();
            panel.resize(1280, 720);
            QTest::qWait(50);
            QVERIFY(panel.grab().save(shots + QStringLiteral("/probe-panel.png")));
        }
    }
};

QTEST_MAIN(tst_UiProbePanel)
#include "tst_ui_probepanel.moc"
