"""Everyday kubectl against ekslite: version, discovery, namespaces, CRUD on
ConfigMaps, Secrets and ServiceAccounts, output formats, label/annotate/patch,
selectors, watch and the error messages users see."""

import json
import re
import subprocess
import time
import unittest

from harness import ClusterTestCase, wait_until


class KubectlBasicsTest(ClusterTestCase):

    def test_version_reports_the_server(self):
        out = self.kubectl("version").stdout
        self.assertRegex(out, r"Server Version: v1\.32\.\d+\+ekslite\.\d+")
        info = json.loads(self.kubectl("version", "-o", "json").stdout)
        self.assertEqual(info["serverVersion"]["minor"], "32")

    def test_api_resources_lists_kinds_with_short_names(self):
        out = self.kubectl("api-resources").stdout
        rows = {}
        for line in out.splitlines()[1:]:
            cols = line.split()
            rows[cols[0]] = line
        for name, short in [("configmaps", "cm"), ("namespaces", "ns"), ("pods", "po"),
                            ("services", "svc"), ("serviceaccounts", "sa"), ("events", "ev"),
                            ("nodes", "no"), ("endpoints", "ep"), ("limitranges", "limits"),
                            ("resourcequotas", "quota")]:
            self.assertIn(name, rows)
            self.assertIn(" " + short + " ", rows[name] + " ")
        self.assertIn("leases", rows)
        self.assertIn("coordination.k8s.io/v1", rows["leases"])
        self.assertIn("secrets", rows)

    def test_system_namespaces_exist(self):
        out = self.kubectl("get", "ns").stdout
        self.assertRegex(out.splitlines()[0], r"NAME\s+STATUS\s+AGE")
        for ns in ["default", "kube-system", "kube-public", "kube-node-lease"]:
            self.assertRegex(out, r"(?m)^%s\s+Active\s+\d+s" % ns)

    def test_create_get_and_change_objects(self):
        self.kubectl("create", "ns", "t1")
        self.kubectl("-n", "t1", "create", "configmap", "c", "--from-literal=a=b")
        self.kubectl("-n", "t1", "create", "secret", "generic", "s", "--from-literal=p=q")
        self.kubectl("-n", "t1", "create", "sa", "robot")

        cm = self.cluster.kubectl_json("-n", "t1", "get", "cm", "c")
        self.assertEqual(cm["data"], {"a": "b"})
        self.assertTrue(cm["metadata"]["uid"])
        self.assertTrue(cm["metadata"]["resourceVersion"])
        self.assertTrue(cm["metadata"]["creationTimestamp"].endswith("Z"))
        secret = self.cluster.kubectl_json("-n", "t1", "get", "secret", "s")
        self.assertEqual(secret["type"], "Opaque")
        self.assertEqual(secret["data"], {"p": "cQ=="})

        self.assertIn("name: robot", self.kubectl("-n", "t1", "get", "sa", "robot", "-o", "yaml").stdout)
        wide = self.kubectl("-n", "t1", "get", "cm", "c", "-o", "wide").stdout
        self.assertRegex(wide, r"NAME\s+DATA\s+AGE\nc\s+1\s+\d+s")
        secrets = self.kubectl("-n", "t1", "get", "secrets").stdout
        self.assertRegex(secrets, r"s\s+Opaque\s+1\s+\d+s")
        # Every namespace also gets the cluster's CA bundle, as upstream's.
        self.assertEqual(self.kubectl("-n", "t1", "get", "cm", "-o", "name").stdout.split(),
                         ["configmap/c", "configmap/kube-root-ca.crt"])
        self.assertEqual(self.kubectl("-n", "t1", "get", "cm", "c", "-o",
                                      "jsonpath={.data.a}").stdout, "b")

        self.kubectl("-n", "t1", "label", "cm", "c", "tier=web")
        self.kubectl("-n", "t1", "annotate", "cm", "c", "note=hello")
        self.kubectl("-n", "t1", "patch", "cm", "c", "--type=merge", "-p", '{"data":{"x":"y"}}')
        self.kubectl("-n", "t1", "patch", "cm", "c", "--type=json",
                     "-p", '[{"op":"replace","path":"/data/a","value":"z"}]')
        cm2 = self.cluster.kubectl_json("-n", "t1", "get", "cm", "c")
        self.assertEqual(cm2["metadata"]["labels"], {"tier": "web"})
        self.assertEqual(cm2["metadata"]["annotations"], {"note": "hello"})
        self.assertEqual(cm2["data"], {"a": "z", "x": "y"})
        self.assertGreater(int(cm2["metadata"]["resourceVersion"]),
                           int(cm["metadata"]["resourceVersion"]))

        self.kubectl("-n", "t1", "create", "configmap", "other", "--from-literal=k=v")
        selected = self.kubectl("-n", "t1", "get", "cm", "-l", "tier=web", "-o", "name").stdout.split()
        self.assertEqual(selected, ["configmap/c"])
        not_web = self.kubectl("-n", "t1", "get", "cm", "-l", "tier!=web", "-o", "name").stdout.split()
        self.assertIn("configmap/other", not_web)
        self.assertNotIn("configmap/c", not_web)
        in_set = self.kubectl("-n", "t1", "get", "cm", "-l", "tier in (web,db)", "-o", "name").stdout
        self.assertEqual(in_set.split(), ["configmap/c"])
        by_name = self.kubectl("-n", "t1", "get", "cm", "--field-selector", "metadata.name=other",
                               "-o", "name").stdout
        self.assertEqual(by_name.split(), ["configmap/other"])
        all_ns = self.kubectl("get", "cm", "-A").stdout
        self.assertRegex(all_ns, r"(?m)^t1\s+c\s+2\s+")

    def test_watch_prints_events_from_other_clients(self):
        self.kubectl("create", "ns", "w1")
        watch = self.cluster.popen_kubectl("-n", "w1", "get", "cm", "-w", "--output-watch-events")
        try:
            time.sleep(1.0)
            self.kubectl("-n", "w1", "create", "configmap", "live", "--from-literal=a=1")
            self.kubectl("-n", "w1", "patch", "cm", "live", "--type=merge", "-p", '{"data":{"a":"2"}}')
            self.kubectl("-n", "w1", "delete", "cm", "live")
            # kubectl delete returns only once the object is gone.
            self.assertIn("NotFound", self.kubectl("-n", "w1", "get", "cm", "live", check=False).stderr)
            time.sleep(1.0)
        finally:
            watch.terminate()
            out, _ = watch.communicate(timeout=10)
        self.assertRegex(out, r"ADDED\s+live")
        self.assertRegex(out, r"MODIFIED\s+live")
        self.assertRegex(out, r"DELETED\s+live")

    def test_errors_read_as_upstream(self):
        self.assertKubectlFails('Error from server (NotFound): configmaps "nope" not found',
                                "get", "cm", "nope")
        self.kubectl("create", "configmap", "twice")
        # The generators (typed clients) word it their way; create -f as
        # "Error from server".
        self.assertKubectlFails('error: failed to create configmap: configmaps "twice" already exists',
                                "create", "configmap", "twice")
        manifest = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"twice"}}'
        self.assertKubectlFails('Error from server (AlreadyExists): error when creating "STDIN": '
                                'configmaps "twice" already exists',
                                "create", "--validate=false", "-f", "-", input=manifest)
        self.assertKubectlFails('error: failed to create configmap: namespaces "missing" not found',
                                "-n", "missing", "create", "configmap", "x")
        p = self.assertKubectlFails("Error from server (BadRequest)", "create", "--raw",
                                    "/api/v1/namespaces/default/configmaps", "-f", "-",
                                    input='{"apiVersion":"v1","kind":"ConfigMap",')
        self.assertIn("json", p.stderr)
        self.assertKubectlFails("is invalid", "create", "configmap", "Bad_Name")

    def test_stale_update_conflicts(self):
        self.kubectl("create", "configmap", "cc", "--from-literal=a=1")
        stale = self.kubectl("get", "cm", "cc", "-o", "json").stdout
        self.kubectl("patch", "cm", "cc", "--type=merge", "-p", '{"data":{"a":"2"}}')
        p = self.kubectl("replace", "-f", "-", "--validate=false", input=stale, check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn("Error from server (Conflict)", p.stderr)
        self.assertIn("the object has been modified", p.stderr)

    def test_unauthenticated_requests_are_refused(self):
        status, body, _ = self.cluster.request("GET", "/api/v1/namespaces", client_cert=False)
        self.assertEqual(status, 401)
        self.assertEqual(body["reason"], "Unauthorized")
        status, body, _ = self.cluster.request("GET", "/readyz", client_cert=False)
        self.assertEqual((status, body), (200, "ok"))

    def test_bad_input_gets_a_status(self):
        c = self.cluster
        status, body, _ = c.request("POST", "/api/v1/namespaces/default/configmaps",
                                    body="x" * (3 * 1024 * 1024 + 1))
        self.assertEqual(status, 413)
        self.assertEqual(body["reason"], "RequestEntityTooLarge")
        status, body, _ = c.request("POST", "/api/v1/namespaces/default/configmaps",
                                    body="{}", headers={"Content-Type": "text/csv"})
        self.assertEqual((status, body["reason"]), (415, "UnsupportedMediaType"))
        status, body, _ = c.request("POST", "/api/v1/namespaces/default/configmaps",
                                    body=b"k8s\x00\x0a\xff\xff", headers={
                                        "Content-Type": "application/vnd.kubernetes.protobuf"})
        self.assertEqual(status, 400)
        status, body, _ = c.request("GET", "/api/v1/namespaces/default/configmaps?labelSelector=a%20in%20(")
        self.assertEqual((status, body["reason"]), (400, "BadRequest"))
        status, body, _ = c.request("GET", "/api/v1/namespaces/default/configmaps?fieldSelector=spec.x%3Dy")
        self.assertEqual(status, 400)
        status, body, _ = c.request("GET", "/api/v1/namespaces/default/nonsense")
        self.assertEqual(status, 404)
        # The server still answers after all that.
        self.assertEqual(c.request("GET", "/api/v1/namespaces/default")[0], 200)


if __name__ == "__main__":
    unittest.main()


class TokenAuthTest(ClusterTestCase):
    """Bearer tokens from --token-auth-file (upstream's CSV format)."""

    @classmethod
    def setUpClass(cls):
        import tempfile
        cls.token_dir = tempfile.mkdtemp(prefix="ekslite-tokens-")
        path = cls.token_dir + "/tokens.csv"
        with open(path, "w") as f:
            f.write('secret-token,alice,uid-1,"system:masters,devs"\n')
        cls.cluster_args = ("--token-auth-file", path)
        super().setUpClass()

    def test_known_token_is_a_user_and_unknown_is_401(self):
        c = self.cluster
        status, body, _ = c.request("GET", "/api/v1/namespaces", client_cert=False,
                                    headers={"Authorization": "Bearer secret-token"})
        self.assertEqual(status, 200)
        self.assertEqual(body["kind"], "NamespaceList")
        status, body, _ = c.request("GET", "/api/v1/namespaces", client_cert=False,
                                    headers={"Authorization": "Bearer wrong"})
        self.assertEqual((status, body["reason"]), (401, "Unauthorized"))
        # kubectl with the token and the cluster CA, no client certificate.
        p = c.kubectl("--server", c.server, "--certificate-authority", c.ca_file,
                      "--token", "secret-token", "--kubeconfig", "/dev/null", "get", "ns", "default")
        self.assertIn("default", p.stdout)
