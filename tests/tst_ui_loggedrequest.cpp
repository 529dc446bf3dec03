#include "AlternativesMatrixModel.h"
#include "DecisionPreview.h"
#include "MainWindow.h"
#include "OutcomeBadge.h"
#include "PolicyDocument.h"
#include "PolicyEditor.h"
#include "RequestLogModel.h"
#include "ServerPanel.h"
#include "TokenPanel.h"

#include "decision/ChallengeParser.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

using namespace scopebench;

namespace {

// The option the view's delegate paints an item with, to find where its check box is drawn.
struct OptionDelegate : QStyledItemDelegate {
    using QStyledItemDelegate::initStyleOption;
};

QPoint checkBoxCentre(QAbstractItemView *view, const QModelIndex &index) {
    QStyleOptionViewItem option;
    option.initFrom(view->viewport());
    option.widget = view;
    option.rect = view->visualRect(index);
    OptionDelegate().initStyleOption(&option, index);
    return view->style()
        ->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, view)
        .center();
}

struct Answer {
    int status = -1;
    QByteArray challenge;
};

Answer postToolCall(QNetworkAccessManager &network, const QString &url, const QString &token,
                    const QString &tool) {
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json, text/event-stream");
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token.toLatin1());
    const QByteArray body =
        "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":{\"name\":\"" +
        tool.toUtf8() + "\",\"arguments\":{\"id\":1}}}";
    QNetworkReply *reply = network.post(request, body);
    QSignalSpy finished(reply, &QNetworkReply::finished);
    Answer a;
    if (finished.wait(10000)) {
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.challenge = reply->rawHeader("WWW-Authenticate");
    }
    reply->deleteLater();
    return a;
}

QString scopeOf(const QByteArray &challenge) {
    const auto parsed = ChallengeParser::parse(challenge);
    return parsed.ok() && !parsed->isEmpty() ? parsed->first().param(QStringLiteral("scope"))
                                             : QStringLiteral("(unparsable)");
}

// Every text the preview shows, to look for what must never be there.
QString everythingShown(QWidget *root) {
    QString all;
    for (auto *label : root->findChildren<QLabel *>())
        all += label->text() + u'\n';
    for (auto *edit : root->findChildren<QPlainTextEdit *>())
        all += edit->toPlainText() + u'\n';
    for (auto *line : root->findChildren<QLineEdit *>())
        all += line->text() + u'\n';
    for (auto *table : root->findChildren<QTableWidget *>()) {
        for (int r = 0; r < table->rowCount(); ++r) {
            for (int c = 0; c < table->columnCount(); ++c)
                all += (table->item(r, c) ? table->item(r, c)->text() : QString()) + u'\n';
        }
    }
    return all;
}

} // namespace

// A request in the server log, clicked, is decided again in the preview with what the endpoint
// knew of its token (never the token itself), and the matrix row the preview's decision rests
// on is marked in the editor as tokens, tools and the policy change. The real endpoint on
// 127.0.0.1:0, real HTTP requests, real mouse clicks.
class TestLoggedRequest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void forbiddenRequestIsExplainedInOneClick();
    void editedPolicyIsSaidAndTheRowFollows();
    void requestWithoutDecisionIsSaidSo();
    void arrowKeysWalkTheLog();
    void tickedScopesMoveTheMarkedRow_data();
    void tickedScopesMoveTheMarkedRow();

private:
    void startServer();
    // Waits for the log row of the newest request and clicks it; its record.
    RequestRecord clickNewestLogRow();
    QTableView *matrixView() const {
        return m_window->editor()->findChild<QTableView *>(QStringLiteral("matrixView"));
    }

    QTemporaryDir m_settingsDir;
    MainWindow *m_window = nullptr;
    QNetworkAccessManager m_network;
    QString m_url;
};

void TestLoggedRequest::initTestCase() {
    QCoreApplication::setOrganizationName(QStringLiteral("ScopebenchTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_ui_loggedrequest"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void TestLoggedRequest::init() {
    QSettings().clear();
    m_window = new MainWindow;
    m_window->setUnsavedQuestion([](const QString &) { return QMessageBox::Discard; });
    m_window->restoreSession(); // the EpicMe example
    m_window->resize(1366, 768);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window));
    // The matrix under the model tester while the preview moves its mark.
    new QAbstractItemModelTester(m_window->editor()->matrixModel(),
                                 QAbstractItemModelTester::FailureReportingMode::QtTest, m_window);
}

void TestLoggedRequest::cleanup() {
    delete m_window;
    m_window = nullptr;
}

void TestLoggedRequest::startServer() {
    // The 403 names what is missing (EpicMe as bundled says nothing: scopeHint omit).
    Policy closest = m_window->document()->policy();
    closest.challenge.scopeHint = ScopeHint::Closest;
    m_window->document()->replacePolicy(closest);
    ServerPanel *server = m_window->serverPanel();
    server->setListenAddress(QStringLiteral("127.0.0.1"), 0);
    QSignalSpy running(server, &ServerPanel::runningChanged);
    server->start();
    QVERIFY(running.wait(10000));
    m_url = server->backend()->endpoints().endpointUrl.toString();
    QVERIFY(m_url.startsWith(QStringLiteral("http://127.0.0.1:")));
}

RequestRecord TestLoggedRequest::clickNewestLogRow() {
    ServerPanel *server = m_window->serverPanel();
    RequestLogModel *log = server->logModel();
    [&] { QTRY_VERIFY_WITH_TIMEOUT(log->rowCount() > 0, 5000); }();
    log->flush();
    auto *view = server->findChild<QTableView *>(QStringLiteral("requestLog"));
    const QModelIndex index = server->filteredLog()->index(log->rowCount() - 1, 0);
    view->scrollTo(index);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    return log->recordAt(log->rowCount() - 1);
}

void TestLoggedRequest::forbiddenRequestIsExplainedInOneClick() {
    startServer();
    // A token for entries:read calls delete_entry, which needs entries:write: a 403.
    MintRequest mint;
    mint.scopes = QStringList{QStringLiteral("entries:read")};
    const auto token = m_window->serverPanel()->backend()->mintToken(mint);
    QVERIFY(token.ok());
    const Answer answer =
        postToolCall(m_network, m_url, token.value(), QStringLiteral("delete_entry"));
    QCOMPARE(answer.status, 403);
    QCOMPARE(scopeOf(answer.challenge), QStringLiteral("entries:write"));

    // The preview answers for the token panel (no token at all) until the row is clicked.
    DecisionPreview *preview = m_window->preview();
    QVERIFY(!preview->showsLogged());
    const RequestRecord record = clickNewestLogRow();
    QCOMPARE(record.status, 403);
    QVERIFY(preview->showsLogged());
    preview->flush();

    // The same answer as the server's: 403 with the same challenge, for the logged tool.
    const Decision &decision = preview->report().decision;
    QCOMPARE(decision.status(), 403);
    QCOMPARE(decision.response.header("WWW-Authenticate"), answer.challenge);
    QCOMPARE(preview->tool(), QStringLiteral("delete_entry"));
    auto *badge = preview->findChild<OutcomeBadge *>(QStringLiteral("outcomeBadge"));
    QVERIFY(badge->text().contains(QStringLiteral("403")));
    QVERIFY(preview->rawResponse().contains(QString::fromLatin1(answer.challenge)));
    // The trace names the tool, at the check that failed.
    auto *trace = preview->findChild<QTableWidget *>(QStringLiteral("traceTable"));
    QTableWidgetItem *toolStep = trace->item(int(Check::ToolScopes), 0);
    QVERIFY(toolStep->text().contains(QStringLiteral("delete_entry")));
    QVERIFY(trace->item(int(Check::ToolScopes), 1)->text().contains(QStringLiteral("fail")));
    // Which request, by its number and the token's fingerprint; never the token.
    auto *note = preview->findChild<QLabel *>(QStringLiteral("previewLoggedNote"));
    QVERIFY(note->isVisible());
    QVERIFY(note->text().contains(QStringLiteral("#%1").arg(record.sequence)));
    QVERIFY(note->text().contains(record.tokenFingerprint));
    QVERIFY(note->text().contains(QStringLiteral("entries:read")));
    QVERIFY(!everythingShown(preview).contains(token.value()));
    QVERIFY(!preview->findChild<QLabel *>(QStringLiteral("previewEarlierPolicy"))->isVisible());

    // The editor shows the tool's matrix with the alternative the 403 names marked.
    AlternativesMatrixModel *matrix = m_window->editor()->matrixModel();
    QCOMPARE(matrix->tool(), QStringLiteral("delete_entry"));
    QCOMPARE(matrix->decided().index, 0);
    QVERIFY(!matrix->decided().met);
    QCOMPARE(matrix->data(matrix->index(0, 0), AlternativesMatrixModel::DecisionRole).toString(),
             QStringLiteral("closest"));

    QCOMPARE(preview->report().grantedScopes, mint.scopes);

    // Back to the token panel: its simulated token without scopes decides again.
    QTest::mouseClick(preview->findChild<QPushButton *>(QStringLiteral("leaveLogged")),
                      Qt::LeftButton);
    preview->flush();
    QVERIFY(!preview->showsLogged());
    QVERIFY(preview->report().grantedScopes.isEmpty());
    QVERIFY(!note->isVisible());
}

void TestLoggedRequest::editedPolicyIsSaidAndTheRowFollows() {
    startServer();
    MintRequest mint;
    mint.scopes = QStringList{QStringLiteral("entries:read")};
    const auto token = m_window->serverPanel()->backend()->mintToken(mint);
    QVERIFY(token.ok());
    QCOMPARE(postToolCall(m_network, m_url, token.value(), QStringLiteral("delete_entry")).status,
             403);
    clickNewestLogRow();
    DecisionPreview *preview = m_window->preview();
    preview->flush();
    QCOMPARE(preview->report().decision.status(), 403);

    // delete_entry's only alternative becomes entries:read instead of entries:write, with
    // clicks on the check boxes.
    AlternativesMatrixModel *matrix = m_window->editor()->matrixModel();
    QCOMPARE(matrix->tool(), QStringLiteral("delete_entry"));
    QTableView *view = matrixView();
    const QModelIndex cell = matrix->index(0, matrix->columnOf(QStringLiteral("entries:read")));
    const QModelIndex write = matrix->index(0, matrix->columnOf(QStringLiteral("entries:write")));
    for (const QModelIndex &index : {cell, write}) {
        view->scrollTo(index);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, checkBoxCentre(view, index));
    }
    QCOMPARE(matrix->data(cell, Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QCOMPARE(matrix->data(write, Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    preview->flush();

    // Still the logged request; now allowed, and said to be decided under an earlier policy.
    QVERIFY(preview->showsLogged());
    QCOMPARE(preview->report().decision.outcome, Outcome::Allow);
    auto *earlier = preview->findChild<QLabel *>(QStringLiteral("previewEarlierPolicy"));
    QVERIFY(earlier->isVisible());
    QVERIFY(earlier->text().contains(QStringLiteral("earlier policy")));
    QVERIFY(earlier->text().contains(QStringLiteral("403")));
    QCOMPARE(matrix->decided().index, 0);
    QVERIFY(matrix->decided().met);
    QCOMPARE(matrix->data(matrix->index(0, 0), AlternativesMatrixModel::DecisionRole).toString(),
             QStringLiteral("met"));

    // Undone: the policy is the one the server decided under again.
    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
    QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
    preview->flush();
    QCOMPARE(matrix->data(cell, Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QCOMPARE(preview->report().decision.status(), 403);
    QVERIFY(!earlier->isVisible());
    QVERIFY(!matrix->decided().met);
}

void TestLoggedRequest::requestWithoutDecisionIsSaidSo() {
    startServer();
    // Metadata is public: the checks never saw it.
    QNetworkReply *reply = m_network.get(
        QNetworkRequest(QUrl(m_window->serverPanel()->backend()->endpoints().metadataUrl)));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    QVERIFY(finished.wait(10000));
    reply->deleteLater();
    clickNewestLogRow();
    QVERIFY(!m_window->preview()->showsLogged());
    QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("no decision")));

    // A request the checks saw, then Clear: what was remembered for it goes too.
    QCOMPARE(postToolCall(m_network, m_url, QString(), QStringLiteral("get_entry")).status, 401);
    RequestLogModel *log = m_window->serverPanel()->logModel();
    QTRY_COMPARE_WITH_TIMEOUT(log->rowCount(), 2, 5000);
    const quint64 sequence = log->recordAt(1).sequence;
    QVERIFY(m_window->serverPanel()->backend()->rememberedDecision(sequence).has_value());
    const auto buttons = m_window->serverPanel()->findChildren<QPushButton *>();
    for (QPushButton *button : buttons) {
        if (button->text() == QLatin1String("Clear"))
            QTest::mouseClick(button, Qt::LeftButton);
    }
    QCOMPARE(log->rowCount(), 0);
    QVERIFY(!m_window->serverPanel()->backend()->rememberedDecision(sequence).has_value());
}

// Up and Down in the log load the request they move to, as a click does; a new request
// arriving while a row is shown does not replace it.
void TestLoggedRequest::arrowKeysWalkTheLog() {
    startServer();
    MintRequest mint; // logged too: a request to the token endpoint
    mint.scopes = QStringList{QStringLiteral("entries:read")};
    const auto token = m_window->serverPanel()->backend()->mintToken(mint);
    QVERIFY(token.ok());
    QCOMPARE(postToolCall(m_network, m_url, token.value(), QStringLiteral("delete_entry")).status,
             403);
    QCOMPARE(postToolCall(m_network, m_url, QString(), QStringLiteral("get_entry")).status, 401);
    RequestLogModel *log = m_window->serverPanel()->logModel();
    QTRY_COMPARE_WITH_TIMEOUT(log->rowCount(), 3, 5000);
    const RequestRecord newest = clickNewestLogRow();
    DecisionPreview *preview = m_window->preview();
    auto *note = preview->findChild<QLabel *>(QStringLiteral("previewLoggedNote"));
    QVERIFY(note->text().contains(QStringLiteral("#%1").arg(newest.sequence)));

    auto *view = m_window->serverPanel()->findChild<QTableView *>(QStringLiteral("requestLog"));
    QVERIFY(view->hasFocus());
    QTest::keyClick(view, Qt::Key_Up);
    const RequestRecord forbidden = log->recordAt(1);
    QCOMPARE(forbidden.status, 403);
    QVERIFY2(note->text().contains(QStringLiteral("#%1").arg(forbidden.sequence)),
             qPrintable(note->text()));
    preview->flush();
    QCOMPARE(preview->report().decision.status(), 403);

    // A request that arrives now is logged below; the shown one stays.
    QCOMPARE(postToolCall(m_network, m_url, QString(), QStringLiteral("get_entry")).status, 401);
    QTRY_COMPARE_WITH_TIMEOUT(log->rowCount(), 4, 5000);
    log->flush();
    QVERIFY(note->text().contains(QStringLiteral("#%1").arg(forbidden.sequence)));

    QTest::keyClick(view, Qt::Key_Down);
    QVERIFY2(note->text().contains(QStringLiteral("#%1").arg(newest.sequence)),
             qPrintable(note->text()));
    preview->flush();
    QCOMPARE(preview->report().decision.status(), 401);
}

void TestLoggedRequest::tickedScopesMoveTheMarkedRow_data() {
    QTest::addColumn<QStringList>("ticked"); // in the token panel's Simulate scopes
    QTest::addColumn<QString>("tool");       // typed into the preview's request chooser
    QTest::addColumn<int>("serverRow");
    QTest::addColumn<QString>("serverMark");
    QTest::addColumn<int>("toolRow"); // in the tool's matrix; -1: not checked
    QTest::addColumn<QString>("toolMark");
    // EpicMe's server level: user:read | entries:read | entries:write | tags:read | tags:write.
    QTest::newRow("nothing: the first is closest")
        << QStringList() << QString() << 0 << QStringLiteral("closest") << -1 << QString();
    QTest::newRow("tags:read meets the fourth")
        << QStringList{QStringLiteral("tags:read")} << QString() << 3 << QStringLiteral("met") << -1
        << QString();
    QTest::newRow("two: the first met wins")
        << QStringList{QStringLiteral("tags:write"), QStringLiteral("entries:read")} << QString()
        << 1 << QStringLiteral("met") << -1 << QString();
    QTest::newRow("server met, tool refused")
        << QStringList{QStringLiteral("tags:read")} << QStringLiteral("get_entry") << 3
        << QStringLiteral("met") << 0 << QStringLiteral("closest");
    QTest::newRow("tool met") << QStringList{QStringLiteral("entries:read")}
                              << QStringLiteral("get_entry") << 1 << QStringLiteral("met") << 0
                              << QStringLiteral("met");
}

void TestLoggedRequest::tickedScopesMoveTheMarkedRow() {
    QFETCH(QStringList, ticked);
    QFETCH(QString, tool);
    QFETCH(int, serverRow);
    QFETCH(QString, serverMark);
    QFETCH(int, toolRow);
    QFETCH(QString, toolMark);

    auto *scopes =
        m_window->tokenPanel()->findChild<QListWidget *>(QStringLiteral("simulatedScopes"));
    QVERIFY(scopes && scopes->isVisible());
    for (int i = 0; i < scopes->count(); ++i) {
        QListWidgetItem *item = scopes->item(i);
        if (!ticked.contains(item->data(Qt::UserRole).toString()))
            continue;
        scopes->scrollToItem(item);
        const QModelIndex index = scopes->model()->index(i, 0);
        QTest::mouseClick(scopes->viewport(), Qt::LeftButton, {}, checkBoxCentre(scopes, index));
        QCOMPARE(item->checkState(), Qt::Checked);
    }
    if (!tool.isEmpty()) {
        auto *chooser = m_window->preview()->findChild<QComboBox *>(QStringLiteral("previewTool"));
        chooser->lineEdit()->selectAll();
        QTest::keyClicks(chooser->lineEdit(), tool);
    }
    DecisionPreview *preview = m_window->preview();
    preview->flush();
    QCOMPARE(preview->tool(), tool);

    AlternativesMatrixModel *matrix = m_window->editor()->matrixModel();
    QCOMPARE(matrix->tool(), QString()); // the server level
    for (int row = 0; row < matrix->rowCount(); ++row) {
        const QString mark =
            matrix->data(matrix->index(row, 0), AlternativesMatrixModel::DecisionRole).toString();
        QCOMPARE(mark, row == serverRow ? serverMark : QString());
        QCOMPARE(matrix->headerData(row, Qt::Vertical, Qt::FontRole).isValid(), row == serverRow);
    }
    QCOMPARE(matrix->data(matrix->index(serverRow, 2), Qt::BackgroundRole).isValid(), true);
    if (toolRow < 0)
        return;
    m_window->editor()->showTool(tool);
    QCOMPARE(matrix->tool(), tool);
    QCOMPARE(
        matrix->data(matrix->index(toolRow, 0), AlternativesMatrixModel::DecisionRole).toString(),
        toolMark);
}

QTEST_MAIN(TestLoggedRequest)
#include "tst_ui_loggedrequest.moc"
