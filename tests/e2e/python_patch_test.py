"""The official Python client (Debian's python3-kubernetes 22.6) patches a
Deployment with a strategic merge patch and with server-side apply.

The typed client's patch_* methods send a dict body as
application/strategic-merge-patch+json (a list body as a JSON patch). This
version has no option for apply patches on the typed methods, and its
DynamicClient.server_side_apply cannot send a dict as YAML, so an apply goes
through ApiClient.call_api with the application/apply-patch+yaml content type
and a serialized body, as its users do."""

import json
import unittest

from kubernetes import client, config

from harness import ClusterTestCase

NS = "py-patch"


def deployment(name, image="registry.local/library/busybox:1"):
    labels = {"app": name}
    return client.V1Deployment(
        metadata=client.V1ObjectMeta(name=name, labels=labels),
        spec=client.V1DeploymentSpec(
            replicas=1,
            selector=client.V1LabelSelector(match_labels=labels),
            template=client.V1PodTemplateSpec(
                metadata=client.V1ObjectMeta(labels=labels),
                spec=client.V1PodSpec(containers=[
                    client.V1Container(name="web", image=image,
                                       env=[client.V1EnvVar(name="A", value="1")]),
                    client.V1Container(name="side", image=image, command=["sleep", "3600"]),
                ]))))


class PythonPatchTest(ClusterTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cluster.kubectl("create", "namespace", NS)

    def setUp(self):
        self.api_client = config.new_client_from_config(config_file=self.cluster.kubeconfig)
        self.apps = client.AppsV1Api(self.api_client)

    def tearDown(self):
        self.api_client.close()

    def apply(self, name, body, manager, force=None, dry_run=None):
        """Server-side apply of `body` (a dict) as `manager`; returns a dict."""
        query = [("fieldManager", manager)]
        if force is not None:
            query.append(("force", force))
        if dry_run:
            query.append(("dryRun", dry_run))
        return self.api_client.call_api(
            "/apis/apps/v1/namespaces/{namespace}/deployments/{name}", "PATCH",
            {"namespace": NS, "name": name}, query,
            {"Content-Type": "application/apply-patch+yaml", "Accept": "application/json"},
            body=json.dumps(body), response_type="object", auth_settings=["BearerToken"],
            _return_http_data_only=True)

    def test_strategic_merge_patch_merges_lists_by_key(self):
        self.apps.create_namespaced_deployment(NS, deployment("smp"))
        patched = self.apps.patch_namespaced_deployment("smp", NS, {
            "spec": {"template": {"spec": {"containers": [
                {"name": "web", "image": "registry.local/library/busybox:2",
                 "env": [{"name": "B", "value": "2"}]}]}}}})
        containers = patched.spec.template.spec.containers
        # A merge patch would have replaced the list; a strategic merge patch
        # merges containers by name and env by name.
        self.assertEqual([c.name for c in containers], ["web", "side"])
        self.assertEqual(containers[0].image, "registry.local/library/busybox:2")
        self.assertEqual(sorted(e.name for e in containers[0].env), ["A", "B"])

        # Directives work through the client too.
        patched = self.apps.patch_namespaced_deployment("smp", NS, {
            "spec": {"template": {"spec": {"containers": [{"name": "side", "$patch": "delete"}]}}}})
        self.assertEqual([c.name for c in patched.spec.template.spec.containers], ["web"])

        # A list body is a JSON patch.
        patched = self.apps.patch_namespaced_deployment(
            "smp", NS, [{"op": "replace", "path": "/spec/replicas", "value": 3}])
        self.assertEqual(patched.spec.replicas, 3)

        # The client's user agent names the field manager of its updates.
        managers = {e.manager for e in patched.metadata.managed_fields}
        self.assertTrue(any(m.startswith("OpenAPI-Generator") for m in managers), managers)

    def test_server_side_apply(self):
        body = self.api_client.sanitize_for_serialization(deployment("ssa"))
        body["apiVersion"], body["kind"] = "apps/v1", "Deployment"
        created = self.apply("ssa", body, "py-ssa")
        self.assertEqual(created["spec"]["replicas"], 1)
        entry = [e for e in created["metadata"]["managedFields"] if e["manager"] == "py-ssa"][0]
        self.assertEqual(entry["operation"], "Apply")
        self.assertEqual(entry["fieldsType"], "FieldsV1")

        body["spec"]["replicas"] = 2
        self.assertEqual(self.apply("ssa", body, "py-ssa")["spec"]["replicas"], 2)

        # Another manager changing replicas conflicts, with upstream's
        # message and causes.
        other = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "ssa"},
                 "spec": {"replicas": 4}}
        with self.assertRaises(client.exceptions.ApiException) as err:
            self.apply("ssa", other, "py-other")
        self.assertEqual(err.exception.status, 409)
        status = json.loads(err.exception.body)
        self.assertEqual(status["reason"], "Conflict")
        self.assertEqual(status["message"],
                         'Apply failed with 1 conflict: conflict with "py-ssa": .spec.replicas')
        self.assertEqual(status["details"]["causes"],
                         [{"reason": "FieldManagerConflict", "message": 'conflict with "py-ssa"',
                           "field": ".spec.replicas"}])

        # A dry run changes nothing; force takes the field over.
        self.assertEqual(self.apply("ssa", other, "py-other", force=True, dry_run="All")["spec"]["replicas"], 4)
        self.assertEqual(self.apps.read_namespaced_deployment("ssa", NS).spec.replicas, 2)
        forced = self.apply("ssa", other, "py-other", force=True)
        self.assertEqual(forced["spec"]["replicas"], 4)
        owners = {e["manager"]: e["fieldsV1"] for e in forced["metadata"]["managedFields"]}
        self.assertEqual(owners["py-other"], {"f:spec": {"f:replicas": {}}})
        self.assertNotIn("f:replicas", owners["py-ssa"]["f:spec"])


if __name__ == "__main__":
    unittest.main()
