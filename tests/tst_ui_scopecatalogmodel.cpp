#include "PolicyDocument.h"
#include "ScopeCatalogModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace scopebench;

class TestScopeCatalogModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void refusedNamesLeavePolicy_data();
    void refusedNamesLeavePolicy();
    void renameFollowsReferences();
    void typingDescriptionMergesIntoOneStep();
    void impliesEdit_data();
    void impliesEdit();
    void lintMarksTheScope();

private:
    std::unique_ptr<PolicyDocument> m_document;
    std::unique_ptr<ScopeCatalogModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void TestScopeCatalogModel::init() {
    m_tester.reset();
    m_model.reset();
    m_document = std::make_unique<PolicyDocument>();
    m_document->openExample();
    m_model = std::make_unique<ScopeCatalogModel>(m_document.get());
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
}

void TestScopeCatalogModel::refusedNamesLeavePolicy_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("reason");
    QTest::newRow("empty") << QString() << QStringLiteral("name");
    QTest::newRow("space") << QStringLiteral("a b") << QStringLiteral("a space");
    QTest::newRow("double quote") << QStringLiteral("a\"b") << QStringLiteral("a double quote");
    QTest::newRow("duplicate") << QStringLiteral("tags:read") << QStringLiteral("already");
}

void TestScopeCatalogModel::refusedNamesLeavePolicy() {
    QFETCH(QString, name);
    QFETCH(QString, reason);
    const Policy before = m_document->policy();
    QSignalSpy refused(m_model.get(), &ScopeCatalogModel::editRefused);
    QVERIFY(!m_model->setData(m_model->index(0, ScopeCatalogModel::Name), name));
    QCOMPARE(refused.size(), 1);
    QVERIFY2(refused.at(0).at(0).toString().contains(reason),
             qPrintable(refused.at(0).at(0).toString()));
    QCOMPARE(m_document->policy(), before);
    QCOMPARE(m_document->undoStack()->count(), 0);
}

void TestScopeCatalogModel::renameFollowsReferences() {
    const Policy before = m_document->policy();
    QVERIFY(m_model->setData(m_model->index(1, ScopeCatalogModel::Name),
                             QStringLiteral("journal:read")));
    const Policy &after = m_document->policy();
    QCOMPARE(after.scopes.at(1).name, QStringLiteral("journal:read"));
    QCOMPARE(after.validScopeCombinations.at(1), QStringList{QStringLiteral("journal:read")});
    QCOMPARE(after.tool(QStringLiteral("list_entries"))->alternatives.at(0),
             QStringList{QStringLiteral("journal:read")});
    QVERIFY(!after.allScopeNames().contains(QStringLiteral("entries:read")));
    m_document->undoStack()->undo();
    QCOMPARE(m_document->policy(), before);
}

void TestScopeCatalogModel::typingDescriptionMergesIntoOneStep() {
    const QModelIndex cell = m_model->index(3, ScopeCatalogModel::Description);
    QSignalSpy changed(m_model.get(), &QAbstractItemModel::dataChanged);
    const QString before = m_model->data(cell).toString();
    QString typed;
    for (QChar c : QStringLiteral("List tags")) {
        typed += c;
        QVERIFY(m_model->setData(cell, typed));
    }
    QVERIFY(!changed.isEmpty());
    QCOMPARE(m_model->data(cell).toString(), QStringLiteral("List tags"));
    QCOMPARE(m_document->undoStack()->count(), 1);
    m_document->undoStack()->undo();
    QCOMPARE(m_model->data(cell).toString(), before);
}

void TestScopeCatalogModel::impliesEdit_data() {
    QTest::addColumn<QString>("typed");
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<QStringList>("grants");
    QTest::newRow("one") << QStringLiteral("entries:read") << true
                         << QStringList{QStringLiteral("entries:read")};
    QTest::newRow("commas and spaces")
        << QStringLiteral("entries:read, tags:read") << true
        << QStringList{QStringLiteral("entries:read"), QStringLiteral("tags:read")};
    QTest::newRow("itself") << QStringLiteral("entries:write") << false << QStringList();
    QTest::newRow("bad grammar") << QStringLiteral("tags\"read") << false << QStringList();
}

void TestScopeCatalogModel::impliesEdit() {
    QFETCH(QString, typed);
    QFETCH(bool, accepted);
    QFETCH(QStringList, grants);
    const QModelIndex cell = m_model->index(2, ScopeCatalogModel::Implies); // entries:write
    const Policy before = m_document->policy();
    QCOMPARE(m_model->setData(cell, typed), accepted);
    if (!accepted) {
        QCOMPARE(m_document->policy(), before);
        return;
    }
    QCOMPARE(m_document->policy().implies.size(), 1);
    QCOMPARE(m_document->policy().implies.at(0).grants, grants);
    QCOMPARE(m_model->data(cell).toString(), grants.join(u' '));
    QVERIFY(m_model->setData(cell, QString()));
    QVERIFY(m_document->policy().implies.isEmpty());
}

void TestScopeCatalogModel::lintMarksTheScope() {
    QVERIFY(m_model->setData(m_model->index(4, ScopeCatalogModel::Name), QStringLiteral("admin")));
    QVERIFY(!m_model->findingsAt(4).isEmpty());
    QVERIFY(m_model->findingsAt(3).isEmpty());
    QVERIFY(
        m_model->data(m_model->index(4, ScopeCatalogModel::Name), Qt::DecorationRole).isValid());
    QVERIFY(m_model->data(m_model->index(4, ScopeCatalogModel::Description), Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("admin")));
}

QTEST_MAIN(TestScopeCatalogModel)
#include "tst_ui_scopecatalogmodel.moc"
