#!/usr/bin/env python3
"""Sends one request N times on one keep-alive connection and prints the statuses it got.

    drive.py URL N TOKEN SESSION BODY      (TOKEN and SESSION may be empty)

bench/load/cost.sh uses it to put an exact number of requests through a server under callgrind.
"""
import http.client
import sys
import urllib.parse

url, n, token, session, body = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
u = urllib.parse.urlsplit(url)
conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
headers = {"Content-Type": "application/json", "Accept": "application/json, text/event-stream",
           "MCP-Protocol-Version": "2025-06-18"}
if token:
    headers["Authorization"] = "Bearer " + token
if session:
    headers["Mcp-Session-Id"] = session
statuses = {}
for _ in range(n):
    conn.request("POST", u.path, body=body, headers=headers)
    r = conn.getresponse()
    r.read()
    statuses[r.status] = statuses.get(r.status, 0) + 1
print(" ".join(f"{s}x{c}" for s, c in sorted(statuses.items())))
