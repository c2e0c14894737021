"""`helm install --wait`, `upgrade --wait` and `rollback --wait` of the
`helm create` chart against the real binary with simulated nodes: helm waits
until the Deployment's new ReplicaSet has ready pods, which needs the
Deployment and ReplicaSet controllers, the scheduler and the kubelets."""

import shutil
import subprocess
import tempfile
import unittest

from harness import HELM, ClusterTestCase


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

    def helm(self, *args):
        p = subprocess.run([HELM] + list(args), capture_output=True, text=True,
                           env=self.cluster.env(), timeout=90)
        if p.returncode != 0:
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


if __name__ == "__main__":
    unittest.main()
