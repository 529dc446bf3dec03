#include "transport/ResponseSequencer.h"

#include <QHash>
#include <QTcpSocket>

#include <deque>
#include <optional>
#include <unordered_map>

namespace scopebench {

namespace {

// What the response must look like on the wire, from its request.
struct Shape {
    bool http10 = false;
    bool keepAlive = true;
    bool head = false;
};

struct Slot {
    quint64 ticket = 0; // 0 for a final response (finish())
    Shape shape;
    std::optional<HttpResponse> response;
};

struct Queue {
    std::deque<Slot> slots;
    bool closing = false;
};

// The response as it goes on the wire for the request it answers: the request's HTTP version,
// Connection as the request's keep-alive decided, Content-Length always (the real one for HEAD,
// whose body is left out).
QByteArray wireBytes(const HttpResponse &response, const Shape &request) {
    QByteArray out;
    out.reserve(128 + int(response.headers.size()) * 40 + response.body.size());
    out += request.http10 ? "HTTP/1.0 " : "HTTP/1.1 ";
    out += QByteArray::number(response.status);
    out += ' ';
    out += HttpResponse::reasonPhrase(response.status);
    out += "\r\n";
    bool hasLength = false;
    for (const auto &h : response.headers) {
        if (h.first.compare("Connection", Qt::CaseInsensitive) == 0)
            continue;
        hasLength = hasLength || h.first.compare("Content-Length", Qt::CaseInsensitive) == 0;
        out += h.first;
        out += ": ";
        out += h.second;
        out += "\r\n";
    }
    const bool bodyless = response.status < 200 || response.status == 204 || response.status == 304;
    if (!hasLength && !bodyless) {
        out += "Content-Length: ";
        out += QByteArray::number(response.body.size());
        out += "\r\n";
    }
    if (!request.keepAlive)
        out += "Connection: close\r\n";
    else if (request.http10)
        out += "Connection: keep-alive\r\n";
    out += "\r\n";
    if (!request.head && !bodyless)
        out += response.body;
    return out;
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

quint64 ResponseSequencer::enqueue(QTcpSocket *socket, const RequestFramer::Request &request) {
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return 0;
    auto it = d->queues.find(socket);
    if (it == d->queues.end()) {
        it = d->queues.emplace(socket, Queue()).first;
        // The socket's owner deletes it after a disconnect; its queue goes with it.
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
    slot.shape = Shape{request.http10, request.keepAlive, request.head};
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

int ResponseSequencer::pendingOn(QTcpSocket *socket) const {
    const auto it = d->queues.find(socket);
    return it == d->queues.end() ? 0 : int(it->second.slots.size());
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
        if (slot.ticket != 0) {
            d->owners.remove(slot.ticket);
            socket->write(wireBytes(*slot.response, slot.shape));
            if (!slot.shape.keepAlive) {
                // Nothing after a closing request was read; nothing more is owed.
                q.closing = true;
                for (const Slot &rest : q.slots)
                    d->owners.remove(rest.ticket);
                q.slots.clear();
                socket->disconnectFromHost();
                return;
            }
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
