#pragma once

// What `scopebench serve` prints for an operator (app/cli), read back by the tests that run serve
// in their own process: the MCP endpoint, and the test client's credentials and authorization
// server from the printed curl line (a secret serve generated is printed there; one from the
// environment is not, and then there is nothing to read back).

#include <QObject>
#include <QRegularExpression>
#include <QString>
#include <QTextStream>
#include <QTimer>

#include <functional>
#include <optional>

namespace scopebench::fixtures {

struct ServeBanner {
    QString mcpUrl;
    QString clientId;
    QString clientSecret;
    QString authorizationServer; // its base URL: /oauth/token, /oauth/revoke… follow
    QString tokenUrl() const { return authorizationServer + QStringLiteral("/oauth/token"); }
};

// The banner, once `printed` holds all of it.
inline std::optional<ServeBanner> parseServeBanner(const QString &printed) {
    static const QRegularExpression endpoint(QStringLiteral("MCP endpoint: +(\\S+)"));
    static const QRegularExpression curl(
        QStringLiteral("curl -s -u '([^:]+):([^']+)'.* (\\S+)/oauth/token"));
    const QRegularExpressionMatch url = endpoint.match(printed);
    const QRegularExpressionMatch mint = curl.match(printed);
    if (!url.hasMatch() || !mint.hasMatch())
        return std::nullopt;
    return ServeBanner{url.captured(1), mint.captured(1), mint.captured(2), mint.captured(3)};
}

// serve runs its event loop in the test's thread, so the test acts from a timer: this one looks
// at what serve printed to `out` every 20 ms and calls `ready` once, inside serve's event loop,
// when the banner is there. Start it before running serve.
inline void whenServeBannerPrinted(QObject *context, QTextStream &out, const QString &printed,
                                   std::function<void(const ServeBanner &)> ready) {
    auto *poll = new QTimer(context);
    poll->setInterval(20);
    QObject::connect(poll, &QTimer::timeout, context, [poll, &out, &printed, ready] {
        out.flush();
        const std::optional<ServeBanner> banner = parseServeBanner(printed);
        if (!banner)
            return;
        poll->stop();
        poll->deleteLater();
        ready(*banner);
    });
    poll->start();
}

} // namespace scopebench::fixtures
