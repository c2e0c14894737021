#!/usr/bin/env python3
"""deployment_bench: how long a Deployment of N replicas takes to roll out
completely on simulated nodes, through the real binary.

Starts `ekslite server --simulated-nodes <nodes>`, creates a Deployment with
`kubectl create deployment`, and measures from the create until the
deployment reports every replica updated and available (what `kubectl rollout
status` waits for), then the same for an image change (a full rolling
update). Prints one line per phase.

  EKSLITE_BIN=build/ekslite hack/bench/deployment_bench.py [--replicas 1000] [--nodes 20]
"""

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tests", "e2e"))
from harness import Cluster  # noqa: E402


def complete(cluster, replicas, generation):
    d = json.loads(cluster.kubectl("get", "deployment", "bench", "-o", "json").stdout)
    s = d.get("status", {})
    return (s.get("observedGeneration", 0) >= generation and s.get("updatedReplicas") == replicas
            and s.get("availableReplicas") == replicas and s.get("replicas") == replicas)


def wait_complete(cluster, replicas, generation, timeout):
    start = time.time()
    while time.time() - start < timeout:
        if complete(cluster, replicas, generation):
            return time.time() - start
        time.sleep(0.05)
    raise SystemExit("rollout did not complete in %ds" % timeout)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--replicas", type=int, default=1000)
    parser.add_argument("--nodes", type=int, default=20)
    parser.add_argument("--timeout", type=int, default=300)
    args = parser.parse_args()
    cluster = Cluster("--simulated-nodes", str(args.nodes), storage="sqlite").start(timeout=60)
    try:
        deadline = time.time() + 60
        while len(json.loads(cluster.kubectl("get", "nodes", "-o", "json").stdout)["items"]) < args.nodes:
            if time.time() > deadline:
                raise SystemExit("nodes did not register")
            time.sleep(0.1)
        start = time.time()
        cluster.kubectl("create", "deployment", "bench", "--image=registry.local/library/busybox:stable",
                        "--replicas=%d" % args.replicas)
        wait_complete(cluster, args.replicas, 1, args.timeout)
        print("create: %d replicas on %d simulated nodes available in %.2f s" %
              (args.replicas, args.nodes, time.time() - start))
        start = time.time()
        cluster.kubectl("set", "image", "deployment/bench", "busybox=registry.local/library/busybox:1.36")
        wait_complete(cluster, args.replicas, 2, args.timeout)
        print("rolling update: %d replicas replaced in %.2f s" % (args.replicas, time.time() - start))
    finally:
        cluster.cleanup()


if __name__ == "__main__":
    main()
