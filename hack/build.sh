#!/usr/bin/env bash
# Builds build/ekslite (Release with debug info) and the tests.
# EKSLITE_BUILD_DIR and EKSLITE_SANITIZE=1 select another build (hack/test.sh
# uses build-asan for the sanitizer run).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${EKSLITE_BUILD_DIR:-build}
# With ccache (optional), compiles are keyed on paths relative to the
# checkout, so another clone or build directory on the same machine reuses
# them.
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=true
args=(-G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo)
[ "${EKSLITE_SANITIZE:-0}" = 1 ] && args+=(-DEKSLITE_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DEKSLITE_BUILD_BENCH=OFF)
[ -f "$dir/build.ninja" ] || cmake -S . -B "$dir" "${args[@]}" >/dev/null
ninja -C "$dir" "$@"
