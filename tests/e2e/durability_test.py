"""Durability: objects survive restarts, and every create the server
acknowledged survives kill -9 in the middle of a burst of concurrent creates."""

import json
import threading
import unittest

from harness import Cluster


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


if __name__ == "__main__":
    unittest.main()
