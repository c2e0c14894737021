"""Durability: objects survive restarts, every create the server
acknowledged survives kill -9 in the middle of a burst of concurrent creates,
and a rolling update cut short by kill -9 finishes after the restart."""

import json
import threading
import unittest

from harness import Cluster, wait_until


class DurabilityTest(unittest.TestCase):

    def setUp(self):
        self.cluster = Cluster().start()

    def tearDown(self):
        self.cluster.cleanup()

    def test_restart_keeps_everything(self):
        c = self.cluster
        c.kubectl("create", "ns", "keep")
        c.kubectl("-n", "keep", "create", "configmap", "c", "--from-literal=a=b")
        rv = c.kubectl_json("-n", "keep", "get", "cm", "c")["metadata"]["resourceVersion"]
        self.assertEqual(c.stop(), 0)
        c.start()
        cm = c.kubectl_json("-n", "keep", "get", "cm", "c")
        self.assertEqual(cm["data"], {"a": "b"})
        self.assertEqual(cm["metadata"]["resourceVersion"], rv)
        # Revisions continue after a restart.
        c.kubectl("-n", "keep", "create", "configmap", "d")
        rv2 = c.kubectl_json("-n", "keep", "get", "cm", "d")["metadata"]["resourceVersion"]
        self.assertGreater(int(rv2), int(rv))

    def test_acknowledged_creates_survive_kill9(self):
        c = self.cluster
        c.kubectl("create", "ns", "burst")
        acknowledged = []
        lock = threading.Lock()
        started = threading.Event()
        half = threading.Event()

        def writer(first):
            conn = c.connection(timeout=10)
            for i in range(first, 200, 8):
                body = json.dumps({"apiVersion": "v1", "kind": "ConfigMap",
                                   "metadata": {"name": "cm-%03d" % i}, "data": {"i": str(i)}})
                try:
                    conn.request("POST", "/api/v1/namespaces/burst/configmaps", body=body,
                                 headers={"Content-Type": "application/json"})
                    resp = conn.getresponse()
                    resp.read()
                except Exception:  # the server died under us
                    return
                started.set()
                if resp.status == 201:
                    with lock:
                        acknowledged.append("cm-%03d" % i)
                        if len(acknowledged) >= 100:
                            half.set()

        threads = [threading.Thread(target=writer, args=(k,)) for k in range(8)]
        for t in threads:
            t.start()
        half.wait(timeout=30)
        c.kill9()
        for t in threads:
            t.join(timeout=30)
        self.assertGreaterEqual(len(acknowledged), 100)

        c.start()
        items = c.kubectl_json("-n", "burst", "get", "cm")["items"]
        # (The namespace also holds the kube-root-ca.crt ConfigMap.)
        present = {i["metadata"]["name"]: i for i in items if i["metadata"]["name"].startswith("cm-")}
        missing = [n for n in acknowledged if n not in present]
        self.assertEqual(missing, [], "acknowledged creates lost after kill -9")
        for name, obj in present.items():
            self.assertEqual(obj["data"]["i"], str(int(name[3:])))
        # The store still takes writes and revisions keep increasing.
        c.kubectl("-n", "burst", "create", "configmap", "after")
        after = c.kubectl_json("-n", "burst", "get", "cm", "after")
        newest = max(int(o["metadata"]["resourceVersion"]) for o in items)
        self.assertGreater(int(after["metadata"]["resourceVersion"]), newest)


class RolloutAcrossKill9Test(unittest.TestCase):

    def setUp(self):
        self.cluster = Cluster("--simulated-nodes", "3").start()

    def tearDown(self):
        self.cluster.cleanup()

    def test_rollout_cut_short_by_kill9_completes_after_restart(self):
        c = self.cluster
        c.kubectl("create", "deployment", "web", "--image=registry.local/library/busybox:1", "--replicas=20")
        c.kubectl("rollout", "status", "deployment/web", "--timeout=60s")
        # Each new pod counts as available only a second after it is ready,
        # so the rollout takes a few seconds and the kill lands inside it.
        c.kubectl("patch", "deployment", "web", "-p", '{"spec":{"minReadySeconds":1}}')
        c.kubectl("set", "image", "deployment/web", "busybox=registry.local/library/busybox:2")
        wait_until(lambda: c.kubectl_json("get", "deployment", "web").get("status", {})
                   .get("updatedReplicas", 0) >= 2, timeout=30, interval=0.05, message="rollout under way")
        c.kill9()
        c.start()
        old = [rs for rs in c.kubectl_json("get", "rs", "-l", "app=web")["items"]
               if rs["spec"]["template"]["spec"]["containers"][0]["image"].endswith(":1")]
        self.assertGreater(old[0]["spec"]["replicas"], 0, "the kill came after the rollout")
        out = c.kubectl("rollout", "status", "deployment/web", "--timeout=90s").stdout
        self.assertIn('deployment "web" successfully rolled out', out)
        # Exactly the wanted pods, all of the new template, each owned by the new ReplicaSet.
        def settled():
            pods = [p for p in c.kubectl_json("get", "pods", "-l", "app=web")["items"]
                    if "deletionTimestamp" not in p["metadata"]]
            return len(pods) == 20 and pods
        pods = wait_until(settled, timeout=30, interval=0.3, message="20 pods left")
        sets = {rs["metadata"]["name"]: rs for rs in c.kubectl_json("get", "rs", "-l", "app=web")["items"]}
        new = [n for n, rs in sets.items()
               if rs["spec"]["template"]["spec"]["containers"][0]["image"].endswith(":2")]
        self.assertEqual(len(sets), 2, sorted(sets))
        self.assertEqual(len(new), 1)
        self.assertEqual(sets[new[0]]["status"].get("readyReplicas"), 20)
        for p in pods:
            self.assertEqual(p["spec"]["containers"][0]["image"], "registry.local/library/busybox:2")
            self.assertEqual(p["metadata"]["ownerReferences"][0]["name"], new[0])
            self.assertEqual(p["status"]["phase"], "Running")
        revision = c.kubectl_json("get", "deployment", "web")["metadata"]["annotations"]
        self.assertEqual(revision["deployment.kubernetes.io/revision"], "2")


if __name__ == "__main__":
    unittest.main()
