#include "client/McpWire.h"

#include <QJsonDocument>

namespace scopebench {

QList<McpWire::SseEvent> McpWire::parseEvents(const QByteArray &stream) {
    QList<SseEvent> events;
    SseEvent current;
    bool hasData = false;
    bool any = false;
    qsizetype pos = 0;
    while (pos < stream.size()) {
        qsizetype end = pos;
        while (end < stream.size() && stream[end] != '\n' && stream[end] != '\r')
            ++end;
        if (end >= stream.size())
            break; // an incomplete line: wait for more
        const QByteArray line = stream.mid(pos, end - pos);
        pos = end + 1;
        if (stream[end] == '\r' && pos < stream.size() && stream[pos] == '\n')
            ++pos;
        if (line.isEmpty()) {
            if (any && hasData)
                events.append(current);
            current = SseEvent();
            hasData = false;
            any = false;
            continue;
        }
        if (line.startsWith(':'))
            continue;
        const qsizetype colon = line.indexOf(':');
        const QByteArray field = colon < 0 ? line : line.left(colon);
        QByteArray value = colon < 0 ? QByteArray() : line.mid(colon + 1);
        if (value.startsWith(' '))
            value.remove(0, 1);
        any = true;
        if (field == "data") {
            if (hasData)
                current.data += '\n';
            current.data += value;
            hasData = true;
        } else if (field == "event") {
            current.event = value;
        } else if (field == "id") {
            current.id = value;
        }
    }
    return events;
}

std::optional<QJsonObject> McpWire::responseInStream(const QByteArray &stream,
                                                     const QJsonValue &id) {
    for (const SseEvent &e : parseEvents(stream)) {
        if (!e.event.isEmpty() && e.event != "message")
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(e.data);
        if (!doc.isObject())
            continue;
        const QJsonObject o = doc.object();
        if (o.value(QLatin1String("id")) == id &&
            (o.contains(QLatin1String("result")) || o.contains(QLatin1String("error"))))
            return o;
    }
    return std::nullopt;
}

QByteArray McpWire::headerValue(const QString &value) {
    bool plain = !value.isEmpty() && !value.startsWith(u' ') && !value.startsWith(u'\t') &&
                 !value.endsWith(u' ') && !value.endsWith(u'\t');
    for (const QChar c : value)
        plain = plain && ((c.unicode() >= 0x20 && c.unicode() <= 0x7e) || c.unicode() == 0x09);
    if (value.startsWith(QLatin1String("=?base64?")) && value.endsWith(QLatin1String("?=")))
        plain = false;
    if (plain)
        return value.toLatin1();
    return QByteArrayLiteral("=?base64?") + value.toUtf8().toBase64() + QByteArrayLiteral("?=");
}

QString McpWire::nameFor(const QString &method, const QJsonObject &params) {
    if (method == QLatin1String("tools/call") || method == QLatin1String("prompts/get"))
        return params.value(QLatin1String("name")).toString();
    if (method == QLatin1String("resources/read"))
        return params.value(QLatin1String("uri")).toString();
    return QString();
}

} // namespace scopebench
