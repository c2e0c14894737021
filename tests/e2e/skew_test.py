"""The kubectl version skew the server supports: a smoke subset of everyday
commands with kubectl 1.31 and 1.33 (the neighbours of the reported 1.32):
create, get, apply (client- and server-side), patch and delete of a Deployment
and a ConfigMap, one watch event, explain and auth can-i."""

import json
import os
import select
import subprocess
import time
import unittest

from harness import ROOT, ClusterTestCase

TOOLS = os.path.join(ROOT, ".tools", "bin")

DEPLOYMENT = """
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: %(replicas)d
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: registry.local/library/busybox:stable
        env:
        - {name: MODE, value: "%(mode)s"}
        ports:
        - containerPort: 8080
"""

CONFIGMAP = """
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  color: %s
"""


class SkewSmoke:
    """The smoke subset; mixed into one test case per kubectl binary."""

    BINARY = None
    NAMESPACE = None

    @classmethod
    def setUpClass(cls):
        if not os.access(cls.BINARY, os.X_OK):
            raise unittest.SkipTest("no %s (hack/setup.sh installs it)" % cls.BINARY)
        super().setUpClass()
        cls.cluster.kubectl("create", "namespace", cls.NAMESPACE, binary=cls.BINARY)

    def k(self, *args, **kw):
        return self.cluster.kubectl("-n", self.NAMESPACE, *args, binary=self.BINARY, **kw)

    def k_json(self, *args):
        return json.loads(self.k(*args, "-o", "json").stdout)

    def assertNoWarnings(self, p):
        self.assertNotIn("Warning", p.stderr)
        self.assertNotIn("error", p.stderr.lower())

    def test_client_version_is_the_one_under_test(self):
        info = json.loads(self.k("version", "-o", "json").stdout)
        self.assertEqual(info["clientVersion"]["minor"], self.MINOR)
        self.assertEqual(info["serverVersion"]["minor"], "32")

    def test_deployment_create_get_apply_patch_delete(self):
        p = self.k("create", "--save-config", "-f", "-",
                   input=DEPLOYMENT % {"replicas": 1, "mode": "a"})
        self.assertIn("deployment.apps/web created", p.stdout)
        self.assertNoWarnings(p)
        self.assertRegex(self.k("get", "deploy").stdout,
                         r"NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s")

        # Client-side apply: a three-way strategic merge patch.
        p = self.k("apply", "-f", "-", input=DEPLOYMENT % {"replicas": 2, "mode": "b"})
        self.assertIn("deployment.apps/web configured", p.stdout)
        self.assertNoWarnings(p)
        self.k("apply", "-f", "-", input=DEPLOYMENT % {"replicas": 3, "mode": "c"})
        d = self.k_json("get", "deploy", "web")
        self.assertEqual(d["spec"]["replicas"], 3)
        self.assertEqual(d["spec"]["template"]["spec"]["containers"][0]["env"],
                         [{"name": "MODE", "value": "c"}])
        self.assertIn("kubectl.kubernetes.io/last-applied-configuration",
                      d["metadata"]["annotations"])

        self.k("patch", "deploy", "web", "-p",
               '{"spec":{"template":{"spec":{"containers":'
               '[{"name":"web","image":"registry.local/web:2"}]}}}}')
        self.k("set", "env", "deploy/web", "EXTRA=1")
        d = self.k_json("get", "deploy", "web")
        container = d["spec"]["template"]["spec"]["containers"][0]
        self.assertEqual(container["image"], "registry.local/web:2")
        self.assertEqual(container["env"],
                         [{"name": "MODE", "value": "c"}, {"name": "EXTRA", "value": "1"}])
        self.assertEqual(container["ports"][0]["protocol"], "TCP")

        self.assertIn('deployment.apps "web" deleted', self.k("delete", "deploy", "web").stdout)
        self.assertIn("NotFound", self.k("get", "deploy", "web", check=False).stderr)

    def test_configmap_create_apply_patch_and_server_side_apply(self):
        self.k("create", "configmap", "plain", "--from-literal=a=1")  # a protobuf body
        self.k("patch", "configmap", "plain", "--type=merge", "-p", '{"data":{"b":"2"}}')
        self.assertEqual(self.k_json("get", "cm", "plain")["data"], {"a": "1", "b": "2"})

        p = self.k("apply", "--server-side", "-f", "-", input=CONFIGMAP % "red")
        self.assertIn("configmap/settings serverside-applied", p.stdout)
        self.assertNoWarnings(p)
        self.k("apply", "--server-side", "-f", "-", input=CONFIGMAP % "blue")
        cm = self.k_json("get", "cm", "settings", "--show-managed-fields")
        self.assertEqual(cm["data"], {"color": "blue"})
        self.assertEqual([(m["manager"], m["operation"]) for m in cm["metadata"]["managedFields"]],
                         [("kubectl", "Apply")])
        # Another manager taking the field is a conflict until forced.
        p = self.k("apply", "--server-side", "--field-manager=other", "-f", "-",
                   input=CONFIGMAP % "green", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("conflict", p.stderr.lower())
        self.k("apply", "--server-side", "--field-manager=other", "--force-conflicts", "-f", "-",
               input=CONFIGMAP % "green")
        self.assertEqual(self.k_json("get", "cm", "settings")["data"], {"color": "green"})

        self.k("delete", "cm", "plain", "settings")
        # Only the namespace's own CA bundle is left.
        self.assertEqual(self.k("get", "cm", "-o", "name").stdout.split(),
                         ["configmap/kube-root-ca.crt"])

    def test_watch_sees_an_event(self):
        watch = subprocess.Popen(
            [self.BINARY, "-n", self.NAMESPACE, "get", "configmaps", "--watch-only", "-o", "name"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=self.cluster.env())
        try:
            # The watch starts after the list; retry the trigger until it is seen.
            deadline, line, n = time.time() + 20, "", 0
            while time.time() < deadline and not line:
                self.k("create", "configmap", "watched-%d" % n)
                n += 1
                ready, _, _ = select.select([watch.stdout], [], [], 1.0)
                if ready:
                    line = watch.stdout.readline().strip()
            self.assertRegex(line, r"^configmap/watched-\d+$")
        finally:
            watch.kill()
            watch.communicate()

    def test_explain(self):
        out = self.k("explain", "deployment.spec.replicas").stdout
        self.assertIn("GROUP:      apps", out)
        self.assertIn("FIELD: replicas <integer>", out)
        out = self.k("explain", "configmaps").stdout
        self.assertIn("KIND:       ConfigMap", out)
        self.assertIn("data\t<map[string]string>", out)

    def test_auth_can_i(self):
        self.assertEqual(self.k("auth", "can-i", "create", "deployments").stdout.strip(), "yes")
        self.assertEqual(self.k("auth", "can-i", "delete", "nodes").stdout.strip(), "yes")
        p = self.k("auth", "can-i", "get", "pods", "--as=system:serviceaccount:x:nobody",
                   check=False)
        self.assertEqual(p.stdout.strip(), "no")


class Kubectl131Test(SkewSmoke, ClusterTestCase):
    BINARY = os.path.join(TOOLS, "kubectl-1.31")
    NAMESPACE = "skew-131"
    MINOR = "31"


class Kubectl133Test(SkewSmoke, ClusterTestCase):
    BINARY = os.path.join(TOOLS, "kubectl-1.33")
    NAMESPACE = "skew-133"
    MINOR = "33"


if __name__ == "__main__":
    unittest.main()
