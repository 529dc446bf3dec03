#!/usr/bin/env bash
# The load harness: Scopebench's endpoint under wrk next to bare QHttpServer answering a static
# 403 (bench/load/httpserver_floor, the floor: what the HTTP layer alone allows). The machine is
# shared and its speed moves by a factor of two within minutes, so no figure is read alone: every
# scenario runs ROUNDS times, each run between two runs of the floor, and what is reported is the
# median of the ratios scenario/(mean of the floors on either side), next to the median req/s
# and p99. Optionally nginx (the ceiling of an HTTP/1.1 server here) and the official MCP SDK's
# servers (bench/peers): 1.32 with requireBearerAuth, and v2 (2.4.0) with requireScopes on the
# tool, once each. Loopback only.
#
#   bench/load/run.sh [BUILD_DIR]
#   ROUNDS=5 SECONDS_PER_RUN=5 CONNECTIONS=32 THREADS=1 EXTRAS=1 MEM_SECONDS=0 bench/load/run.sh build
#
# Needs wrk, curl and python3; nginx-light and `npm ci` in bench/peers for the extras (each one
# that is missing is skipped with a line saying so).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
scopebench=${SCOPEBENCH:-$build/app/scopebench} # another binary to compare
seconds=${SECONDS_PER_RUN:-5}
connections=${CONNECTIONS:-32}
threads=${THREADS:-1}
rounds=${ROUNDS:-5}
extras=${EXTRAS:-1}
mem_seconds=${MEM_SECONDS:-0}

for tool in wrk curl python3; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool is missing (apt-get install wrk curl python3)" >&2; exit 2; }
done
[ -x "$scopebench" ] || { echo "run.sh: no $scopebench; build first" >&2; exit 2; }
[ -x "$build/bench/load/httpserver_floor" ] || { echo "run.sh: no $build/bench/load/httpserver_floor; build with -DSCOPEBENCH_BUILD_BENCH=ON" >&2; exit 2; }
use_nginx=$extras
if [ "$extras" = 1 ] && ! command -v nginx >/dev/null; then
    echo "run.sh: no nginx: its ceiling figure is skipped (apt-get install nginx-light)" >&2
    use_nginx=0
fi

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
nginx_port=""
if [ "$use_nginx" = 1 ]; then
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
fi

# Bare QHttpServer with a static 403: what the HTTP layer alone allows.
"$build/bench/load/httpserver_floor" >"$work/floor.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do grep -q PORT "$work/floor.out" 2>/dev/null && break; sleep 0.1; done
floor="http://127.0.0.1:$(awk '/PORT/ {print $2}' "$work/floor.out")/mcp"

# The SDK peers, when installed: 1.32 (sdk-server.mjs) and v2 (sdk-v2-server.mjs), both
# verifying tokens by introspection at serve's authorization server.
# start_peer VARIABLE SCRIPT PACKAGE sets VARIABLE to the peer's MCP URL, or leaves it empty with
# a line saying why (not in a subshell: the peer's pid must reach the cleanup).
start_peer() {
    local script=$2 package=$3 out="$work/${2%.mjs}.out"
    if ! command -v node >/dev/null; then
        echo "run.sh: no node: $script is skipped" >&2
        return 0
    fi
    if [ ! -d "$root/bench/peers/node_modules/$package" ]; then
        echo "run.sh: $package is not installed: $script is skipped (npm ci in bench/peers)" >&2
        return 0
    fi
    INTROSPECTION_URL="$base/oauth/introspect" CLIENT_ID="$client_id" CLIENT_SECRET=bench-secret \
        RESOURCE_METADATA_URL="$base/.well-known/oauth-protected-resource/mcp" PORT=0 \
        node "$root/bench/peers/$script" >"$out" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do grep -q PEER_URL "$out" 2>/dev/null && break; sleep 0.1; done
    if ! grep -q PEER_URL "$out"; then
        echo "run.sh: $script did not start: $script is skipped" >&2
        sed 's/^/  /' "$out" >&2
        return 0
    fi
    printf -v "$1" '%s' "$(awk '/PEER_URL/ {print $2}' "$out")"
}
peer=""
peer_v2=""
if [ "$extras" = 1 ]; then
    start_peer peer sdk-server.mjs @modelcontextprotocol/sdk
    start_peer peer_v2 sdk-v2-server.mjs @modelcontextprotocol/server
fi
if [ -n "$nginx_port" ]; then
    for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$nginx_port/" && break; sleep 0.1; done
fi

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

# The floor is sent the allowed request, headers and all (QHttpServer 6.4 reads a head a byte at
# a time: its cost grows with the head). Every measurement goes to $work/runs as "NAME ROUND REQ/S P99_MS", in the order it was taken.
measure() {
    local name=$1 round=$2 rps p99
    read -r rps p99 < <(run "${@:3}")
    echo "$name $round $rps $p99" >>"$work/runs"
    printf '  round %s  %-13s %9.0f req/s  p99 %6.2f ms\n' "$round" "$name" "$rps" "$p99" >&2
}

printf 'wrk -t%s -c%s -d%ss on 127.0.0.1, %s cores, %s rounds, load average %s\n' \
    "$threads" "$connections" "$seconds" "$(nproc)" "$rounds" "$(cut -d' ' -f1-3 /proc/loadavg)"
: >"$work/runs"
for round in $(seq "$rounds"); do
    measure floor "$round" floor "$floor" "$all_token" "$all_session" "$list" 403
    measure allowed "$round" allowed "$mcp" "$all_token" "$all_session" "$list" 200
    measure floor "$round" floor "$floor" "$all_token" "$all_session" "$list" 403
    measure forbidden "$round" forbidden "$mcp" "$read_token" "$read_session" "$create" 403
    measure floor "$round" floor "$floor" "$all_token" "$all_session" "$list" 403
    measure unauthorized "$round" unauthorized "$mcp" "" "" "$list" 401
done
measure floor "$rounds" floor "$floor" "$all_token" "$all_session" "$list" 403

# Each scenario against the mean of the floor runs just before and just after it.
python3 - "$work/runs" "$connections" <<'PY'
import statistics, sys
runs = [l.split() for l in open(sys.argv[1])]
runs = [(n, int(r), float(q), float(p)) for n, r, q, p in runs]
ratios, rps, p99 = {}, {}, {}
for i, (name, _, q, p) in enumerate(runs):
    rps.setdefault(name, []).append(q)
    p99.setdefault(name, []).append(p)
    if name != "floor":
        around = (runs[i - 1][2] + runs[i + 1][2]) / 2
        ratios.setdefault(name, []).append(q / around)
label = {"floor": "bare QHttpServer 6.4 static 403 (floor)",
         "allowed": "scopebench tools/call allowed (warm cache)",
         "forbidden": "scopebench tools/call 403 (per-tool)",
         "unauthorized": "scopebench 401 (no token)"}
med = statistics.median
print()
print(f"{'scenario':44} {'req/s':>8} {'p99_ms':>7} {'/floor':>7} {'range':>11}")
for name in ("floor", "allowed", "forbidden", "unauthorized"):
    r = ratios.get(name, [1.0])
    print(f"{label[name]:44} {med(rps[name]):8.0f} {med(p99[name]):7.2f} {med(r):7.2f}"
          f" {min(r):5.2f}-{max(r):4.2f}")
print()
print(f"allowed/floor {med(ratios['allowed']):.2f} (target 0.85)   "
      f"403/floor {med(ratios['forbidden']):.2f} (target 0.90)   "
      f"401/floor {med(ratios['unauthorized']):.2f}")
print(f"p99 at {sys.argv[2]} connections (target under 5 ms): allowed {med(p99['allowed']):.2f} ms, "
      f"403 {med(p99['forbidden']):.2f} ms, 401 {med(p99['unauthorized']):.2f} ms")
PY

if [ -n "$nginx_port" ] || [ -n "$peer" ] || [ -n "$peer_v2" ]; then
    echo
    echo "once each, not interleaved (absolute figures move with the machine):"
    if [ -n "$nginx_port" ]; then
        read -r c c99 < <(run nginx "http://127.0.0.1:$nginx_port/" "" "" "$list" 403)
        printf '  %-44s %8.0f req/s  p99 %6.2f ms\n' "nginx static 403 (ceiling)" "$c" "$c99"
    fi
    if [ -n "$peer" ]; then
        read -r p p99 < <(run peer "$peer" "$read_token" "" "$list" 200)
        printf '  %-44s %8.0f req/s  p99 %6.2f ms\n' "MCP SDK requireBearerAuth tools/call allowed" "$p" "$p99"
    fi
    if [ -n "$peer_v2" ]; then
        read -r p p99 < <(run peer_v2 "$peer_v2" "$read_token" "" "$list" 200)
        printf '  %-44s %8.0f req/s  p99 %6.2f ms\n' "MCP SDK v2 requireScopes tools/call allowed" "$p" "$p99"
    fi
fi

if [ "$mem_seconds" -gt 0 ]; then
    before=$(rss_kb)
    seconds=$mem_seconds
    read -r m m99 < <(run memory "$mcp" "$all_token" "$all_session" "$list" 200)
    after=$(rss_kb)
    printf '\nresident memory over %ss of allowed tools/call (%.0f req/s): %s kB before, %s kB after\n' \
        "$mem_seconds" "$m" "$before" "$after"
fi
