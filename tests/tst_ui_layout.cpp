#include "AlternativesMatrixModel.h"
#include "DecisionPreview.h"
#include "MainWindow.h"
#include "PolicyDocument.h"
#include "PolicyEditor.h"
#include "PolicySnapshotCommand.h"
#include "ProbePanel.h"
#include "ScopeCatalogModel.h"
#include "ScopeHeaderView.h"
#include "TokenIntrospector.h"
#include "TokenPanel.h"

#include <QAction>
#include <QApplication>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QScreen>
#include <QScrollBar>
#include <QSettings>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUndoStack>

using namespace scopebench;

namespace {

// Live introspection that answers when the test says so.
class HeldIntrospector : public TokenIntrospector {
public:
    using TokenIntrospector::TokenIntrospector;
    void introspect(const IntrospectionSettings &, const QString &) override { ++calls; }
    void cancel() override {}
    void answer(const TokenKnowledge &knowledge, const QByteArray &raw = QByteArray()) {
        Q_EMIT finished(knowledge, raw);
    }
    int calls = 0;
};

const QString Jwt =
    QStringLiteral("eyJhbGciOiJSUzI1NiIsInR5cCI6ImF0K2p3dCJ9."
                   "eyJpc3MiOiJodHRwczovL2FzLmV4YW1wbGUiLCJzdWIiOiJ1c2VyLTEiLCJzY29wZSI6ImVudHJ"
                   "pZXM6cmVhZCIsImV4cCI6MTc5NTY1MjAwMH0.c2lnbmF0dXJl");

void clickTab(QTabWidget *tabs, const QString &text) {
    for (int i = 0; i < tabs->count(); ++i) {
        if (tabs->tabText(i) == text) {
            QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {},
                              tabs->tabBar()->tabRect(i).center());
            return;
        }
    }
    QFAIL(qPrintable(QStringLiteral("no tab %1").arg(text)));
}

} // namespace

// Issue "The desktop app as a person uses it", defects 8 (cramped views) and 6 (a 1024x768
// screen): each driven as the user did, at the sizes the user had.
class TestLayout : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void sixScopesFitWithoutScrollingSideways_data();
    void sixScopesFitWithoutScrollingSideways();
    void manyScopesStandUpright();
    void catalogShowsEightRowsAndANewScope();
    void editingTheCatalogKeepsRowAndScroll_data();
    void editingTheCatalogKeepsRowAndScroll();
    void missingScopesWrapInsteadOfBeingCut();
    void tokenViewsGetTheSpace();
    void introspectionResultNeedsNoScrolling_data();
    void introspectionResultNeedsNoScrolling();
    void staysWithin1024x768();

private:
    MainWindow *createWindow(QSize size);
    PolicyEditor *editor() const { return m_window->editor(); }
    template <typename T> T *child(QWidget *in, const char *name) const {
        T *found = in->findChild<T *>(QLatin1String(name));
        if (!found)
            qWarning("no %s", name);
        return found;
    }
    void addScopes(const QStringList &names);

    QTemporaryDir m_settingsDir;
    MainWindow *m_window = nullptr;
};

void TestLayout::initTestCase() {
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("ScopebenchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_ui_layout"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestLayout::init() {
    QSettings().clear();
}

void TestLayout::cleanup() {
    if (m_window) {
        m_window->setUnsavedQuestion([](const QString &) { return QMessageBox::Discard; });
        delete m_window;
        m_window = nullptr;
    }
}

MainWindow *TestLayout::createWindow(QSize size) {
    m_window = new MainWindow;
    m_window->setUnsavedQuestion([](const QString &) { return QMessageBox::Cancel; });
    m_window->setDialogRunner([](QDialog *) { return int(QDialog::Rejected); });
    m_window->restoreSession();
    m_window->resize(size);
    m_window->show();
    m_window->activateWindow();
    if (!QTest::qWaitForWindowActive(m_window))
        qWarning("window not active");
    m_window->preview()->flush();
    QCoreApplication::processEvents();
    return m_window;
}

void TestLayout::addScopes(const QStringList &names) {
    auto *field = child<QLineEdit>(editor(), "newScope");
    for (const QString &name : names) {
        QTest::mouseClick(field, Qt::LeftButton);
        QTest::keyClicks(field, name);
        QTest::keyClick(field, Qt::Key_Return);
    }
    QCoreApplication::processEvents();
}

void TestLayout::sixScopesFitWithoutScrollingSideways_data() {
    QTest::addColumn<QSize>("size");
    QTest::newRow("first start, 1366x768") << QSize(1366, 768);
    QTest::newRow("1024x768") << QSize(1024, 768);
}

// At six scopes the matrix scrolled sideways, and a tool's only ticked scope could be out of
// sight; every column must show, its name in full in the tooltip.
void TestLayout::sixScopesFitWithoutScrollingSideways() {
    QFETCH(QSize, size);
    createWindow(size);
    addScopes({QStringLiteral("admin:read")});
    auto *view = child<QTableView>(editor(), "matrixView");
    QCOMPARE(view->model()->columnCount(), 6);
    const auto allInSight = [&] {
        QCOMPARE(view->horizontalScrollBar()->maximum(), 0);
        for (int column = 0; column < view->model()->columnCount(); ++column) {
            QVERIFY(view->columnViewportPosition(column) >= 0);
            QVERIFY2(view->columnViewportPosition(column) + view->columnWidth(column) <=
                         view->viewport()->width(),
                     qPrintable(QString::number(column)));
        }
    };
    allInSight();
    for (int column = 0; column < view->model()->columnCount(); ++column) {
        const QString name = editor()->matrixModel()->scopeAt(column);
        QVERIFY2(view->model()
                     ->headerData(column, Qt::Horizontal, Qt::ToolTipRole)
                     .toString()
                     .contains(name),
                 qPrintable(name));
    }
    // whoami's only ticked scope, user:read, is in sight once its matrix is shown.
    auto *tools = child<QListView>(editor(), "toolView");
    QTest::mouseClick(tools->viewport(), Qt::LeftButton, {},
                      tools->visualRect(tools->model()->index(1, 0)).center());
    QCOMPARE(editor()->matrixModel()->tool(), QStringLiteral("whoami"));
    QCoreApplication::processEvents();
    allInSight();
}

// Past what two lines allow, the names stand upright over narrow columns, elided in the middle.
void TestLayout::manyScopesStandUpright() {
    createWindow(QSize(1024, 768));
    addScopes({QStringLiteral("admin:read"), QStringLiteral("admin:write"),
               QStringLiteral("billing:read"), QStringLiteral("billing:write"),
               QStringLiteral("https://api.example.com/scopes/reports.read")});
    auto *view = child<QTableView>(editor(), "matrixView");
    auto *header = qobject_cast<ScopeHeaderView *>(view->horizontalHeader());
    QVERIFY(header);
    QCOMPARE(header->form(), ScopeHeaderView::Form::Upright);
    QCOMPARE(view->horizontalScrollBar()->maximum(), 0);
    // The names are drawn: a column's header holds dark text pixels.
    const QImage image = header->grab().toImage();
    const int x = header->sectionViewportPosition(0) + header->sectionSize(0) / 2;
    int dark = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int dx = -3; dx <= 3; ++dx)
            dark += qGray(image.pixel(x + dx, y)) < 128 ? 1 : 0;
    }
    QVERIFY2(dark > 10, qPrintable(QString::number(dark)));
    const QString shown = header->shownText(view->model()->columnCount() - 1);
    QVERIFY2(shown.contains(QChar(0x2026)) && shown.startsWith(QStringLiteral("http")) &&
                 shown.endsWith(QStringLiteral("read")),
             qPrintable(shown));
    // Back to one line when there is room again.
    m_window->resize(1366, 768);
    while (m_window->document()->undoStack()->canUndo())
        m_window->document()->undoStack()->undo();
    QCoreApplication::processEvents();
    QCOMPARE(header->form(), ScopeHeaderView::Form::OneLine);
}

// The catalog showed four rows, and a new scope landed out of sight.
void TestLayout::catalogShowsEightRowsAndANewScope() {
    createWindow(QSize(1366, 768));
    auto *catalog = child<QTableView>(editor(), "catalogView");
    QVERIFY2(catalog->viewport()->height() >= 8 * catalog->rowHeight(0),
             qPrintable(QStringLiteral("%1 px, rows of %2")
                            .arg(catalog->viewport()->height())
                            .arg(catalog->rowHeight(0))));
    for (const QString &name : {QStringLiteral("admin:read"), QStringLiteral("admin:write"),
                                QStringLiteral("billing:read"), QStringLiteral("billing:write"),
                                QStringLiteral("reports:read"), QStringLiteral("reports:write")}) {
        addScopes({name});
        const QModelIndex current = catalog->currentIndex();
        QCOMPARE(current.data().toString(), name);
        QVERIFY(catalog->selectionModel()->isRowSelected(current.row(), QModelIndex()));
        QVERIFY2(catalog->viewport()->rect().contains(catalog->visualRect(current)),
                 qPrintable(name));
    }
}

void TestLayout::editingTheCatalogKeepsRowAndScroll_data() {
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("typed");
    QTest::newRow("rename") << int(ScopeCatalogModel::Name) << QStringLiteral("reports:export");
    QTest::newRow("implies") << int(ScopeCatalogModel::Implies) << QStringLiteral("user:read");
}

// Renaming a scope or editing what it implies jumped back to the top and said "closeEditor
// called with an editor that does not belong to this view" on stderr.
void TestLayout::editingTheCatalogKeepsRowAndScroll() {
    QFETCH(int, column);
    QFETCH(QString, typed);
    QTest::failOnWarning(QRegularExpression(QStringLiteral("closeEditor")));
    createWindow(QSize(1366, 768));
    addScopes({QStringLiteral("admin:read"), QStringLiteral("admin:write"),
               QStringLiteral("billing:read"), QStringLiteral("billing:write"),
               QStringLiteral("reports:read"), QStringLiteral("reports:write")});
    auto *catalog = child<QTableView>(editor(), "catalogView");
    QScrollBar *bar = catalog->verticalScrollBar();
    QVERIFY2(bar->maximum() > 0, "the catalog should scroll here");
    const int row = catalog->model()->rowCount() - 2; // reports:read
    const QModelIndex index = catalog->model()->index(row, column);
    catalog->scrollTo(index);
    const int scrolled = bar->value();
    QVERIFY(scrolled > 0);
    QTest::mouseClick(catalog->viewport(), Qt::LeftButton, {}, catalog->visualRect(index).center());
    QCOMPARE(catalog->currentIndex(), index);
    QTest::keyClick(catalog, Qt::Key_F2);
    auto *field = qobject_cast<QLineEdit *>(QApplication::focusWidget());
    QVERIFY(field);
    field->selectAll();
    QTest::keyClicks(field, typed);
    QTest::keyClick(field, Qt::Key_Return);
    QCoreApplication::processEvents();
    QCOMPARE(catalog->model()->index(row, column).data().toString(), typed);
    QCOMPARE(catalog->currentIndex().row(), row);
    QCOMPARE(bar->value(), scrolled);
    // Undo is one step, and the rows stay where they are.
    m_window->document()->undoStack()->undo();
    QCOMPARE(catalog->currentIndex().row(), row);
    QCOMPARE(bar->value(), scrolled);
}

// The "Missing scopes" tab cut its text: the first column took the width.
void TestLayout::missingScopesWrapInsteadOfBeingCut() {
    createWindow(QSize(1024, 768));
    Policy policy = m_window->document()->policy();
    policy.validScopeCombinations[0] = {QStringLiteral("user:read"), QStringLiteral("entries:read"),
                                        QStringLiteral("entries:write"),
                                        QStringLiteral("tags:read"), QStringLiteral("tags:write")};
    m_window->document()->undoStack()->push(
        new PolicySnapshotCommand(m_window->document(), QStringLiteral("Widen"), policy));
    m_window->preview()->flush();
    auto *gaps = child<QTableView>(m_window->preview(), "gapsTable");
    clickTab(qobject_cast<QTabWidget *>(gaps->parentWidget()->parentWidget()->parentWidget()),
             QStringLiteral("Missing scopes"));
    QCoreApplication::processEvents();
    QVERIFY(gaps->isVisible());
    QVERIFY(gaps->model()->rowCount() >= 5);
    QCOMPARE(gaps->horizontalScrollBar()->maximum(), 0);
    QVERIFY(gaps->columnWidth(1) >= gaps->viewport()->width() / 3);
    auto *asView = static_cast<QAbstractItemView *>(gaps);
    for (int row = 0; row < gaps->model()->rowCount(); ++row) {
        QVERIFY2(gaps->rowHeight(row) >= asView->sizeHintForRow(row),
                 qPrintable(QStringLiteral("row %1: %2 < %3")
                                .arg(row)
                                .arg(gaps->rowHeight(row))
                                .arg(asView->sizeHintForRow(row))));
        for (int column = 0; column < 2; ++column) {
            const QModelIndex index = gaps->model()->index(row, column);
            QCOMPARE(index.data(Qt::ToolTipRole).toString(), index.data().toString());
        }
    }
}

// The introspection answer and the decoded JWT showed four to six lines.
void TestLayout::tokenViewsGetTheSpace() {
    createWindow(QSize(1366, 768));
    TokenPanel *panel = m_window->tokenPanel();
    panel->setPastedToken(Jwt);
    QCoreApplication::processEvents();
    auto *jwt = child<QPlainTextEdit>(panel, "jwtView");
    const int line = QFontMetrics(jwt->font()).lineSpacing();
    QVERIFY(jwt->isVisible());
    QVERIFY2(jwt->viewport()->height() >= 10 * line, qPrintable(QString::number(jwt->height())));

    auto *introspector = new HeldIntrospector(m_window);
    panel->setIntrospector(introspector);
    child<QLineEdit>(panel, "introspectionUrl")->setText(QStringLiteral("https://as.example/i"));
    panel->setPastedToken(QStringLiteral("opaque-token-1"));
    QTest::mouseClick(child<QPushButton>(panel, "introspectButton"), Qt::LeftButton);
    TokenFacts facts;
    facts.active = true;
    facts.scopes = {QStringLiteral("entries:read")};
    introspector->answer(TokenKnowledge::known(facts), QByteArrayLiteral("{\"active\":true}"));
    QCoreApplication::processEvents();
    auto *result = child<QPlainTextEdit>(panel, "introspectionResult");
    QVERIFY(result->isVisible());
    QVERIFY2(result->viewport()->height() >= 10 * line,
             qPrintable(QString::number(result->height())));
}

// How much of `widget` shows on screen: its rectangle clipped by every widget it sits in (the
// scroll areas' viewports among them), as it stands, without scrolling anything.
QRect shownPart(QWidget *widget) {
    QRect shown = widget->rect();
    QPoint offset;
    for (QWidget *w = widget; w->parentWidget() && !w->isWindow(); w = w->parentWidget()) {
        offset += w->pos();
        shown &= w->parentWidget()->rect().translated(-offset);
    }
    return shown;
}

void TestLayout::introspectionResultNeedsNoScrolling_data() {
    QTest::addColumn<QSize>("size");
    QTest::newRow("1366x768") << QSize(1366, 768);
    QTest::newRow("1024x768") << QSize(1024, 768);
}

// The introspection answer sat below the form: after Introspect the user had to scroll the page
// to read it. Once there is an answer the form folds to a line, and unfolds on a click.
void TestLayout::introspectionResultNeedsNoScrolling() {
    QFETCH(QSize, size);
    createWindow(size);
    TokenPanel *panel = m_window->tokenPanel();
    auto *introspector = new HeldIntrospector(m_window);
    panel->setIntrospector(introspector);
    auto *tabs = child<QTabWidget>(panel, "tokenTabs");
    clickTab(tabs, QStringLiteral("Real token"));
    auto *token = child<QLineEdit>(panel, "tokenEdit");
    QTest::mouseClick(token, Qt::LeftButton);
    QTest::keyClicks(token, QStringLiteral("opaque-token-1"));
    auto *url = child<QLineEdit>(panel, "introspectionUrl");
    QVERIFY(url->isVisible());
    QTest::mouseClick(url, Qt::LeftButton);
    QTest::keyClicks(url, QStringLiteral("https://as.example/oauth/introspect"));
    QTest::mouseClick(child<QPushButton>(panel, "introspectButton"), Qt::LeftButton);
    QCOMPARE(introspector->calls, 1);
    TokenFacts facts;
    facts.active = true;
    facts.scopes = {QStringLiteral("entries:read")};
    facts.clientId = QStringLiteral("epicme-client");
    facts.sub = QStringLiteral("alice");
    facts.exp = 1795652000;
    facts.iat = 1795650000;
    introspector->answer(TokenKnowledge::known(facts),
                         QByteArrayLiteral("{\"active\":true,\"scope\":\"entries:read\"}"));
    QCoreApplication::processEvents();

    auto *result = child<QPlainTextEdit>(panel, "introspectionResult");
    const int line = QFontMetrics(result->font()).lineSpacing();
    const QRect shown = shownPart(result);
    QVERIFY2(shown.height() >= 10 * line,
             qPrintable(QStringLiteral("%1 px of the answer shown, %2 px a line")
                            .arg(shown.height())
                            .arg(line)));
    // The parsed answer on top, not the raw JSON's end.
    QCOMPARE(result->verticalScrollBar()->value(), 0);
    QVERIFY(!url->isVisible());
    QVERIFY(child<QLabel>(panel, "introspectionFormSummary")
                ->text()
                .contains(QLatin1String("as.example")));
    // Introspect again needs no unfolding; changing the settings does.
    QVERIFY(child<QPushButton>(panel, "introspectButton")->isVisible());
    QTest::mouseClick(child<QToolButton>(panel, "introspectionFormToggle"), Qt::LeftButton);
    QVERIFY(url->isVisible());
}

// At 1024x768 the window must open, stay usable and never grow: nothing it shows may raise its
// minimum size past the screen.
void TestLayout::staysWithin1024x768() {
    createWindow(QSize(1024, 768));
    const auto fits = [&](const char *when) {
        QCoreApplication::processEvents();
        const QSize minimum = m_window->minimumSizeHint().expandedTo(m_window->minimumSize());
        QVERIFY2(minimum.width() <= 1024 && minimum.height() <= 768 - 30,
                 qPrintable(QStringLiteral("%1: minimum %2x%3")
                                .arg(QLatin1String(when))
                                .arg(minimum.width())
                                .arg(minimum.height())));
        QVERIFY2(m_window->size() == QSize(1024, 768), qPrintable(QStringLiteral("%1: %2x%3")
                                                                      .arg(QLatin1String(when))
                                                                      .arg(m_window->width())
                                                                      .arg(m_window->height())));
    };
    fits("first start");
    TokenPanel *panel = m_window->tokenPanel();
    auto *introspector = new HeldIntrospector(m_window);
    panel->setIntrospector(introspector);
    auto *url = child<QLineEdit>(panel, "introspectionUrl");
    QTest::mouseClick(url, Qt::LeftButton);
    QTest::keyClicks(url, QStringLiteral("http://127.0.0.1:45678/oauth/introspect"));
    panel->setPastedToken(QStringLiteral("opaque-token-1"));
    m_window->preview()->setTool(QStringLiteral("create_entry"));
    editor()->showTool(QStringLiteral("create_entry"));
    QTest::mouseClick(child<QPushButton>(panel, "introspectButton"), Qt::LeftButton);
    TokenFacts facts;
    facts.active = true;
    facts.scopes = {QStringLiteral("entries:read"), QStringLiteral("entries:write")};
    facts.clientId = QStringLiteral("a-client-id-that-goes-on-and-on-without-a-single-space-0123");
    facts.iss = QStringLiteral("https://authorization-server.example.com/realms/epicme/long");
    facts.sub = QStringLiteral("user-0123456789abcdef0123456789abcdef0123456789abcdef");
    facts.exp = 1795652000;
    facts.iat = 1795650000;
    introspector->answer(TokenKnowledge::known(facts),
                         QByteArrayLiteral("{\"active\":true,\"scope\":\"entries:read\"}"));
    m_window->preview()->flush();
    fits("introspected");

    panel->setPastedToken(Jwt);
    m_window->preview()->flush();
    fits("a pasted JWT");

    // A long error: a failed introspection whose reason has no space to break at.
    QTest::mouseClick(child<QPushButton>(panel, "introspectButton"), Qt::LeftButton);
    introspector->answer(TokenKnowledge::failed(QStringLiteral("could not reach ") +
                                                QString(160, u'x') + QStringLiteral(".example")));
    m_window->preview()->flush();
    fits("a long introspection error");
    auto *scope = child<QLineEdit>(editor(), "newScope");
    QTest::mouseClick(scope, Qt::LeftButton);
    QTest::keyClicks(scope, QString(150, u'a') + QStringLiteral(" b"));
    fits("a long scope refused");
    scope->clear();
    m_window->preview()->setTool(QString(150, u't'));
    m_window->preview()->flush();
    fits("a long tool name in the preview");

    // The probe opens in a window of its own, no larger than the screen.
    QAction *probeAction = nullptr;
    for (QAction *menu : m_window->menuBar()->actions()) {
        for (QAction *item : menu->menu() ? menu->menu()->actions() : QList<QAction *>()) {
            if (item->text().remove(u'&').startsWith(QStringLiteral("Probe")))
                probeAction = item;
        }
    }
    QVERIFY(probeAction);
    probeAction->trigger();
    auto *probe = m_window->findChild<ProbePanel *>(QStringLiteral("probePanel"));
    QVERIFY(probe);
    const QSize screen = m_window->screen()->availableGeometry().size();
    QVERIFY2(probe->width() <= screen.width() && probe->height() <= screen.height(),
             qPrintable(QStringLiteral("%1x%2").arg(probe->width()).arg(probe->height())));
    probe->close();
    fits("after the probe");
}

QTEST_MAIN(TestLayout)
#include "tst_ui_layout.moc"
