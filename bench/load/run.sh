#!/usr/bin/env bash
# The load harness: Scopebench's endpoint under wrk, next to nginx answering a static 403 (the
# ceiling of an HTTP/1.1 server on this machine) and the official MCP SDK's own server with
# requireBearerAuth (bench/peers). Loopback only; about 2 minutes with the defaults.
#
#   bench/load/run.sh [BUILD_DIR]
#   SECONDS_PER_RUN=10 CONNECTIONS=32 THREADS=2 MEM_SECONDS=60 bench/load/run.sh build
#
# Needs wrk and nginx-light (Debian packages) and, for the SDK peer, `npm ci` in bench/peers.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
scopebench=$build/app/scopebench
seconds=${SECONDS_PER_RUN:-10}
connections=${CONNECTIONS:-32}
threads=${THREADS:-2}
mem_seconds=${MEM_SECONDS:-60}

for tool in wrk nginx curl python3; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (apt-get install wrk nginx-light curl python3)" >&2; exit 2; }
done
[ -x "$scopebench" ] || { echo "run.sh: no $scopebench; build first" >&2; exit 2; }

work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
json_field() { python3 -c "import sys,json; print(json.load(sys.stdin)$1)"; }

# Scopebench, with the built-in test authorization server on the same listener.
SCOPEBENCH_TEST_CLIENT_SECRET=bench-secret "$scopebench" serve --listen 127.0.0.1:0 >"$work/serve.out" 2>&1 &
serve_pid=$!
pids+=("$serve_pid")
for _ in $(seq 100); do grep -q "MCP endpoint" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
mcp=$(awk '/MCP endpoint/ {print $3}' "$work/serve.out")
[ -n "$mcp" ] || { cat "$work/serve.out" >&2; exit 1; }
base=${mcp%/mcp}
client_id=$(awk '/Test client id/ {print $4}' "$work/serve.out")

mint() {
    curl -s -u "$client_id:bench-secret" -d grant_type=client_credentials \
        --data-urlencode "scope=$1" --data-urlencode "resource=$mcp" "$base/oauth/token" |
        json_field '["access_token"]'
}
all_token=$(mint "user:read entries:read entries:write tags:read tags:write")
read_token=$(mint "entries:read")

init='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}'
session() {
    curl -s -D - -o /dev/null -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
        -d "$init" "$mcp" | tr -d '\r' | awk -F': ' 'tolower($1)=="mcp-session-id" {print $2}'
}
all_session=$(session "$all_token")
read_session=$(session "$read_token")
list='{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_entries","arguments":{}}}'
create='{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"create_entry","arguments":{"title":"t","content":"c"}}}'

# nginx: one worker, a static 403, no logging.
nginx_port=$(free_port)
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $work/nginx;
    proxy_temp_path $work/nginx;
    fastcgi_temp_path $work/nginx;
    uwsgi_temp_path $work/nginx;
    scgi_temp_path $work/nginx;
    server {
        listen 127.0.0.1:$nginx_port;
        location / {
            default_type application/json;
            return 403 '{"error":"insufficient_scope","error_description":"static"}';
        }
    }
}
CONF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pids+=($!)

# Bare QHttpServer with a static 403: what the HTTP layer alone allows.
floor=""
if [ -x "$build/bench/load/httpserver_floor" ]; then
    "$build/bench/load/httpserver_floor" >"$work/floor.out" 2>&1 &
    pids+=($!)
    for _ in $(seq 50); do grep -q PORT "$work/floor.out" 2>/dev/null && break; sleep 0.1; done
    floor="http://127.0.0.1:$(awk '/PORT/ {print $2}' "$work/floor.out")/mcp"
fi

# The SDK peer, when installed.
peer=""
if [ -d "$root/bench/peers/node_modules/@modelcontextprotocol/sdk" ] && command -v node >/dev/null; then
    INTROSPECTION_URL="$base/oauth/introspect" CLIENT_ID="$client_id" CLIENT_SECRET=bench-secret \
        RESOURCE_METADATA_URL="$base/.well-known/oauth-protected-resource/mcp" PORT=0 \
        node "$root/bench/peers/sdk-server.mjs" >"$work/peer.out" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do grep -q PEER_URL "$work/peer.out" 2>/dev/null && break; sleep 0.1; done
    peer=$(awk '/PEER_URL/ {print $2}' "$work/peer.out")
fi
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$nginx_port/" && break; sleep 0.1; done

# run NAME URL TOKEN SESSION BODY EXPECTED_STATUS -> "rps p99_ms"
run() {
    local name=$1 url=$2 token=$3 session=$4 body=$5 expect=$6
    # Warm the introspection cache and check the answer before measuring.
    local status
    status=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
        -H 'Accept: application/json, text/event-stream' ${token:+-H "Authorization: Bearer $token"} \
        ${session:+-H "Mcp-Session-Id: $session"} -d "$body" "$url")
    if [ "$status" != "$expect" ]; then
        echo "run.sh: $name answered $status, not $expect" >&2
        exit 1
    fi
    SB_TOKEN=$token SB_SESSION=$session SB_BODY=$body \
        wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s "$here/request.lua" "$url" >"$work/$name.wrk"
    local rps p99
    rps=$(awk '/Requests\/sec/ {print $2}' "$work/$name.wrk")
    p99=$(awk '$1=="99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}' "$work/$name.wrk")
    echo "$rps $p99"
}

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$serve_pid/status"; }

printf 'wrk -t%s -c%s -d%ss on 127.0.0.1, %s cores\n\n' "$threads" "$connections" "$seconds" "$(nproc)"
read -r ceiling ceiling_p99 < <(run nginx "http://127.0.0.1:$nginx_port/" "" "" "$list" 403)
printf '%-44s %10s %9s %9s\n' scenario req/s p99_ms ceiling
row() { printf '%-44s %10.0f %9.2f %9.2f\n' "$1" "$2" "$3" "$(python3 -c "print($2/$ceiling)")"; }
row "nginx static 403 (ceiling)" "$ceiling" "$ceiling_p99"
if [ -n "$floor" ]; then
    read -r q q99 < <(run floor "$floor" "$read_token" "" "$list" 403)
    row "bare QHttpServer 6.4 static 403 (floor)" "$q" "$q99"
fi
read -r a a99 < <(run allowed "$mcp" "$all_token" "$all_session" "$list" 200)
row "scopebench tools/call allowed (warm cache)" "$a" "$a99"
read -r f f99 < <(run forbidden "$mcp" "$read_token" "$read_session" "$create" 403)
row "scopebench tools/call 403 (per-tool)" "$f" "$f99"
read -r u u99 < <(run unauthorized "$mcp" "" "" "$list" 401)
row "scopebench 401 (no token)" "$u" "$u99"
if [ -n "$peer" ]; then
    read -r p p99 < <(run peer "$peer" "$read_token" "" "$list" 200)
    row "MCP SDK requireBearerAuth tools/call allowed" "$p" "$p99"
else
    echo "(the SDK peer is not installed: npm ci in bench/peers)"
fi

if [ "$mem_seconds" -gt 0 ]; then
    before=$(rss_kb)
    seconds=$mem_seconds
    read -r m m99 < <(run memory "$mcp" "$all_token" "$all_session" "$list" 200)
    after=$(rss_kb)
    printf '\nresident memory over %ss of allowed tools/call (%.0f req/s): %s kB before, %s kB after\n' \
        "$mem_seconds" "$m" "$before" "$after"
fi
