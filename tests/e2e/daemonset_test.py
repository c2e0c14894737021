"""DaemonSets end to end: one pod on every node."""

import unittest

from harness import ClusterTestCase, wait_until

AGENT = """
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{name: c, image: registry.local/library/busybox:stable, command: [sleep, "3600"]}]
"""


class DaemonSetTest(ClusterTestCase):
    cluster_args = ("--simulated-nodes", "5")

    def test_daemonset_covers_every_node(self):
        nodes = sorted(n["metadata"]["name"] for n in self.cluster.kubectl_json("get", "nodes")["items"])
        self.assertGreaterEqual(len(nodes), 2)
        self.kubectl("apply", "-f", "-", input=AGENT)
        ds = wait_until(lambda: (lambda d: d.get("status", {}).get("numberReady") == len(nodes) and d)(
            self.cluster.kubectl_json("get", "daemonset", "agent")),
            timeout=60, interval=0.3, message="a ready pod on every node")
        self.assertEqual(ds["status"]["desiredNumberScheduled"], len(nodes))
        self.assertEqual(ds["status"]["currentNumberScheduled"], len(nodes))
        self.assertEqual(ds["status"]["updatedNumberScheduled"], len(nodes))
        self.assertEqual(ds["status"]["numberMisscheduled"], 0)
        pods = self.cluster.kubectl_json("get", "pods", "-l", "app=agent")["items"]
        self.assertEqual(sorted(p["spec"]["nodeName"] for p in pods), nodes)
        tolerations = {(t["key"], t["effect"]) for t in pods[0]["spec"]["tolerations"]}
        self.assertIn(("node.kubernetes.io/unreachable", "NoExecute"), tolerations)
        self.assertIn(("node.kubernetes.io/unschedulable", "NoSchedule"), tolerations)
        out = self.kubectl("get", "daemonset", "agent").stdout
        self.assertIn("agent", out)


if __name__ == "__main__":
    unittest.main()
