"""ReplicationControllers end to end: replicas kept, scaled, and collected."""

import unittest

from harness import ClusterTestCase, wait_until

RC = """
apiVersion: v1
kind: ReplicationController
metadata: {name: legacy}
spec:
  replicas: 3
  selector: {app: legacy}
  template:
    metadata: {labels: {app: legacy}}
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{name: c, image: registry.local/library/busybox:stable, command: [sleep, "3600"]}]
"""


class ReplicationControllerTest(ClusterTestCase):
    cluster_args = ("--simulated-nodes", "3")

    def live_pods(self):
        return [p for p in self.cluster.kubectl_json("get", "pods", "-l", "app=legacy")["items"]
                if "deletionTimestamp" not in p["metadata"]]

    def test_keeps_scales_and_collects_its_pods(self):
        self.kubectl("apply", "-f", "-", input=RC)
        wait_until(lambda: self.cluster.kubectl_json("get", "rc", "legacy")
                   .get("status", {}).get("readyReplicas") == 3,
                   timeout=60, interval=0.3, message="3 ready replicas")
        table = self.kubectl("get", "rc", "legacy").stdout.split("\n")
        self.assertEqual(table[0].split()[:4], ["NAME", "DESIRED", "CURRENT", "READY"])
        self.assertEqual(table[1].split()[:4], ["legacy", "3", "3", "3"])
        for pod in self.live_pods():
            self.assertTrue(pod["metadata"]["name"].startswith("legacy-"))
            owner = pod["metadata"]["ownerReferences"][0]
            self.assertEqual((owner["apiVersion"], owner["kind"], owner["name"], owner["controller"]),
                             ("v1", "ReplicationController", "legacy", True))
        events = self.kubectl("get", "events", "--field-selector", "involvedObject.name=legacy").stdout
        self.assertIn("SuccessfulCreate", events)

        self.kubectl("scale", "rc", "legacy", "--replicas=1")
        wait_until(lambda: len(self.live_pods()) == 1, timeout=30, interval=0.3, message="one pod left")

        # Deleting it (background propagation) lets the garbage collector take the pod.
        self.kubectl("delete", "rc", "legacy")
        wait_until(lambda: not self.cluster.kubectl_json("get", "pods", "-l", "app=legacy")["items"],
                   timeout=30, interval=0.3, message="pods collected")


if __name__ == "__main__":
    unittest.main()
