#!/usr/bin/env bash
# The apiserver benchmarks (docs/benchmarks.md, "Apiserver"): warm start and
# idle memory, durable creates over HTTPS, lists of 10,000 ConfigMaps, watch
# latency, and the same client against the cheapest authenticated endpoints as
# the peer. Starts `ekslite server --storage sqlite` on a free port with a
# throwaway data directory, runs every case with api_bench
# (hack/bench/api_bench.cc) on this machine, prints one table, stops the server
# and removes what it made.
#
#   hack/bench/apiserver.sh       # REPEAT=3 CASE_SECONDS=5 PACED_SECONDS=20 STARTS=20 ...
#
# Each case line also says how busy the machine was meanwhile: the CPU that
# processes other than the server and api_bench used, as a share of all CPUs,
# and what they wrote to the data directory's disk (in the start loops the
# servers api_bench starts count as others).
set -euo pipefail
cd "$(dirname "$0")/../.."

REPEAT=${REPEAT:-3}                # rounds of the throughput and paced cases
CASE_SECONDS=${CASE_SECONDS:-5}    # each closed-loop throughput case
PACED_SECONDS=${PACED_SECONDS:-20} # each 200/s paced case
STARTS=${STARTS:-20}               # warm starts (after one cold start)
LIST_RUNS=${LIST_RUNS:-20}         # timed lists of each kind
LIST_ITEMS=${LIST_ITEMS:-10000}
KUBECTL_RUNS=${KUBECTL_RUNS:-5}    # kubectl takes seconds per list (see docs/benchmarks.md)
WATCH_SECONDS=${WATCH_SECONDS:-10} # at 50 creates/s
KUBECTL=${KUBECTL:-.tools/bin/kubectl}
BUILD=${EKSLITE_BENCH_BUILD_DIR:-build-bench}

if [ -z "${API_BENCH:-}" ] || [ -z "${EKSLITE:-}" ]; then
  [ -f "$BUILD/build.ninja" ] ||
    cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  ninja -C "$BUILD" ekslite api_bench >/dev/null
fi
ekslite=${EKSLITE:-$BUILD/ekslite}
bench=${API_BENCH:-$BUILD/hack/bench/api_bench}

work=$(mktemp -d "${TMPDIR:-/tmp}/apiserver-bench.XXXXXX")
server_pid=
stop_server() {
  [ -n "$server_pid" ] || return 0
  kill "$server_pid" 2>/dev/null || true
  wait "$server_pid" 2>/dev/null || true
  server_pid=
}
cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT

hz=$(getconf CLK_TCK)
ncpu=$(nproc)
disk=$(basename "$(df --output=source "$work" | tail -1)")
busy_ticks() { awk '/^cpu /{print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }
server_ticks() { if [ -n "$server_pid" ]; then awk '{print $14 + $15}' "/proc/$server_pid/stat"; else echo 0; fi; }
disk_bytes() { awk -v d="$disk" '$3 == d {printf "%.0f\n", $10 * 512}' /proc/diskstats; }
server_disk_bytes() { if [ -n "$server_pid" ]; then awk '/^write_bytes/ {print $2}' "/proc/$server_pid/io"; else echo 0; fi; }

results=$work/results
: >"$results"
# measure <case> <api_bench args...>: runs api_bench and records its line with
# the server's CPU and everyone else's, and what others wrote to the disk the
# data directory is on (the server's own writes subtracted).
measure() {
  local label=$1 line b0 s0 d0 w0 t0 b1 s1 d1 w1 t1
  shift
  b0=$(busy_ticks) s0=$(server_ticks) d0=$(disk_bytes) w0=$(server_disk_bytes) t0=$(date +%s.%N)
  line=$("$bench" "$@")
  b1=$(busy_ticks) s1=$(server_ticks) d1=$(disk_bytes) w1=$(server_disk_bytes) t1=$(date +%s.%N)
  line+=$(awk -v b="$((b1 - b0))" -v s="$((s1 - s0))" -v t0="$t0" -v t1="$t1" -v hz="$hz" \
    -v n="$ncpu" -v line="$line" -v load="$(cut -d' ' -f1 /proc/loadavg)" \
    -v d="$((d1 - d0))" -v w="$((w1 - w0))" 'BEGIN {
      match(line, /client_cpu_s=[0-9.]+/); c = substr(line, RSTART + 13, RLENGTH - 13)
      o = (b - s) / hz - c; if (o < 0) o = 0
      ow = d - w; if (ow < 0) ow = 0
      printf " server_cpu_s=%.2f others_cpu_pct=%.0f others_disk_mb=%.0f load1=%s", s / hz,
        100 * o / ((t1 - t0) * n), ow / 1e6, load }')
  echo "case=$label $line" | tee -a "$results" >&2
}

tree=$(git rev-parse --short HEAD 2>/dev/null || echo "?")
[ -z "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] || tree+=" with uncommitted changes"
echo "# $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(date -u +%FT%TZ); $tree" >&2

# 1. Warm start and idle RSS: one cold start creates the PKI, then warm ones.
measure "start" start --binary="$ekslite" --data-dir="$work/start" --runs=$((STARTS + 1)) \
  --log-file="$work/start.log"

# The server every other case runs against.
"$ekslite" server --data-dir "$work/data" --listen 127.0.0.1:0 --storage sqlite \
  --log-level warn >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 200); do
  [ -s "$work/data/kubeconfig" ] && break
  sleep 0.05
done
[ -s "$work/data/kubeconfig" ] || { cat "$work/server.log"; exit 1; }
url=$(awk '/server:/ {gsub(/"/, "", $2); print $2}' "$work/data/kubeconfig")
api=(--url="$url" --data-dir="$work/data")

# 2. Lists of LIST_ITEMS ConfigMaps of 1 KiB in one namespace, before the
# creates below fill the store.
measure "fill" create "${api[@]}" --namespace=bench --clients=16 --ops="$LIST_ITEMS"
measure "list" list "${api[@]}" --namespace=bench --runs="$LIST_RUNS"
measure "list paged" list "${api[@]}" --namespace=bench --runs="$LIST_RUNS" --limit=500
if [ -x "$KUBECTL" ] && command -v hyperfine >/dev/null; then
  for output in json table; do
    flag=$([ "$output" = json ] && echo "-o json" || echo "")
    hyperfine --warmup 1 --runs "$KUBECTL_RUNS" --style none --export-json "$work/kubectl.json" \
      "KUBECONFIG=$work/data/kubeconfig $KUBECTL get configmaps -n bench $flag >/dev/null" >&2
    python3 - "$work/kubectl.json" "$output" "$(cut -d' ' -f1 /proc/loadavg)" <<'PY' |
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
median, low = r["median"] * 1000, r["min"] * 1000
print(f"case=kubectl {sys.argv[2]} median_ms={median:.1f} min_ms={low:.1f} load1={sys.argv[3]}")
PY
      tee -a "$results" >&2
  done
fi

# 3. Watch latency: 50 creates/s with a watch open.
measure "watch" watch "${api[@]}" --rate=50 --seconds="$WATCH_SECONDS"

# 4. Throughput and paced latency, REPEAT rounds, alternating with the peer:
# the same client against GET /version and a namespace GET.
for _ in $(seq "$REPEAT"); do
  for clients in 16 64; do
    measure "get /version $clients" get "${api[@]}" --path=/version --clients="$clients" \
      --seconds="$CASE_SECONDS"
    measure "get namespace $clients" get "${api[@]}" --path=/api/v1/namespaces/default \
      --clients="$clients" --seconds="$CASE_SECONDS"
    measure "create $clients" create "${api[@]}" --clients="$clients" --seconds="$CASE_SECONDS"
  done
  measure "create 200/s" create "${api[@]}" --clients=16 --rate=200 --seconds="$PACED_SECONDS" \
    --slow-ms=10
done

# 5. Warm start again, now with everything above in the store.
objects=$(awk '/mode=(create|watch)/ {match($0, / (ops|creates)=[0-9]+/); split(substr($0, RSTART + 1, RLENGTH - 1), kv, "="); n += kv[2]} END {print n}' "$results")
stop_server
measure "start loaded objects=$objects" start --binary="$ekslite" --data-dir="$work/data" \
  --runs=5 --log-file="$work/start.log"

python3 - "$results" <<'PY'
import collections, re, statistics, sys

runs = collections.defaultdict(list)
for line in open(sys.argv[1]):
    label, rest = re.match(r"case=(.*?) (mode=.*|median_ms=.*)$", line.strip()).groups()
    runs[label].append(dict(kv.split("=", 1) for kv in rest.split() if "=" in kv))

def median_run(label, key="ops_per_sec"):
    rs = sorted(runs[label], key=lambda f: float(f[key]))
    return rs[(len(rs) - 1) // 2]

def ms(us):
    return f"{int(us) / 1000:.2f}"

def others(f):
    return f"{f.get('others_cpu_pct', '?')}% CPU, {f.get('others_disk_mb', '?')} MB written"

rows = []
s = runs["start"][0]
rows.append(("warm start to /readyz ok, median / max", f"{s['ready_ms_median']} / {s['ready_ms_max']} ms",
             "< 100 ms", f"cold start (creates the PKI): {s['cold_ready_ms']} ms; {s['warm_runs']} warm starts", others(s)))
rows.append(("idle RSS 2 s after ready, median / max", f"{int(s['rss_kib_median']) / 1024:.1f} / {int(s['rss_kib_max']) / 1024:.1f} MiB",
             "< 30 MB", f"{s['threads']} threads", others(s)))
for label in runs:
    if label.startswith("start loaded"):
        f = runs[label][0]
        rows.append((f"warm start, {label.split('=')[1]} objects in the store", f"{f['ready_ms_median']} / {f['ready_ms_max']} ms",
                     "", f"RSS {int(f['rss_kib_median']) / 1024:.1f} MiB", others(f)))
for clients in ("16", "64"):
    c = median_run(f"create {clients}")
    g = median_run(f"get /version {clients}")
    n = median_run(f"get namespace {clients}")
    all_runs = ", ".join(f"{float(f['ops_per_sec']):,.0f}" for f in runs[f"create {clients}"])
    rows.append((f"creates/s, {clients} clients (p50 / p99)",
                 f"{float(c['ops_per_sec']):,.0f}/s ({ms(c['p50_us'])} / {ms(c['p99_us'])} ms); runs: {all_runs}",
                 "≥ 5,000/s" if clients == "16" else "> 16 clients",
                 f"GET /version {float(g['ops_per_sec']):,.0f}/s ({ms(g['p50_us'])} / {ms(g['p99_us'])} ms); "
                 f"GET namespace {float(n['ops_per_sec']):,.0f}/s", others(c)))
p = median_run("create 200/s", "p99_us")
rows.append(("creates at 200/s paced: p99 (p50, p99.9, max)", f"{ms(p['p99_us'])} ms ({ms(p['p50_us'])}, {ms(p['p999_us'])}, {ms(p['max_us'])})",
             "< 10 ms", "p99 of each run: " + ", ".join(ms(f["p99_us"]) for f in runs["create 200/s"]), others(p)))
for label, name in (("list", "list 10k, unpaged"), ("list paged", "list 10k, limit=500 + continue")):
    f = runs[label][0]
    kubectl = runs.get("kubectl json" if label == "list" else "kubectl table", [{}])[0]
    what = "kubectl -o json" if label == "list" else "kubectl (table)"
    rows.append((f"{name}: median (min / max) of {f['runs']}", f"{f['median_ms']} ms ({f['min_ms']} / {f['max_ms']})",
                 "< 50 ms", f"{f['pages']} pages, {int(f['bytes']) / 1e6:.1f} MB; {what} {kubectl.get('median_ms', '?')} ms", others(f)))
w = runs["watch"][0]
rows.append(("watch: 201 read → event read, p50 / p99", f"{ms(w['p50_us'])} / {ms(w['p99_us'])} ms", "< 5 ms",
             f"{w['before_response']} of {w['events']} events came before the 201; send → event p50 / p99 "
             f"{ms(w['from_send_p50_us'])} / {ms(w['from_send_p99_us'])} ms; missing {w['missing']}", others(w)))

print("| measurement | figure | target | peer / context | others meanwhile |")
print("|---|---|---|---|---|")
for r in rows:
    print("| " + " | ".join(r) + " |")
PY
