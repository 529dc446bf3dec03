#include "transport/ResponseSequencer.h"

#include <QHash>
#include <QHttpServerResponder>
#include <QTcpSocket>

#include <deque>
#include <optional>
#include <unordered_map>

namespace scopebench {

namespace {

struct Slot {
    quint64 ticket = 0;
    std::unique_ptr<QHttpServerResponder> responder; // null for a final response
    std::optional<HttpResponse> response;
};

struct Queue {
    std::deque<Slot> slots;
    bool closing = false;
};

void writeThrough(QHttpServerResponder &responder, const HttpResponse &response) {
    const auto status = QHttpServerResponder::StatusCode(response.status);
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    // 6.8 takes the headers whole and adds Content-Length itself.
    QHttpHeaders headers;
    for (const auto &h : response.headers) {
        if (h.first.compare("Content-Length", Qt::CaseInsensitive) != 0)
            headers.append(h.first, h.second);
    }
    responder.write(response.body, headers, status);
#else
    responder.writeStatusLine(status);
    bool hasLength = false;
    for (const auto &h : response.headers) {
        responder.writeHeader(h.first, h.second);
        hasLength = hasLength || h.first.compare("Content-Length", Qt::CaseInsensitive) == 0;
    }
    if (!hasLength && response.status != 204 && response.status >= 200)
        responder.writeHeader(QByteArrayLiteral("Content-Length"),
                              QByteArray::number(response.body.size()));
    responder.writeBody(response.body);
#endif
}

} // namespace

struct ResponseSequencer::Private {
    std::unordered_map<QTcpSocket *, Queue> queues;
    QHash<quint64, QTcpSocket *> owners;
    quint64 nextTicket = 0;
};

ResponseSequencer::ResponseSequencer(QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>()) {}

ResponseSequencer::~ResponseSequencer() = default;

quint64 ResponseSequencer::enqueue(QHttpServerResponder &&responder) {
    QTcpSocket *socket = responder.socket();
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return 0;
    auto it = d->queues.find(socket);
    if (it == d->queues.end()) {
        it = d->queues.emplace(socket, Queue()).first;
        // The socket's owner deletes it after a disconnect; its queue (and the responders,
        // which are safe to destroy unwritten) go with it.
        connect(socket, &QObject::destroyed, this, [this, socket] {
            const auto q = d->queues.find(socket);
            if (q == d->queues.end())
                return;
            for (const auto &slot : q->second.slots)
                d->owners.remove(slot.ticket);
            d->queues.erase(q);
        });
    }
    if (it->second.closing)
        return 0;
    Slot slot;
    slot.ticket = ++d->nextTicket;
    slot.responder = std::make_unique<QHttpServerResponder>(std::move(responder));
    d->owners.insert(slot.ticket, socket);
    it->second.slots.push_back(std::move(slot));
    return d->nextTicket;
}

void ResponseSequencer::complete(quint64 ticket, const HttpResponse &response) {
    QTcpSocket *socket = d->owners.value(ticket);
    if (!socket)
        return;
    auto &q = d->queues[socket];
    for (auto &slot : q.slots) {
        if (slot.ticket == ticket) {
            slot.response = response;
            break;
        }
    }
    flush(socket);
}

void ResponseSequencer::finish(QTcpSocket *socket, const HttpResponse &response) {
    if (d->queues.count(socket) == 0)
        connect(socket, &QObject::destroyed, this, [this, socket] { d->queues.erase(socket); });
    auto &q = d->queues[socket];
    if (q.closing)
        return;
    q.closing = true;
    Slot slot;
    slot.response = response;
    q.slots.push_back(std::move(slot));
    flush(socket);
}

bool ResponseSequencer::isOpen(quint64 ticket) const {
    return d->owners.contains(ticket);
}

bool ResponseSequencer::busy(QTcpSocket *socket) const {
    const auto it = d->queues.find(socket);
    return it != d->queues.end() && !it->second.slots.empty();
}

int ResponseSequencer::pending() const {
    return int(d->owners.size());
}

void ResponseSequencer::flush(QTcpSocket *socket) {
    auto it = d->queues.find(socket);
    if (it == d->queues.end())
        return;
    Queue &q = it->second;
    while (!q.slots.empty() && q.slots.front().response) {
        Slot slot = std::move(q.slots.front());
        q.slots.pop_front();
        if (slot.responder) {
            d->owners.remove(slot.ticket);
            writeThrough(*slot.responder, *slot.response);
        } else {
            HttpResponse last = *slot.response;
            last.setHeader(QByteArrayLiteral("Connection"), QByteArrayLiteral("close"));
            socket->write(last.toRaw());
            socket->disconnectFromHost();
            return;
        }
    }
}

} // namespace scopebench
