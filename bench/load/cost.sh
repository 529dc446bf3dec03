#!/usr/bin/env bash
# The endpoint's cost in instructions per request, which the machine's load does not move:
# `scopebench serve` and bench/load/httpserver_floor under callgrind, N requests of each scenario
# on one keep-alive connection (after 20 to warm up), counters zeroed before and dumped after.
# The ratio floor/scenario is what the scenario's throughput would be next to the floor's on a
# CPU that does nothing else. Loopback only; a few minutes (valgrind is slow).
#
#   bench/load/cost.sh [BUILD_DIR] [N]
#   KEEP=DIR bench/load/cost.sh …   also keeps each scenario's profile as DIR/NAME.callgrind
#                                   (read it with callgrind_annotate --inclusive=yes)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
build=${1:-$here/../../build}
n=${2:-1000}
scopebench=${SCOPEBENCH:-$build/app/scopebench}
floor_bin=$build/bench/load/httpserver_floor
for tool in valgrind callgrind_control curl python3; do
    command -v "$tool" >/dev/null || { echo "cost.sh: $tool is missing (apt-get install valgrind curl python3)" >&2; exit 2; }
done

work=$(mktemp -d)
vpid=""
cleanup() {
    [ -z "$vpid" ] || kill "$vpid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

list='{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"list_entries","arguments":{}}}'
create='{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"create_entry","arguments":{"title":"t","content":"c"}}}'
init='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"bench","version":"1"}}}'

# measure NAME URL TOKEN SESSION BODY -> instructions per request of the server $vpid
measure() {
    python3 "$here/drive.py" "$2" 20 "$3" "$4" "$5" >/dev/null
    callgrind_control -z "$vpid" >/dev/null 2>&1
    local statuses
    statuses=$(python3 "$here/drive.py" "$2" "$n" "$3" "$4" "$5")
    callgrind_control -d "$1" "$vpid" >/dev/null 2>&1
    local file ir
    file=$(ls -t "$work"/cg.out.* | head -1)
    ir=$(awk '/^(summary|totals):/ {print $2; exit}' "$file")
    [ -z "${KEEP:-}" ] || cp "$file" "$KEEP/$1.callgrind"
    echo "$1 $((ir / n)) $statuses"
}

start() { # the command; sets vpid, waits for the line with WORD in its output
    local word=$1; shift
    rm -f "$work"/cg.out* "$work/out"
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$@" >"$work/out" 2>"$work/valgrind.err" &
    vpid=$!
    for _ in $(seq 600); do grep -q "$word" "$work/out" 2>/dev/null && return; sleep 0.2; done
    cat "$work/valgrind.err" >&2
    exit 1
}

SCOPEBENCH_TEST_CLIENT_SECRET=cost-secret start "MCP endpoint" "$scopebench" serve --listen 127.0.0.1:0
mcp=$(awk '/MCP endpoint/ {print $3}' "$work/out")
base=${mcp%/mcp}
mint() {
    curl -s -u "scopebench:cost-secret" -d grant_type=client_credentials --data-urlencode "scope=$1" \
        --data-urlencode "resource=$mcp" "$base/oauth/token" |
        python3 -c 'import sys, json; print(json.load(sys.stdin)["access_token"])'
}
session() {
    curl -s -D - -o /dev/null -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
        -d "$init" "$mcp" | tr -d '\r' | awk -F': ' 'tolower($1)=="mcp-session-id" {print $2}'
}
all_token=$(mint "user:read entries:read entries:write tags:read tags:write")
read_token=$(mint "entries:read")
all_session=$(session "$all_token")
read_session=$(session "$read_token")
measure allowed "$mcp" "$all_token" "$all_session" "$list" >"$work/allowed"
measure forbidden "$mcp" "$read_token" "$read_session" "$create" >"$work/forbidden"
measure unauthorized "$mcp" "" "" "$list" >"$work/unauthorized"
kill "$vpid"; wait "$vpid" 2>/dev/null || true

# The floor gets the allowed request, headers and all: QHttpServer 6.4 reads a head a byte at a
# time, so its cost grows with the head.
start PORT "$floor_bin"
measure floor "http://127.0.0.1:$(awk '/PORT/ {print $2}' "$work/out")/mcp" "$all_token" "$all_session" "$list" >"$work/floor"
kill "$vpid"; wait "$vpid" 2>/dev/null || true
vpid=""

read -r _ floor_ir floor_st <"$work/floor"
printf 'instructions per request under callgrind, %s requests each on one connection\n' "$n"
printf '%-44s %10s %7s  %s\n' scenario Ir/request floor/x statuses
for s in floor allowed forbidden unauthorized; do
    read -r name ir st <"$work/$s"
    printf '%-44s %10s %7.2f  %s\n' "$name" "$ir" "$(python3 -c "print($floor_ir/$ir)")" "$st"
done
