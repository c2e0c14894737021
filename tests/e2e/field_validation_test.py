"""Server-side field validation with the real kubectl: what `create -f`,
`apply -f`, `replace -f` and `patch` print for unknown fields, repeated fields
and values of the wrong type under --validate=strict (kubectl's default,
fieldValidation=Strict), --validate=warn and --validate=false, and the raw
answers behind them (Warning headers, the Status bodies)."""

import json
import os
import tempfile
import unittest

from harness import ClusterTestCase, wait_until

DEPLOYMENT = """apiVersion: apps/v1
kind: Deployment
metadata:
  name: %(name)s
spec:
  %(replicas)s
  selector:
    matchLabels:
      app: %(name)s
  template:
    metadata:
      labels:
        app: %(name)s
    spec:
      containers:
      - name: web
        image: registry.local/library/busybox:stable
        command: ["httpd", "-f", "-p", "8080"]
"""

DEPLOYMENTS = "/apis/apps/v1/namespaces/fv/deployments"

WIDGET_CRD = """apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget}
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
              free:
                type: object
                x-kubernetes-preserve-unknown-fields: true
"""

WIDGET = """apiVersion: example.com/v1
kind: Widget
metadata:
  name: w1
spec:
  size: 3
  sise: 4
  free:
    anything: {goes: here}
"""


class FieldValidationTest(ClusterTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cluster.kubectl("create", "namespace", "fv")
        cls.files = tempfile.mkdtemp(prefix="ekslite-fv-")

    def manifest(self, name, replicas="replicas: 1"):
        path = os.path.join(self.files, name + ".yaml")
        with open(path, "w") as f:
            f.write(DEPLOYMENT % {"name": name, "replicas": replicas})
        return path

    def assertNoDeployment(self, name):
        p = self.kubectl("-n", "fv", "get", "deploy", name, check=False)
        self.assertNotEqual(p.returncode, 0, "%s exists" % name)

    # --- kubectl -------------------------------------------------------

    def test_create_with_unknown_field_fails_with_strict_decoding_error(self):
        path = self.manifest("create-unknown", replicas="replicass: 3")
        p = self.assertKubectlFails("", "-n", "fv", "create", "-f", path)
        self.assertEqual(
            p.stderr.strip(),
            'Error from server (BadRequest): error when creating "%s": Deployment in version '
            '"v1" cannot be handled as a Deployment: strict decoding error: unknown field '
            '"spec.replicass"' % path)
        self.assertNoDeployment("create-unknown")

    def test_apply_with_unknown_field_fails_for_new_objects(self):
        path = self.manifest("apply-unknown", replicas="replicass: 3")
        p = self.assertKubectlFails("", "-n", "fv", "apply", "-f", path)
        self.assertEqual(
            p.stderr.strip(),
            'Error from server (BadRequest): error when creating "%s": Deployment in version '
            '"v1" cannot be handled as a Deployment: strict decoding error: unknown field '
            '"spec.replicass"' % path)
        self.assertNoDeployment("apply-unknown")

    def test_apply_with_unknown_field_fails_for_existing_objects(self):
        self.kubectl("-n", "fv", "apply", "-f", self.manifest("apply-existing"))
        path = self.manifest("apply-existing", replicas="replicass: 3")
        p = self.assertKubectlFails("", "-n", "fv", "apply", "-f", path)
        # A strategic merge patch: 422 with one cause on the field "patch",
        # whose value is the patch as Go prints a map; kubectl prints the cause.
        err = p.stderr.strip()
        self.assertTrue(err.startswith(
            'The request is invalid: patch: Invalid value: "map[metadata:map[annotations:map['
            'kubectl.kubernetes.io/last-applied-configuration:{\\"apiVersion\\":'), err)
        self.assertTrue(err.endswith(
            ' spec:map[replicas:<nil> replicass:3]]": strict decoding error: unknown field '
            '"spec.replicass"'), err)
        dep = self.cluster.kubectl_json("-n", "fv", "get", "deploy", "apply-existing")
        self.assertEqual(dep["spec"]["replicas"], 1)

    def test_server_side_apply_turns_unknown_and_mistyped_fields_into_typed_patch_errors(self):
        # Server-side apply converts the configuration to a typed object
        # first, whatever --validate says, and answers 500 naming each field.
        path = self.manifest("ssa-unknown", replicas="replicass: 3")
        for validate in ("--validate=strict", "--validate=false"):
            p = self.assertKubectlFails("", "-n", "fv", "apply", "--server-side", validate, "-f", path)
            self.assertEqual(
                p.stderr.strip(),
                "Error from server (InternalError): failed to create typed patch object "
                "(fv/ssa-unknown; apps/v1, Kind=Deployment): .spec.replicass: field not declared "
                "in schema")
        self.assertNoDeployment("ssa-unknown")
        path = self.manifest("ssa-mistyped", replicas='replicas: "three"')
        p = self.assertKubectlFails("", "-n", "fv", "apply", "--server-side", "-f", path)
        self.assertEqual(
            p.stderr.strip(),
            "Error from server (InternalError): failed to create typed patch object "
            "(fv/ssa-mistyped; apps/v1, Kind=Deployment): .spec.replicas: expected numeric "
            "(int or float), got string")
        with open(path) as f:
            text = f.read().replace("image: registry.local/library/busybox:stable",
                                    "image: registry.local/library/busybox:stable\n        imagex: 1")
        with open(path, "w") as f:
            f.write(text.replace('replicas: "three"', "replicas: 1"))
        p = self.assertKubectlFails("", "-n", "fv", "apply", "--server-side", "-f", path)
        self.assertTrue(p.stderr.strip().endswith(
            '.spec.template.spec.containers[name="web"].imagex: field not declared in schema'),
            p.stderr)
        self.assertNoDeployment("ssa-mistyped")

    def test_create_validate_warn_prints_warning_and_prunes(self):
        path = self.manifest("create-warn", replicas="replicass: 3")
        p = self.kubectl("-n", "fv", "create", "--validate=warn", "-f", path)
        self.assertEqual(p.stderr.strip(), 'Warning: unknown field "spec.replicass"')
        self.assertEqual(p.stdout.strip(), "deployment.apps/create-warn created")
        dep = self.cluster.kubectl_json("-n", "fv", "get", "deploy", "create-warn")
        self.assertNotIn("replicass", dep["spec"])

    def test_create_validate_false_is_silent(self):
        path = self.manifest("create-ignore", replicas="replicass: 3")
        p = self.kubectl("-n", "fv", "create", "--validate=false", "-f", path)
        self.assertEqual(p.stderr.strip(), "")
        self.assertEqual(p.stdout.strip(), "deployment.apps/create-ignore created")

    def test_replace_with_unknown_field_fails(self):
        self.kubectl("-n", "fv", "create", "-f", self.manifest("replace-me"))
        path = self.manifest("replace-me", replicas="replicass: 3")
        p = self.assertKubectlFails("", "-n", "fv", "replace", "-f", path)
        self.assertEqual(
            p.stderr.strip(),
            'Error from server (BadRequest): error when replacing "%s": Deployment in version '
            '"v1" cannot be handled as a Deployment: strict decoding error: unknown field '
            '"spec.replicass"' % path)

    def test_wrong_type_fails_whatever_the_directive(self):
        path = self.manifest("typed", replicas='replicas: "three"')
        for validate in ("strict", "warn", "false"):
            p = self.assertKubectlFails("", "-n", "fv", "create", "--validate=" + validate,
                                        "-f", path)
            self.assertEqual(
                p.stderr.strip(),
                'Error from server (BadRequest): error when creating "%s": Deployment in version '
                '"v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go '
                'struct field DeploymentSpec.spec.replicas of type int32' % path)

    def test_patch_with_unknown_field_warns(self):
        # kubectl patch sends no fieldValidation: the server default, Warn,
        # applies, and the unknown field is dropped (so nothing changes).
        self.kubectl("-n", "fv", "create", "-f", self.manifest("patch-me"))
        for args in (["--type=merge", "-p", '{"spec":{"replicass":3}}'],
                     ["-p", '{"spec":{"replicass":3}}'],
                     ["--type=json", "-p", '[{"op":"add","path":"/spec/replicass","value":3}]']):
            p = self.kubectl("-n", "fv", "patch", "deploy", "patch-me", *args)
            self.assertEqual(p.stderr.strip(), 'Warning: unknown field "spec.replicass"', args)
            self.assertEqual(p.stdout.strip(), "deployment.apps/patch-me patched (no change)", args)
        p = self.kubectl("-n", "fv", "patch", "deploy", "patch-me", "--type=json",
                         "-p", '[{"op":"add","path":"/spec/replicas","value":2}]')
        self.assertEqual((p.stdout.strip(), p.stderr), ("deployment.apps/patch-me patched", ""))

    def test_strict_patches_fail(self):
        self.kubectl("-n", "fv", "create", "-f", self.manifest("strict-patch"))
        path = DEPLOYMENTS + "/strict-patch?fieldValidation=Strict"
        status, obj, _ = self.cluster.request(
            "PATCH", path, '{"spec":{"replicass":3}}',
            headers={"Content-Type": "application/strategic-merge-patch+json"})
        self.assertEqual(status, 422)
        self.assertEqual(obj["message"],
                         ' "" is invalid: patch: Invalid value: "map[spec:map[replicass:3]]": '
                         'strict decoding error: unknown field "spec.replicass"')
        self.assertEqual(obj["details"]["causes"], [{
            "reason": "FieldValueInvalid",
            "message": 'Invalid value: "map[spec:map[replicass:3]]": strict decoding error: '
                       'unknown field "spec.replicass"',
            "field": "patch"}])
        status, obj, _ = self.cluster.request(
            "PATCH", path, '{"spec":{"replicass":3,"paused":true,"paused":false}}',
            headers={"Content-Type": "application/merge-patch+json"})
        self.assertEqual(status, 422)
        self.assertTrue(obj["message"].endswith(
            'strict decoding error: duplicate field "spec.paused", unknown field '
            '"spec.replicass"'), obj["message"])
        status, obj, _ = self.cluster.request(
            "PATCH", path, '[{"op":"add","path":"/spec/replicass","value":3,"x":1}]',
            headers={"Content-Type": "application/json-patch+json"})
        self.assertEqual(status, 422)
        self.assertTrue(obj["message"].endswith(
            'strict decoding error: json patch unknown field "[0].x", unknown field '
            '"spec.replicass"'), obj["message"])

    def test_custom_resources_are_checked_against_their_schema(self):
        crd = os.path.join(self.files, "crd.yaml")
        with open(crd, "w") as f:
            f.write(WIDGET_CRD)
        self.kubectl("apply", "-f", crd)
        wait_until(lambda: self.kubectl("get", "widgets", "-n", "fv", check=False).returncode == 0,
                   message="widgets served")
        path = os.path.join(self.files, "widget.yaml")
        with open(path, "w") as f:
            f.write(WIDGET)
        p = self.assertKubectlFails("", "-n", "fv", "create", "-f", path)
        self.assertEqual(
            p.stderr.strip(),
            'Error from server (BadRequest): error when creating "%s": Widget in version "v1" '
            'cannot be handled as a Widget: strict decoding error: unknown field "spec.sise"'
            % path)
        p = self.kubectl("-n", "fv", "create", "--validate=warn", "-f", path)
        self.assertEqual(p.stderr.strip(), 'Warning: unknown field "spec.sise"')
        w = self.cluster.kubectl_json("-n", "fv", "get", "widget", "w1")
        # Unknown fields are pruned, except below x-kubernetes-preserve-unknown-fields.
        self.assertEqual(w["spec"], {"size": 3, "free": {"anything": {"goes": "here"}}})

    # --- the raw answers ----------------------------------------------

    def deployment_json(self, name, spec_extra=""):
        return ('{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"%s"},'
                '"spec":{%s"selector":{"matchLabels":{"app":"x"}},"template":{"metadata":'
                '{"labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"i"}]}}}}'
                % (name, spec_extra))

    def post_for_warnings(self, query, body):
        conn = self.cluster.connection()
        try:
            conn.request("POST", DEPLOYMENTS + query, body=body,
                         headers={"Content-Type": "application/json"})
            resp = conn.getresponse()
            resp.read()
            return resp.status, [v for k, v in resp.getheaders() if k.lower() == "warning"]
        finally:
            conn.close()

    def test_warn_and_the_default_send_one_warning_header_each(self):
        for query, name in (("?fieldValidation=Warn", "raw-warn"), ("", "raw-default")):
            body = self.deployment_json(name, '"foo":1,"paused":true,"paused":false,')
            status, warnings = self.post_for_warnings(query, body)
            self.assertEqual(status, 201)
            self.assertEqual(warnings, ['299 - "unknown field \\"spec.foo\\""',
                                        '299 - "duplicate field \\"spec.paused\\""'])
        status, warnings = self.post_for_warnings(
            "?fieldValidation=Ignore", self.deployment_json("raw-ignore", '"foo":1,'))
        self.assertEqual((status, warnings), (201, []))

    def test_strict_status_body(self):
        body = self.deployment_json("raw-strict", '"foo":1,"paused":true,"paused":false,')
        status, obj, _ = self.cluster.request("POST", DEPLOYMENTS + "?fieldValidation=Strict",
                                              body)
        self.assertEqual(status, 400)
        self.assertEqual(obj["reason"], "BadRequest")
        self.assertEqual(obj["message"],
                         'Deployment in version "v1" cannot be handled as a Deployment: strict '
                         'decoding error: unknown field "spec.foo", duplicate field "spec.paused"')

    def test_unsupported_directive(self):
        status, obj, _ = self.cluster.request(
            "POST", DEPLOYMENTS + "?fieldValidation=Strictly", self.deployment_json("raw-bad"))
        self.assertEqual(status, 422)
        self.assertEqual(obj["reason"], "Invalid")
        self.assertEqual(obj["message"],
                         'CreateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported '
                         'value: "Strictly": supported values: "", "Ignore", "Strict", "Warn"')


if __name__ == "__main__":
    unittest.main()
