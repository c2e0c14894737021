"""`helm install --wait`, `upgrade --wait` and `rollback --wait` of the
`helm create` chart against the real binary with simulated nodes: helm waits
until the Deployment's new ReplicaSet has ready pods, which needs the
Deployment and ReplicaSet controllers, the scheduler and the kubelets. And a
chart of ours (charts/hooks) with pre- and post-install Job hooks and a test
pod: `--wait --wait-for-jobs` and `helm test` pass, and fail when the test pod
or a hook Job exits 1 (the simulated containers' exit codes come from the
sim.ekslite.io/exit-code annotation)."""

import os
import shutil
import subprocess
import tempfile
import unittest

from harness import HELM, ClusterTestCase

HOOKS_CHART = os.path.join(os.path.dirname(os.path.abspath(__file__)), "charts", "hooks")


class HelmWaitTest(ClusterTestCase):
    cluster_args = ("--simulated-nodes", "3")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.work = tempfile.mkdtemp(prefix="ekslite-e2e-helm-wait-")
        subprocess.run([HELM, "create", "demo"], cwd=cls.work, check=True, capture_output=True,
                       env=cls.cluster.env())
        cls.chart = cls.work + "/demo"

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)
        super().tearDownClass()

    def helm(self, *args, check=True):
        p = subprocess.run([HELM] + list(args), capture_output=True, text=True,
                           env=self.cluster.env(), timeout=90)
        if check and p.returncode != 0:
            raise AssertionError("helm %s failed (%d):\n%s%s" % (" ".join(args), p.returncode,
                                                                 p.stdout, p.stderr))
        return p

    def deployment(self):
        return self.cluster.kubectl_json("-n", "wait", "get", "deployment", "demo")

    def test_install_upgrade_rollback_wait(self):
        self.helm("install", "demo", self.chart, "-n", "wait", "--create-namespace", "--wait",
                  "--timeout", "60s")
        d = self.deployment()
        self.assertEqual(d["status"].get("readyReplicas"), 1)

        self.helm("upgrade", "demo", self.chart, "-n", "wait", "--wait", "--timeout", "60s",
                  "--set", "replicaCount=3", "--set", "image.tag=1.27")
        d = self.deployment()
        self.assertEqual(d["status"].get("readyReplicas"), 3)
        self.assertEqual(d["status"].get("updatedReplicas"), 3)
        self.assertTrue(d["spec"]["template"]["spec"]["containers"][0]["image"].endswith(":1.27"))

        self.helm("rollback", "demo", "1", "-n", "wait", "--wait", "--timeout", "60s")
        d = self.deployment()
        self.assertEqual(d["spec"]["replicas"], 1)
        self.assertFalse(d["spec"]["template"]["spec"]["containers"][0]["image"].endswith(":1.27"))
        self.assertEqual(d["status"].get("updatedReplicas"), 1)
        history = self.helm("history", "demo", "-n", "wait").stdout
        self.assertIn("Rollback to 1", history)

    def job_condition(self, ns, name):
        job = self.cluster.kubectl_json("-n", ns, "get", "job", name)
        return {c["type"]: c["status"] for c in job["status"].get("conditions", [])}

    def test_hook_jobs_and_helm_test(self):
        self.helm("install", "good", HOOKS_CHART, "-n", "hooks", "--create-namespace", "--wait",
                  "--wait-for-jobs", "--timeout", "60s")
        for hook in ("good-pre-install", "good-post-install"):
            self.assertEqual(self.job_condition("hooks", hook).get("Complete"), "True", hook)
        web = self.cluster.kubectl_json("-n", "hooks", "get", "deployment", "good-web")
        self.assertEqual(web["status"].get("readyReplicas"), 2)

        p = self.helm("test", "good", "-n", "hooks", "--logs")
        self.assertRegex(p.stdout, r"TEST SUITE:\s+good-test")
        self.assertIn("POD LOGS: good-test", p.stdout)  # simulated containers log nothing
        self.assertRegex(p.stdout, r"Phase:\s+Succeeded")

        # The same release whose test pod exits 1: helm test fails.
        self.helm("upgrade", "good", HOOKS_CHART, "-n", "hooks", "--wait", "--timeout", "60s",
                  "--set", "testExitCode=1")
        p = self.helm("test", "good", "-n", "hooks", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("good-test", p.stderr)
        self.assertIn("failed", p.stderr.lower())
        pod = self.cluster.kubectl_json("-n", "hooks", "get", "pod", "good-test")
        self.assertEqual(pod["status"]["phase"], "Failed")
        terminated = pod["status"]["containerStatuses"][0]["state"]["terminated"]
        self.assertEqual(terminated["exitCode"], 1)

    def test_failing_hook_job_fails_the_install(self):
        p = self.helm("install", "bad", HOOKS_CHART, "-n", "hooks-bad", "--create-namespace",
                      "--wait", "--wait-for-jobs", "--timeout", "60s", "--set", "hookExitCode=1",
                      check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("pre-install", p.stderr)
        self.assertIn("BackoffLimitExceeded", p.stderr)
        self.assertEqual(self.job_condition("hooks-bad", "bad-pre-install").get("Failed"), "True")
        status = self.helm("status", "bad", "-n", "hooks-bad").stdout
        self.assertRegex(status, r"STATUS: failed")


if __name__ == "__main__":
    unittest.main()
