"""CustomResourceDefinitions with the real kubectl: a CRD with a schema,
defaults, printer columns, short names, the category "all" and status and
scale subresources; its custom resources through get (columns, -o wide),
apply (client-side and server-side), patch, scale and explain; validation and
pruning as upstream reports them; a second served version; deletion of a CRD
with its objects; the garbage collector following owner references to custom
resources; and CRDs surviving a restart."""

import json
import re
import unittest

from harness import Cluster, ClusterTestCase, wait_until

WIDGET_CRD = """
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names:
    plural: widgets
    singular: widget
    kind: Widget
    shortNames: [wd]
    categories: [all]
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        description: A Widget is a thing the e2e tests make.
        properties:
          spec:
            type: object
            description: What the widget should look like.
            properties:
              color:
                type: string
                description: The colour of the widget.
                enum: [red, blue]
                default: red
              size:
                type: integer
                minimum: 1
                maximum: 10
              replicas:
                type: integer
                default: 1
              extra:
                type: object
                x-kubernetes-preserve-unknown-fields: true
          status:
            type: object
            properties:
              replicas:
                type: integer
              phase:
                type: string
    subresources:
      status: {}
      scale:
        specReplicasPath: .spec.replicas
        statusReplicasPath: .status.replicas
    additionalPrinterColumns:
    - name: Color
      type: string
      jsonPath: .spec.color
    - name: Size
      type: integer
      jsonPath: .spec.size
      priority: 1
    - name: Age
      type: date
      jsonPath: .metadata.creationTimestamp
"""


def widget(name, spec):
    return json.dumps({"apiVersion": "example.com/v1", "kind": "Widget",
                       "metadata": {"name": name, "namespace": "default"}, "spec": spec})


def simple_crd(plural, kind, group, scope="Namespaced", versions=("v1",)):
    """A CRD whose objects take anything under spec."""
    vs = []
    for i, v in enumerate(versions):
        vs.append({"name": v, "served": True, "storage": i == 0,
                   "schema": {"openAPIV3Schema": {
                       "type": "object",
                       "properties": {"spec": {"type": "object",
                                               "x-kubernetes-preserve-unknown-fields": True}}}}})
    return json.dumps({
        "apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
        "metadata": {"name": "%s.%s" % (plural, group)},
        "spec": {"group": group, "scope": scope,
                 "names": {"plural": plural, "singular": kind.lower(), "kind": kind},
                 "versions": vs}})


class CrdTest(ClusterTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cluster.kubectl("apply", "-f", "-", input=WIDGET_CRD)

    def test_crd_is_established_and_listed(self):
        out = self.kubectl("wait", "--for", "condition=established", "--timeout=10s",
                           "crd/widgets.example.com").stdout
        self.assertIn("customresourcedefinition.apiextensions.k8s.io/widgets.example.com "
                      "condition met", out)
        crd = self.cluster.kubectl_json("get", "crd", "widgets.example.com")
        conditions = {c["type"]: c for c in crd["status"]["conditions"]}
        self.assertEqual(conditions["NamesAccepted"]["reason"], "NoConflicts")
        self.assertEqual(conditions["Established"]["reason"], "InitialNamesAccepted")
        self.assertEqual(crd["status"]["storedVersions"], ["v1"])
        self.assertEqual(crd["status"]["acceptedNames"]["listKind"], "WidgetList")
        table = self.kubectl("get", "crd").stdout
        self.assertRegex(table, r"^NAME\s+CREATED AT\n")
        self.assertRegex(table, r"(?m)^widgets\.example\.com\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        resources = self.kubectl("api-resources", "--api-group=example.com").stdout
        self.assertRegex(resources, r"widgets\s+wd\s+example\.com/v1\s+true\s+Widget")

    def test_get_shows_printer_columns(self):
        self.kubectl("apply", "-f", "-", input=widget("cols", {"size": 3, "color": "blue"}))
        out = self.kubectl("get", "widgets").stdout
        self.assertRegex(out, r"NAME\s+COLOR\s+AGE\n")
        self.assertRegex(out, r"(?m)^cols\s+blue\s+\d+s$")
        wide = self.kubectl("get", "wd", "cols", "-o", "wide").stdout
        self.assertRegex(wide, r"NAME\s+COLOR\s+SIZE\s+AGE\ncols\s+blue\s+3\s+\d+s")
        everything = self.kubectl("get", "all").stdout
        self.assertIn("widget.example.com/cols", everything)

    def test_defaults_and_pruning(self):
        self.kubectl("apply", "--validate=false", "-f", "-",
                     input=widget("pruned", {"size": 2, "bogus": True,
                                             "extra": {"kept": {"deep": 1}}}))
        w = self.cluster.kubectl_json("get", "widget", "pruned")
        self.assertEqual(w["spec"], {"size": 2, "extra": {"kept": {"deep": 1}},
                                     "color": "red", "replicas": 1})
        p = self.assertKubectlFails('unknown field "spec.bogus"', "create", "-f", "-",
                                    input=widget("strict", {"bogus": 1}))
        self.assertIn("Error from server (BadRequest)", p.stderr)

    def test_validation_errors_as_upstream_prints_them(self):
        self.assertKubectlFails(
            'The Widget "big" is invalid: spec.size: Invalid value: 20: spec.size in body '
            'should be less than or equal to 10',
            "apply", "-f", "-", input=widget("big", {"size": 20}))
        self.assertKubectlFails(
            'The Widget "pink" is invalid: spec.color: Unsupported value: "pink": supported '
            'values: "red", "blue"',
            "apply", "-f", "-", input=widget("pink", {"color": "pink"}))
        bad = json.loads(simple_crd("things", "Thing", "example.com"))
        bad["metadata"]["name"] = "stuff.example.com"
        bad["spec"]["versions"][0]["storage"] = False
        p = self.assertKubectlFails(
            'The CustomResourceDefinition "stuff.example.com" is invalid', "create", "-f", "-",
            input=json.dumps(bad))
        self.assertIn('metadata.name: Invalid value: "stuff.example.com": must be '
                      'spec.names.plural+"."+spec.group', p.stderr)
        self.assertIn("must have exactly one version marked as storage version", p.stderr)
        nontyped = json.loads(simple_crd("loose", "Loose", "example.com"))
        del nontyped["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["type"]
        self.assertKubectlFails(
            "spec.validation.openAPIV3Schema.properties[spec].type: Required value: must not be "
            "empty for specified object fields", "create", "-f", "-", input=json.dumps(nontyped))

    def test_scale_and_status(self):
        self.kubectl("apply", "-f", "-", input=widget("scaled", {"replicas": 2}))
        out = self.kubectl("scale", "widget/scaled", "--replicas=4").stdout
        self.assertIn("widget.example.com/scaled scaled", out)
        self.assertEqual(self.kubectl("get", "widget", "scaled", "-o",
                                      "jsonpath={.spec.replicas}").stdout, "4")
        self.kubectl("patch", "widget", "scaled", "--subresource=status", "--type=merge",
                     "-p", '{"status":{"replicas":4,"phase":"Ready"}}')
        w = self.cluster.kubectl_json("get", "widget", "scaled")
        self.assertEqual(w["status"], {"replicas": 4, "phase": "Ready"})
        scale = self.cluster.kubectl_json("get", "widget", "scaled", "--subresource=scale")
        self.assertEqual(scale["kind"], "Scale")
        self.assertEqual(scale["status"]["replicas"], 4)
        # The main resource ignores status changes.
        self.kubectl("patch", "widget", "scaled", "--type=merge", "-p",
                     '{"status":{"phase":"Lost"}}')
        self.assertEqual(self.kubectl("get", "widget", "scaled", "-o",
                                      "jsonpath={.status.phase}").stdout, "Ready")

    def test_explain_prints_the_schema(self):
        out = self.kubectl("explain", "widgets").stdout
        self.assertRegex(out, r"KIND:\s+Widget")
        self.assertRegex(out, r"VERSION:\s+v1")
        self.assertIn("A Widget is a thing the e2e tests make.", out)
        spec = self.kubectl("explain", "widgets.spec").stdout
        self.assertIn("What the widget should look like.", spec)
        self.assertRegex(spec, r"color\s+<string>")
        self.assertIn("The colour of the widget.", spec)

    def test_server_side_apply_and_merge_patch(self):
        out = self.kubectl("apply", "--server-side", "-f", "-",
                           input=widget("ssa", {"size": 5})).stdout
        self.assertIn("widget.example.com/ssa serverside-applied", out)
        w = self.cluster.kubectl_json("get", "widget", "ssa", "--show-managed-fields")
        self.assertIn("kubectl", [m["manager"] for m in w["metadata"]["managedFields"]])
        out = self.kubectl("patch", "widget", "ssa", "--type=merge",
                           "-p", '{"spec":{"color":"blue"}}').stdout
        self.assertIn("widget.example.com/ssa patched", out)
        out = self.kubectl("patch", "widget", "ssa", "--type=json",
                           "-p", '[{"op":"replace","path":"/spec/size","value":6}]').stdout
        self.assertIn("widget.example.com/ssa patched", out)
        w = self.cluster.kubectl_json("get", "widget", "ssa")
        self.assertEqual((w["spec"]["color"], w["spec"]["size"]), ("blue", 6))
        self.assertKubectlFails(
            "the body of the request was in an unknown format - accepted media types include: "
            "application/json-patch+json, application/merge-patch+json, "
            "application/apply-patch+yaml",
            "patch", "widget", "ssa", "--type=strategic", "-p", '{"spec":{"size":7}}')
        # Client-side apply of a CR computes a merge patch.
        self.kubectl("apply", "-f", "-", input=widget("csa", {"size": 1}))
        out = self.kubectl("apply", "-f", "-", input=widget("csa", {"size": 2})).stdout
        self.assertIn("widget.example.com/csa configured", out)

    def test_second_version_is_served_with_its_api_version(self):
        self.kubectl("apply", "-f", "-", input=simple_crd(
            "tools", "Tool", "versions.example.com", versions=("v1", "v1beta1")))
        self.kubectl("apply", "-f", "-", input=json.dumps({
            "apiVersion": "versions.example.com/v1beta1", "kind": "Tool",
            "metadata": {"name": "hammer", "namespace": "default"}, "spec": {"weight": 3}}))
        self.assertEqual(self.kubectl("get", "tools.v1beta1.versions.example.com", "hammer", "-o",
                                      "jsonpath={.apiVersion}").stdout,
                         "versions.example.com/v1beta1")
        self.assertEqual(self.kubectl("get", "tools.v1.versions.example.com", "hammer", "-o",
                                      "jsonpath={.apiVersion} {.spec.weight}").stdout,
                         "versions.example.com/v1 3")

    def test_cluster_scoped_resources(self):
        self.kubectl("apply", "-f", "-", input=simple_crd(
            "gizmos", "Gizmo", "cluster.example.com", scope="Cluster"))
        self.kubectl("apply", "-f", "-", input=json.dumps({
            "apiVersion": "cluster.example.com/v1", "kind": "Gizmo",
            "metadata": {"name": "g1"}, "spec": {"a": 1}}))
        out = self.kubectl("get", "gizmos").stdout
        self.assertRegex(out, r"NAME\s+AGE\ng1\s+\d+s")
        resources = self.kubectl("api-resources", "--api-group=cluster.example.com").stdout
        self.assertRegex(resources, r"gizmos\s+cluster\.example\.com/v1\s+false\s+Gizmo")

    def test_garbage_collector_follows_owner_references_to_widgets(self):
        self.kubectl("apply", "-f", "-", input=widget("gc-owner", {"size": 1, "color": "red"}))
        uid = self.cluster.kubectl_json("get", "widget", "gc-owner")["metadata"]["uid"]
        owned = json.dumps({"apiVersion": "v1", "kind": "ConfigMap",
                            "metadata": {"name": "gc-owned", "ownerReferences": [
                                {"apiVersion": "example.com/v1", "kind": "Widget", "name": "gc-owner",
                                 "uid": uid}]}})
        self.kubectl("apply", "-f", "-", input=owned)
        self.kubectl("delete", "widget", "gc-owner")
        wait_until(lambda: self.kubectl("get", "configmap", "gc-owned", "--ignore-not-found").stdout == "",
                   timeout=20, interval=0.2, message="the Widget's ConfigMap collected")

    def test_delete_crd_removes_its_objects(self):
        self.kubectl("apply", "-f", "-", input=simple_crd("gadgets", "Gadget", "gone.example.com"))
        for name in ("g1", "g2"):
            self.kubectl("apply", "-f", "-", input=json.dumps({
                "apiVersion": "gone.example.com/v1", "kind": "Gadget",
                "metadata": {"name": name, "namespace": "default"}, "spec": {}}))
        out = self.kubectl("delete", "crd", "gadgets.gone.example.com").stdout
        self.assertIn('customresourcedefinition.apiextensions.k8s.io "gadgets.gone.example.com" '
                      "deleted", out)
        status, _, _ = self.cluster.request("GET", "/apis/gone.example.com/v1")
        self.assertEqual(status, 404)
        # api-versions rediscovers; then kubectl knows the type is gone.
        self.assertNotIn("gone.example.com", self.kubectl("api-versions").stdout)
        self.assertKubectlFails('the server doesn\'t have a resource type "gadgets"',
                                "get", "gadgets")
        # Re-created, the CRD starts with no objects.
        self.kubectl("apply", "-f", "-", input=simple_crd("gadgets", "Gadget", "gone.example.com"))
        p = self.kubectl("get", "gadgets")
        self.assertIn("No resources found in default namespace.", p.stderr)


class CrdRestartTest(unittest.TestCase):

    def test_restart_keeps_serving(self):
        cluster = Cluster().start()
        try:
            cluster.kubectl("apply", "-f", "-", input=WIDGET_CRD)
            cluster.kubectl("apply", "-f", "-", input=widget("kept", {"size": 4}))
            cluster.stop()
            cluster.start()
            out = cluster.kubectl("get", "widgets").stdout
            self.assertRegex(out, r"NAME\s+COLOR\s+AGE\nkept\s+red\s+\d+s")
            cluster.kubectl("apply", "-f", "-", input=widget("after", {"size": 5}))
            self.assertEqual(cluster.kubectl("get", "wd", "after", "-o",
                                             "jsonpath={.spec.size}").stdout, "5")
        finally:
            cluster.cleanup()


if __name__ == "__main__":
    unittest.main()
