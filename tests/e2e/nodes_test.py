"""Simulated nodes: `ekslite server --simulated-nodes 5` registers five Ready
nodes; pods bound to them (spec.nodeName) run, end as their annotations say,
and go when deleted; `ekslite agent` adds nodes from a separate process over
TLS. All through the real kubectl."""

import os
import signal
import subprocess
import time
import unittest

from harness import EKSLITE, Cluster, ClusterTestCase, wait_until

NODES = ["ekslite-node-%d" % i for i in range(5)]


def pod_yaml(name, node, restart_policy="Always", annotations=None, image="nginx:1.27"):
    notes = "".join('\n    %s: "%s"' % (k, v) for k, v in (annotations or {}).items())
    return """apiVersion: v1
kind: Pod
metadata:
  name: %s
  annotations:%s
spec:
  nodeName: %s
  restartPolicy: %s
  containers:
  - name: web
    image: %s
""" % (name, notes or " {}", node, restart_policy, image)


class SimulatedNodesTest(ClusterTestCase):
    cluster_args = ("--simulated-nodes", "5")

    def ready_nodes(self):
        out = self.kubectl("get", "nodes", "--no-headers").stdout
        return sorted(line.split()[0] for line in out.splitlines()
                      if len(line.split()) > 1 and line.split()[1] == "Ready")

    def pod(self, name):
        return self.cluster.kubectl_json("get", "pod", name)

    def wait_phase(self, name, phase, timeout=20):
        return wait_until(lambda: self.pod(name).get("status", {}).get("phase") == phase
                          and self.pod(name), timeout=timeout, message="%s %s" % (name, phase))

    def test_nodes_are_ready(self):
        # (The agent's test may have added nodes of its own.)
        wait_until(lambda: [n for n in self.ready_nodes() if n.startswith("ekslite-node-")] == NODES,
                   timeout=15, message="5 Ready nodes")
        node = self.cluster.kubectl_json("get", "node", "ekslite-node-3")
        self.assertEqual(node["status"]["capacity"]["cpu"], "4")
        self.assertEqual(node["status"]["capacity"]["pods"], "110")
        self.assertTrue(node["status"]["nodeInfo"]["kubeletVersion"].startswith("v1.32."))
        self.assertEqual(node["metadata"]["labels"]["kubernetes.io/hostname"], "ekslite-node-3")
        self.assertEqual(node["spec"]["podCIDR"], "10.244.3.0/24")
        lease = self.cluster.kubectl_json("-n", "kube-node-lease", "get", "lease", "ekslite-node-3")
        self.assertEqual(lease["spec"]["holderIdentity"], "ekslite-node-3")
        self.assertEqual(lease["spec"]["leaseDurationSeconds"], 40)

    def test_pod_runs_with_an_ip_and_describe_node_lists_it(self):
        wait_until(lambda: "ekslite-node-1" in self.ready_nodes(), timeout=15)
        self.kubectl("apply", "-f", "-", input=pod_yaml("web", "ekslite-node-1"))
        pod = self.wait_phase("web", "Running")
        self.assertTrue(pod["status"]["podIP"].startswith("10.244.1."), pod["status"])
        self.assertTrue(pod["status"]["containerStatuses"][0]["ready"])
        wide = self.kubectl("get", "pod", "web", "-o", "wide").stdout
        self.assertIn("Running", wide)
        self.assertIn(pod["status"]["podIP"], wide)
        describe = self.kubectl("describe", "node", "ekslite-node-1").stdout
        for text in ("Capacity:", "Allocatable:", "cpu:", "memory:", "16Gi", "KubeletReady",
                     "Non-terminated Pods:", "web", "PodCIDR:"):
            self.assertIn(text, describe)
        events = wait_until(lambda: "Started container web" in self.kubectl(
            "describe", "pod", "web").stdout and self.kubectl("describe", "pod", "web").stdout,
            timeout=10, message="kubelet events")
        self.assertIn("already present on machine", events)
        self.assertIn("Created container: web", events)

    def test_never_pod_ends_failed_with_its_exit_code(self):
        self.kubectl("apply", "-f", "-", input=pod_yaml(
            "job", "ekslite-node-2", restart_policy="Never",
            annotations={"sim.ekslite.io/exit-after": "1s", "sim.ekslite.io/exit-code": "3"}))
        pod = self.wait_phase("job", "Failed")
        terminated = pod["status"]["containerStatuses"][0]["state"]["terminated"]
        self.assertEqual(terminated["exitCode"], 3)
        self.assertEqual(terminated["reason"], "Error")
        self.assertIn("Error", self.kubectl("get", "pod", "job").stdout)

    def test_crashing_container_backs_off(self):
        self.kubectl("apply", "-f", "-", input=pod_yaml(
            "crash", "ekslite-node-0",
            annotations={"sim.ekslite.io/exit-after": "500ms", "sim.ekslite.io/exit-code": "1"}))
        wait_until(lambda: "CrashLoopBackOff" in self.kubectl("get", "pod", "crash").stdout,
                   timeout=15, message="CrashLoopBackOff")
        status = self.pod("crash")["status"]["containerStatuses"][0]
        self.assertGreaterEqual(status["restartCount"], 1)
        self.assertEqual(status["lastState"]["terminated"]["exitCode"], 1)
        # Simulated containers log nothing; the kubelet's refusals are upstream's.
        self.assertEqual(self.kubectl("logs", "crash").stdout, "")
        self.assertEqual(self.kubectl("logs", "crash", "--previous").stdout, "")
        p = self.kubectl("logs", "crash", "-c", "nope", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("container nope is not valid for pod crash", p.stderr)

    def test_failing_liveness_probe_restarts_the_container(self):
        manifest = pod_yaml("sick", "ekslite-node-3", annotations={"sim.ekslite.io/live": "false"})
        manifest += "    livenessProbe: {periodSeconds: 1, failureThreshold: 2, httpGet: {port: 80}}\n"
        self.kubectl("apply", "-f", "-", input=manifest)
        wait_until(lambda: self.pod("sick").get("status", {}).get("containerStatuses", [{}])[0]
                   .get("restartCount", 0) >= 1, timeout=15, message="a restart after the liveness kill")
        last = self.pod("sick")["status"]["containerStatuses"][0]["lastState"]["terminated"]
        self.assertEqual(last["exitCode"], 137)
        events = wait_until(lambda: "will be restarted" in self.kubectl("describe", "pod", "sick").stdout
                            and self.kubectl("describe", "pod", "sick").stdout, timeout=10,
                            message="liveness events")
        self.assertIn("Liveness probe failed", events)
        self.assertIn("Container web failed liveness probe, will be restarted", events)

    def test_deleted_pod_goes(self):
        self.kubectl("apply", "-f", "-", input=pod_yaml("gone", "ekslite-node-4"))
        self.wait_phase("gone", "Running")
        started = time.time()
        self.kubectl("delete", "pod", "gone", "--timeout=20s")
        self.assertLess(time.time() - started, 15)
        p = self.kubectl("get", "pod", "gone", check=False)
        self.assertIn("NotFound", p.stderr)

    def test_agent_adds_nodes_over_tls(self):
        log_path = os.path.join(self.cluster.dir, "agent.log")
        with open(log_path, "ab") as log:
            agent = subprocess.Popen(
                [EKSLITE, "agent", "--kubeconfig", self.cluster.kubeconfig,
                 "--simulated-nodes", "2", "--name-prefix", "agent-"],
                stdout=log, stderr=log)
        try:
            wait_until(lambda: {"agent-0", "agent-1"} <= set(self.ready_nodes()), timeout=20,
                       message="agent nodes Ready")
            cidrs = [n["spec"].get("podCIDR") for n in
                     self.cluster.kubectl_json("get", "nodes")["items"]]
            self.assertEqual(len(cidrs), len(set(cidrs)), cidrs)
            self.kubectl("apply", "-f", "-", input=pod_yaml("remote", "agent-1"))
            pod = self.wait_phase("remote", "Running")
            self.assertTrue(pod["status"]["podIP"])
            self.kubectl("-n", "kube-node-lease", "get", "lease", "agent-1")
        finally:
            agent.send_signal(signal.SIGTERM)
            try:
                code = agent.wait(timeout=10)
            except subprocess.TimeoutExpired:
                agent.kill()
                code = agent.wait()
        with open(log_path) as f:
            self.assertEqual(code, 0, f.read()[-3000:])


class RestartTest(unittest.TestCase):
    """A server restart finds its simulated nodes' Nodes and keeps them, and
    the pods on them carry on where they were."""

    def setUp(self):
        self.cluster = Cluster("--simulated-nodes", "2").start()

    def tearDown(self):
        self.cluster.cleanup()

    def test_restart_keeps_nodes_and_running_pods(self):
        c = self.cluster
        wait_until(lambda: c.kubectl("get", "node", "ekslite-node-1", check=False).returncode == 0,
                   timeout=15)
        c.kubectl("apply", "-f", "-", input=pod_yaml("keep", "ekslite-node-1"))
        before = wait_until(lambda: c.kubectl_json("get", "pod", "keep").get("status", {}).get(
            "phase") == "Running" and c.kubectl_json("get", "pod", "keep"), timeout=20)
        node = c.kubectl_json("get", "node", "ekslite-node-1")
        self.assertEqual(c.stop(), 0)
        c.start()
        after = c.kubectl_json("get", "node", "ekslite-node-1")
        self.assertEqual(after["metadata"]["uid"], node["metadata"]["uid"])
        self.assertEqual(after["spec"]["podCIDR"], node["spec"]["podCIDR"])
        wait_until(lambda: "Ready" in c.kubectl("get", "node", "ekslite-node-1").stdout, timeout=15)
        pod = c.kubectl_json("get", "pod", "keep")
        self.assertEqual(pod["status"]["phase"], "Running")
        self.assertEqual(pod["status"]["podIP"], before["status"]["podIP"])
        status = pod["status"]["containerStatuses"][0]
        self.assertEqual(status["restartCount"], 0)
        self.assertEqual(status["state"]["running"]["startedAt"],
                         before["status"]["containerStatuses"][0]["state"]["running"]["startedAt"])


if __name__ == "__main__":
    unittest.main()
