"""`kubectl drain` end to end: evictions through pods/eviction respect a
PodDisruptionBudget, and the evicted pods come back on other nodes."""

import unittest

from harness import ClusterTestCase, wait_until

DB = """
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 4
  podManagementPolicy: Parallel
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{name: c, image: registry.local/library/busybox:stable, command: [sleep, "3600"]}]
"""

PDB = """
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: db}
spec:
  %s
  selector: {matchLabels: {app: db}}
"""


class DrainTest(ClusterTestCase):
    cluster_args = ("--simulated-nodes", "5")

    def pods(self):
        return self.cluster.kubectl_json("get", "pods", "-l", "app=db")["items"]

    def budget(self):
        return self.cluster.kubectl_json("get", "pdb", "db").get("status", {})

    def test_drain_respects_the_budget_and_pods_move(self):
        self.kubectl("apply", "-f", "-", input=DB)
        wait_until(lambda: self.cluster.kubectl_json("get", "statefulset", "db")
                   .get("status", {}).get("readyReplicas") == 4,
                   timeout=60, interval=0.3, message="4 ready db pods")
        victim = self.pods()[0]
        node, name = victim["spec"]["nodeName"], victim["metadata"]["name"]

        # A budget that allows no disruption: drain cannot evict.
        self.kubectl("apply", "-f", "-", input=PDB % "minAvailable: 100%")
        wait_until(lambda: self.budget().get("currentHealthy") == 4, timeout=20,
                   message="the budget's status")
        self.assertEqual(self.budget()["disruptionsAllowed"], 0)
        p = self.kubectl("drain", node, "--ignore-daemonsets", "--timeout=8s", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("Cannot evict pod as it would violate the pod's disruption budget", p.stderr)
        self.assertIn(name, [q["metadata"]["name"] for q in self.pods()])
        self.assertTrue(self.cluster.kubectl_json("get", "node", node)["spec"]["unschedulable"])

        # One disruption allowed: the drain goes through.
        self.kubectl("apply", "-f", "-", input=PDB % "maxUnavailable: 1")
        wait_until(lambda: self.budget().get("disruptionsAllowed") == 1, timeout=20,
                   message="one allowed disruption")
        p = self.kubectl("drain", node, "--ignore-daemonsets", "--timeout=60s", timeout=90)
        self.assertIn(name + " evicted", p.stderr + p.stdout)
        self.assertIn("drained", p.stdout)
        # The pod comes back elsewhere (same name: it belongs to a StatefulSet).
        def moved():
            for q in self.pods():
                if (q["metadata"]["name"] == name and q["spec"].get("nodeName")
                        and q["spec"]["nodeName"] != node and not q["metadata"].get("deletionTimestamp")):
                    return q
        wait_until(moved, timeout=30, interval=0.3, message="the evicted pod on another node")
        self.assertFalse([q for q in self.pods() if q["spec"].get("nodeName") == node
                          and not q["metadata"].get("deletionTimestamp")])


if __name__ == "__main__":
    unittest.main()
