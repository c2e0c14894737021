"""Namespaces through the real binary and kubectl: a new namespace gets its
`default` ServiceAccount and `kube-root-ca.crt` ConfigMap, and `kubectl
delete namespace` of a namespace full of objects returns once the namespace
controller has emptied it and it is gone."""

import json
import unittest

from harness import ClusterTestCase, wait_until


class NamespaceTest(ClusterTestCase):
    cluster_args = ("--simulated-nodes", "2")

    def test_new_namespace_gets_defaults(self):
        self.kubectl("create", "namespace", "fresh")
        wait_until(lambda: self.kubectl("-n", "fresh", "get", "serviceaccount", "default",
                                        check=False).returncode == 0,
                   timeout=10, message="default service account")
        cm = wait_until(lambda: self.kubectl("-n", "fresh", "get", "configmap", "kube-root-ca.crt",
                                             "-o", "json", check=False).stdout,
                        timeout=10, message="kube-root-ca.crt")
        self.assertIn("BEGIN CERTIFICATE", json.loads(cm)["data"]["ca.crt"])
        # Deleted, it comes back.
        self.kubectl("-n", "fresh", "delete", "configmap", "kube-root-ca.crt")
        wait_until(lambda: self.kubectl("-n", "fresh", "get", "configmap", "kube-root-ca.crt",
                                        check=False).returncode == 0,
                   timeout=10, message="kube-root-ca.crt restored")

    def test_delete_namespace_removes_its_content(self):
        self.kubectl("create", "namespace", "doomed")
        self.kubectl("-n", "doomed", "create", "deployment", "app",
                     "--image=registry.local/library/busybox:stable", "--replicas=3")
        self.kubectl("-n", "doomed", "create", "configmap", "settings", "--from-literal=a=b")
        self.kubectl("-n", "doomed", "create", "secret", "generic", "token", "--from-literal=t=x")
        self.kubectl("-n", "doomed", "create", "service", "clusterip", "app", "--tcp=80:8080")
        wait_until(lambda: len(self.cluster.kubectl_json("-n", "doomed", "get", "pods")["items"]) == 3,
                   timeout=20, message="3 pods")
        p = self.kubectl("delete", "namespace", "doomed", "--timeout=60s", timeout=70)
        self.assertIn('namespace "doomed" deleted', p.stdout)
        p = self.kubectl("get", "namespace", "doomed", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("NotFound", p.stderr)
        # Nothing of it is left behind.
        for kind in ("pods", "replicasets", "deployments", "configmaps", "secrets", "services",
                     "endpoints", "endpointslices"):
            items = self.cluster.kubectl_json("-n", "doomed", "get", kind)["items"]
            self.assertEqual(items, [], kind)


if __name__ == "__main__":
    unittest.main()
