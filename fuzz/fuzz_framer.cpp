// The framing layer (RequestFramer): any byte stream, fed whole and in pieces whose sizes come
// from the input, must give the same verdict and the same requests; the accepted requests,
// written out again as HTTP/1.1 (HttpRequest::toWire), must frame to exactly the same requests.
#include "transport/RequestFramer.h"

#include <cstdint>
#include <cstdlib>

using scopebench::RequestFramer;

namespace {
// Feeds `data` in steps; the accepted requests, as written out again, go to `out`.
RequestFramer::Verdict run(RequestFramer &framer, QByteArrayView data, size_t step,
                           QByteArray *out) {
    RequestFramer::Verdict v = RequestFramer::Verdict::Ok;
    for (qsizetype i = 0; i < data.size(); i += qsizetype(step)) {
        v = framer.feed(data.sliced(i, qMin<qsizetype>(qsizetype(step), data.size() - i)));
        const QList<RequestFramer::Request> accepted = framer.takeAccepted();
        for (const RequestFramer::Request &r : accepted)
            *out += r.message.toWire();
    }
    return v;
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 1)
        return 0;
    const size_t step = size_t(data[0] % 16) + 1;
    const QByteArrayView stream(reinterpret_cast<const char *>(data) + 1, qsizetype(size - 1));

    RequestFramer whole(4096, 20, 2048), pieces(4096, 20, 2048);
    QByteArray a, b;
    const RequestFramer::Verdict va = run(whole, stream, size_t(stream.size()) + 1, &a);
    const RequestFramer::Verdict vb = run(pieces, stream, step, &b);
    if (va != vb || a != b || whole.completedRequests() != pieces.completedRequests())
        abort();

    // What was accepted frames again to the same requests, with nothing refused.
    RequestFramer again(4096, 20, 2048 + 64);
    QByteArray c;
    if (run(again, a, size_t(a.size()) + 1, &c) != RequestFramer::Verdict::Ok)
        abort();
    if (c != a)
        abort();
    return 0;
}
