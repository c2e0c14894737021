"""The scheduler through the real binary and kubectl: `ekslite server
--simulated-nodes 5` (five Ready nodes, 4 CPUs each). Pods are placed by
resources, taints and tolerations, node affinity and topology spread; a pod
that fits nowhere stays Pending and `kubectl describe pod` shows upstream's
FailedScheduling message; bound pods get a Scheduled event."""

import json
import unittest

import yaml

from harness import ClusterTestCase, wait_until

NODES = ["ekslite-node-%d" % i for i in range(5)]


def pod(name, namespace="default", labels=None, cpu=None, extra_spec=None):
    spec = {"containers": [{"name": "c", "image": "registry.local/library/busybox:stable",
                            "command": ["sleep", "3600"]}]}
    if cpu:
        spec["containers"][0]["resources"] = {"requests": {"cpu": cpu}}
    spec.update(extra_spec or {})
    return json.dumps({"apiVersion": "v1", "kind": "Pod",
                       "metadata": {"name": name, "namespace": namespace,
                                    "labels": labels or {}},
                       "spec": spec})


class SchedulerTest(ClusterTestCase):
    cluster_args = ("--simulated-nodes", "5")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        def ready_untainted():
            nodes = cls.cluster.kubectl_json("get", "nodes")["items"]
            return len(nodes) == 5 and all(
                not n["spec"].get("taints") and any(
                    c["type"] == "Ready" and c["status"] == "True"
                    for c in n.get("status", {}).get("conditions", []))
                for n in nodes)
        wait_until(ready_untainted, timeout=30, message="5 Ready nodes without taints")

    def create(self, manifest):
        self.kubectl("apply", "-f", "-", input=manifest)

    def node_of(self, name, namespace="default"):
        p = self.cluster.kubectl_json("-n", namespace, "get", "pod", name)
        return p["spec"].get("nodeName", "")

    def wait_bound(self, name, namespace="default", timeout=15):
        return wait_until(lambda: self.node_of(name, namespace), timeout=timeout,
                          message="%s bound" % name)

    def scheduled_condition(self, name, namespace="default"):
        p = self.cluster.kubectl_json("-n", namespace, "get", "pod", name)
        for c in p.get("status", {}).get("conditions", []):
            if c["type"] == "PodScheduled":
                return c
        return None

    def wait_unschedulable(self, name, message, namespace="default"):
        def check():
            c = self.scheduled_condition(name, namespace)
            return c and c["status"] == "False" and c.get("reason") == "Unschedulable" and \
                c.get("message") == message
        wait_until(check, timeout=15,
                   message="%s unschedulable (have %r)" % (name, self.scheduled_condition(name, namespace)))

    def test_pod_that_fits_nowhere_stays_pending_with_the_reason(self):
        self.create(pod("huge", cpu="100"))
        want = ("0/5 nodes are available: 5 Insufficient cpu. preemption: 0/5 nodes are "
                "available: 5 No preemption victims found for incoming pod.")
        self.wait_unschedulable("huge", want)
        p = self.cluster.kubectl_json("get", "pod", "huge")
        self.assertEqual(p["status"]["phase"], "Pending")
        self.assertNotIn("nodeName", p["spec"])
        out = wait_until(lambda: (lambda o: "FailedScheduling" in o and o)(
            self.kubectl("describe", "pod", "huge").stdout), timeout=10,
            message="FailedScheduling in describe")
        self.assertIn("default-scheduler", out)
        self.assertIn(want, " ".join(out.split()))
        self.kubectl("delete", "pod", "huge", "--wait=false")

    def test_higher_priority_pod_preempts(self):
        self.kubectl("create", "namespace", "preempt")
        self.create(yaml.safe_dump({"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass",
                                    "metadata": {"name": "e2e-high"}, "value": 1000}))
        try:
            # One 3-CPU pod per 4-CPU node leaves no room for another.
            self.create(yaml.safe_dump_all(
                json.loads(pod("low%d" % i, "preempt", cpu="3")) for i in range(5)))
            for i in range(5):
                self.wait_bound("low%d" % i, "preempt")
            self.create(pod("vip", "preempt", cpu="3",
                            extra_spec={"priorityClassName": "e2e-high"}))
            node = self.wait_bound("vip", "preempt", timeout=40)
            pods = self.cluster.kubectl_json("-n", "preempt", "get", "pods")["items"]
            on_node = [p["metadata"]["name"] for p in pods if p["spec"].get("nodeName") == node]
            self.assertEqual(on_node, ["vip"])
            out = self.kubectl("-n", "preempt", "get", "events", "--field-selector",
                               "reason=Preempted", "-o", "jsonpath={.items[*].message}").stdout
            self.assertIn("on node " + node, out)
        finally:
            self.kubectl("delete", "namespace", "preempt", "--wait=false")
            self.kubectl("delete", "priorityclass", "e2e-high", check=False)

    def test_scheduled_event_names_the_node(self):
        self.create(pod("placed", cpu="100m"))
        node = self.wait_bound("placed")
        self.assertIn(node, NODES)
        msg = "Successfully assigned default/placed to %s" % node
        wait_until(lambda: msg in self.kubectl(
            "get", "events", "--field-selector", "reason=Scheduled,involvedObject.name=placed",
            "-o", "jsonpath={.items[*].message}").stdout, timeout=10, message="Scheduled event")
        out = self.kubectl("describe", "pod", "placed").stdout
        self.assertIn("Scheduled", out)
        self.kubectl("delete", "pod", "placed", "--wait=false")

    def test_taints_and_tolerations(self):
        self.kubectl("create", "namespace", "taints")
        try:
            for n in NODES:
                self.kubectl("taint", "node", n, "e2e=only:NoSchedule")
            self.create(pod("plain", "taints"))
            self.create(pod("tolerant", "taints", extra_spec={"tolerations": [
                {"key": "e2e", "operator": "Equal", "value": "only", "effect": "NoSchedule"}]}))
            self.wait_bound("tolerant", "taints")
            self.wait_unschedulable(
                "plain", "0/5 nodes are available: 5 node(s) had untolerated taint {e2e: only}. "
                "preemption: 0/5 nodes are available: 5 Preemption is not helpful for scheduling.",
                "taints")
        finally:
            for n in NODES:
                self.kubectl("taint", "node", n, "e2e=only:NoSchedule-", check=False)
        # The node update brings the pending pod back.
        self.wait_bound("plain", "taints")
        self.kubectl("delete", "namespace", "taints", "--wait=false")

    def test_node_affinity_and_selector(self):
        self.kubectl("create", "namespace", "affinity")
        self.kubectl("label", "node", "ekslite-node-2", "disk=ssd")
        try:
            self.create(pod("wants-ssd", "affinity", extra_spec={"affinity": {"nodeAffinity": {
                "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
                    {"matchExpressions": [{"key": "disk", "operator": "In",
                                           "values": ["ssd"]}]}]}}}}))
            self.create(pod("wants-nvme", "affinity", extra_spec={"nodeSelector": {"disk": "nvme"}}))
            self.assertEqual(self.wait_bound("wants-ssd", "affinity"), "ekslite-node-2")
            self.wait_unschedulable(
                "wants-nvme", "0/5 nodes are available: 5 node(s) didn't match Pod's node "
                "affinity/selector. preemption: 0/5 nodes are available: 5 Preemption is not "
                "helpful for scheduling.", "affinity")
        finally:
            self.kubectl("label", "node", "ekslite-node-2", "disk-", check=False)
            self.kubectl("delete", "namespace", "affinity", "--wait=false")

    def test_topology_spread(self):
        self.kubectl("create", "namespace", "spread")
        zones = {n: ("a" if i < 3 else "b") for i, n in enumerate(NODES)}
        for n, z in zones.items():
            self.kubectl("label", "node", n, "e2e-zone=" + z, "--overwrite")
        try:
            constraint = [{"maxSkew": 1, "topologyKey": "e2e-zone",
                           "whenUnsatisfiable": "DoNotSchedule",
                           "labelSelector": {"matchLabels": {"app": "spread"}}}]
            # One YAML stream, so the pods arrive together.
            self.create(yaml.safe_dump_all(
                json.loads(pod("s%d" % i, "spread", labels={"app": "spread"},
                               extra_spec={"topologySpreadConstraints": constraint}))
                for i in range(6)))
            placed = [self.wait_bound("s%d" % i, "spread") for i in range(6)]
            in_a = sum(1 for n in placed if zones[n] == "a")
            self.assertEqual(in_a, 3, placed)
        finally:
            for n in NODES:
                self.kubectl("label", "node", n, "e2e-zone-", check=False)
            self.kubectl("delete", "namespace", "spread", "--wait=false")


if __name__ == "__main__":
    unittest.main()
