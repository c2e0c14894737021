"""kubectl apply against ekslite: client-side apply of a multi-document
manifest and its edits (three-way strategic merge patches), pruning,
server-side apply from two field managers, kubectl diff and server-side dry
runs."""

import os
import shutil
import tempfile
import textwrap
import unittest

from harness import ClusterTestCase

NS = "apply-e2e"

# The custom resource definition the application's manifest uses, applied
# first as users do.
GADGET_CRD = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: gadgets.apply.example.com
spec:
  group: apply.example.com
  scope: Namespaced
  names: {plural: gadgets, singular: gadget, kind: Gadget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
              ports:
                type: array
                x-kubernetes-list-type: map
                x-kubernetes-list-map-keys: [name]
                items:
                  type: object
                  required: [name]
                  properties:
                    name: {type: string}
                    port: {type: integer}
"""

# The manifest of an application, every kind kubectl users apply daily, and
# an instance of the custom resource.
APP_V1 = """\
apiVersion: apply.example.com/v1
kind: Gadget
metadata:
  name: web
spec:
  size: 1
  ports:
  - {name: http, port: 80}
  - {name: admin, port: 81}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: x, tier: front}
spec:
  replicas: 2
  selector:
    matchLabels: {app: x}
  template:
    metadata:
      labels: {app: x}
    spec:
      containers:
      - name: web
        image: registry.local/library/busybox:1
        command: ["httpd", "-f", "-p", "8080"]
        env:
        - {name: A, value: "1"}
        - {name: B, value: "2"}
        ports:
        - {containerPort: 8080}
      - name: side
        image: registry.local/library/busybox:1
        command: ["sleep", "3600"]
---
apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app: x}
spec:
  selector: {app: x}
  ports:
  - {name: http, port: 80, targetPort: 8080}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
  labels: {app: x}
data:
  a: "1"
  b: "2"
---
apiVersion: v1
kind: Secret
metadata:
  name: web-secret
  labels: {app: x}
stringData:
  password: s3cret
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  labels: {app: x}
spec:
  rules:
  - host: web.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service: {name: web, port: {number: 80}}
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  labels: {app: x}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 2
  maxReplicas: 5
  metrics:
  - type: Resource
    resource:
      name: cpu
      target: {type: Utilization, averageUtilization: 60}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
  labels: {app: x}
spec:
  minAvailable: 1
  selector:
    matchLabels: {app: x}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
  labels: {app: x}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: web
  labels: {app: x}
rules:
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: web
  labels: {app: x}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: web}
subjects:
- {kind: ServiceAccount, name: web, namespace: apply-e2e}
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
  labels: {app: x}
spec:
  schedule: "*/5 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: report
            image: registry.local/library/busybox:1
            command: ["echo", "hi"]
"""

# The same application edited: a new image, env B dropped and C added, a new
# port, the tier label and the sidecar gone, a config key swapped, a second
# service port, a new HPA bound, the CronJob's schedule changed.
APP_V2 = (APP_V1
          .replace("labels: {app: x, tier: front}", "labels: {app: x}")
          .replace("image: registry.local/library/busybox:1\n        command: [\"httpd\"",
                   "image: registry.local/library/busybox:2\n        command: [\"httpd\"")
          .replace("- {name: B, value: \"2\"}", "- {name: C, value: \"3\"}")
          .replace("- {containerPort: 8080}", "- {containerPort: 8080}\n        - {containerPort: 9090, name: metrics}")
          .replace("      - name: side\n        image: registry.local/library/busybox:1\n"
                   "        command: [\"sleep\", \"3600\"]\n", "")
          .replace("  a: \"1\"\n  b: \"2\"", "  a: \"1\"\n  c: \"3\"")
          .replace("  - {name: http, port: 80, targetPort: 8080}",
                   "  - {name: http, port: 80, targetPort: 8080}\n  - {name: metrics, port: 9090}")
          .replace("maxReplicas: 5", "maxReplicas: 7")
          .replace("schedule: \"*/5 * * * *\"", "schedule: \"*/10 * * * *\"")
          .replace("  size: 1\n", "  size: 2\n")
          .replace("  - {name: admin, port: 81}\n", ""))

KINDS = ["deployment.apps/web", "service/web", "configmap/web-config", "secret/web-secret",
         "ingress.networking.k8s.io/web", "horizontalpodautoscaler.autoscaling/web",
         "poddisruptionbudget.policy/web", "serviceaccount/web", "role.rbac.authorization.k8s.io/web",
         "rolebinding.rbac.authorization.k8s.io/web", "cronjob.batch/report",
         "gadget.apply.example.com/web"]


class KubectlApplyTest(ClusterTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cluster.kubectl("create", "namespace", NS)
        cls.dir = tempfile.mkdtemp(prefix="ekslite-apply-")
        crd = os.path.join(cls.dir, "crd.yaml")
        with open(crd, "w") as f:
            f.write(GADGET_CRD)
        cls.cluster.kubectl("apply", "-f", crd)
        cls.cluster.kubectl("wait", "--for=condition=Established", "--timeout=10s",
                            "crd/gadgets.apply.example.com")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir, ignore_errors=True)
        super().tearDownClass()

    def write(self, name, text):
        path = os.path.join(self.dir, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    def get(self, what, ns=NS):
        return self.cluster.kubectl_json("get", what, "-n", ns, "--show-managed-fields")

    def test_apply_manifest_then_edits(self):
        path = self.write("app.yaml", APP_V1)
        p = self.kubectl("apply", "-n", NS, "-f", path)
        self.assertEqual(p.stderr, "")
        for kind in KINDS:
            self.assertIn(kind + " created", p.stdout)
        dep = self.get("deployment/web")
        self.assertEqual(dep["metadata"]["labels"], {"app": "x", "tier": "front"})
        self.assertIn("kubectl.kubernetes.io/last-applied-configuration", dep["metadata"]["annotations"])
        managers = {e["manager"] for e in dep["metadata"]["managedFields"]}
        self.assertIn("kubectl-client-side-apply", managers)
        self.assertEqual(self.get("secret/web-secret")["data"], {"password": "czNjcmV0"})

        # Someone else labels the config map: that label is not in the
        # manifest, so re-applying keeps it.
        self.kubectl("label", "-n", NS, "configmap/web-config", "owner=ops")

        self.write("app.yaml", APP_V2)
        p = self.kubectl("apply", "-n", NS, "-f", path)
        self.assertEqual(p.stderr, "")
        for kind in KINDS:
            if kind in ("ingress.networking.k8s.io/web", "serviceaccount/web",
                        "role.rbac.authorization.k8s.io/web", "rolebinding.rbac.authorization.k8s.io/web"):
                self.assertIn(kind + " unchanged", p.stdout)
            else:
                self.assertIn(kind + " configured", p.stdout)

        dep = self.get("deployment/web")
        self.assertEqual(dep["metadata"]["labels"], {"app": "x"})
        containers = dep["spec"]["template"]["spec"]["containers"]
        self.assertEqual([c["name"] for c in containers], ["web"])
        web = containers[0]
        self.assertEqual(web["image"], "registry.local/library/busybox:2")
        self.assertEqual(web["env"], [{"name": "A", "value": "1"}, {"name": "C", "value": "3"}])
        self.assertEqual([(q["containerPort"], q.get("name")) for q in web["ports"]],
                         [(8080, None), (9090, "metrics")])
        cm = self.get("configmap/web-config")
        self.assertEqual(cm["data"], {"a": "1", "c": "3"})
        self.assertEqual(cm["metadata"]["labels"], {"app": "x", "owner": "ops"})
        svc = self.get("service/web")
        self.assertEqual([q["port"] for q in svc["spec"]["ports"]], [80, 9090])
        self.assertEqual(self.get("hpa/web")["spec"]["maxReplicas"], 7)
        self.assertEqual(self.get("cronjob/report")["spec"]["schedule"], "*/10 * * * *")
        # The custom resource takes the same three-way merge (a JSON merge
        # patch, as custom resources have no strategic merge).
        gadget = self.get("gadget.apply.example.com/web")["spec"]
        self.assertEqual(gadget, {"size": 2, "ports": [{"name": "http", "port": 80}]})

        # Applying the same files again changes nothing at all (objects whose
        # status no controller writes keep their resourceVersion).
        quiet = ["service/web", "configmap/web-config", "secret/web-secret", "serviceaccount/web",
                 "role.rbac.authorization.k8s.io/web", "rolebinding.rbac.authorization.k8s.io/web"]
        versions = {k: self.get(k)["metadata"]["resourceVersion"] for k in quiet}
        p = self.kubectl("apply", "-n", NS, "-f", path)
        self.assertEqual(p.stderr, "")
        for kind in KINDS:
            # As with upstream, kubectl always patches a Secret's stringData
            # (never stored) and a PDB's selector (patch strategy replace).
            if kind in ("secret/web-secret", "poddisruptionbudget.policy/web"):
                self.assertIn(kind + " configured", p.stdout)
            else:
                self.assertIn(kind + " unchanged", p.stdout)
        self.assertEqual({k: self.get(k)["metadata"]["resourceVersion"] for k in quiet}, versions)

    def test_prune_removes_what_left_the_manifest(self):
        ns = "apply-prune"
        self.kubectl("create", "namespace", ns)
        both = textwrap.dedent("""\
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: keep, labels: {app: p}}
            data: {a: "1"}
            ---
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: gone, labels: {app: p}}
            data: {a: "1"}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: gone-svc, labels: {app: p}}
            spec:
              ports: [{port: 80}]
            """)
        self.kubectl("create", "configmap", "bystander", "-n", ns)
        self.kubectl("label", "configmap", "bystander", "app=p", "-n", ns)
        path = self.write("prune.yaml", both)
        allow = ["--prune-allowlist=core/v1/ConfigMap", "--prune-allowlist=core/v1/Service"]
        p = self.kubectl("apply", "-n", ns, "-f", path, "--prune", "-l", "app=p", *allow)
        self.assertIn("configmap/gone created", p.stdout)
        # bystander carries the label but was never applied: not pruned.
        self.assertNotIn("pruned", p.stdout)

        self.write("prune.yaml", both.split("---\n")[0])
        p = self.kubectl("apply", "-n", ns, "-f", path, "--prune", "-l", "app=p", *allow)
        self.assertEqual(p.stderr, "")
        self.assertIn("configmap/keep unchanged", p.stdout)
        self.assertIn("configmap/gone pruned", p.stdout)
        self.assertIn("service/gone-svc pruned", p.stdout)
        names = [i["metadata"]["name"] for i in self.get("configmaps", ns)["items"]]
        self.assertIn("keep", names)
        self.assertIn("bystander", names)
        self.assertNotIn("gone", names)
        self.assertEqual(self.kubectl("get", "service", "gone-svc", "-n", ns, check=False).returncode, 1)

    def test_server_side_apply_from_two_managers(self):
        cm = textwrap.dedent("""\
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: shared, namespace: apply-e2e}
            data: {a: "1", b: "1"}
            """)
        path = self.write("ssa-alice.yaml", cm)
        p = self.kubectl("apply", "--server-side", "--field-manager=alice", "-f", path)
        self.assertIn("configmap/shared serverside-applied", p.stdout)
        self.assertEqual(p.stderr, "")

        bob = self.write("ssa-bob.yaml", cm.replace('data: {a: "1", b: "1"}', 'data: {a: "2"}'))
        p = self.assertKubectlFails('conflict with "alice"', "apply", "--server-side",
                                    "--field-manager=bob", "-f", bob)
        self.assertIn(".data.a", p.stderr)
        self.assertIn("Apply failed with 1 conflict", p.stderr)
        self.assertEqual(self.get("configmap/shared")["data"], {"a": "1", "b": "1"})

        p = self.kubectl("apply", "--server-side", "--field-manager=bob", "--force-conflicts", "-f", bob)
        self.assertIn("serverside-applied", p.stdout)
        obj = self.get("configmap/shared")
        self.assertEqual(obj["data"], {"a": "2", "b": "1"})
        entries = {e["manager"]: e for e in obj["metadata"]["managedFields"]}
        self.assertEqual(set(entries), {"alice", "bob"})
        self.assertEqual(entries["alice"]["operation"], "Apply")
        self.assertEqual(entries["alice"]["fieldsV1"], {"f:data": {"f:b": {}}})
        self.assertEqual(entries["bob"]["fieldsV1"], {"f:data": {"f:a": {}}})
        self.assertEqual(entries["bob"]["fieldsType"], "FieldsV1")

        # alice drops b: it goes, as nobody else owns it.
        self.write("ssa-alice.yaml", cm.replace('data: {a: "1", b: "1"}', "data: {}"))
        self.kubectl("apply", "--server-side", "--field-manager=alice", "-f", path)
        self.assertEqual(self.get("configmap/shared")["data"], {"a": "2"})

    def test_server_side_apply_takes_over_client_side_apply(self):
        cm = textwrap.dedent("""\
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: migrated, namespace: apply-e2e}
            data: {a: "1"}
            """)
        path = self.write("migrate.yaml", cm)
        self.kubectl("apply", "-f", path)
        self.write("migrate.yaml", cm.replace('a: "1"', 'a: "2"'))
        # kubectl's own server-side apply may take client-side apply's fields.
        p = self.kubectl("apply", "--server-side", "-f", path)
        self.assertEqual(p.stderr, "")
        obj = self.get("configmap/migrated")
        self.assertEqual(obj["data"], {"a": "2"})
        managers = {e["manager"]: e["operation"] for e in obj["metadata"]["managedFields"]}
        self.assertEqual(managers.get("kubectl"), "Apply")

    def test_diff_shows_changes_and_changes_nothing(self):
        cm = textwrap.dedent("""\
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: diffed, namespace: apply-e2e}
            data: {a: "1"}
            """)
        path = self.write("diff.yaml", cm)
        self.kubectl("apply", "-f", path)
        rv = self.get("configmap/diffed")["metadata"]["resourceVersion"]
        self.write("diff.yaml", cm.replace('a: "1"', 'a: "2"'))
        p = self.kubectl("diff", "-f", path, check=False)
        self.assertEqual(p.returncode, 1, p.stderr)
        self.assertIn('-  a: "1"', p.stdout)
        self.assertIn('+  a: "2"', p.stdout)
        self.assertEqual(self.get("configmap/diffed")["metadata"]["resourceVersion"], rv)
        self.assertEqual(self.get("configmap/diffed")["data"], {"a": "1"})
        # No difference: exit code 0 and no output.
        self.write("diff.yaml", cm)
        p = self.kubectl("diff", "-f", path, check=False)
        self.assertEqual((p.returncode, p.stdout), (0, ""), p.stderr)

    def test_server_dry_run_stores_nothing(self):
        path = self.write("dry.yaml", textwrap.dedent("""\
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: dry, namespace: apply-e2e}
            data: {a: "1"}
            """))
        p = self.kubectl("create", "--dry-run=server", "-f", path)
        self.assertIn("configmap/dry created (server dry run)", p.stdout)
        self.assertEqual(self.kubectl("get", "configmap", "dry", "-n", NS, check=False).returncode, 1)
        p = self.kubectl("apply", "--server-side", "--dry-run=server", "-f", path)
        self.assertIn("serverside-applied (server dry run)", p.stdout)
        self.assertEqual(self.kubectl("get", "configmap", "dry", "-n", NS, check=False).returncode, 1)


if __name__ == "__main__":
    unittest.main()
