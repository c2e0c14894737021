"""StatefulSets end to end: ordered creation, stable names, scale down."""

import unittest

from harness import ClusterTestCase, wait_until

WEB = """
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: nginx
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      containers: [{name: c, image: registry.local/library/busybox:stable, command: [sleep, "3600"]}]
  volumeClaimTemplates:
  - metadata: {name: www}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
"""


class StatefulSetTest(ClusterTestCase):
    cluster_args = ("--simulated-nodes", "5")

    def test_pods_are_created_in_order_and_scaled_down_in_reverse(self):
        self.kubectl("apply", "-f", "-", input=WEB)
        wait_until(lambda: self.cluster.kubectl_json("get", "statefulset", "web")
                   .get("status", {}).get("readyReplicas") == 3,
                   timeout=60, interval=0.3, message="3 ready replicas")
        pods = {p["metadata"]["name"]: p for p in
                self.cluster.kubectl_json("get", "pods", "-l", "app=web")["items"]}
        self.assertEqual(sorted(pods), ["web-0", "web-1", "web-2"])
        # Each pod was created only after the one before it was Ready.
        def ready_at(p):
            return [c["lastTransitionTime"] for c in p["status"]["conditions"] if c["type"] == "Ready"][0]
        for before, after in (("web-0", "web-1"), ("web-1", "web-2")):
            self.assertLessEqual(ready_at(pods[before]), pods[after]["metadata"]["creationTimestamp"])
        self.assertEqual(pods["web-1"]["spec"]["hostname"], "web-1")
        self.assertEqual(pods["web-1"]["spec"]["subdomain"], "nginx")
        self.assertEqual(pods["web-1"]["metadata"]["labels"]["apps.kubernetes.io/pod-index"], "1")
        claims = self.kubectl("get", "pvc", "-o", "name").stdout.split()
        self.assertEqual(sorted(claims), ["persistentvolumeclaim/www-web-0",
                                          "persistentvolumeclaim/www-web-1",
                                          "persistentvolumeclaim/www-web-2"])
        sts = self.cluster.kubectl_json("get", "statefulset", "web")
        self.assertEqual(sts["status"]["currentRevision"], sts["status"]["updateRevision"])
        self.assertTrue(sts["status"]["updateRevision"].startswith("web-"))
        self.assertIn("3/3", self.kubectl("get", "statefulset", "web").stdout)

        self.kubectl("scale", "statefulset", "web", "--replicas=1")
        wait_until(lambda: [p["metadata"]["name"] for p in
                            self.cluster.kubectl_json("get", "pods", "-l", "app=web")["items"]] == ["web-0"],
                   timeout=30, interval=0.3, message="scale down to web-0")
        events = self.kubectl("get", "events", "--field-selector", "involvedObject.name=web").stdout
        self.assertIn("create Pod web-2 in StatefulSet web successful", events)
        self.assertIn("delete Pod web-2 in StatefulSet web successful", events)


if __name__ == "__main__":
    unittest.main()
