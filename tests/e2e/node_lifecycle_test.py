"""Node lifecycle end to end: a node whose kubelet (an `ekslite agent` in its
own process) stops renewing its Lease becomes NotReady, is tainted
unreachable, and its pods are evicted once their toleration
(DefaultTolerationSeconds) runs out; it recovers when the agent resumes."""

import os
import signal
import subprocess
import unittest

from harness import EKSLITE, ClusterTestCase, wait_until

POD = """
apiVersion: v1
kind: Pod
metadata: {name: stranded}
spec:
  nodeName: %s
  terminationGracePeriodSeconds: 1
  containers: [{name: c, image: registry.local/library/busybox:stable, command: [sleep, "3600"]}]
"""


class NodeLifecycleTest(ClusterTestCase):
    cluster_args = ("--simulated-nodes", "2", "--node-monitor-grace-period", "4s",
                    "--default-unreachable-toleration-seconds", "3",
                    "--default-not-ready-toleration-seconds", "3")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.node = "lonely-0"
        cls.agent_log = open(os.path.join(cls.cluster.dir, "agent.log"), "w")
        cls.agent = subprocess.Popen(
            [EKSLITE, "agent", "--kubeconfig", cls.cluster.kubeconfig, "--simulated-nodes", "1",
             "--name-prefix", "lonely-"], stdout=cls.agent_log, stderr=subprocess.STDOUT)

    @classmethod
    def tearDownClass(cls):
        cls.agent.send_signal(signal.SIGCONT)
        cls.agent.kill()
        cls.agent.wait()
        cls.agent_log.close()
        super().tearDownClass()

    def node_json(self):
        return self.cluster.kubectl_json("get", "node", self.node)

    def ready(self):
        conds = self.node_json().get("status", {}).get("conditions", [])
        return [c for c in conds if c["type"] == "Ready"][0]

    def taint_keys(self):
        return {(t["key"], t["effect"]) for t in self.node_json().get("spec", {}).get("taints", [])}

    def test_silent_node_is_tainted_and_its_pods_evicted(self):
        wait_until(lambda: self.kubectl("get", "node", self.node, check=False).returncode == 0,
                   timeout=20, message="the agent's node registered")
        wait_until(lambda: self.ready()["status"] == "True", timeout=10, message="node Ready")
        self.kubectl("apply", "-f", "-", input=POD % self.node)
        pod = self.cluster.kubectl_json("get", "pod", "stranded")
        seconds = {t["key"]: t.get("tolerationSeconds") for t in pod["spec"]["tolerations"]}
        self.assertEqual(seconds["node.kubernetes.io/unreachable"], 3)
        self.assertEqual(seconds["node.kubernetes.io/not-ready"], 3)
        wait_until(lambda: self.cluster.kubectl_json("get", "pod", "stranded")["status"]
                   .get("phase") == "Running", timeout=10, message="pod running")

        # The kubelet hangs: no more lease renewals or status updates.
        self.agent.send_signal(signal.SIGSTOP)
        wait_until(lambda: self.ready()["status"] == "Unknown", timeout=20, message="node Unknown")
        self.assertEqual(self.ready()["reason"], "NodeStatusUnknown")
        self.assertEqual(self.ready()["message"], "Kubelet stopped posting node status.")
        self.assertIn("NotReady", self.kubectl("get", "node", self.node).stdout)
        wait_until(lambda: {("node.kubernetes.io/unreachable", "NoExecute"),
                            ("node.kubernetes.io/unreachable", "NoSchedule")} <= self.taint_keys(),
                   timeout=10, message="unreachable taints")

        def evicted():
            p = self.kubectl("get", "pod", "stranded", "-o", "json", check=False)
            return p.returncode != 0 or '"deletionTimestamp"' in p.stdout
        wait_until(evicted, timeout=20, interval=0.3, message="the pod evicted")
        events = self.kubectl("get", "events", "--field-selector", "involvedObject.name=stranded").stdout
        self.assertIn("TaintManagerEviction", events)
        self.assertIn("Marking for deletion Pod default/stranded", events)

        self.agent.send_signal(signal.SIGCONT)
        wait_until(lambda: self.ready()["status"] == "True", timeout=20, message="node Ready again")
        wait_until(lambda: not any(k.startswith("node.kubernetes.io/unreachable")
                                   for k, _ in self.taint_keys()),
                   timeout=10, message="taints removed")


if __name__ == "__main__":
    unittest.main()
