#!/usr/bin/env bash
# The apply, OpenAPI and Helm benchmarks (docs/benchmarks.md, "Apply, OpenAPI
# and Helm"). Starts `ekslite server --storage sqlite` on a free port with a
# throwaway data directory on the disk ($TMPDIR), and a peer with its data on
# tmpfs (/dev/shm: the same code and SQLite, without the disk's flushes) for
# the applies, and measures, on this machine:
#   1. the server-side time of applying a Deployment APPLIES times, as
#      `kubectl apply` sends it (a three-way strategic merge patch) and as
#      `kubectl apply --server-side` sends it (apply-patch+yaml), read from the
#      server's own apiserver_request_duration_seconds histogram (api_bench apply);
#   2. GET of the cached OpenAPI v3 document of apps/v1 over one keep-alive
#      connection, against GET /version as the loopback floor (api_bench openapi);
#   3. `helm install` of the `helm create` chart, RUNS install + uninstall
#      cycles, against `kubectl apply -f` of the same manifests, `helm version`
#      (the client's own start) and Helm 4 when .tools/bin/helm-4 exists.
# Prints one table, stops the servers and removes what they made.
#
#   hack/bench/apply-openapi-helm.sh    # APPLIES=3000 REQUESTS=3000 RUNS=9 ROUNDS=2 ISOLATE=0
#
# ISOLATE=1 runs the server, api_bench, helm and kubectl under SCHED_FIFO
# (`chrt -f 10`, needs root), so that on a machine shared with builds the
# figures show this code rather than the run queue; docs/benchmarks.md gives
# both. Each case line also says how busy the machine was meanwhile: the CPU
# that processes other than the server and api_bench used, as a share of all
# CPUs.
set -euo pipefail
cd "$(dirname "$0")/../.."

APPLIES=${APPLIES:-3000}    # timed applies per kind and round
REQUESTS=${REQUESTS:-3000}  # OpenAPI and /version GETs each
RUNS=${RUNS:-9}             # helm install/uninstall cycles (and kubectl apply/delete)
ROUNDS=${ROUNDS:-2}         # rounds of the apply and OpenAPI cases
KUBECTL=${KUBECTL:-.tools/bin/kubectl}
HELM=${HELM:-.tools/bin/helm}
HELM4=${HELM4:-.tools/bin/helm-4}
BUILD=${EKSLITE_BENCH_BUILD_DIR:-build-bench}
ISOLATE=${ISOLATE:-0}

if [ -z "${API_BENCH:-}" ] || [ -z "${EKSLITE:-}" ]; then
  [ -f "$BUILD/build.ninja" ] ||
    cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  ninja -C "$BUILD" ekslite api_bench >/dev/null
fi
ekslite=${EKSLITE:-$BUILD/ekslite}
bench=${API_BENCH:-$BUILD/hack/bench/api_bench}
kubectl=$(realpath "$KUBECTL")
helm=$(realpath "$HELM")
prio=()
[ "$ISOLATE" = 1 ] && prio=(chrt -f 10)

work=$(mktemp -d "${TMPDIR:-/tmp}/apply-bench.XXXXXX")
# The peer server for the applies keeps its data in memory-backed files
# (tmpfs): the same code and SQLite, without the disk's flushes.
shm=$(mktemp -d /dev/shm/apply-bench.XXXXXX 2>/dev/null || true)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$work" ${shm:+"$shm"}
}
trap cleanup EXIT

# start_server <data dir>: starts a server there; sets server_pid and api.
start_server() {
  # The apiserver alone: no controllers turning the applied objects into more writes.
  "${prio[@]}" "$ekslite" server --data-dir "$1" --listen 127.0.0.1:0 --storage sqlite \
    --controllers=false --scheduler=false \
    --log-level warn >"$work/server-${#pids[@]}.log" 2>&1 &
  server_pid=$!
  pids+=("$server_pid")
  for _ in $(seq 200); do
    [ -s "$1/kubeconfig" ] && break
    sleep 0.05
  done
  [ -s "$1/kubeconfig" ] || { cat "$work"/server-*.log; exit 1; }
  api=(--url="$(awk '/server:/ {gsub(/"/, "", $2); print $2}' "$1/kubeconfig")" --data-dir="$1")
}
if [ -n "$shm" ]; then
  start_server "$shm/data"
  shm_pid=$server_pid shm_api=("${api[@]}")
fi
start_server "$work/data"
export KUBECONFIG=$work/data/kubeconfig HOME=$work/home
mkdir -p "$HOME"

tree=$(git rev-parse --short HEAD 2>/dev/null || echo "?")
[ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || tree+=" with uncommitted changes"
echo "# $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%FT%TZ); $tree" >&2

results=$work/results
: >"$results"
hz=$(getconf CLK_TCK)
ncpu=$(nproc)
busy_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
server_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
# Nanoseconds the server's threads have spent runnable but waiting for a CPU.
server_runq_ns() { cat /proc/"$server_pid"/task/*/schedstat 2>/dev/null | awk '{n += $2} END {printf "%.0f\n", n}'; }
# measure <case> bench <api_bench args...> | measure <case> wall <command...>:
# runs api_bench and keeps its line, or runs a client and keeps its wall time;
# records that with the server's CPU and the share of all CPUs that everyone
# else used meanwhile (for `wall`, the client counts as someone else).
measure() {
  local label=$1 how=$2 line b0 s0 q0 t0 b1 s1 q1 t1
  shift 2
  b0=$(busy_ticks) s0=$(server_ticks) q0=$(server_runq_ns) t0=$(date +%s%N)
  if [ "$how" = bench ]; then
    line=$("${prio[@]}" "$bench" "$@")
  else
    "${prio[@]}" "$@" >/dev/null
    line="wall_ms=$((($(date +%s%N) - t0) / 1000000)) client_cpu_s=0"
  fi
  b1=$(busy_ticks) s1=$(server_ticks) q1=$(server_runq_ns) t1=$(date +%s%N)
  line+=" server_runq_ms=$(((q1 - q0) / 1000000))"
  line+=$(awk -v b="$((b1 - b0))" -v s="$((s1 - s0))" -v dt="$(((t1 - t0) / 1000))" -v hz="$hz" \
    -v n="$ncpu" -v line="$line" -v load="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN {
      match(line, /client_cpu_s=[0-9.]+/); c = substr(line, RSTART + 13, RLENGTH - 13)
      o = (b - s) / hz - c; if (o < 0) o = 0
      printf " server_cpu_ms=%.0f others_cpu_pct=%.0f load1=%s", 1000 * s / hz, 100 * o / (dt / 1e6 * n), load }')
  echo "case=$label $line" | tee -a "$results" >&2
}

# 1 and 2: applies and the OpenAPI document, ROUNDS rounds, alternating; the
# applies also against the peer on tmpfs.
disk_pid=$server_pid disk_api=("${api[@]}")
for round in $(seq "$ROUNDS"); do
  for patch in smp ssa; do
    measure "apply $patch" bench apply "${api[@]}" --patch=$patch --ops="$APPLIES" \
      --namespace="bench-apply-$round"
    if [ -n "$shm" ]; then
      server_pid=$shm_pid api=("${shm_api[@]}")
      measure "apply $patch tmpfs" bench apply "${api[@]}" --patch=$patch --ops="$APPLIES" \
        --namespace="bench-apply-$round"
      server_pid=$disk_pid api=("${disk_api[@]}")
    fi
  done
  measure "openapi" bench openapi "${api[@]}" --gv=apis/apps/v1 --requests="$REQUESTS"
  measure "openapi plain" bench openapi "${api[@]}" --gv=apis/apps/v1 --requests="$REQUESTS" \
    --gzip=0
done

# 3. helm install of the `helm create` chart, against kubectl apply of the
# same manifests. Each helm command is its own process, as a user runs it.
(cd "$work" && "$helm" create demo >/dev/null)
"$helm" template demo "$work/demo" --namespace bench-helm --skip-tests >"$work/demo.yaml"
"$kubectl" create namespace bench-helm >/dev/null
for _ in $(seq "$RUNS"); do
  measure "helm install" wall "$helm" install demo "$work/demo" -n bench-helm
  measure "helm uninstall" wall "$helm" uninstall demo -n bench-helm
  measure "kubectl apply" wall "$kubectl" apply -f "$work/demo.yaml"
  measure "kubectl delete" wall "$kubectl" delete -f "$work/demo.yaml" --wait=false
  measure "helm version" wall "$helm" version
  if [ -x "$HELM4" ]; then
    measure "helm4 install" wall "$HELM4" install demo "$work/demo" -n bench-helm
    measure "helm4 uninstall" wall "$HELM4" uninstall demo -n bench-helm
  fi
done

python3 - "$results" "$ISOLATE" <<'PY'
import collections, re, statistics, sys

runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, rest = re.match(r"case=(.*?) ((?:mode|wall_ms)=.*)$", line.strip()).groups()
    runs[label].append(dict(kv.split("=", 1) for kv in rest.split() if "=" in kv))

def ms(us):
    return f"{float(us) / 1000:.2f}"

def others(rs):
    pcts = [int(f["others_cpu_pct"]) for f in rs]
    return f"{min(pcts)}–{max(pcts)} % CPU" if min(pcts) != max(pcts) else f"{pcts[0]} % CPU"

rows = []
for patch, name in (("smp", "`kubectl apply` (strategic merge patch)"),
                    ("ssa", "server-side apply")):
    rs = runs[f"apply {patch}"]
    worst = max(rs, key=lambda f: float(f["server_p99_us"]))
    tmpfs = runs.get(f"apply {patch} tmpfs", [])
    peer = ("; data on tmpfs: server p99 " + ", ".join(ms(f["server_p99_us"]) for f in tmpfs) +
            " ms" if tmpfs else "")
    per_op = statistics.median(float(f["server_cpu_ms"]) * 1000 / int(f["ops"]) for f in rs)
    runq = statistics.median(float(f["server_runq_ms"]) * 1000 / int(f["ops"]) for f in rs)
    rows.append((f"{name}: server p99 (p50, mean), worst of {len(rs)} rounds",
                 f"{ms(worst['server_p99_us'])} ms ({ms(worst['server_p50_us'])}, {ms(worst['server_mean_us'])})",
                 "< 2 ms",
                 "server p99 per round: " + ", ".join(ms(f["server_p99_us"]) for f in rs) +
                 f"; ≤ 2 ms: {float(worst['server_le_2ms']) * 100:.2f} %; client p50 / p99 "
                 f"{ms(worst['client_p50_us'])} / {ms(worst['client_p99_us'])} ms; "
                 f"{worst['ops']} applies of {worst['body_bytes']} B; server CPU {per_op:.0f} µs and "
                 f"run-queue wait {runq:.0f} µs per apply" + peer,
                 others(rs)))
rs = runs["openapi"]
worst = max(rs, key=lambda f: float(f["p99_us"]))
plain = runs["openapi plain"]
plain_worst = max(plain, key=lambda f: float(f["p99_us"]))
rows.append((f"GET /openapi/v3/apis/apps/v1 (cached, gzip), p50 / p99, worst of {len(rs)} rounds",
             f"{ms(worst['p50_us'])} / {ms(worst['p99_us'])} ms", "< 1 ms",
             f"{int(worst['wire_bytes']) / 1000:.0f} kB gzipped, "
             f"{int(plain_worst['wire_bytes']) / 1000:.0f} kB plain; p99 per round: " +
             ", ".join(ms(f["p99_us"]) for f in rs) +
             f"; without gzip p50 / p99 {ms(plain_worst['p50_us'])} / {ms(plain_worst['p99_us'])} ms" +
             f"; GET /version {ms(worst['version_p50_us'])} / {ms(worst['version_p99_us'])} ms; "
             f"in the handler ≤ 0.1 ms: {float(worst['server_le_100us']) * 100:.1f} %",
             others(rs)))

def walls(label):
    return [int(f["wall_ms"]) for f in runs.get(label, [])]

def med(label):
    w = walls(label)
    return f"{statistics.median(w):.0f} ms" if w else "-"

inst = walls("helm install")
rows.append((f"`helm install`, `helm create` chart: median (min / max) of {len(inst)}",
             f"{statistics.median(inst):.0f} ms ({min(inst)} / {max(inst)})", "< 1 s",
             f"`kubectl apply -f` of the same 3 objects {med('kubectl apply')}; `helm version` {med('helm version')}; "
             f"`helm uninstall` {med('helm uninstall')}; Helm 4 install {med('helm4 install')}",
             others(runs["helm install"])))

print(f"ISOLATE={sys.argv[2]}")
print("| measurement | figure | target | peer / context | others meanwhile |")
print("|---|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
PY
