#!/usr/bin/env bash
# Regenerates the README's screenshots (docs/screenshots/*.png): the main-window test drives the
# app into its main states offscreen and grabs the window in each, at 1366x768 (NAME.png) and at
# 1024x768 (NAME-1024x768.png). Needs a configured build.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
build_dir=${SCOPEBENCH_BUILD_DIR:-build}
out_dir=${1:-docs/screenshots}

if [ ! -f "$build_dir/build.ninja" ] && [ ! -f "$build_dir/Makefile" ]; then
    cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
cmake --build "$build_dir" -j "${SCOPEBENCH_JOBS:-2}" --target tst_ui_mainwindow
mkdir -p "$out_dir"
QT_QPA_PLATFORM=offscreen SCOPEBENCH_SCREENSHOTS="$(cd "$out_dir" && pwd)" \
    "$build_dir/tests/tst_ui_mainwindow" screenshots
# The Probe panel (docs/desktop-app.md): its own test grabs it after a run with a mismatch.
cmake --build "$build_dir" -j "${SCOPEBENCH_JOBS:-2}" --target tst_ui_probepanel
QT_QPA_PLATFORM=offscreen SCOPEBENCH_SCREENSHOTS="$(cd "$out_dir" && pwd)" \
    "$build_dir/tests/tst_ui_probepanel"
ls -1 "$out_dir"/*.png
