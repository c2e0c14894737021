#!/usr/bin/env python3
"""pod_startup_bench: pod creation to Running, observed through a watch, on
simulated nodes, through the real binary.

Target: p99 create->Running under 250 ms at 100 pods/s.

Starts `ekslite server --simulated-nodes <nodes>` (sqlite storage, fsynced, by
default), waits for the nodes to be Ready, lists pods in a fresh namespace and
opens ONE watch from that list's resourceVersion on its own connection and
thread. Then creates bare pods (no nodeName: the scheduler places them)
open-loop: create i is due at t0 + i/rate, taken by whichever of a few client
threads (each with its own keep-alive HTTPS connection) is free, so a slow
response does not push the schedule back. For each pod it records when its
create was sent, when the watch first showed spec.nodeName (bound) and when it
first showed status.phase == Running. Prints one `case=pod_startup key=value
...` line and a short summary.

  EKSLITE_BIN=build/ekslite hack/bench/pod_startup_bench.py [--rate 100] [--duration 20]
      [--nodes 10] [--storage sqlite|memory] [--clients 8] [--timeout 30] [--node-pods N]

2000 pods do not fit on 10 nodes of the default 110 pods each, so unless
--node-pods says otherwise the nodes get room for all of them. The data
directory is made under $TMPDIR (default /tmp), so the disk there is the one
sqlite fsyncs to. Exits 1 when the target is missed.
"""

import argparse
import json
import math
import os
import shutil
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "e2e"))
from harness import Cluster  # noqa: E402

NAMESPACE = "pod-startup"


def pod_name(i):
    return "bench-%06d" % i


def pod_body(i):
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": pod_name(i), "namespace": NAMESPACE, "labels": {"app": "pod-startup"}},
            "spec": {"containers": [{"name": "c", "image": "registry.local/library/busybox:stable",
                                     "resources": {"requests": {"cpu": "10m", "memory": "16Mi"}}}]}}


class Record:
    """What happened to one pod; times are time.monotonic()."""
    __slots__ = ("due", "sent", "answered", "status", "bound", "running")

    def __init__(self):
        self.due = self.sent = self.answered = self.status = self.bound = self.running = None


class Watcher(threading.Thread):
    """One watch on the namespace's pods; stamps bound and Running times."""

    def __init__(self, cluster, rv, records, lock):
        super().__init__(daemon=True)
        self.cluster, self.rv, self.records, self.lock = cluster, rv, records, lock
        self.events = 0
        self.error = None
        self.ready = threading.Event()
        self.conn = None

    def run(self):
        try:
            self.conn = self.cluster.connection(timeout=None)
            self.conn.request("GET", "/api/v1/namespaces/%s/pods?watch=1&resourceVersion=%s" %
                              (NAMESPACE, self.rv))
            resp = self.conn.getresponse()
            if resp.status != 200:
                raise RuntimeError("watch answered %d: %s" % (resp.status, resp.read()[:500]))
            self.ready.set()
            while True:
                line = resp.readline()
                if not line:
                    raise RuntimeError("watch ended after %d events" % self.events)
                now = time.monotonic()
                line = line.strip()
                if not line:
                    continue
                self.observe(json.loads(line), now)
        except Exception as e:  # reported by the main thread
            if self.error is None:
                self.error = e
            self.ready.set()

    def observe(self, event, now):
        self.events += 1
        if event.get("type") == "ERROR":
            raise RuntimeError("watch error event: %s" % event.get("object"))
        obj = event.get("object", {})
        name = obj.get("metadata", {}).get("name")
        with self.lock:
            rec = self.records.get(name)
            if rec is None:
                return
            if rec.bound is None and obj.get("spec", {}).get("nodeName"):
                rec.bound = now
            if rec.running is None and obj.get("status", {}).get("phase") == "Running":
                rec.running = now


class DiskProbe(threading.Thread):
    """The peer: the disk's own fsync latency during the run. Writes 4 KiB and
    fdatasyncs it, `rate` times a second, in a file beside the server's data,
    and keeps (start, seconds) of each flush."""

    def __init__(self, directory, rate=20.0):
        super().__init__(daemon=True)
        self.path = os.path.join(directory, "disk-probe.dat")
        self.rate = rate
        self.samples = []
        self.stop = threading.Event()

    def run(self):
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            block, i = b"p" * 4096, 0
            while not self.stop.wait(1.0 / self.rate):
                start = time.monotonic()
                os.pwrite(fd, block, (i % 256) * 4096)
                os.fdatasync(fd)
                self.samples.append((start, time.monotonic() - start))
                i += 1
        finally:
            os.close(fd)
            os.unlink(self.path)

    def stalls(self, threshold):
        """(start, end) of the flushes slower than `threshold` seconds."""
        return [(start, start + took) for start, took in self.samples if took > threshold]


class Creator(threading.Thread):
    """Takes the next due create from the shared schedule and sends it."""

    def __init__(self, cluster, schedule):
        super().__init__(daemon=True)
        self.cluster, self.schedule = cluster, schedule
        self.conn = cluster.connection()
        self.conn.connect()  # TLS handshake before t0, not inside the first create

    def run(self):
        conn = self.conn
        path = "/api/v1/namespaces/%s/pods" % NAMESPACE
        while True:
            item = self.schedule.next()
            if item is None:
                break
            i, rec = item
            delay = rec.due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            body = json.dumps(pod_body(i))
            rec.sent = time.monotonic()
            try:
                conn.request("POST", path, body=body, headers={"Content-Type": "application/json"})
                resp = conn.getresponse()
                resp.read()
                rec.status = resp.status
            except Exception as e:  # reconnect, count as failed
                rec.status = "error:%s" % type(e).__name__
                conn.close()
                conn = self.cluster.connection()
            rec.answered = time.monotonic()
        conn.close()


class Schedule:
    """Hands out (index, record) pairs in order; record.due = t0 + i/rate."""

    def __init__(self, t0, rate, count, records, lock):
        self.t0, self.rate, self.count, self.records, self.lock = t0, rate, count, records, lock
        self.i = 0
        self.mu = threading.Lock()

    def next(self):
        with self.mu:
            if self.i >= self.count:
                return None
            i = self.i
            self.i += 1
        rec = Record()
        rec.due = self.t0 + i / self.rate
        with self.lock:
            self.records[pod_name(i)] = rec
        return i, rec


def pct(values, p):
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, math.ceil(p / 100.0 * len(s)) - 1))]  # nearest rank


def rss_kib(pid):
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                k, v = line.split(":", 1)
                out[k] = int(v.split()[0])
    return out


def wait_nodes_ready(cluster, nodes, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        status, body, _ = cluster.request("GET", "/api/v1/nodes")
        if status == 200:
            ready = 0
            for n in body.get("items", []):
                for c in n.get("status", {}).get("conditions", []):
                    if c.get("type") == "Ready" and c.get("status") == "True":
                        ready += 1
            if ready >= nodes:
                return
        time.sleep(0.1)
    raise SystemExit("%d nodes did not become Ready in %ds" % (nodes, timeout))


def prepare_namespace(cluster):
    status, body, _ = cluster.request("POST", "/api/v1/namespaces",
                                      {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACE}})
    if status not in (200, 201):
        raise SystemExit("create namespace answered %d: %s" % (status, body))
    # Pods name the default service account; give its controller a moment.
    deadline = time.time() + 10
    while time.time() < deadline:
        status, _, _ = cluster.request("GET", "/api/v1/namespaces/%s/serviceaccounts/default" % NAMESPACE)
        if status == 200:
            return
        time.sleep(0.05)


def ms(seconds):
    return seconds * 1000.0


def run(cluster, args):
    wait_nodes_ready(cluster, args.nodes, 60)
    prepare_namespace(cluster)
    status, body, _ = cluster.request("GET", "/api/v1/namespaces/%s/pods" % NAMESPACE)
    if status != 200:
        raise SystemExit("list pods answered %d: %s" % (status, body))
    rv = body["metadata"]["resourceVersion"]

    records, lock = {}, threading.Lock()
    watcher = Watcher(cluster, rv, records, lock)
    watcher.start()
    watcher.ready.wait(10)
    if watcher.error:
        raise SystemExit("watch failed: %s" % watcher.error)

    probe = DiskProbe(cluster.dir)
    probe.start()
    count = int(round(args.rate * args.duration))
    t0 = time.monotonic() + 0.2
    schedule = Schedule(t0, args.rate, count, records, lock)
    creators = [Creator(cluster, schedule) for _ in range(args.clients)]
    for c in creators:
        c.start()
    for c in creators:
        c.join()
    last_sent = max(r.sent for r in records.values())
    first_sent = min(r.sent for r in records.values())

    deadline = time.monotonic() + args.timeout
    while time.monotonic() < deadline and watcher.error is None:
        with lock:
            pending = sum(1 for r in records.values() if r.status in (200, 201) and r.running is None)
        if pending == 0:
            break
        time.sleep(0.05)
    mem = rss_kib(cluster.proc.pid)
    probe.stop.set()
    probe.join()
    if watcher.error:
        print("watch failed: %s" % watcher.error, file=sys.stderr)

    with lock:
        recs = sorted(records.values(), key=lambda r: r.due)
    if args.csv:
        with open(args.csv, "w") as f:
            f.write("due_s,sent_ms,answered_ms,bound_ms,running_ms,status,sent_unix\n")
            to_unix = time.time() - time.monotonic()
            for r in recs:
                rel = [("%.1f" % ms(t - r.sent)) if t is not None else "" for t in (r.answered, r.bound, r.running)]
                f.write("%.3f,%.1f,%s,%s,%.4f\n" % (r.due - t0, ms(r.sent - r.due), ",".join(rel), r.status,
                                                     r.sent + to_unix))
    created = [r for r in recs if r.status in (200, 201)]
    failed = len(recs) - len(created)
    running = [ms(r.running - r.sent) for r in created if r.running is not None]
    # From when the create was due: includes time a stalled server kept every
    # client busy (coordinated omission), which create->Running leaves out.
    running_due = [ms(r.running - r.due) for r in created if r.running is not None]
    bound = [ms(r.bound - r.sent) for r in created if r.bound is not None]
    bound_to_running = [ms(r.running - r.bound) for r in created if r.bound is not None and r.running is not None]
    create_rtt = [ms(r.answered - r.sent) for r in created]
    slip = [ms(r.sent - r.due) for r in recs]
    not_running = len(created) - len(running)
    # The pods whose create -> Running overlapped a flush of the disk slower
    # than 100 ms: what remains is the part of the tail the disk did not cause.
    stalls = probe.stalls(0.1)
    clear = [ms(r.running - r.sent) for r in created if r.running is not None and
             not any(a < r.running and r.sent < b for a, b in stalls)]
    disk = [ms(took) for _, took in probe.samples]
    rate = (len(recs) - 1) / (last_sent - first_sent) if len(recs) > 1 else float("nan")

    fields = [("storage", args.storage), ("nodes", args.nodes), ("node_pods", args.node_pods),
              ("clients", args.clients), ("target_rate", args.rate),
              ("achieved_rate", "%.1f" % rate), ("pods", len(recs)), ("create_failed", failed),
              ("not_running", not_running)]
    for label, vals in (("running", running), ("running_from_due", running_due), ("bound", bound), ("bound_to_running", bound_to_running),
                        ("create_rtt", create_rtt), ("send_slip", slip), ("running_outside_stalls", clear),
                        ("disk_fsync", disk)):
        for p in (50, 90, 99):
            fields.append(("%s_p%d_ms" % (label, p), "%.1f" % pct(vals, p)))
        fields.append(("%s_max_ms" % label, "%.1f" % (max(vals) if vals else float("nan"))))
    fields += [("disk_stalls_over_100ms", len(stalls)), ("watch_events", watcher.events), ("rss_mib", "%.1f" % (mem.get("VmRSS", 0) / 1024.0)),
               ("rss_peak_mib", "%.1f" % (mem.get("VmHWM", 0) / 1024.0))]
    print("case=pod_startup " + " ".join("%s=%s" % kv for kv in fields))

    p99 = pct(running, 99)
    verdict = "PASS" if running and not_running == 0 and failed == 0 and p99 < 250 else "MISS"
    print("%s: %d pods at %.1f/s (target %g/s) on %d simulated nodes, %s storage." %
          (verdict, len(recs), rate, args.rate, args.nodes, args.storage))
    print("  create->Running p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms (target p99 < 250 ms)" %
          (pct(running, 50), pct(running, 90), p99, max(running) if running else float("nan")))
    print("  due->Running    p50 %.0f ms, p90 %.0f ms, p99 %.0f ms (includes send delay: %d of %d creates "
          "went out >10 ms late)" % (pct(running_due, 50), pct(running_due, 90), pct(running_due, 99),
                                    sum(1 for v in slip if v > 10), len(slip)))
    print("  create->bound   p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms" %
          (pct(bound, 50), pct(bound, 90), pct(bound, 99), max(bound) if bound else float("nan")))
    print("  bound->Running  p50 %.0f ms, p90 %.0f ms, p99 %.0f ms" %
          (pct(bound_to_running, 50), pct(bound_to_running, 90), pct(bound_to_running, 99)))
    print("  create request  p50 %.0f ms, p99 %.0f ms; %d failed; %d not Running within %ds" %
          (pct(create_rtt, 50), pct(create_rtt, 99), failed, not_running, args.timeout))
    print("  disk (peer)     a 4 KiB write + fdatasync 20 times a second beside the data: p50 %.1f ms, "
          "p99 %.0f ms, max %.0f ms; %d flushes over 100 ms" %
          (pct(disk, 50), pct(disk, 99), max(disk) if disk else float("nan"), len(stalls)))
    print("  create->Running of the %d pods clear of those stalls: p99 %.0f ms, max %.0f ms" %
          (len(clear), pct(clear, 99), max(clear) if clear else float("nan")))
    print("  server RSS %.1f MiB (peak %.1f MiB)" % (mem.get("VmRSS", 0) / 1024.0, mem.get("VmHWM", 0) / 1024.0))
    return verdict == "PASS"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=100.0, help="pod creates per second")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of creates")
    parser.add_argument("--nodes", type=int, default=10, help="simulated nodes")
    parser.add_argument("--storage", choices=("sqlite", "memory"), default="sqlite")
    parser.add_argument("--clients", type=int, default=8, help="client threads (keep-alive connections)")
    parser.add_argument("--timeout", type=int, default=30, help="seconds to wait for Running after the last create")
    parser.add_argument("--node-pods", type=int, default=0,
                        help="pod capacity per node (default: enough for every pod, at least 110)")
    parser.add_argument("--csv", help="write one line per pod (times relative to its create) here")
    parser.add_argument("--keep", action="store_true", help="keep the data directory (and its server.log)")
    args = parser.parse_args()
    if args.node_pods <= 0:  # 2000 pods do not fit on 10 nodes of the default 110
        args.node_pods = max(110, math.ceil(args.rate * args.duration / args.nodes) + 10)
    cluster = Cluster("--simulated-nodes", str(args.nodes), "--node-pods", str(args.node_pods),
                      storage=args.storage).start(timeout=60)
    ok = False
    try:
        ok = run(cluster, args)
    finally:
        if args.keep:
            cluster.stop()
            shutil.rmtree(cluster.home, ignore_errors=True)
            print("data dir kept: %s" % cluster.dir, file=sys.stderr)
        else:
            cluster.cleanup()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
