#!/usr/bin/env bash
# Set-up and everyday commands on Debian 12. Installs what is missing (apt-get, as root or with
# sudo), builds with CMake + Ninja + ccache, then:
#   scripts/dev.sh run        launch the desktop app on the bundled example
#   scripts/dev.sh test       build and run every test (then the core tests under ASan+UBSan)
#   scripts/dev.sh build      only build
#   scripts/dev.sh bench      build and run the benchmarks
#   scripts/dev.sh load       the endpoint's load harness (wrk, nginx, the MCP SDK's server)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
build_dir=${SCOPEBENCH_BUILD_DIR:-build}
asan_dir=${SCOPEBENCH_ASAN_BUILD_DIR:-build-asan}
jobs=${SCOPEBENCH_JOBS:-2}

packages=(build-essential cmake ninja-build ccache pkg-config
          qt6-base-dev qt6-httpserver-dev qt6-websockets-dev libgl-dev
          libbenchmark-dev libssl-dev nodejs npm xvfb xauth)

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

npm_peers() {
    # The official MCP TypeScript SDK, for the interop tests (tests/interop/package.json).
    if [ -f tests/interop/package.json ]; then
        (cd tests/interop && npm ci --no-audit --no-fund --loglevel=error)
    fi
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
*)
    echo "usage: scripts/dev.sh [run|test|build|bench|load]" >&2
    exit 2
    ;;
esac
