#include "http/FormEncoding.h"
#include "introspection/IntrospectionCache.h"
#include "introspection/IntrospectionClient.h"

#include <QCryptographicHash>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace scopebench;

// Answers by the token's name: "active", "active-exp-N", "inactive-…", anything else 500.
// Counts the requests per token.
class CountingServer {
public:
    CountingServer() {
        m_tcp = new QTcpServer; // bind() makes the QHttpServer its parent
        QVERIFY(m_tcp->listen(QHostAddress::LocalHost, 0));
        m_http.bind(m_tcp);
        m_http.route(QStringLiteral("/introspect"), [this](const QHttpServerRequest &r) {
            const QString token =
                FormEncoding::value(FormEncoding::parseFields(r.body()), QStringLiteral("token"));
            ++requests[token];
            QJsonObject o;
            if (token.startsWith(QLatin1String("inactive"))) {
                o.insert(QStringLiteral("active"), false);
            } else if (token.startsWith(QLatin1String("active"))) {
                o.insert(QStringLiteral("active"), true);
                o.insert(QStringLiteral("scope"), QStringLiteral("entries:read"));
                if (token.startsWith(QLatin1String("active-exp-")))
                    o.insert(QStringLiteral("exp"), token.mid(11).toLongLong());
            } else {
                return QHttpServerResponse(QHttpServerResponse::StatusCode::InternalServerError);
            }
            return QHttpServerResponse(o);
        });
    }
    IntrospectionSettings settings() const {
        IntrospectionSettings s;
        s.url = QUrl(QStringLiteral("http://127.0.0.1:%1/introspect").arg(m_tcp->serverPort()));
        s.clientId = QStringLiteral("rs");
        s.clientSecret = QStringLiteral("secret");
        return s;
    }
    QHash<QString, int> requests;

private:
    QHttpServer m_http;
    QTcpServer *m_tcp = nullptr;
};

class tst_IntrospectionCache : public QObject {
    Q_OBJECT
private:
    struct Fixture {
        CountingServer server;
        IntrospectionClient client{server.settings()};
        std::unique_ptr<IntrospectionCache> cache;
        qint64 now = 1000;
        explicit Fixture(IntrospectionCache::Settings s) {
            cache = std::make_unique<IntrospectionCache>(&client, s);
            cache->setClock([this] { return now; });
        }
        // One lookup, waited for.
        bool lookup(const QString &token, TokenKnowledge *out) {
            bool called = false;
            QObject context;
            cache->lookup(token.toUtf8(), &context, [&](const TokenKnowledge &k) {
                *out = k;
                called = true;
            });
            return QTest::qWaitFor([&] { return called; }, 10000);
        }
    };

private Q_SLOTS:
    void lifetime_data() {
        QTest::addColumn<QString>("token");
        QTest::addColumn<int>("maxTtl");
        QTest::addColumn<qint64>("later"); // when the second lookup happens
        QTest::addColumn<bool>("hit");
        QTest::newRow("active, before maxTtl") << "active" << 60 << qint64(1059) << true;
        QTest::newRow("active, at maxTtl") << "active" << 60 << qint64(1060) << false;
        QTest::newRow("exp before maxTtl, just before exp")
            << "active-exp-1030" << 60 << qint64(1029) << true;
        QTest::newRow("exp before maxTtl, at exp")
            << "active-exp-1030" << 60 << qint64(1030) << false;
        QTest::newRow("maxTtl before exp") << "active-exp-5000" << 60 << qint64(1060) << false;
        QTest::newRow("already expired is not cached")
            << "active-exp-900" << 60 << qint64(1000) << false;
        QTest::newRow("inactive, within negative ttl")
            << "inactive-1" << 60 << qint64(1004) << true;
        QTest::newRow("inactive, at negative ttl") << "inactive-1" << 60 << qint64(1005) << false;
        QTest::newRow("failure is never cached") << "broken" << 60 << qint64(1000) << false;
    }
    void lifetime() {
        QFETCH(QString, token);
        QFETCH(int, maxTtl);
        QFETCH(qint64, later);
        QFETCH(bool, hit);
        Fixture f({maxTtl, 5, 100});
        TokenKnowledge first, second;
        QVERIFY(f.lookup(token, &first));
        f.now = later;
        QVERIFY(f.lookup(token, &second));
        QCOMPARE(f.server.requests.value(token), hit ? 1 : 2);
        QCOMPARE(f.cache->counters().hits, quint64(hit ? 1 : 0));
        QCOMPARE(first.state, second.state);
        QCOMPARE(first.facts.active, second.facts.active);
        if (token == QLatin1String("broken")) {
            QCOMPARE(second.state, TokenKnowledge::State::IntrospectionFailed);
            QCOMPARE(f.cache->counters().errors, quint64(2));
        }
    }

    void sixtyFourShareOneRequest() {
        Fixture f({});
        QList<TokenKnowledge> answers;
        QObject context;
        for (int i = 0; i < 64; ++i)
            f.cache->lookup(QByteArrayLiteral("active-new"), &context,
                            [&](const TokenKnowledge &k) { answers.append(k); });
        QVERIFY(QTest::qWaitFor([&] { return answers.size() == 64; }, 10000));
        QCOMPARE(f.server.requests.value(QStringLiteral("active-new")), 1);
        for (const TokenKnowledge &k : std::as_const(answers)) {
            QCOMPARE(k.state, TokenKnowledge::State::Known);
            QVERIFY(k.facts.active);
            QCOMPARE(k.facts.scopes, QStringList{QStringLiteral("entries:read")});
        }
        const auto c = f.cache->counters();
        QCOMPARE(c.misses, quint64(1));
        QCOMPARE(c.sharedWaits, quint64(63));
        QCOMPARE(c.hits, quint64(0));
        QCOMPARE(c.errors, quint64(0));
        TokenKnowledge again;
        QVERIFY(f.lookup(QStringLiteral("active-new"), &again));
        QCOMPARE(f.cache->counters().hits, quint64(1));
        QCOMPARE(f.server.requests.value(QStringLiteral("active-new")), 1);
    }

    void sharedFailureReachesEveryone() {
        Fixture f({});
        int failed = 0;
        QObject context;
        for (int i = 0; i < 8; ++i)
            f.cache->lookup(QByteArrayLiteral("broken"), &context, [&](const TokenKnowledge &k) {
                if (k.state == TokenKnowledge::State::IntrospectionFailed)
                    ++failed;
            });
        QVERIFY(QTest::qWaitFor([&] { return failed == 8; }, 10000));
        QCOMPARE(f.server.requests.value(QStringLiteral("broken")), 1);
        QCOMPARE(f.cache->counters().errors, quint64(1));
        QCOMPARE(f.cache->size(), 0);
    }

    void leastRecentlyUsedIsEvicted() {
        Fixture f({60, 5, 2});
        TokenKnowledge k;
        QVERIFY(f.lookup(QStringLiteral("active-a"), &k));
        QVERIFY(f.lookup(QStringLiteral("active-b"), &k));
        QVERIFY(f.lookup(QStringLiteral("active-a"), &k)); // a is now the most recent
        QVERIFY(f.lookup(QStringLiteral("active-c"), &k)); // evicts b
        QCOMPARE(f.cache->size(), 2);
        QVERIFY(f.lookup(QStringLiteral("active-a"), &k));
        QCOMPARE(f.server.requests.value(QStringLiteral("active-a")), 1);
        QVERIFY(f.lookup(QStringLiteral("active-b"), &k));
        QCOMPARE(f.server.requests.value(QStringLiteral("active-b")), 2);
    }

    void destroyedContextGetsNoCallback() {
        Fixture f({});
        bool called = false;
        bool otherCalled = false;
        QObject other;
        {
            QObject context;
            f.cache->lookup(QByteArrayLiteral("active-ctx"), &context,
                            [&](const TokenKnowledge &) { called = true; });
            f.cache->lookup(QByteArrayLiteral("active-ctx"), &other,
                            [&](const TokenKnowledge &) { otherCalled = true; });
        }
        QVERIFY(QTest::qWaitFor([&] { return otherCalled; }, 10000));
        QVERIFY(!called);
    }

    void callbackNeverRunsInsideLookup() {
        Fixture f({});
        TokenKnowledge k;
        QVERIFY(f.lookup(QStringLiteral("active-sync"), &k));
        bool called = false;
        QObject context;
        f.cache->lookup(QByteArrayLiteral("active-sync"), &context,
                        [&](const TokenKnowledge &) { called = true; });
        QVERIFY(!called); // a hit, but still delivered later
        QVERIFY(QTest::qWaitFor([&] { return called; }, 10000));
    }

    // known() answers a hit at once (the endpoint decides it inline) for the same lifetime as
    // lookup(), keyed by the token's SHA-256, and never starts a request.
    void knownAnswersHitsInline() {
        Fixture f({60, 5, 100});
        const QByteArray token = QByteArrayLiteral("active-known");
        const QByteArray digest = QCryptographicHash::hash(token, QCryptographicHash::Sha256);
        QVERIFY(!f.cache->known(digest)); // nothing yet, and no request for it
        QCOMPARE(f.server.requests.value(QString::fromLatin1(token)), 0);
        TokenKnowledge k;
        QVERIFY(f.lookup(QString::fromLatin1(token), &k));
        const std::optional<TokenKnowledge> hit = f.cache->known(digest);
        QVERIFY(hit);
        QCOMPARE(hit->state, TokenKnowledge::State::Known);
        QVERIFY(hit->facts.active);
        QCOMPARE(f.cache->counters().hits, quint64(1));
        QVERIFY(!f.cache->known(QCryptographicHash::hash(QByteArrayLiteral("active-other"),
                                                         QCryptographicHash::Sha256)));
        f.now = 1060;
        QVERIFY(!f.cache->known(digest)); // past maxTtl
        QCOMPARE(f.server.requests.value(QString::fromLatin1(token)), 1);
    }

    void clientGoingAwayStillAnswersOnce() {
        CountingServer server;
        auto *client = new IntrospectionClient(server.settings());
        IntrospectionCache cache(client, {});
        int failed = 0;
        QObject context;
        for (int i = 0; i < 3; ++i)
            cache.lookup(QByteArrayLiteral("active-gone"), &context, [&](const TokenKnowledge &k) {
                if (k.state == TokenKnowledge::State::IntrospectionFailed)
                    ++failed;
            });
        delete client;
        QVERIFY(QTest::qWaitFor([&] { return failed == 3; }, 10000));
        QCOMPARE(cache.counters().errors, quint64(1));
        bool answered = false;
        cache.lookup(QByteArrayLiteral("active-later"), &context, [&](const TokenKnowledge &k) {
            answered = k.state == TokenKnowledge::State::IntrospectionFailed;
        });
        QVERIFY(QTest::qWaitFor([&] { return answered; }, 10000));
    }

    void clearDropsEntries() {
        Fixture f({});
        TokenKnowledge k;
        QVERIFY(f.lookup(QStringLiteral("active-clear"), &k));
        f.cache->clear();
        QVERIFY(f.lookup(QStringLiteral("active-clear"), &k));
        QCOMPARE(f.server.requests.value(QStringLiteral("active-clear")), 2);
    }
};

QTEST_GUILESS_MAIN(tst_IntrospectionCache)
#include "tst_introspectioncache.moc"
