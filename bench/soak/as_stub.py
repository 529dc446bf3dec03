#!/usr/bin/env python3
"""A controllable RFC 7662 introspection endpoint for the soak (bench/soak/soak.py).

Loopback only. Prints "PORT <n>" once it listens. Tokens are read by their prefix:
  all-...    active, every scope of the bundled example
  read-...   active, entries:read
  anything else: inactive
POST /control with mode=ok|fail|stall switches what /introspect does: answer (ok), answer
500 (fail), or hold the request for STALL_SECONDS and then close without an answer (stall,
longer than the endpoint's introspection timeout).
"""
import base64
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STALL_SECONDS = 7
ALL = "user:read entries:read entries:write tags:read tags:write"
state = {"mode": "ok", "introspections": 0}
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet: the soak prints its own figures
        pass

    def form(self):
        length = int(self.headers.get("Content-Length", "0"))
        return urllib.parse.parse_qs(self.rfile.read(length).decode("ascii"))

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        if self.path == "/control":
            mode = self.form().get("mode", [""])[0]
            if mode not in ("ok", "fail", "stall"):
                return self.answer(400, {"error": "mode"})
            with lock:
                state["mode"] = mode
            return self.answer(200, dict(state))
        if self.path != "/introspect":
            return self.answer(404, {"error": "not_found"})
        expected = "Basic " + base64.b64encode(b"soak:soak-secret").decode()
        if self.headers.get("Authorization") != expected:
            return self.answer(401, {"error": "invalid_client"})
        token = self.form().get("token", [""])[0]
        with lock:
            mode = state["mode"]
            state["introspections"] += 1
        if mode == "fail":
            return self.answer(500, {"error": "server_error"})
        if mode == "stall":
            time.sleep(STALL_SECONDS)
            self.close_connection = True
            return
        now = int(time.time())
        if token.startswith("all-") or token.startswith("read-"):
            return self.answer(200, {
                "active": True,
                "scope": ALL if token.startswith("all-") else "entries:read",
                "client_id": "soak-client",
                "sub": token.split("-")[0] + "-user",
                "exp": now + 3600,
                "iat": now,
            })
        return self.answer(200, {"active": False})


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        # The endpoint gives up on a stalled request (its timeout) and resets the connection:
        # expected here, not worth a traceback.
        pass


def main():
    server = Server(("127.0.0.1", 0), Handler)
    print("PORT", server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
