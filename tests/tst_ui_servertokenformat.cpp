#include "PolicyDocument.h"
#include "ServerPanel.h"

#include <QComboBox>
#include <QTest>

using namespace scopebench;

namespace {

// Records the token format the panel asks for before each start.
class FormatBackend : public ServerBackend {
public:
    bool isRunning() const override { return running; }
    Status start(const QString &, quint16, const Policy &,
                 const std::optional<IntrospectionSettings> &, NetworkExposure) override {
        running = true;
        startedWith = format;
        Q_EMIT runningChanged(true);
        return Status::success();
    }
    void stop() override {
        running = false;
        Q_EMIT runningChanged(false);
    }
    void setTestTokenFormat(AccessTokenFormat f) override { format = f; }
    void setPolicy(const Policy &) override {}
    EndpointAddresses endpoints() const override { return {}; }
    EndpointCounters counters() const override { return {}; }
    Result<QString> mintToken(const MintRequest &) override { return QStringLiteral("t"); }

    bool running = false;
    AccessTokenFormat format = AccessTokenFormat::Opaque;
    std::optional<AccessTokenFormat> startedWith;
};

} // namespace

// The server panel's token format choice reaches the backend at the next start, and cannot be
// changed while the server runs.
class TestServerTokenFormat : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void formatReachesTheBackend_data() {
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("format");
        QTest::newRow("opaque") << 0 << int(AccessTokenFormat::Opaque);
        QTest::newRow("jwt") << 1 << int(AccessTokenFormat::Jwt);
    }
    void formatReachesTheBackend() {
        QFETCH(int, index);
        QFETCH(int, format);
        PolicyDocument document;
        document.openExample();
        ServerPanel panel(&document);
        FormatBackend backend;
        panel.setBackend(&backend);
        auto *choice = panel.findChild<QComboBox *>(QStringLiteral("testTokenFormat"));
        QVERIFY(choice);
        choice->setCurrentIndex(index);
        panel.start();
        QVERIFY(backend.startedWith.has_value());
        QCOMPARE(int(*backend.startedWith), format);
        QVERIFY(!choice->isEnabled());
        panel.stop();
        QVERIFY(choice->isEnabled());
    }
};

QTEST_MAIN(TestServerTokenFormat)
#include "tst_ui_servertokenformat.moc"
