// The server panel's "Introspect every request" on the real embedded endpoint: ticked before
// Start, a token revoked at the built-in authorization server is refused on the very next
// request; unticked, it passes from the cache (docs/introspection-and-test-authorization-server.md,
// "The revoked-token window").
#include "EndpointServerBackend.h"
#include "PolicyDocument.h"
#include "ServerPanel.h"

#include "mcp/EndpointRunner.h"
#include "support/RevokedToken.h"

#include <QCheckBox>
#include <QSignalSpy>
#include <QTest>

using namespace scopebench;

class TestIntrospectEveryRequest : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void revokedTokenAfterRevocation_data() {
        QTest::addColumn<bool>("everyRequest");
        QTest::addColumn<int>("statusAfterRevocation");
        QTest::newRow("unticked: passes from the cache") << false << 200;
        QTest::newRow("ticked: refused at once") << true << 401;
    }

    void revokedTokenAfterRevocation() {
        QFETCH(bool, everyRequest);
        QFETCH(int, statusAfterRevocation);
        PolicyDocument document;
        document.openExample();
        ServerPanel panel(&document);
        EndpointServerBackend backend;
        panel.setBackend(&backend);
        panel.setListenAddress(QStringLiteral("127.0.0.1"), 0);
        auto *box = panel.findChild<QCheckBox *>(QStringLiteral("introspectEveryRequest"));
        QVERIFY(box);
        QVERIFY(!box->isChecked()); // the cache is on unless asked
        QVERIFY(!box->toolTip().isEmpty());
        box->setChecked(everyRequest);
        QSignalSpy running(&backend, &ServerBackend::runningChanged);
        panel.start();
        QVERIFY(running.wait(10000));
        QVERIFY(backend.isRunning());

        const fixtures::Revocation r = fixtures::revokeAfterFirstUse(*backend.runner());
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.beforeRevocation, 200);
        QCOMPARE(r.revocation, 200);
        QCOMPARE(r.afterRevocation, statusAfterRevocation);
        panel.stop();
    }
};

QTEST_MAIN(TestIntrospectEveryRequest)
#include "tst_ui_introspecteveryrequest.moc"
