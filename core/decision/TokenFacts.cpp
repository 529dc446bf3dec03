#include "decision/TokenFacts.h"

#include <QDateTime>
#include <QJsonArray>

namespace scopebench {

namespace {

QString timeText(const std::optional<qint64> &t) {
    if (!t)
        return QString();
    return QStringLiteral("%1 (%2)").arg(*t).arg(
        QDateTime::fromSecsSinceEpoch(*t, Qt::UTC).toString(Qt::ISODate));
}

} // namespace

QJsonObject TokenFacts::toJson() const {
    const TokenFacts &f = *this;
    QJsonObject o{{QStringLiteral("active"), f.active},
                  {QStringLiteral("scopes"), QJsonArray::fromStringList(f.scopes)}};
    const QPair<const char *, QString> strings[] = {{"client_id", f.clientId},
                                                    {"username", f.username},
                                                    {"token_type", f.tokenType},
                                                    {"sub", f.sub},
                                                    {"iss", f.iss},
                                                    {"jti", f.jti}};
    for (const auto &s : strings) {
        if (!s.second.isEmpty())
            o.insert(QLatin1String(s.first), s.second);
    }
    const QPair<const char *, std::optional<qint64>> times[] = {
        {"exp", f.exp}, {"iat", f.iat}, {"nbf", f.nbf}};
    for (const auto &t : times) {
        if (t.second)
            o.insert(QLatin1String(t.first), *t.second);
    }
    if (f.audPresent)
        o.insert(QStringLiteral("aud"), QJsonArray::fromStringList(f.aud));
    return o;
}

QString TokenFacts::toText() const {
    const TokenFacts &f = *this;
    QString text;
    auto line = [&text](const char *name, const QString &value) {
        if (!value.isEmpty())
            text +=
                QStringLiteral("  %1 %2\n").arg(QString::fromLatin1(name).leftJustified(11), value);
    };
    line("active", f.active ? QStringLiteral("true") : QStringLiteral("false"));
    line("scope", f.scopes.isEmpty() ? QStringLiteral("(none)") : f.scopes.join(u' '));
    line("client_id", f.clientId);
    line("username", f.username);
    line("sub", f.sub);
    line("token_type", f.tokenType);
    line("exp", timeText(f.exp));
    line("iat", timeText(f.iat));
    line("nbf", timeText(f.nbf));
    if (f.audPresent)
        line("aud", f.aud.isEmpty() ? QStringLiteral("(empty)") : f.aud.join(QStringLiteral(", ")));
    line("iss", f.iss);
    line("jti", f.jti);
    static const QStringList known = {
        QStringLiteral("active"),   QStringLiteral("scope"), QStringLiteral("client_id"),
        QStringLiteral("username"), QStringLiteral("sub"),   QStringLiteral("token_type"),
        QStringLiteral("exp"),      QStringLiteral("iat"),   QStringLiteral("nbf"),
        QStringLiteral("aud"),      QStringLiteral("iss"),   QStringLiteral("jti")};
    QStringList others;
    for (auto it = f.raw.constBegin(); it != f.raw.constEnd(); ++it) {
        if (!known.contains(it.key()))
            others.append(it.key());
    }
    line("other", others.join(QStringLiteral(", ")));
    return text;
}

} // namespace scopebench
