#include "transport/RequestFramer.h"

#include "http/HttpGrammar.h"

#include <QVarLengthArray>

namespace scopebench {

namespace {

// field-value of RFC 9110 §5.5: VCHAR, obs-text, SP and HTAB; nothing else (no NUL, CR, LF).
bool isFieldValue(QByteArrayView v) {
    for (char c : v) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

QByteArrayView trimOws(QByteArrayView v) {
    while (!v.isEmpty() && (v.front() == ' ' || v.front() == '\t'))
        v = v.sliced(1);
    while (!v.isEmpty() && (v.back() == ' ' || v.back() == '\t'))
        v.chop(1);
    return v;
}

bool allDigits(QByteArrayView v) {
    if (v.isEmpty())
        return false;
    for (char c : v) {
        if (c < '0' || c > '9')
            return false;
    }
    return true;
}

bool equalsNoCase(QByteArrayView a, const char *b) {
    return a.compare(QByteArrayView(b), Qt::CaseInsensitive) == 0;
}

// The comma-separated tokens of a Connection field hold `token`.
bool listHas(QByteArrayView value, const char *token) {
    qsizetype start = 0;
    while (start <= value.size()) {
        qsizetype comma = value.indexOf(',', start);
        if (comma < 0)
            comma = value.size();
        if (equalsNoCase(trimOws(value.sliced(start, comma - start)), token))
            return true;
        start = comma + 1;
    }
    return false;
}

// The fields this layer acts on; every other name is Other. Only a name of the right length is
// compared, so the common fields cost one switch each.
enum class Field { Other, ContentLength, TransferEncoding, Connection, Expect, Upgrade, KeepAlive };

Field fieldOf(QByteArrayView name) {
    switch (name.size()) {
    case 6:
        return equalsNoCase(name, "expect") ? Field::Expect : Field::Other;
    case 7:
        return equalsNoCase(name, "upgrade") ? Field::Upgrade : Field::Other;
    case 10:
        return equalsNoCase(name, "connection")   ? Field::Connection
               : equalsNoCase(name, "keep-alive") ? Field::KeepAlive
                                                  : Field::Other;
    case 14:
        return equalsNoCase(name, "content-length") ? Field::ContentLength : Field::Other;
    case 17:
        return equalsNoCase(name, "transfer-encoding") ? Field::TransferEncoding : Field::Other;
    default:
        return Field::Other;
    }
}

// A method or field name as a QByteArray. The usual spellings of the usual ones (as curl, the
// SDKs' fetch and browsers send them) share one static copy each, so a typical request's head
// costs an allocation per field value only. Only an exact spelling is shared: what was sent is
// what the request holds.
QByteArray spelling(QByteArrayView text) {
    static const QByteArray common[] = {
        QByteArrayLiteral("GET"),
        QByteArrayLiteral("HEAD"),
        QByteArrayLiteral("POST"),
        QByteArrayLiteral("DELETE"),
        QByteArrayLiteral("OPTIONS"),
        QByteArrayLiteral("Host"),
        QByteArrayLiteral("host"),
        QByteArrayLiteral("Authorization"),
        QByteArrayLiteral("authorization"),
        QByteArrayLiteral("Content-Type"),
        QByteArrayLiteral("content-type"),
        QByteArrayLiteral("Content-Length"),
        QByteArrayLiteral("content-length"),
        QByteArrayLiteral("Accept"),
        QByteArrayLiteral("accept"),
        QByteArrayLiteral("Accept-Encoding"),
        QByteArrayLiteral("accept-encoding"),
        QByteArrayLiteral("Accept-Language"),
        QByteArrayLiteral("accept-language"),
        QByteArrayLiteral("User-Agent"),
        QByteArrayLiteral("user-agent"),
        QByteArrayLiteral("Origin"),
        QByteArrayLiteral("origin"),
        QByteArrayLiteral("Referer"),
        QByteArrayLiteral("referer"),
        QByteArrayLiteral("Mcp-Session-Id"),
        QByteArrayLiteral("mcp-session-id"),
        QByteArrayLiteral("MCP-Protocol-Version"),
        QByteArrayLiteral("Mcp-Protocol-Version"),
        QByteArrayLiteral("mcp-protocol-version"),
        QByteArrayLiteral("Mcp-Method"),
        QByteArrayLiteral("mcp-method"),
        QByteArrayLiteral("Mcp-Name"),
        QByteArrayLiteral("mcp-name"),
        QByteArrayLiteral("Sec-Fetch-Mode"),
        QByteArrayLiteral("sec-fetch-mode"),
    };
    // The size first: most candidates are ruled out without looking at a byte.
    for (const QByteArray &name : common) {
        if (name.size() == text.size() && name == text)
            return name;
    }
    return text.toByteArray();
}

struct FieldLine {
    QByteArrayView name;
    QByteArrayView value; // OWS trimmed
    Field field;
};

} // namespace

RequestFramer::RequestFramer(qint64 maxBodyBytes, int maxHeaderFields, int maxHeaderBytes)
    : m_maxBody(maxBodyBytes)
    , m_maxFields(maxHeaderFields)
    , m_maxHeaderBytes(maxHeaderBytes) {}

bool RequestFramer::midRequest() const {
    return m_state != State::Closed && (m_state != State::Head || !m_line.isEmpty());
}

QList<RequestFramer::Request> RequestFramer::takeAccepted() {
    QList<Request> out;
    out.swap(m_accepted);
    return out;
}

RequestFramer::Verdict RequestFramer::fail(Verdict v, const char *reason) {
    m_verdict = v;
    m_reason = reason;
    return v;
}

void RequestFramer::finishRequest() {
    m_state = m_closeAfter ? State::Closed : State::Head;
    m_accepted.append(std::move(m_current));
    m_current = Request();
    m_line.clear();
    m_left = 0;
    m_trailerBytes = 0;
    m_awaitingContinue = false;
    ++m_completed;
}

RequestFramer::Verdict RequestFramer::endOfHead() {
    const QByteArrayView head(m_line);
    // Lines end in CRLF or a bare LF (RFC 9112 §2.2); a CR anywhere else is refused.
    QVarLengthArray<QByteArrayView, 32> lines;
    qsizetype start = 0;
    while (start < head.size()) {
        const qsizetype lf = head.indexOf('\n', start);
        QByteArrayView line = head.sliced(start, lf - start);
        if (line.endsWith('\r'))
            line.chop(1);
        lines.append(line);
        start = lf + 1;
    }
    // The last "line" is the empty one that ends the head.
    lines.removeLast();
    QVarLengthArray<FieldLine, 32> fields;
    if (lines.size() - 1 > m_maxFields)
        return fail(Verdict::TooManyHeaders, "too many header fields");

    // request-line = method SP request-target SP HTTP-version (RFC 9112 §3)
    const QByteArrayView requestLine = lines.front();
    const qsizetype sp1 = requestLine.indexOf(' ');
    const qsizetype sp2 = sp1 < 0 ? -1 : requestLine.indexOf(' ', sp1 + 1);
    if (sp1 <= 0 || sp2 < 0 || requestLine.indexOf(' ', sp2 + 1) >= 0)
        return fail(Verdict::Malformed, "malformed request line");
    const QByteArrayView method = requestLine.first(sp1);
    const QByteArrayView target = requestLine.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = requestLine.sliced(sp2 + 1);
    if (!isToken(method) || target.isEmpty())
        return fail(Verdict::Malformed, "malformed request line");
    for (char c : target) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)
            return fail(Verdict::Malformed, "malformed request target");
    }
    if (version.size() != 8 || !version.startsWith("HTTP/") || version[6] != '.' ||
        version[5] < '0' || version[5] > '9' || version[7] < '0' || version[7] > '9')
        return fail(Verdict::Malformed, "malformed HTTP version");
    if (version[5] != '1')
        return fail(Verdict::VersionNotSupported, "HTTP version not supported");
    const bool http10 = version[7] == '0';

    int contentLengths = 0, transferEncodings = 0;
    QByteArrayView contentLength, transferEncoding;
    bool close = false, keepAlive = false, expectContinue = false;
    for (int i = 1; i < lines.size(); ++i) {
        const QByteArrayView line = lines.at(i);
        if (line.startsWith(' ') || line.startsWith('\t'))
            return fail(Verdict::Malformed, "obsolete line folding");
        const qsizetype colon = line.indexOf(':');
        if (colon < 0)
            return fail(Verdict::Malformed, "header line without a colon");
        const QByteArrayView name = line.first(colon);
        if (!isToken(name))
            return fail(Verdict::Malformed, "malformed header field name");
        const QByteArrayView value = trimOws(line.sliced(colon + 1));
        if (!isFieldValue(value))
            return fail(Verdict::Malformed, "control character in a header field");
        const Field field = fieldOf(name);
        fields.append({name, value, field});
        switch (field) {
        case Field::ContentLength:
            ++contentLengths;
            contentLength = value;
            break;
        case Field::TransferEncoding:
            ++transferEncodings;
            transferEncoding = value;
            break;
        case Field::Connection:
            close = close || listHas(value, "close");
            keepAlive = keepAlive || listHas(value, "keep-alive");
            break;
        case Field::Expect:
            if (!equalsNoCase(value, "100-continue"))
                return fail(Verdict::ExpectationFailed, "unsupported expectation");
            expectContinue = true;
            break;
        case Field::Upgrade:
        case Field::KeepAlive:
        case Field::Other:
            break;
        }
    }
    if (contentLengths > 1)
        return fail(Verdict::Malformed, "more than one Content-Length");
    if (transferEncodings > 0 && contentLengths > 0)
        return fail(Verdict::Malformed, "Transfer-Encoding with Content-Length");
    if (transferEncodings > 1 ||
        (transferEncodings == 1 && !equalsNoCase(transferEncoding, "chunked")))
        return fail(Verdict::Malformed, "Transfer-Encoding other than chunked");
    if (transferEncodings > 0 && http10)
        return fail(Verdict::Malformed, "Transfer-Encoding in HTTP/1.0");
    qint64 length = 0;
    if (contentLengths == 1) {
        if (!allDigits(contentLength))
            return fail(Verdict::Malformed, "malformed Content-Length");
        // More digits than fit are a body too large, not a parse error.
        length = contentLength.size() > 15 ? m_maxBody + 1 : contentLength.toLongLong();
    }
    if (length > m_maxBody)
        return fail(Verdict::BodyTooLarge, "body too large");

    Request request;
    request.http10 = http10;
    request.keepAlive = http10 ? keepAlive && !close : !close;
    request.head = method == "HEAD";
    const bool chunked = transferEncodings == 1;
    request.expectContinue = expectContinue && (chunked || length > 0);
    request.message.method = spelling(method);
    request.message.target = target.toByteArray();
    // The end-to-end fields; the hop-by-hop ones were this layer's to act on.
    request.message.headers.reserve(fields.size());
    for (const FieldLine &f : fields) {
        if (f.field == Field::Other || f.field == Field::ContentLength)
            request.message.headers.append({spelling(f.name), f.value.toByteArray()});
    }
    m_closeAfter = !request.keepAlive;
    m_current = std::move(request);
    m_line.clear();
    if (chunked) {
        m_state = State::ChunkSize;
        m_awaitingContinue = m_current.expectContinue;
        return Verdict::Ok;
    }
    if (length > 0) {
        m_state = State::Body;
        m_left = length;
        m_current.message.body.reserve(length);
        m_awaitingContinue = m_current.expectContinue;
    } else {
        finishRequest();
    }
    return Verdict::Ok;
}

// Collects one line of chunk framing; true when it is complete (without its CRLF or LF).
bool RequestFramer::chunkLine(char c, QByteArray *line) {
    if (c != '\n') {
        m_line.append(c);
        return false;
    }
    if (m_line.endsWith('\r'))
        m_line.chop(1);
    line->swap(m_line);
    m_line.clear();
    return true;
}

RequestFramer::Verdict RequestFramer::feed(QByteArrayView data) {
    qsizetype i = 0;
    const qsizetype n = data.size();
    while (m_verdict == Verdict::Ok && i < n) {
        switch (m_state) {
        case State::Closed:
            return m_verdict; // RFC 9112 §9.6: nothing after a closing request is processed
        case State::Head: {
            if (m_line.isEmpty()) {
                while (i < n && (data[i] == '\r' || data[i] == '\n'))
                    ++i; // empty lines before a request line (RFC 9112 §2.2)
                if (i == n)
                    break;
            }
            // Look for the end of the head in this chunk, with the bytes before it that may
            // have arrived earlier.
            const qsizetype before = m_line.size();
            const qsizetype from = qMax<qsizetype>(0, before - 3);
            const qsizetype room = m_maxHeaderBytes + 4 - before;
            const qsizetype take = qMin<qsizetype>(n - i, room);
            m_line.append(data.sliced(i, take));
            qsizetype stop = -1;
            for (qsizetype k = qMax<qsizetype>(from, 1); k < m_line.size(); ++k) {
                if (m_line[k] != '\n')
                    continue;
                if (m_line[k - 1] == '\n') {
                    stop = k + 1;
                    break;
                }
                if (k >= 2 && m_line[k - 1] == '\r' && m_line[k - 2] == '\n') {
                    stop = k + 1;
                    break;
                }
            }
            if (stop < 0) {
                i += take;
                // The head may be maxHeaderBytes long plus the empty line that ends it: with no
                // end in the first maxHeaderBytes + 4 bytes it is too large, whether they came
                // at once or a byte at a time (found by fuzz/fuzz_framer).
                if (m_line.size() >= m_maxHeaderBytes + 4)
                    return fail(Verdict::HeaderTooLarge, "header section too large");
                break;
            }
            if (stop > m_maxHeaderBytes + 4)
                return fail(Verdict::HeaderTooLarge, "header section too large");
            i += stop - before;
            m_line.truncate(stop);
            endOfHead();
            break;
        }
        case State::Body: {
            const qint64 take = qMin<qint64>(m_left, n - i);
            m_current.message.body.append(data.sliced(i, take));
            i += take;
            m_left -= take;
            m_awaitingContinue = false;
            if (m_left == 0)
                finishRequest();
            break;
        }
        case State::ChunkSize: {
            m_awaitingContinue = false;
            QByteArray line;
            if (!chunkLine(data[i++], &line)) {
                if (m_line.size() > 1024)
                    return fail(Verdict::Malformed, "chunk size line too long");
                break;
            }
            // chunk-size [ chunk-ext ] CRLF (RFC 9112 §7.1); the extension is ignored.
            const qsizetype semicolon = line.indexOf(';');
            const QByteArrayView size = trimOws(
                semicolon < 0 ? QByteArrayView(line) : QByteArrayView(line).first(semicolon));
            bool ok = !size.isEmpty();
            for (char c : size)
                ok = ok &&
                     ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
            if (!ok || !isFieldValue(line))
                return fail(Verdict::Malformed, "malformed chunk size");
            const qint64 chunk = size.size() > 15 ? m_maxBody + 1 : size.toLongLong(&ok, 16);
            if (m_current.message.body.size() + chunk > m_maxBody)
                return fail(Verdict::BodyTooLarge, "body too large");
            if (chunk == 0) {
                m_state = State::Trailer;
            } else {
                m_left = chunk;
                m_state = State::ChunkData;
            }
            break;
        }
        case State::ChunkData: {
            const qint64 take = qMin<qint64>(m_left, n - i);
            m_current.message.body.append(data.sliced(i, take));
            i += take;
            m_left -= take;
            if (m_left == 0)
                m_state = State::ChunkDataEnd;
            break;
        }
        case State::ChunkDataEnd: {
            QByteArray line;
            if (!chunkLine(data[i++], &line)) {
                if (m_line.size() > 1)
                    return fail(Verdict::Malformed, "chunk data not followed by CRLF");
                break;
            }
            if (!line.isEmpty())
                return fail(Verdict::Malformed, "chunk data not followed by CRLF");
            m_state = State::ChunkSize;
            break;
        }
        case State::Trailer: {
            QByteArray line;
            const bool complete = chunkLine(data[i++], &line);
            if (++m_trailerBytes > m_maxHeaderBytes)
                return fail(Verdict::HeaderTooLarge, "trailer section too large");
            if (!complete)
                break;
            if (!line.isEmpty()) {
                if (!isFieldValue(line) || line.indexOf(':') <= 0)
                    return fail(Verdict::Malformed, "malformed trailer field");
                break; // trailer fields are dropped
            }
            finishRequest();
            break;
        }
        }
    }
    return m_verdict;
}

} // namespace scopebench
