"""Deployments through the real binary, kubectl and five simulated nodes:
`kubectl create deployment` rolls out (`rollout status` returns), `set image`
rolls over within maxSurge/maxUnavailable (a watcher checks every pod event),
`rollout history` lists the revisions, `rollout undo` (to the previous and to
a named revision) brings the old template back, scaling down removes the pods
the ranking puts first (lowest pod-deletion-cost), and deleting the
deployment removes its ReplicaSets and pods (garbage collector)."""

import json
import threading
import unittest

from harness import ClusterTestCase, wait_until

IMAGE = "registry.local/library/busybox:stable"
IMAGE2 = "registry.local/library/busybox:1.36"


class PodWatcher:
    """Follows the pods of app=web through a watch and records, after every
    event, the live pod count and the ready (available) pod count."""

    def __init__(self, cluster):
        self.cluster = cluster
        self.pods = {}
        self.max_total = 0
        self.min_available = None
        self.events = 0
        self.stopped = threading.Event()
        self.conn = cluster.connection(timeout=120)
        self.conn.request("GET", "/api/v1/namespaces/default/pods?watch=1&labelSelector=app%3Dweb")
        self.response = self.conn.getresponse()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    @staticmethod
    def live(pod):
        return not pod["metadata"].get("deletionTimestamp") and \
            pod.get("status", {}).get("phase") not in ("Succeeded", "Failed")

    @staticmethod
    def ready(pod):
        return any(c["type"] == "Ready" and c["status"] == "True"
                   for c in pod.get("status", {}).get("conditions", []))

    def run(self):
        while not self.stopped.is_set():
            line = self.response.readline()
            if not line:
                return
            event = json.loads(line)
            pod = event["object"]
            name = pod["metadata"]["name"]
            if event["type"] == "DELETED":
                self.pods.pop(name, None)
            else:
                self.pods[name] = pod
            live = [p for p in self.pods.values() if self.live(p)]
            available = sum(1 for p in live if self.ready(p))
            self.events += 1
            self.max_total = max(self.max_total, len(live))
            if self.min_available is None or available < self.min_available:
                self.min_available = available

    def reset(self):
        self.max_total = 0
        self.min_available = None

    def stop(self):
        self.stopped.set()
        self.conn.close()


class DeploymentTest(ClusterTestCase):
    cluster_args = ("--simulated-nodes", "5")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        wait_until(lambda: len(cls.cluster.kubectl_json("get", "nodes")["items"]) == 5,
                   timeout=20, message="5 nodes")

    def deployment(self):
        return self.cluster.kubectl_json("get", "deployment", "web")

    def replica_sets(self):
        return self.cluster.kubectl_json("get", "replicasets", "-l", "app=web")["items"]

    def live_pods(self):
        return [p for p in self.cluster.kubectl_json("get", "pods", "-l", "app=web")["items"]
                if PodWatcher.live(p)]

    def rollout_status(self):
        p = self.kubectl("rollout", "status", "deployment/web", "--timeout=60s", timeout=70)
        self.assertIn('deployment "web" successfully rolled out', p.stdout)

    def image(self):
        return self.deployment()["spec"]["template"]["spec"]["containers"][0]["image"]

    def test_deployment_lifecycle(self):
        self.kubectl("create", "deployment", "web", "--image=" + IMAGE, "--replicas=20")
        self.rollout_status()
        d = self.deployment()
        self.assertEqual(d["status"].get("availableReplicas"), 20)
        self.assertEqual(d["metadata"]["annotations"]["deployment.kubernetes.io/revision"], "1")
        (rs,) = self.replica_sets()
        self.assertEqual(rs["metadata"]["name"],
                         "web-" + rs["metadata"]["labels"]["pod-template-hash"])

        # A rolling update: 25% of 20 allows 5 extra and 5 unavailable pods.
        watcher = PodWatcher(self.cluster)
        try:
            wait_until(lambda: watcher.events >= 20, timeout=10, message="initial pod events")
            watcher.reset()
            self.kubectl("set", "image", "deployment/web", "busybox=" + IMAGE2)
            self.rollout_status()
        finally:
            watcher.stop()
        self.assertLessEqual(watcher.max_total, 25)
        self.assertGreaterEqual(watcher.min_available, 15)
        self.assertEqual(self.image(), IMAGE2)
        events = self.kubectl("get", "events", "--field-selector", "involvedObject.name=web",
                              "-o", "json").stdout
        messages = [e["message"] for e in json.loads(events)["items"]
                    if e["reason"] == "ScalingReplicaSet"]
        self.assertTrue(any(m.startswith("Scaled up replica set web-") and m.endswith("from 0 to 20")
                            for m in messages), messages)

        history = self.kubectl("rollout", "history", "deployment/web").stdout
        revisions = [line.split()[0] for line in history.splitlines()[2:] if line.strip()]
        self.assertEqual(revisions, ["1", "2"])

        self.kubectl("rollout", "undo", "deployment/web")
        self.rollout_status()
        self.assertEqual(self.image(), IMAGE)
        self.assertEqual(len(self.replica_sets()), 2)  # the old set came back
        self.kubectl("rollout", "undo", "deployment/web", "--to-revision=2")
        self.rollout_status()
        self.assertEqual(self.image(), IMAGE2)
        p = self.kubectl("rollout", "undo", "deployment/web", "--to-revision=9", check=False)
        self.assertIn("unable to find specified revision 9 in history", p.stderr)

        # Scaling down keeps the pods that cost most to delete.
        keep = sorted(p["metadata"]["name"] for p in self.live_pods())[:3]
        for name in keep:
            self.kubectl("annotate", "pod", name, "controller.kubernetes.io/pod-deletion-cost=100")
        self.kubectl("scale", "deployment/web", "--replicas=3")
        wait_until(lambda: len(self.live_pods()) == 3, timeout=30, message="3 pods")
        self.assertEqual(sorted(p["metadata"]["name"] for p in self.live_pods()), keep)
        self.rollout_status()

        self.kubectl("delete", "deployment", "web")
        wait_until(lambda: not self.replica_sets(), timeout=30, message="replica sets gone")
        wait_until(lambda: not self.cluster.kubectl_json("get", "pods", "-l", "app=web")["items"],
                   timeout=60, message="pods gone")


if __name__ == "__main__":
    unittest.main()
