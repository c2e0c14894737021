#!/usr/bin/env bash
# Durable creates of 1 KiB values against the sqlite store and against etcd
# (Debian's etcd-server, a throwaway single member on 127.0.0.1 that fsyncs
# as it does by default), with the same client threads, then a table.
#
#   hack/bench/storage-vs-etcd.sh            # OPS=40000 REPEAT=3 PACED_SECONDS=10
#
# Each case runs REPEAT times per backend, alternating backends, and the run
# with the median throughput is shown. etcd is driven through its v3 JSON
# gateway (POST /v3/kv/txn, a create-if-absent transaction as the apiserver
# sends; one keep-alive HTTP/1.1 connection per client thread). See
# docs/benchmarks.md for what the numbers mean.
set -euo pipefail
cd "$(dirname "$0")/../.."

# BUSY_CPU=1 runs a spinning process at nice 19 meanwhile, which keeps vCPUs
# out of their idle state (see docs/benchmarks.md: on some VMs a wakeup from
# idle after an fsync costs milliseconds).
OPS=${OPS:-40000}
REPEAT=${REPEAT:-3}
PACED_SECONDS=${PACED_SECONDS:-10}
BUILD=${EKSLITE_BENCH_BUILD_DIR:-build-bench}

command -v etcd >/dev/null || { echo "etcd not found: apt-get install etcd-server" >&2; exit 1; }
bench=${STORAGE_BENCH:-}  # a prebuilt storage_bench, or build one
if [ -z "$bench" ]; then
  [ -f "$BUILD/build.ninja" ] ||
    cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DEKSLITE_BUILD_TESTS=OFF >/dev/null
  ninja -C "$BUILD" storage_bench >/dev/null
  bench=$BUILD/hack/bench/storage_bench
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/storage-vs-etcd.XXXXXX")
etcd_pid=
spinner_pid=
cleanup() {
  [ -n "$spinner_pid" ] && kill "$spinner_pid" 2>/dev/null
  [ -n "$etcd_pid" ] && kill "$etcd_pid" 2>/dev/null && { wait "$etcd_pid" 2>/dev/null || true; }
  rm -rf "$work"
}
trap cleanup EXIT

read -r client_port peer_port < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
etcd --name bench --data-dir "$work/etcd" \
  --listen-client-urls "http://127.0.0.1:$client_port" \
  --advertise-client-urls "http://127.0.0.1:$client_port" \
  --listen-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
  --initial-cluster "bench=http://127.0.0.1:$peer_port" \
  --log-level warn >"$work/etcd.log" 2>&1 &
etcd_pid=$!
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$client_port/health" >/dev/null && break
  sleep 0.1
done
curl -sf "http://127.0.0.1:$client_port/health" >/dev/null || { cat "$work/etcd.log"; exit 1; }

if [ "${BUSY_CPU:-0}" = 1 ]; then
  nice -n 19 sh -c 'while :; do :; done' &
  spinner_pid=$!
fi

results=$work/results
: >"$results"
run_case() {  # run_case <label> <storage_bench flags...>
  local label=$1
  shift
  for _ in $(seq "$REPEAT"); do
    for backend in sqlite etcd; do
      line=$("$bench" --backend="$backend" --dir="$work" --etcd="127.0.0.1:$client_port" "$@")
      echo "case=$label $line" | tee -a "$results" >&2
    done
  done
}
run_case "1 thread" --threads=1 --ops=$((OPS / 10))
run_case "16 threads" --threads=16 --ops="$OPS"
run_case "64 threads" --threads=64 --ops="$OPS"
run_case "200/s paced" --threads=16 --rate=200 --seconds="$PACED_SECONDS"

python3 - "$results" <<'PY'
import collections, statistics, sys
runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, rest = line.split(" backend=", 1)
    fields = dict(kv.split("=", 1) for kv in ("backend=" + rest).split())
    runs[(label[len("case="):], fields["backend"])].append(fields)
def median(rs):
    rs = sorted(rs, key=lambda f: float(f["ops_per_sec"]))
    return rs[len(rs) // 2]
cases = list(dict.fromkeys(k[0] for k in runs))
print(f"{'case':<14}{'backend':<8}{'ops/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'p99.9 ms':>10}   sqlite/etcd")
for case in cases:
    s, e = median(runs[(case, "sqlite")]), median(runs[(case, "etcd")])
    for f in (s, e):
        ratio = ""
        if f is s and "paced" in case:
            ratio = f"p99 {int(s['p99_us']) / int(e['p99_us']):.2f}x"
        elif f is s:
            ratio = f"{float(s['ops_per_sec']) / float(e['ops_per_sec']):.1f}x ops/s"
        print(f"{case:<14}{f['backend']:<8}{float(f['ops_per_sec']):>9.0f}"
              f"{int(f['p50_us']) / 1000:>9.2f}{int(f['p99_us']) / 1000:>9.2f}"
              f"{int(f['p999_us']) / 1000:>10.2f}   {ratio}")
PY
