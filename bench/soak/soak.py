#!/usr/bin/env python3
"""The soak and fault run of `scopebench serve` (docs/performance.md, "Soak").

    bench/soak/soak.py BUILD_DIR [SECONDS]        (scripts/dev.sh soak [SECONDS], default 600)

Starts the controllable authorization server stub (as_stub.py) and `scopebench serve
--introspection-url` against it, both on 127.0.0.1, and drives mixed load for SECONDS: allowed
tools/call, per-tool 403, 401 (no token, inactive token), malformed JSON, malformed HTTP, slow
clients that finish and slow clients that never do. The stub fails (500) and stalls (past the
endpoint's introspection timeout) in turns with normal service, and recovers. Every answer is
checked against the status it must have at the moment it was sent; resident memory and open file
descriptors of `serve` are sampled every second.

Passes when: no status is wrong, nothing is allowed while the stub fails or stalls, memory is
flat (the median resident size of the last quarter is within 10% of the second quarter's), and
the descriptors open after the load, less the idle keep-alive connections to the
authorization server that Qt keeps for reuse (at most 6), are no more than before it. Bounded: 4 request
workers, 1 malformed-HTTP client, 2 slow clients, loopback only, SECONDS of load.
"""
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
WORKERS = 4
SECRET = "soak-secret"

INIT = json.dumps({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                   "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                              "clientInfo": {"name": "soak", "version": "1"}}})
LIST = json.dumps({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
                   "params": {"name": "list_entries", "arguments": {}}})
CREATE = json.dumps({"jsonrpc": "2.0", "id": 3, "method": "tools/call",
                     "params": {"name": "create_entry",
                                "arguments": {"title": "t", "content": "c"}}})

# Malformed HTTP, each on a fresh connection, with the status it must get (docs/endpoint.md,
# "HTTP framing").
MALFORMED = [
    (b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\nContent-Length: 0\r\n\r\nhello", 400),
    (b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nno colon here\r\n\r\n", 400),
    (b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: gzip\r\n\r\n", 400),
    (b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: b\r\n  folded\r\n\r\n", 400),
    (b"GARBAGE\r\n\r\n", 400),
    (b"POST /mcp HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n", 505),
    (b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100000000\r\n\r\n", 413),
]


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}
        self.wrong = []
        self.wrong_total = 0
        self.allowed_while_failing = 0

    def record(self, kind, phase, expected, got):
        with self.lock:
            key = (kind, got)
            self.counts[key] = self.counts.get(key, 0) + 1
            if phase != "ok" and got == 200 and kind in ("allowed", "forbidden", "initialize"):
                self.allowed_while_failing += 1
            if got != expected:
                self.wrong_total += 1
                if len(self.wrong) < 20:
                    self.wrong.append(f"{kind} in phase {phase}: {got}, expected {expected}")


class Phases:
    """The stub's mode, switched only while no request that depends on it is in flight."""

    def __init__(self, stub_port):
        self.stub_port = stub_port
        self.cond = threading.Condition()
        self.mode = "ok"
        self.generation = 0
        self.switching = False
        self.in_flight = 0

    def enter(self):
        with self.cond:
            while self.switching:
                self.cond.wait()
            self.in_flight += 1
            return self.mode, self.generation

    def leave(self):
        with self.cond:
            self.in_flight -= 1
            self.cond.notify_all()

    def switch(self, mode):
        with self.cond:
            self.switching = True
            while self.in_flight:
                self.cond.wait()
        c = http.client.HTTPConnection("127.0.0.1", self.stub_port, timeout=10)
        c.request("POST", "/control", body=urllib.parse.urlencode({"mode": mode}),
                  headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert c.getresponse().status == 200
        c.close()
        with self.cond:
            self.mode = mode
            self.generation += 1
            self.switching = False
            self.cond.notify_all()


def mcp_worker(index, port, phases, tally, stop):
    rng = random.Random(index)
    conn = None
    generation = -1
    sessions = {}

    def send(body, token=None, session=None):
        nonlocal conn
        headers = {"Content-Type": "application/json",
                   "Accept": "application/json, text/event-stream"}
        if token:
            headers["Authorization"] = "Bearer " + token
        if session:
            headers["Mcp-Session-Id"] = session
        for attempt in range(2):
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
                conn.request("POST", "/mcp", body=body, headers=headers)
                r = conn.getresponse()
                data = r.read()
                if r.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = None
                return r.status, r.getheader("Mcp-Session-Id"), data
            except (http.client.HTTPException, OSError):
                # A keep-alive connection the server closed while idle: once more, fresh.
                if conn:
                    conn.close()
                conn = None
                if attempt:
                    return 0, None, b""

    while not stop.is_set():
        mode, gen = phases.enter()
        try:
            ok = mode == "ok"
            tokens = {"all": f"all-{gen}-{index}", "read": f"read-{gen}-{index}"}
            if gen != generation:
                generation, sessions = gen, {}
                if ok:
                    for who in ("all", "read"):
                        status, sid, _ = send(INIT, tokens[who])
                        tally.record("initialize", mode, 200, status)
                        sessions[who] = sid
            kind = rng.choices(["allowed", "forbidden", "inactive", "no-token", "bad-json"],
                               [6, 2, 1, 1, 1])[0]
            if kind == "allowed":
                status, _, data = send(LIST, tokens["all"], sessions.get("all"))
                if status == 200 and b'"result"' not in data:
                    status = -200  # a 200 without a result is wrong too
                expected = 200 if ok else 503
            elif kind == "forbidden":
                status, _, _ = send(CREATE, tokens["read"], sessions.get("read"))
                expected = 403 if ok else 503
            elif kind == "inactive":
                status, _, _ = send(LIST, f"nope-{gen}-{index}")
                expected = 401 if ok else 503
            elif kind == "no-token":
                status, _, _ = send(LIST)
                expected = 401
            else:
                status, _, _ = send(b"{not json", tokens["all"], sessions.get("all"))
                expected = 400 if ok else 503
            tally.record(kind, mode, expected, status)
        finally:
            phases.leave()
    if conn:
        conn.close()


def read_status(sock):
    data = b""
    while b"\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            break
        data += chunk
    line = data.split(b"\r\n", 1)[0].split()
    return int(line[1]) if len(line) >= 2 and line[1].isdigit() else 0


def malformed_worker(port, tally, stop):
    i = 0
    while not stop.is_set():
        request, expected = MALFORMED[i % len(MALFORMED)]
        i += 1
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=15) as s:
                s.sendall(request)
                status = read_status(s)
        except OSError:
            status = 0
        tally.record("malformed-http", "any", expected, status)
        time.sleep(0.02)


def slow_worker(port, tally, stop, finishes):
    """A client that sends its request a byte at a time: one finishes within the head deadline
    (401, no token), the other stops sending and must get 408 once the deadline passes."""
    request = (b"POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
               b"Content-Length: %d\r\n\r\n%s" % (len(LIST), LIST.encode()))
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
                if finishes:
                    for b in request:
                        s.send(bytes([b]))
                        time.sleep(0.01)
                    expected = 401
                else:
                    s.sendall(request[:20])
                    expected = 408
                status = read_status(s)
        except OSError:
            status = 0
        tally.record("slow-finishing" if finishes else "slow-stalled", "any", expected, status)


def connections_to(port):
    """TCP sockets connected to 127.0.0.1:port, established or closed by the peer but not yet
    by us (only serve connects to the stub); TIME_WAIT holds no descriptor."""
    count = 0
    with open("/proc/net/tcp") as f:
        for line in f.readlines()[1:]:
            fields = line.split()
            if fields[3] in ("01", "08") and int(fields[2].split(":")[1], 16) == port:
                count += 1
    return count


def sample(pid):
    with open(f"/proc/{pid}/status") as f:
        rss = next(int(l.split()[1]) for l in f if l.startswith("VmRSS"))
    return rss, len(os.listdir(f"/proc/{pid}/fd"))


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    seconds = int(sys.argv[2]) if len(sys.argv) > 2 else 600
    scopebench = os.environ.get("SCOPEBENCH") or os.path.join(build, "app", "scopebench")
    if not os.access(scopebench, os.X_OK):
        sys.exit(f"soak: no {scopebench}; build first")

    stub = subprocess.Popen([sys.executable, os.path.join(HERE, "as_stub.py")],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    serve = None
    try:
        stub_port = int(stub.stdout.readline().split()[1])
        env = dict(os.environ, SOAK_SECRET=SECRET)
        serve = subprocess.Popen(
            [scopebench, "serve", "--listen", "127.0.0.1:0", "--introspection-url",
             f"http://127.0.0.1:{stub_port}/introspect", "--client-id", "soak",
             "--client-secret-env", "SOAK_SECRET"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        port = None
        for line in serve.stdout:
            if "MCP endpoint:" in line:
                port = urllib.parse.urlsplit(line.split()[-1]).port
                break
        if not port:
            sys.exit("soak: serve did not start")
        threading.Thread(target=lambda: [None for _ in serve.stdout], daemon=True).start()

        # One introspected request first, so what Qt's network access sets up once (its event
        # descriptor, a pooled connection) is in the baseline and not counted as a leak.
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
        warm.request("POST", "/mcp", body=INIT, headers={
            "Content-Type": "application/json", "Accept": "application/json, text/event-stream",
            "Authorization": "Bearer all-warm"})
        if warm.getresponse().status != 200:
            sys.exit("soak: the warm-up request was not allowed")
        warm.close()
        time.sleep(1)
        rss0, fds0 = sample(serve.pid)
        pool0 = connections_to(stub_port)
        phases = Phases(stub_port)
        tally = Tally()
        stop = threading.Event()
        threads = [threading.Thread(target=mcp_worker, args=(i, port, phases, tally, stop))
                   for i in range(WORKERS)]
        threads.append(threading.Thread(target=malformed_worker, args=(port, tally, stop)))
        threads += [threading.Thread(target=slow_worker, args=(port, tally, stop, f))
                    for f in (True, False)]
        for t in threads:
            t.start()

        # A cycle of normal service, failure, normal service, stall: 60 s at full length.
        cycle = max(20.0, min(60.0, seconds / 4))
        plan = [("ok", 0.40), ("fail", 0.15), ("ok", 0.30), ("stall", 0.15)]
        samples, phase_seconds = [], {"ok": 0.0, "fail": 0.0, "stall": 0.0}
        start = time.monotonic()
        end = start + seconds
        step = 0
        while time.monotonic() < end:
            mode, share = plan[step % len(plan)]
            step += 1
            phases.switch(mode)
            began = time.monotonic()
            until = min(end, began + cycle * share)
            while time.monotonic() < until:
                samples.append(sample(serve.pid))
                time.sleep(min(1.0, max(0.0, until - time.monotonic())))
            phase_seconds[mode] += time.monotonic() - began
        stop.set()
        phases.switch("ok")  # stalled lookups end; workers see stop
        for t in threads:
            t.join(timeout=40)
        time.sleep(2)
        rss1, fds1 = sample(serve.pid)
        pool = connections_to(stub_port)
        elapsed = time.monotonic() - start
    finally:
        for p in (serve, stub):
            if p and p.poll() is None:
                p.terminate()
                p.wait(timeout=10)

    n = len(samples)
    q2 = statistics.median(s[0] for s in samples[n // 4: n // 2])
    q4 = statistics.median(s[0] for s in samples[3 * n // 4:])
    total = sum(tally.counts.values())
    print(f"soak: {elapsed:.0f} s against serve --introspection-url (stub): "
          f"{phase_seconds['ok']:.0f} s served, {phase_seconds['fail']:.0f} s failing (500), "
          f"{phase_seconds['stall']:.0f} s stalled")
    print(f"requests: {total} ({total / elapsed:.0f}/s)")
    for (kind, status), count in sorted(tally.counts.items()):
        print(f"  {kind:16} {status:4}  {count}")
    print(f"wrong statuses: {tally.wrong_total}")
    for w in tally.wrong:
        print("  " + w)
    print(f"allowed while the authorization server failed or stalled: {tally.allowed_while_failing}")
    print(f"resident memory: {rss0} kB at start, median {q2:.0f} kB in the second quarter, "
          f"{q4:.0f} kB in the last ({(q4 / q2 - 1) * 100:+.1f}%), max {max(s[0] for s in samples)} kB, "
          f"{rss1} kB after")
    print(f"open descriptors: {fds0} before ({pool0} to the authorization server), "
          f"max {max(s[1] for s in samples)} during, {fds1} after ({pool} to the authorization "
          f"server, kept alive for reuse)")
    flat = q4 <= q2 * 1.10
    # Qt's network access keeps up to 6 idle connections per host open for reuse: not a leak.
    fds_ok = fds1 - pool <= fds0 - pool0
    passed = tally.wrong_total == 0 and tally.allowed_while_failing == 0 and flat and fds_ok
    print("soak: " + ("PASS" if passed else "FAIL") +
          ("" if flat else " (memory grew)") + ("" if fds_ok else " (descriptors leaked)"))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
