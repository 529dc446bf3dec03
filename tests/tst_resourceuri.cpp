#include "policy/ResourceUri.h"

#include <QTest>

using namespace scopebench;

class TestResourceUri : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void problem_data();
    void problem();
    void canonical_data();
    void canonical();
    void canonicalFormsCompareEqual_data();
    void canonicalFormsCompareEqual();
    void metadataUrl_data();
    void metadataUrl();
};

void TestResourceUri::problem_data() {
    QTest::addColumn<QString>("uri");
    QTest::addColumn<QString>("problemPart"); // empty: usable

    QTest::newRow("default") << "http://127.0.0.1:8787/mcp"
                             << "";
    QTest::newRow("https no path") << "https://mcp.example.com"
                                   << "";
    QTest::newRow("upper-case scheme and host") << "HTTPS://MCP.Example.com/mcp"
                                                << "";
    QTest::newRow("IPv6 with port") << "http://[::1]:8787/mcp"
                                    << "";
    QTest::newRow("query") << "https://mcp.example.com/mcp?tenant=a"
                           << "";
    QTest::newRow("empty") << ""
                           << "the resource URI is empty";
    QTest::newRow("relative path") << "/mcp"
                                   << "not an absolute URI";
    QTest::newRow("relative word") << "mcp"
                                   << "not an absolute URI";
    QTest::newRow("scheme-relative") << "//mcp.example.com/mcp"
                                     << "not an absolute URI";
    QTest::newRow("fragment") << "https://mcp.example.com/mcp#top"
                              << "must not have a fragment";
    QTest::newRow("empty fragment") << "https://mcp.example.com/mcp#"
                                    << "must not have a fragment";
    QTest::newRow("ftp") << "ftp://files.example.com/mcp"
                         << "the scheme must be http or https, not ftp";
    QTest::newRow("ftp colon only") << "ftp:"
                                    << "the scheme must be http or https, not ftp";
    QTest::newRow("urn") << "urn:example:mcp"
                         << "the scheme must be http or https, not urn";
    QTest::newRow("no host, three slashes") << "http:///mcp"
                                            << "the URI has no host";
    QTest::newRow("no host at all") << "https://"
                                    << "the URI has no host";
    QTest::newRow("no host, one slash") << "https:/mcp"
                                        << "the URI has no host";
    QTest::newRow("space in host") << "http://exa mple.com/mcp"
                                   << "not a valid URI";
}

void TestResourceUri::problem() {
    QFETCH(QString, uri);
    QFETCH(QString, problemPart);
    const QString problem = ResourceUri::problem(uri);
    if (problemPart.isEmpty()) {
        QCOMPARE(problem, QString());
    } else {
        QVERIFY2(problem.contains(problemPart), qPrintable(QStringLiteral("got: ") + problem));
    }
}

void TestResourceUri::canonical_data() {
    QTest::addColumn<QString>("uri");
    QTest::addColumn<QString>("expected");
    QTest::newRow("already canonical") << "https://mcp.example.com/mcp"
                                       << "https://mcp.example.com/mcp";
    QTest::newRow("scheme and host lowercased") << "HTTPS://MCP.Example.COM/mcp"
                                                << "https://mcp.example.com/mcp";
    QTest::newRow("path case kept") << "https://h.example/MCP/Server"
                                    << "https://h.example/MCP/Server";
    QTest::newRow(":80 dropped for http") << "http://h.example:80/mcp"
                                          << "http://h.example/mcp";
    QTest::newRow(":443 dropped for https") << "https://h.example:443/mcp"
                                            << "https://h.example/mcp";
    QTest::newRow(":80 kept for https") << "https://h.example:80/mcp"
                                        << "https://h.example:80/mcp";
    QTest::newRow(":443 kept for http") << "http://h.example:443/mcp"
                                        << "http://h.example:443/mcp";
    QTest::newRow("other port kept") << "http://127.0.0.1:8787/mcp"
                                     << "http://127.0.0.1:8787/mcp";
    QTest::newRow("trailing slash dropped") << "https://h.example/mcp/"
                                            << "https://h.example/mcp";
    QTest::newRow("root slash dropped") << "https://h.example/"
                                        << "https://h.example";
    QTest::newRow("no path") << "https://h.example"
                             << "https://h.example";
    QTest::newRow("several trailing slashes") << "https://h.example/mcp//"
                                              << "https://h.example/mcp";
    QTest::newRow("everything at once") << "HTTP://H.Example:80/mcp/"
                                        << "http://h.example/mcp";
    QTest::newRow("IPv6 default port") << "http://[::1]:80/mcp"
                                       << "http://[::1]/mcp";
    QTest::newRow("IPv6 other port") << "http://[::1]:8787/mcp/"
                                     << "http://[::1]:8787/mcp";
    QTest::newRow("query kept") << "https://h.example/mcp?tenant=A"
                                << "https://h.example/mcp?tenant=A";
    QTest::newRow("relative left alone") << "/mcp/"
                                         << "/mcp/";
}

void TestResourceUri::canonical() {
    QFETCH(QString, uri);
    QFETCH(QString, expected);
    QCOMPARE(ResourceUri::canonical(uri), expected);
    QCOMPARE(ResourceUri::canonical(ResourceUri::canonical(uri)), expected);
}

void TestResourceUri::canonicalFormsCompareEqual_data() {
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("equal");
    QTest::newRow("port and slash") << "https://H.example:443/mcp/"
                                    << "https://h.example/mcp" << true;
    QTest::newRow("different path") << "https://h.example/mcp"
                                    << "https://h.example/mcp2" << false;
    QTest::newRow("path case matters") << "https://h.example/mcp"
                                       << "https://h.example/MCP" << false;
    QTest::newRow("scheme matters") << "http://h.example/mcp"
                                    << "https://h.example/mcp" << false;
    QTest::newRow("port matters") << "http://h.example:8080/mcp"
                                  << "http://h.example/mcp" << false;
}

void TestResourceUri::canonicalFormsCompareEqual() {
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, equal);
    QCOMPARE(ResourceUri::canonical(a) == ResourceUri::canonical(b), equal);
}

// RFC 9728 §3.1: /.well-known/oauth-protected-resource goes between the host and the path.
void TestResourceUri::metadataUrl_data() {
    QTest::addColumn<QString>("uri");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<QString>("root");
    QTest::newRow("with path") << "https://mcp.example.com/mcp"
                               << "https://mcp.example.com/.well-known/oauth-protected-resource/mcp"
                               << "https://mcp.example.com/.well-known/oauth-protected-resource";
    QTest::newRow("deeper path")
        << "https://h.example/tenants/a/mcp"
        << "https://h.example/.well-known/oauth-protected-resource/tenants/a/mcp"
        << "https://h.example/.well-known/oauth-protected-resource";
    QTest::newRow("without path") << "https://h.example"
                                  << "https://h.example/.well-known/oauth-protected-resource"
                                  << "https://h.example/.well-known/oauth-protected-resource";
    QTest::newRow("root path") << "https://h.example/"
                               << "https://h.example/.well-known/oauth-protected-resource"
                               << "https://h.example/.well-known/oauth-protected-resource";
    QTest::newRow("with port") << "http://127.0.0.1:8787/mcp"
                               << "http://127.0.0.1:8787/.well-known/oauth-protected-resource/mcp"
                               << "http://127.0.0.1:8787/.well-known/oauth-protected-resource";
    QTest::newRow("default port dropped")
        << "https://H.Example:443/mcp"
        << "https://h.example/.well-known/oauth-protected-resource/mcp"
        << "https://h.example/.well-known/oauth-protected-resource";
    QTest::newRow("IPv6") << "http://[::1]:8787/mcp"
                          << "http://[::1]:8787/.well-known/oauth-protected-resource/mcp"
                          << "http://[::1]:8787/.well-known/oauth-protected-resource";
    QTest::newRow("query kept after the path")
        << "https://h.example/mcp?tenant=a"
        << "https://h.example/.well-known/oauth-protected-resource/mcp?tenant=a"
        << "https://h.example/.well-known/oauth-protected-resource";
    // No metadata URL for what is not a usable resource (never "://..." or a relative one).
    for (const char *bad : {"", "/mcp", "mcp.example.com/mcp", "ftp://h.example/mcp", "http:///mcp",
                            "https://h.example/mcp#x", "http://[::1/mcp"})
        QTest::addRow("unusable \"%s\"", bad) << QString::fromLatin1(bad) << QString() << QString();
}

void TestResourceUri::metadataUrl() {
    QFETCH(QString, uri);
    QFETCH(QString, expected);
    QFETCH(QString, root);
    QCOMPARE(ResourceUri::metadataUrl(uri), expected);
    QCOMPARE(ResourceUri::rootMetadataUrl(uri), root);
}

QTEST_GUILESS_MAIN(TestResourceUri)
#include "tst_resourceuri.moc"
