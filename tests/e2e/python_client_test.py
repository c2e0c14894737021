"""The official Python client (Debian's python3-kubernetes) creates, lists,
patches and watches ConfigMaps."""

import threading
import time
import unittest

from kubernetes import client, config, watch

from harness import ClusterTestCase


class PythonClientTest(ClusterTestCase):

    def setUp(self):
        api_client = config.new_client_from_config(config_file=self.cluster.kubeconfig)
        self.v1 = client.CoreV1Api(api_client)

    def test_create_list_patch_watch(self):
        self.v1.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name="py")))
        body = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="pycm", labels={"app": "py"}),
                                  data={"a": "1"})
        created = self.v1.create_namespaced_config_map("py", body)
        self.assertEqual(created.data, {"a": "1"})

        listed = self.v1.list_namespaced_config_map("py", label_selector="app=py")
        self.assertEqual([i.metadata.name for i in listed.items], ["pycm"])

        patched = self.v1.patch_namespaced_config_map("pycm", "py", {"data": {"a": "2"}})
        self.assertEqual(patched.data["a"], "2")

        events = []
        w = watch.Watch()

        def consume():
            for e in w.stream(self.v1.list_namespaced_config_map, "py",
                              resource_version=listed.metadata.resource_version,
                              timeout_seconds=20):
                events.append((e["type"], e["object"].metadata.name, e["object"].data))
                if e["type"] == "DELETED":
                    w.stop()

        t = threading.Thread(target=consume)
        t.start()
        time.sleep(0.5)
        self.v1.patch_namespaced_config_map("pycm", "py", {"data": {"a": "3"}})
        self.v1.delete_namespaced_config_map("pycm", "py")
        t.join(timeout=20)
        types = [e[0] for e in events]
        self.assertEqual(types, ["MODIFIED", "MODIFIED", "DELETED"])
        self.assertEqual(events[1][2], {"a": "3"})

        with self.assertRaises(client.exceptions.ApiException) as err:
            self.v1.read_namespaced_config_map("pycm", "py")
        self.assertEqual(err.exception.status, 404)


if __name__ == "__main__":
    unittest.main()
