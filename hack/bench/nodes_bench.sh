#!/usr/bin/env bash
# Builds and runs nodes_bench: time until N simulated nodes are Ready and the
# memory per node (and, with --pods=P, per pod), all in one process over
# SQLite as `ekslite server --simulated-nodes N` runs them.
#
#   hack/bench/nodes_bench.sh                      # 5000 nodes
#   hack/bench/nodes_bench.sh --pods=50000         # and 50,000 pods on them
#   hack/bench/nodes_bench.sh --hold=30            # and the heartbeats' CPU
#   BUILD=build-rel hack/bench/nodes_bench.sh --nodes=1000 --storage=memory
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
ninja -C "$BUILD" nodes_bench >/dev/null
exec "$BUILD/hack/bench/nodes_bench" "$@"
