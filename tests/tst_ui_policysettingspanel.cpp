#include "DecisionPreview.h"
#include "PolicyDocument.h"
#include "PolicyEditor.h"
#include "PolicySettingsPanel.h"

#include "decision/Simulation.h"

#include <QCheckBox>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTabWidget>
#include <QTest>
#include <QUndoStack>

using namespace scopebench;

// The policy settings the matrix does not show: each edit is one undo step that undo and redo
// restore exactly, the 403 description's expansion is shown as sent, a bad issuer is refused,
// and the decision preview follows the validation settings.
class TestPolicySettingsPanel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void editIsOneUndoStep_data();
    void editIsOneUndoStep();
    void typingMergesIntoOneStep();
    void descriptionPreviewIsExpandedAndSanitized();
    void badIssuerIsShownAndNotApplied_data();
    void badIssuerIsShownAndNotApplied();
    void undoRefreshesTheFields();
    void previewFollowsValidation_data();
    void previewFollowsValidation();
    void findingGoesToItsField_data();
    void findingGoesToItsField();

private:
    PolicyDocument *m_document = nullptr;
    PolicySettingsPanel *m_panel = nullptr;
};

void TestPolicySettingsPanel::init() {
    m_document = new PolicyDocument;
    m_document->openExample();
    m_panel = new PolicySettingsPanel(m_document);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel));
}

void TestPolicySettingsPanel::cleanup() {
    delete m_panel;
    delete m_document;
}

void TestPolicySettingsPanel::editIsOneUndoStep_data() {
    QTest::addColumn<QString>("field");
    QTest::newRow("description") << QStringLiteral("description");
    QTest::newRow("leeway") << QStringLiteral("leeway");
    QTest::newRow("requireExpiry") << QStringLiteral("requireExpiry");
    QTest::newRow("requireAudience") << QStringLiteral("requireAudience");
    QTest::newRow("authorizationServers") << QStringLiteral("servers");
}

void TestPolicySettingsPanel::editIsOneUndoStep() {
    QFETCH(QString, field);
    const Policy before = m_document->policy();
    Policy expected = before;
    if (field == QLatin1String("description")) {
        m_panel->findChild<QLineEdit *>(QStringLiteral("challengeDescription"))->setFocus();
        QTest::keyClicks(m_panel->findChild<QLineEdit *>(QStringLiteral("challengeDescription")),
                         QStringLiteral("Need {alternatives}"));
        expected.challenge.descriptionTemplate = QStringLiteral("Need {alternatives}");
    } else if (field == QLatin1String("leeway")) {
        m_panel->findChild<QSpinBox *>(QStringLiteral("leewaySeconds"))->setValue(5);
        expected.validation.leewaySeconds = 5;
    } else if (field == QLatin1String("requireExpiry")) {
        QTest::mouseClick(m_panel->findChild<QCheckBox *>(QStringLiteral("requireExpiry")),
                          Qt::LeftButton);
        expected.validation.requireExpiry = true;
    } else if (field == QLatin1String("requireAudience")) {
        QTest::mouseClick(m_panel->findChild<QCheckBox *>(QStringLiteral("requireAudience")),
                          Qt::LeftButton);
        expected.validation.requireAudience = true;
    } else {
        m_panel->findChild<QPlainTextEdit *>(QStringLiteral("authorizationServers"))->setFocus();
        QTest::keyClicks(
            m_panel->findChild<QPlainTextEdit *>(QStringLiteral("authorizationServers")),
            QStringLiteral("https://auth.example.com"));
        QTest::keyClick(
            m_panel->findChild<QPlainTextEdit *>(QStringLiteral("authorizationServers")),
            Qt::Key_Return);
        QTest::keyClicks(
            m_panel->findChild<QPlainTextEdit *>(QStringLiteral("authorizationServers")),
            QStringLiteral("http://127.0.0.1:9000/as"));
        expected.authorizationServers = QStringList{QStringLiteral("https://auth.example.com"),
                                                    QStringLiteral("http://127.0.0.1:9000/as")};
    }
    QCOMPARE(m_document->policy(), expected);
    QCOMPARE(m_document->undoStack()->count(), 1);
    QVERIFY(m_document->isModified());
    m_document->undoStack()->undo();
    QCOMPARE(m_document->policy(), before);
    QVERIFY(!m_document->isModified());
    m_document->undoStack()->redo();
    QCOMPARE(m_document->policy(), expected);
}

void TestPolicySettingsPanel::typingMergesIntoOneStep() {
    m_panel->findChild<QSpinBox *>(QStringLiteral("leewaySeconds"))->setFocus();
    m_panel->findChild<QSpinBox *>(QStringLiteral("leewaySeconds"))->selectAll();
    QTest::keyClicks(m_panel->findChild<QSpinBox *>(QStringLiteral("leewaySeconds")),
                     QStringLiteral("120"));
    QCOMPARE(m_document->policy().validation.leewaySeconds, 120);
    QCOMPARE(m_document->undoStack()->count(), 1);
    // A different field is a step of its own.
    QTest::mouseClick(m_panel->findChild<QCheckBox *>(QStringLiteral("requireExpiry")),
                      Qt::LeftButton);
    QCOMPARE(m_document->undoStack()->count(), 2);
}

void TestPolicySettingsPanel::descriptionPreviewIsExpandedAndSanitized() {
    // The default sentence is shown before anything is typed.
    QVERIFY(
        m_panel->findChild<QLabel *>(QStringLiteral("descriptionPreview"))
            ->text()
            .startsWith(QStringLiteral("Any of the following combinations of scopes is valid: ")));
    m_panel->findChild<QLineEdit *>(QStringLiteral("challengeDescription"))->setFocus();
    QTest::keyClicks(m_panel->findChild<QLineEdit *>(QStringLiteral("challengeDescription")),
                     QStringLiteral("Besoin \"de\" "));
    // QTest types Latin-1 keys only; a non-ASCII character arrives as a key event's text.
    QKeyEvent accent(QEvent::KeyPress, Qt::Key_unknown, Qt::NoModifier, QStringLiteral("\u00e9"));
    QCoreApplication::sendEvent(
        m_panel->findChild<QLineEdit *>(QStringLiteral("challengeDescription")), &accent);
    QTest::keyClicks(m_panel->findChild<QLineEdit *>(QStringLiteral("challengeDescription")),
                     QStringLiteral(" {alternatives}\\"));
    const QString shown =
        m_panel->findChild<QLabel *>(QStringLiteral("descriptionPreview"))->text();
    QCOMPARE(shown, QStringLiteral("Besoin de  user:read, entries:read, entries:write, "
                                   "tags:read, tags:write"));
    QVERIFY(!shown.contains(QStringLiteral("{alternatives}")));
    for (QChar c : shown)
        QVERIFY2(c.unicode() >= 0x20 && c.unicode() <= 0x7e && c != u'"' && c != u'\\',
                 qPrintable(shown));
    // The template itself is kept as typed.
    QCOMPARE(m_document->policy().challenge.descriptionTemplate,
             QStringLiteral("Besoin \"de\" \u00e9 {alternatives}\\"));
}

void TestPolicySettingsPanel::badIssuerIsShownAndNotApplied_data() {
    QTest::addColumn<QString>("typed");
    QTest::newRow("relative") << QStringLiteral("auth.example.com");
    QTest::newRow("other scheme") << QStringLiteral("ftp://auth.example.com");
    QTest::newRow("no host") << QStringLiteral("https://");
    QTest::newRow("fragment") << QStringLiteral("https://auth.example.com#x");
    QTest::newRow("space") << QStringLiteral("https://auth example.com");
}

void TestPolicySettingsPanel::badIssuerIsShownAndNotApplied() {
    QFETCH(QString, typed);
    const Policy before = m_document->policy();
    // Pasted: typed key by key, a valid prefix such as "https://auth" would apply first.
    m_panel->findChild<QPlainTextEdit *>(QStringLiteral("authorizationServers"))
        ->insertPlainText(typed);
    QVERIFY(m_panel->findChild<QLabel *>(QStringLiteral("serversError"))->isVisible());
    QVERIFY(m_panel->findChild<QLabel *>(QStringLiteral("serversError"))
                ->text()
                .contains(QStringLiteral("not applied")));
    QCOMPARE(m_document->policy(), before);
    QCOMPARE(m_document->undoStack()->count(), 0);
    // The bad text stays for the user to fix; fixing it applies it.
    QCOMPARE(
        m_panel->findChild<QPlainTextEdit *>(QStringLiteral("authorizationServers"))->toPlainText(),
        typed);
    m_panel->findChild<QPlainTextEdit *>(QStringLiteral("authorizationServers"))
        ->setPlainText(QStringLiteral("https://auth.example.com"));
    QVERIFY(!m_panel->findChild<QLabel *>(QStringLiteral("serversError"))->isVisible());
    QCOMPARE(m_document->policy().authorizationServers,
             QStringList{QStringLiteral("https://auth.example.com")});
}

void TestPolicySettingsPanel::undoRefreshesTheFields() {
    m_panel->findChild<QLineEdit *>(QStringLiteral("challengeDescription"))->setFocus();
    QTest::keyClicks(m_panel->findChild<QLineEdit *>(QStringLiteral("challengeDescription")),
                     QStringLiteral("x {alternatives}"));
    m_panel->findChild<QSpinBox *>(QStringLiteral("leewaySeconds"))->setValue(7);
    QTest::mouseClick(m_panel->findChild<QCheckBox *>(QStringLiteral("requireAudience")),
                      Qt::LeftButton);
    m_panel->findChild<QPlainTextEdit *>(QStringLiteral("authorizationServers"))
        ->setPlainText(QStringLiteral("https://a.example"));
    QCOMPARE(m_document->undoStack()->count(), 4);
    while (m_document->undoStack()->canUndo())
        m_document->undoStack()->undo();
    QCOMPARE(m_panel->findChild<QLineEdit *>(QStringLiteral("challengeDescription"))->text(),
             QString());
    QCOMPARE(m_panel->findChild<QSpinBox *>(QStringLiteral("leewaySeconds"))->value(), 60);
    QVERIFY(!m_panel->findChild<QCheckBox *>(QStringLiteral("requireAudience"))->isChecked());
    QCOMPARE(
        m_panel->findChild<QPlainTextEdit *>(QStringLiteral("authorizationServers"))->toPlainText(),
        QString());
    // Refreshing the fields made no new commands.
    QCOMPARE(m_document->undoStack()->count(), 4);
    while (m_document->undoStack()->canRedo())
        m_document->undoStack()->redo();
    QCOMPARE(m_panel->findChild<QLineEdit *>(QStringLiteral("challengeDescription"))->text(),
             QStringLiteral("x {alternatives}"));
    QCOMPARE(m_panel->findChild<QSpinBox *>(QStringLiteral("leewaySeconds"))->value(), 7);
    QVERIFY(m_panel->findChild<QCheckBox *>(QStringLiteral("requireAudience"))->isChecked());
    QCOMPARE(
        m_panel->findChild<QPlainTextEdit *>(QStringLiteral("authorizationServers"))->toPlainText(),
        QStringLiteral("https://a.example"));
}

void TestPolicySettingsPanel::previewFollowsValidation_data() {
    QTest::addColumn<QString>("box");
    QTest::addColumn<bool>("withExp");
    QTest::addColumn<bool>("withAud");
    QTest::addColumn<int>("before");
    QTest::addColumn<int>("after");
    QTest::newRow("exp required, none") << QStringLiteral("exp") << false << true << 200 << 401;
    QTest::newRow("exp required, present") << QStringLiteral("exp") << true << true << 200 << 200;
    QTest::newRow("aud required, none") << QStringLiteral("aud") << true << false << 200 << 401;
}

void TestPolicySettingsPanel::previewFollowsValidation() {
    QFETCH(QString, box);
    QFETCH(bool, withExp);
    QFETCH(bool, withAud);
    QFETCH(int, before);
    QFETCH(int, after);
    const qint64 now = 1'800'000'000;
    DecisionPreview preview(m_document);
    preview.setClock([now] { return now; });
    TokenInput token;
    token.simulated.scopes = QStringList{QStringLiteral("entries:read")};
    if (withExp)
        token.simulated.exp = now + 600;
    if (withAud)
        token.simulated.aud = QStringList{QString::fromLatin1(Policy::DefaultResource)};
    preview.setToken(token);
    preview.flush();
    QCOMPARE(preview.report().decision.status(), before);
    QSignalSpy updated(&preview, &DecisionPreview::updated);
    QTest::mouseClick(box == QLatin1String("exp")
                          ? m_panel->findChild<QCheckBox *>(QStringLiteral("requireExpiry"))
                          : m_panel->findChild<QCheckBox *>(QStringLiteral("requireAudience")),
                      Qt::LeftButton);
    QVERIFY(updated.wait(5000));
    QCOMPARE(preview.report().decision.status(), after);
    m_document->undoStack()->undo();
    QVERIFY(updated.wait(5000));
    QCOMPARE(preview.report().decision.status(), before);
}

void TestPolicySettingsPanel::findingGoesToItsField_data() {
    QTest::addColumn<int>("area");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("field"); // object name; empty: the editor stays where it was
    using Area = PolicyLocation::Area;
    QTest::newRow("description") << int(Area::Challenge)
                                 << QStringLiteral("$.challenge.description")
                                 << QStringLiteral("challengeDescription");
    QTest::newRow("leeway") << int(Area::Policy) << QStringLiteral("$.validation.leewaySeconds")
                            << QStringLiteral("leewaySeconds");
    QTest::newRow("expiry") << int(Area::Policy) << QStringLiteral("$.validation.requireExpiry")
                            << QStringLiteral("requireExpiry");
    QTest::newRow("issuer") << int(Area::Policy) << QStringLiteral("$.authorizationServers[1]")
                            << QStringLiteral("authorizationServers");
    QTest::newRow("elsewhere") << int(Area::Policy) << QStringLiteral("$.name") << QString();
}

void TestPolicySettingsPanel::findingGoesToItsField() {
    QFETCH(int, area);
    QFETCH(QString, path);
    QFETCH(QString, field);
    PolicyEditor editor(m_document);
    editor.show();
    editor.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&editor));
    QCOMPARE(editor.findChild<QTabWidget *>(QStringLiteral("editorTabs"))->currentIndex(), 0);
    PolicyLocation location;
    location.area = PolicyLocation::Area(area);
    location.jsonPath = path;
    editor.goTo(location);
    if (field.isEmpty()) {
        QCOMPARE(editor.findChild<QTabWidget *>(QStringLiteral("editorTabs"))->currentIndex(), 0);
        return;
    }
    QCOMPARE(editor.findChild<QTabWidget *>(QStringLiteral("editorTabs"))->currentWidget(),
             editor.findChild<PolicySettingsPanel *>(QStringLiteral("policySettings")));
    QVERIFY(QApplication::focusWidget());
    QCOMPARE(QApplication::focusWidget()->objectName(), field);
}

QTEST_MAIN(TestPolicySettingsPanel)
#include "tst_ui_policysettingspanel.moc"
