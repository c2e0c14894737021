"""Everyday kubectl workflows against every built-in kind: the create
generators (which send protobuf bodies), edit, scale, set, label, annotate,
the three patch types, replace, run and expose, with the defaults a user
expects to read back; `kubectl get` of every resource type with upstream's
column headers; get all, get -w, describe, explain; upstream's validation
messages; and Go's omitempty for empty maps."""

import json
import os
import re
import subprocess
import tempfile
import time
import unittest

import yaml

from harness import ClusterTestCase, wait_until

NS = "kw"
LABEL = {"kw": "1"}


def _pod_spec(image="registry.local/busybox:1.36"):
    return {"containers": [{"name": "c", "image": image}]}


def _template(labels):
    return {"metadata": {"labels": labels}, "spec": _pod_spec()}


# One object of every listable built-in kind, each labelled kw=1 so that the
# listing below sees only these. Namespaced ones go to NS.
def _manifests(csr_pem):
    sel = {"app": "kw"}
    objects = [
        ("v1", "ConfigMap", "w-cm", {"data": {"a": "b"}}),
        ("v1", "Endpoints", "w-ep", {"subsets": [
            {"addresses": [{"ip": "10.1.0.1"}], "ports": [{"port": 80}]}]}),
        ("v1", "Event", "w-ev", {
            "involvedObject": {"kind": "Pod", "name": "w-pod", "namespace": NS},
            "reason": "Started", "message": "hello", "type": "Normal",
            "firstTimestamp": "2024-01-01T00:00:00Z", "lastTimestamp": "2024-01-01T00:00:00Z",
            "count": 1, "source": {"component": "kubelet"}}),
        ("v1", "LimitRange", "w-lr", {"spec": {"limits": [
            {"type": "Container", "default": {"cpu": "500m"}}]}}),
        ("v1", "Node", "w-node", {}),
        ("v1", "PersistentVolumeClaim", "w-pvc", {"spec": {
            "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}),
        ("v1", "PersistentVolume", "w-pv", {"spec": {
            "capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
            "hostPath": {"path": "/tmp/w-pv"}}}),
        ("v1", "Pod", "w-pod", {"spec": _pod_spec()}),
        ("v1", "PodTemplate", "w-podtemplate", {"template": _template(sel)}),
        ("v1", "ReplicationController", "w-rc", {"spec": {
            "replicas": 1, "selector": sel, "template": _template(sel)}}),
        ("v1", "ResourceQuota", "w-quota", {"spec": {"hard": {"pods": "10"}}}),
        ("v1", "Secret", "w-secret", {"stringData": {"k": "v"}}),
        ("v1", "ServiceAccount", "w-sa", {}),
        ("v1", "Service", "w-svc", {"spec": {"selector": sel, "ports": [{"port": 80}]}}),
        ("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", "w-mwc", {
            "webhooks": [{"name": "m.example.com", "clientConfig": {"url": "https://example.com/m"},
                          "admissionReviewVersions": ["v1"], "sideEffects": "None"}]}),
        ("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", "w-vwc", {
            "webhooks": [{"name": "v.example.com", "clientConfig": {"url": "https://example.com/v"},
                          "admissionReviewVersions": ["v1"], "sideEffects": "None"}]}),
        ("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy", "w-vap", {"spec": {
            "matchConstraints": {"resourceRules": [{
                "apiGroups": [""], "apiVersions": ["v1"], "operations": ["CREATE"],
                "resources": ["configmaps"]}]},
            "validations": [{"expression": "true"}]}}),
        ("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicyBinding", "w-vapb", {
            "spec": {"policyName": "w-vap", "validationActions": ["Deny"]}}),
        ("apps/v1", "ControllerRevision", "w-cr", {"revision": 1, "data": {"spec": {}}}),
        ("apps/v1", "DaemonSet", "w-ds", {"spec": {
            "selector": {"matchLabels": sel}, "template": _template(sel)}}),
        ("apps/v1", "Deployment", "w-deploy", {"spec": {
            "selector": {"matchLabels": sel}, "template": _template(sel)}}),
        ("apps/v1", "ReplicaSet", "w-rs", {"spec": {
            "selector": {"matchLabels": sel}, "template": _template(sel)}}),
        ("apps/v1", "StatefulSet", "w-sts", {"spec": {
            "serviceName": "w-svc", "selector": {"matchLabels": sel},
            "template": _template(sel)}}),
        ("autoscaling/v2", "HorizontalPodAutoscaler", "w-hpa", {"spec": {
            "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment",
                               "name": "w-deploy"},
            "minReplicas": 1, "maxReplicas": 3}}),
        ("batch/v1", "CronJob", "w-cj", {"spec": {"schedule": "*/5 * * * *", "jobTemplate": {
            "spec": {"template": {"spec": dict(_pod_spec(), restartPolicy="Never")}}}}}),
        ("batch/v1", "Job", "w-job", {"spec": {
            "template": {"spec": dict(_pod_spec(), restartPolicy="Never")}}}),
        ("certificates.k8s.io/v1", "CertificateSigningRequest", "w-csr", {"spec": {
            "request": csr_pem, "signerName": "kubernetes.io/kube-apiserver-client",
            "usages": ["client auth"]}}),
        ("coordination.k8s.io/v1", "Lease", "w-lease", {"spec": {"holderIdentity": "me"}}),
        ("discovery.k8s.io/v1", "EndpointSlice", "w-eps", {
            "addressType": "IPv4", "endpoints": [{"addresses": ["10.1.0.1"]}],
            "ports": [{"port": 80, "protocol": "TCP"}]}),
        ("events.k8s.io/v1", "Event", "w-ev2", {
            "eventTime": "2024-01-01T00:00:00.000000Z", "reportingController": "example.com/c",
            "reportingInstance": "c-1", "action": "Act", "reason": "Because", "type": "Normal",
            "regarding": {"kind": "Pod", "name": "w-pod", "namespace": NS}, "note": "a note"}),
        ("flowcontrol.apiserver.k8s.io/v1", "FlowSchema", "w-fs", {"spec": {
            "priorityLevelConfiguration": {"name": "w-plc"}, "matchingPrecedence": 5000,
            "distinguisherMethod": {"type": "ByUser"},
            "rules": [{"subjects": [{"kind": "Group", "group": {"name": "devs"}}],
                       "resourceRules": [{"verbs": ["get"], "apiGroups": [""],
                                          "resources": ["pods"], "namespaces": ["*"]}]}]}}),
        ("flowcontrol.apiserver.k8s.io/v1", "PriorityLevelConfiguration", "w-plc", {"spec": {
            "type": "Limited", "limited": {"nominalConcurrencyShares": 5,
                                           "limitResponse": {"type": "Reject"}}}}),
        ("networking.k8s.io/v1", "IngressClass", "w-ic", {"spec": {
            "controller": "example.com/ingress"}}),
        ("networking.k8s.io/v1", "Ingress", "w-ing", {"spec": {"rules": [{
            "host": "a.example.com", "http": {"paths": [{
                "path": "/", "pathType": "Prefix",
                "backend": {"service": {"name": "w-svc", "port": {"number": 80}}}}]}}]}}),
        ("networking.k8s.io/v1", "NetworkPolicy", "w-netpol", {"spec": {"podSelector": {}}}),
        ("node.k8s.io/v1", "RuntimeClass", "w-rtc", {"handler": "runc"}),
        ("policy/v1", "PodDisruptionBudget", "w-pdb", {"spec": {
            "minAvailable": 1, "selector": {"matchLabels": sel}}}),
        ("rbac.authorization.k8s.io/v1", "ClusterRole", "w-clusterrole", {"rules": [
            {"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]}),
        ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "w-crb", {
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole",
                        "name": "w-clusterrole"},
            "subjects": [{"kind": "User", "name": "alice",
                          "apiGroup": "rbac.authorization.k8s.io"}]}),
        ("rbac.authorization.k8s.io/v1", "Role", "w-role", {"rules": [
            {"apiGroups": [""], "resources": ["pods"], "verbs": ["get"]}]}),
        ("rbac.authorization.k8s.io/v1", "RoleBinding", "w-rb", {
            "roleRef": {"apiGroup": "rbac.authorization.k8s.io", "kind": "Role",
                        "name": "w-role"},
            "subjects": [{"kind": "ServiceAccount", "name": "w-sa", "namespace": NS}]}),
        ("scheduling.k8s.io/v1", "PriorityClass", "w-pc", {"value": 1000}),
        ("storage.k8s.io/v1", "CSIDriver", "w-csidriver", {"spec": {}}),
        ("storage.k8s.io/v1", "CSINode", "w-node", {"spec": {"drivers": [
            {"name": "example.com/d", "nodeID": "w-node"}]}}),
        ("storage.k8s.io/v1", "CSIStorageCapacity", "w-csisc", {
            "storageClassName": "w-sc", "capacity": "1Gi"}),
        ("storage.k8s.io/v1", "StorageClass", "w-sc", {"provisioner": "example.com/p"}),
        ("storage.k8s.io/v1", "VolumeAttachment", "w-va", {"spec": {
            "attacher": "example.com/d", "nodeName": "w-node",
            "source": {"persistentVolumeName": "w-pv"}}}),
    ]
    docs = []
    for api_version, kind, name, body in objects:
        doc = {"apiVersion": api_version, "kind": kind,
               "metadata": {"name": name, "labels": dict(LABEL)}}
        doc.update(body)
        docs.append(doc)
    return docs


# Upstream's (Kubernetes 1.32) Table columns: the plain ones, then what -o wide
# adds (for events: all the wide columns, which come in another order).
# Resources without a printer get upstream's default "NAME CREATED AT".
EVENT_COLUMNS = (["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"],
                 ["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE",
                  "FIRST SEEN", "COUNT", "NAME"])
TEMPLATE_WIDE = ["CONTAINERS", "IMAGES", "SELECTOR"]
BINDING_WIDE = ["USERS", "GROUPS", "SERVICEACCOUNTS"]
COLUMNS = {
    "configmaps": (["NAME", "DATA", "AGE"], []),
    "endpoints": (["NAME", "ENDPOINTS", "AGE"], []),
    "events": EVENT_COLUMNS,
    "limitranges": (["NAME", "CREATED AT"], []),
    "nodes": (["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
              ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"]),
    "persistentvolumeclaims": (["NAME", "STATUS", "VOLUME", "CAPACITY", "ACCESS MODES",
                                "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "AGE"], ["VOLUMEMODE"]),
    "persistentvolumes": (["NAME", "CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS",
                           "CLAIM", "STORAGECLASS", "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"],
                          ["VOLUMEMODE"]),
    "pods": (["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
             ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"]),
    "podtemplates": (["NAME", "CONTAINERS", "IMAGES", "POD LABELS"], []),
    "replicationcontrollers": (["NAME", "DESIRED", "CURRENT", "READY", "AGE"], TEMPLATE_WIDE),
    "resourcequotas": (["NAME", "AGE", "REQUEST", "LIMIT"], []),
    "secrets": (["NAME", "TYPE", "DATA", "AGE"], []),
    "serviceaccounts": (["NAME", "SECRETS", "AGE"], []),
    "services": (["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], ["SELECTOR"]),
    "mutatingwebhookconfigurations.admissionregistration.k8s.io":
        (["NAME", "WEBHOOKS", "AGE"], []),
    "validatingwebhookconfigurations.admissionregistration.k8s.io":
        (["NAME", "WEBHOOKS", "AGE"], []),
    "validatingadmissionpolicies.admissionregistration.k8s.io":
        (["NAME", "VALIDATIONS", "PARAMKIND", "AGE"], []),
    "validatingadmissionpolicybindings.admissionregistration.k8s.io":
        (["NAME", "POLICYNAME", "PARAMREF", "AGE"], []),
    "controllerrevisions.apps": (["NAME", "CONTROLLER", "REVISION", "AGE"], []),
    "daemonsets.apps": (["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE",
                         "NODE SELECTOR", "AGE"], TEMPLATE_WIDE),
    "deployments.apps": (["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], TEMPLATE_WIDE),
    "replicasets.apps": (["NAME", "DESIRED", "CURRENT", "READY", "AGE"], TEMPLATE_WIDE),
    "statefulsets.apps": (["NAME", "READY", "AGE"], ["CONTAINERS", "IMAGES"]),
    "horizontalpodautoscalers.autoscaling": (["NAME", "REFERENCE", "TARGETS", "MINPODS",
                                              "MAXPODS", "REPLICAS", "AGE"], []),
    "cronjobs.batch": (["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE",
                        "AGE"], TEMPLATE_WIDE),
    "jobs.batch": (["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"], TEMPLATE_WIDE),
    "certificatesigningrequests.certificates.k8s.io":
        (["NAME", "AGE", "SIGNERNAME", "REQUESTOR", "REQUESTEDDURATION", "CONDITION"], []),
    "leases.coordination.k8s.io": (["NAME", "HOLDER", "AGE"], []),
    "endpointslices.discovery.k8s.io": (["NAME", "ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], []),
    "events.events.k8s.io": EVENT_COLUMNS,
    "flowschemas.flowcontrol.apiserver.k8s.io":
        (["NAME", "PRIORITYLEVEL", "MATCHINGPRECEDENCE", "DISTINGUISHERMETHOD", "AGE",
          "MISSINGPL"], []),
    "prioritylevelconfigurations.flowcontrol.apiserver.k8s.io":
        (["NAME", "TYPE", "NOMINALCONCURRENCYSHARES", "QUEUES", "HANDSIZE", "QUEUELENGTHLIMIT",
          "AGE"], []),
    "ingressclasses.networking.k8s.io": (["NAME", "CONTROLLER", "PARAMETERS", "AGE"], []),
    "ingresses.networking.k8s.io": (["NAME", "CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], []),
    "networkpolicies.networking.k8s.io": (["NAME", "POD-SELECTOR", "AGE"], []),
    "runtimeclasses.node.k8s.io": (["NAME", "HANDLER", "AGE"], []),
    "poddisruptionbudgets.policy": (["NAME", "MIN AVAILABLE", "MAX UNAVAILABLE",
                                     "ALLOWED DISRUPTIONS", "AGE"], []),
    "clusterrolebindings.rbac.authorization.k8s.io": (["NAME", "ROLE", "AGE"], BINDING_WIDE),
    "clusterroles.rbac.authorization.k8s.io": (["NAME", "CREATED AT"], []),
    "rolebindings.rbac.authorization.k8s.io": (["NAME", "ROLE", "AGE"], BINDING_WIDE),
    "roles.rbac.authorization.k8s.io": (["NAME", "CREATED AT"], []),
    "priorityclasses.scheduling.k8s.io": (["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE",
                                           "PREEMPTIONPOLICY"], []),
    "csidrivers.storage.k8s.io": (["NAME", "ATTACHREQUIRED", "PODINFOONMOUNT", "STORAGECAPACITY",
                                   "TOKENREQUESTS", "REQUIRESREPUBLISH", "MODES", "AGE"], []),
    "csinodes.storage.k8s.io": (["NAME", "DRIVERS", "AGE"], []),
    "csistoragecapacities.storage.k8s.io": (["NAME", "STORAGECLASSNAME", "CAPACITY"], []),
    "storageclasses.storage.k8s.io": (["NAME", "PROVISIONER", "RECLAIMPOLICY",
                                       "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"], []),
    "volumeattachments.storage.k8s.io": (["NAME", "ATTACHER", "PV", "NODE", "ATTACHED", "AGE"],
                                         []),
}


def _headers(line):
    return re.split(r"\s{2,}", line.strip())


def _tables(out):
    """Splits multi-resource `kubectl get` output into {resource-prefix: (header, rows)}."""
    tables = {}
    for block in out.strip().split("\n\n"):
        lines = [l for l in block.splitlines() if l.strip()]
        if len(lines) < 2:
            continue
        prefix = lines[1].split()[0].split("/")[0]
        tables[prefix] = (_headers(lines[0]), lines[1:])
    return tables


def _openssl(*args, input=None):
    return subprocess.run(["openssl"] + list(args), input=input, capture_output=True,
                          check=True).stdout


class KubectlWorkflowsTest(ClusterTestCase):
    # The API as kubectl drives it, with nothing acting on the objects: the
    # exact statuses, columns and generations asserted here are those of
    # objects no controller has touched (the workload e2e tests run them).
    cluster_args = ("--controllers=false", "--scheduler=false")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tmp = tempfile.mkdtemp(prefix="ekslite-kw-")
        cls.cluster.kubectl("create", "namespace", NS)

    def k(self, *args, **kw):
        return self.kubectl("-n", NS, *args, **kw)

    def get(self, *args):
        return json.loads(self.k("get", *args, "-o", "json").stdout)

    def write(self, name, text):
        path = os.path.join(self.tmp, name)
        with open(path, "w") as f:
            f.write(text)
        return path

    # --- the generators ------------------------------------------------

    def test_create_deployment_fills_upstream_defaults(self):
        self.assertEqual(self.k("create", "deployment", "d1", "--image=nginx:1.25",
                                "--replicas=2").stdout.strip(), "deployment.apps/d1 created")
        d = self.get("deployment", "d1")
        spec = d["spec"]
        self.assertEqual(d["metadata"]["generation"], 1)
        self.assertEqual(spec["replicas"], 2)
        self.assertEqual(spec["selector"], {"matchLabels": {"app": "d1"}})
        self.assertEqual(spec["strategy"], {"type": "RollingUpdate", "rollingUpdate": {
            "maxUnavailable": "25%", "maxSurge": "25%"}})
        self.assertEqual(spec["revisionHistoryLimit"], 10)
        self.assertEqual(spec["progressDeadlineSeconds"], 600)
        self.assertPodSpecDefaults(spec["template"]["spec"])
        c = spec["template"]["spec"]["containers"][0]
        self.assertEqual((c["name"], c["image"], c["imagePullPolicy"]),
                         ("nginx", "nginx:1.25", "IfNotPresent"))
        self.assertEqual(d["status"], {})

    def assertPodSpecDefaults(self, spec, restart="Always"):
        self.assertEqual(spec["restartPolicy"], restart)
        self.assertEqual(spec["dnsPolicy"], "ClusterFirst")
        self.assertEqual(spec["terminationGracePeriodSeconds"], 30)
        self.assertEqual(spec["schedulerName"], "default-scheduler")
        self.assertEqual(spec["securityContext"], {})
        for c in spec["containers"]:
            self.assertEqual(c["terminationMessagePath"], "/dev/termination-log")
            self.assertEqual(c["terminationMessagePolicy"], "File")
            self.assertEqual(c["resources"], {})
            for p in c.get("ports", []):
                self.assertEqual(p["protocol"], "TCP")

    def test_create_job_and_cronjob(self):
        self.k("create", "job", "j1", "--image=busybox", "--", "echo", "hi")
        job = self.get("job", "j1")
        spec = job["spec"]
        self.assertEqual((spec["backoffLimit"], spec["completions"], spec["parallelism"]),
                         (6, 1, 1))
        self.assertEqual(spec["completionMode"], "NonIndexed")
        self.assertIs(spec["suspend"], False)
        uid = job["metadata"]["uid"]
        self.assertEqual(spec["selector"]["matchLabels"],
                         {"batch.kubernetes.io/controller-uid": uid})
        labels = spec["template"]["metadata"]["labels"]
        self.assertEqual(labels["batch.kubernetes.io/job-name"], "j1")
        self.assertEqual(labels["job-name"], "j1")
        self.assertEqual(labels["controller-uid"], uid)
        self.assertPodSpecDefaults(spec["template"]["spec"], restart="Never")
        self.assertEqual(spec["template"]["spec"]["containers"][0]["imagePullPolicy"], "Always")

        self.k("create", "cronjob", "cj1", "--image=busybox:1.36", "--schedule=*/5 * * * *",
               "--", "date")
        cj = self.get("cronjob", "cj1")
        spec = cj["spec"]
        self.assertEqual(spec["concurrencyPolicy"], "Allow")
        self.assertIs(spec["suspend"], False)
        self.assertEqual((spec["successfulJobsHistoryLimit"], spec["failedJobsHistoryLimit"]),
                         (3, 1))
        pod = spec["jobTemplate"]["spec"]["template"]["spec"]
        self.assertPodSpecDefaults(pod, restart="OnFailure")
        self.assertEqual(pod["containers"][0]["imagePullPolicy"], "IfNotPresent")
        out = self.k("get", "cronjob", "cj1").stdout
        self.assertRegex(out, r"cj1\s+\*/5 \* \* \* \*\s+<none>\s+False\s+0\s+<none>\s+\d+s")
        # A Job made from the CronJob's template (kubectl create job --from).
        self.k("create", "job", "j2", "--from=cronjob/cj1")
        j2 = self.get("job", "j2")
        self.assertEqual(j2["metadata"]["annotations"]["cronjob.kubernetes.io/instantiate"],
                         "manual")
        self.assertEqual(j2["metadata"]["ownerReferences"][0]["name"], "cj1")

    def test_create_rbac_objects(self):
        self.k("create", "role", "r1", "--verb=get,list", "--resource=pods,deployments.apps")
        role = self.get("role", "r1")
        self.assertEqual(role["rules"], [
            {"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]},
            {"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get", "list"]}])
        self.kubectl("create", "clusterrole", "kw-cr1", "--verb=get", "--resource=nodes")
        self.k("create", "rolebinding", "rb1", "--role=r1", "--user=alice",
               "--serviceaccount=kw:robot")
        rb = self.get("rolebinding", "rb1")
        self.assertEqual(rb["roleRef"], {"apiGroup": "rbac.authorization.k8s.io",
                                         "kind": "Role", "name": "r1"})
        self.assertEqual(rb["subjects"], [
            {"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "alice"},
            {"kind": "ServiceAccount", "name": "robot", "namespace": "kw"}])
        self.kubectl("create", "clusterrolebinding", "kw-crb1", "--clusterrole=kw-cr1",
                     "--group=devs")
        out = self.kubectl("get", "clusterrolebinding", "kw-crb1", "-o", "wide").stdout
        self.assertRegex(out, r"kw-crb1\s+ClusterRole/kw-cr1\s+\d+s\s+devs")
        out = self.k("get", "rolebinding", "rb1", "-o", "wide").stdout
        self.assertRegex(out, r"rb1\s+Role/r1\s+\d+s\s+alice\s+kw/robot")
        self.assertRegex(self.k("get", "role", "r1").stdout,
                         r"NAME\s+CREATED AT\nr1\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")

    def test_create_services_allocate_ips_and_ports(self):
        self.k("create", "service", "clusterip", "s1", "--tcp=80:8080")
        svc = self.get("service", "s1")
        spec = svc["spec"]
        self.assertRegex(spec["clusterIP"], r"^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$")
        self.assertEqual(spec["clusterIPs"], [spec["clusterIP"]])
        self.assertEqual(spec["type"], "ClusterIP")
        self.assertEqual(spec["sessionAffinity"], "None")
        self.assertEqual(spec["internalTrafficPolicy"], "Cluster")
        self.assertEqual(spec["ipFamilies"], ["IPv4"])
        self.assertEqual(spec["ipFamilyPolicy"], "SingleStack")
        self.assertEqual(spec["ports"], [{"name": "80-8080", "port": 80, "protocol": "TCP",
                                          "targetPort": 8080}])
        self.assertEqual(spec["selector"], {"app": "s1"})
        self.assertEqual(svc["status"], {"loadBalancer": {}})

        self.k("create", "service", "nodeport", "s2", "--tcp=80:8080")
        spec = self.get("service", "s2")["spec"]
        self.assertEqual(spec["type"], "NodePort")
        self.assertEqual(spec["externalTrafficPolicy"], "Cluster")
        node_port = spec["ports"][0]["nodePort"]
        self.assertTrue(30000 <= node_port <= 32767, node_port)
        out = self.k("get", "svc", "s2").stdout
        self.assertRegex(out, r"s2\s+NodePort\s+10\.\S+\s+<none>\s+80:%d/TCP\s+\d+s" % node_port)
        self.assertNotEqual(self.get("service", "s1")["spec"]["clusterIP"], spec["clusterIP"])

        # Replacing with a manifest that leaves the allocations out keeps them;
        # leaving NodePort drops the node ports.
        manifest = json.dumps({"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s2"},
                               "spec": {"type": "NodePort", "selector": {"app": "s2"},
                                        "ports": [{"name": "80-8080", "port": 80,
                                                   "targetPort": 8080}]}})
        self.k("replace", "-f", "-", input=manifest)
        again = self.get("service", "s2")["spec"]
        self.assertEqual(again["ports"][0]["nodePort"], node_port)
        self.assertEqual(again["clusterIP"], spec["clusterIP"])
        self.k("patch", "service", "s2", "-p", '{"spec":{"type":"ClusterIP"}}')
        again = self.get("service", "s2")["spec"]
        self.assertNotIn("nodePort", again["ports"][0])
        self.assertNotIn("externalTrafficPolicy", again)

        # A node port belongs to one Service.
        self.k("create", "service", "nodeport", "s3", "--tcp=80", "--node-port=30080")
        self.assertEqual(self.get("service", "s3")["spec"]["ports"][0]["nodePort"], 30080)
        self.assertKubectlFails('spec.ports[0].nodePort: Invalid value: 30080: provided port is '
                                'already allocated', "-n", NS, "create", "service", "nodeport",
                                "s4", "--tcp=80", "--node-port=30080")
        self.assertKubectlFails('spec.ports[0].nodePort: Invalid value: 80: provided port is not '
                                'in the valid range. The range of valid ports is 30000-32767',
                                "-n", NS, "create", "service", "nodeport", "s4", "--tcp=80",
                                "--node-port=80")

    def test_create_ingress_pdb_quota_priorityclass(self):
        self.k("create", "ingress", "ing1", "--class=nginx",
               "--rule=foo.example.com/bar=svc1:8080", "--rule=foo.example.com/*=svc2:http")
        ing = self.get("ingress", "ing1")
        paths = ing["spec"]["rules"][0]["http"]["paths"]
        self.assertEqual(paths[0], {"path": "/bar", "pathType": "Exact", "backend": {
            "service": {"name": "svc1", "port": {"number": 8080}}}})
        self.assertEqual(paths[1]["pathType"], "Prefix")
        self.assertEqual(paths[1]["backend"]["service"]["port"], {"name": "http"})
        self.assertRegex(self.k("get", "ingress", "ing1").stdout,
                         r"ing1\s+nginx\s+foo.example.com\s+80\s+\d+s")

        self.k("create", "pdb", "pdb1", "--selector=app=web", "--min-available=1")
        pdb = self.get("pdb", "pdb1")
        self.assertEqual(pdb["spec"]["minAvailable"], 1)
        self.assertRegex(self.k("get", "pdb", "pdb1").stdout,
                         r"pdb1\s+1\s+N/A\s+0\s+\d+s")

        self.k("create", "quota", "q1", "--hard=pods=10,cpu=2,limits.memory=1Gi")
        q = self.get("quota", "q1")
        self.assertEqual(q["spec"]["hard"], {"pods": "10", "cpu": "2", "limits.memory": "1Gi"})
        self.assertRegex(self.k("get", "quota", "q1").stdout,
                         r"NAME\s+AGE\s+REQUEST\s+LIMIT\nq1\s+\d+s\s+")
        # The quota is enforced: pods of later tests in this namespace name no
        # cpu or memory limits, so it must not outlive this test.
        self.k("delete", "quota", "q1")

        self.kubectl("create", "priorityclass", "kw-pc1", "--value=1000", "--description=x")
        pc = json.loads(self.kubectl("get", "priorityclass", "kw-pc1", "-o", "json").stdout)
        self.assertEqual(pc["value"], 1000)
        self.assertEqual(pc["preemptionPolicy"], "PreemptLowerPriority")
        self.assertEqual(pc["description"], "x")

    def test_create_token_and_secrets_and_configmap_from_file(self):
        self.k("create", "serviceaccount", "robot")
        token = self.k("create", "token", "robot").stdout.strip()
        self.assertEqual(len(token.split(".")), 3, token)

        key = os.path.join(self.tmp, "tls.key")
        crt = os.path.join(self.tmp, "tls.crt")
        _openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                 "-nodes", "-subj", "/CN=example.com", "-days", "1", "-keyout", key, "-out", crt)
        self.k("create", "secret", "tls", "tls1", "--cert=" + crt, "--key=" + key)
        s = self.get("secret", "tls1")
        self.assertEqual(s["type"], "kubernetes.io/tls")
        self.assertEqual(sorted(s["data"]), ["tls.crt", "tls.key"])

        self.k("create", "secret", "docker-registry", "reg1", "--docker-server=r.example.com",
               "--docker-username=u", "--docker-password=p")
        s = self.get("secret", "reg1")
        self.assertEqual(s["type"], "kubernetes.io/dockerconfigjson")
        self.assertIn(".dockerconfigjson", s["data"])
        self.assertRegex(self.k("get", "secret", "reg1").stdout,
                         r"reg1\s+kubernetes.io/dockerconfigjson\s+1\s+\d+s")

        path = self.write("app.properties", "color=blue\nsize=3\n")
        self.k("create", "configmap", "fromfile", "--from-file=" + path)
        cm = self.get("configmap", "fromfile")
        self.assertEqual(cm["data"], {"app.properties": "color=blue\nsize=3\n"})

    def test_run_and_expose(self):
        self.k("run", "p1", "--image=busybox", "--labels=app=p1", "--port=8080", "--",
               "sleep", "3600")
        pod = self.get("pod", "p1")
        spec = pod["spec"]
        self.assertPodSpecDefaults(spec)
        self.assertEqual(spec["containers"][0]["imagePullPolicy"], "Always")
        self.assertEqual(spec["containers"][0]["ports"],
                         [{"containerPort": 8080, "protocol": "TCP"}])
        self.assertIs(spec["enableServiceLinks"], True)
        self.assertEqual(spec["priority"], 0)
        self.assertEqual(pod["status"]["phase"], "Pending")
        self.assertEqual(pod["status"]["qosClass"], "BestEffort")
        self.assertRegex(self.k("get", "pod", "p1").stdout,
                         r"NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\np1\s+0/1\s+Pending\s+0\s+\d+s")

        self.k("create", "deployment", "exp", "--image=nginx", "--port=80")
        out = self.k("expose", "deployment", "exp", "--port=8080", "--target-port=80").stdout
        self.assertEqual(out.strip(), "service/exp exposed")
        svc = self.get("service", "exp")
        self.assertEqual(svc["spec"]["selector"], {"app": "exp"})
        self.assertEqual(svc["spec"]["ports"], [{"port": 8080, "protocol": "TCP",
                                                 "targetPort": 80}])
        self.assertTrue(svc["spec"]["clusterIP"])
        self.k("expose", "pod", "p1", "--name=p1-svc", "--type=NodePort")
        svc = self.get("service", "p1-svc")
        self.assertEqual(svc["spec"]["ports"][0]["targetPort"], 8080)
        self.assertEqual(svc["spec"]["selector"], {"app": "p1"})

    def test_pod_update_rules_and_binding(self):
        self.k("run", "upd", "--image=busybox:1.36", "--", "sleep", "3600")
        self.k("set", "image", "pod/upd", "upd=busybox:1.37")
        self.k("label", "pod", "upd", "tier=x")
        self.k("patch", "pod", "upd", "-p", '{"spec":{"activeDeadlineSeconds":600}}')
        p = self.assertKubectlFails(
            'The Pod "upd" is invalid: spec: Forbidden: pod updates may not change fields other '
            'than `spec.containers[*].image`,`spec.initContainers[*].image`,'
            '`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing '
            'tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was '
            'previously negative)', "-n", NS, "patch", "pod", "upd", "-p",
            '{"spec":{"restartPolicy":"Never"}}')
        self.assertKubectlFails("pod updates may not change fields", "-n", NS, "patch", "pod",
                                "upd", "-p", '{"spec":{"nodeName":"n1"}}')
        pod = self.get("pod", "upd")
        self.assertEqual(pod["spec"]["containers"][0]["image"], "busybox:1.37")
        self.assertEqual(pod["spec"]["activeDeadlineSeconds"], 600)

        # A scheduler binds pods through pods/binding (or the bindings collection).
        binding = {"apiVersion": "v1", "kind": "Binding", "metadata": {"name": "upd"},
                   "target": {"kind": "Node", "name": "node-a"}}
        code, body, _ = self.cluster.request("POST", "/api/v1/namespaces/kw/pods/upd/binding",
                                             binding)
        self.assertEqual((code, body["status"]), (201, "Success"), body)
        pod = self.get("pod", "upd")
        self.assertEqual(pod["spec"]["nodeName"], "node-a")
        self.assertEqual([(c["type"], c["status"]) for c in pod["status"]["conditions"]],
                         [("PodScheduled", "True")])
        self.assertRegex(self.k("get", "pod", "upd", "-o", "wide").stdout,
                         r"upd\s+0/1\s+Pending\s+0\s+\d+s\s+<none>\s+node-a")
        code, body, _ = self.cluster.request("POST", "/api/v1/namespaces/kw/pods/upd/binding",
                                             binding)
        self.assertEqual((code, body["reason"]), (409, "Conflict"))
        self.assertEqual(body["message"], 'Operation cannot be fulfilled on pods/binding "upd": '
                                          'pod upd is already assigned to node "node-a"')
        self.k("run", "upd2", "--image=busybox")
        code, body, _ = self.cluster.request("POST", "/api/v1/namespaces/kw/bindings", {
            "apiVersion": "v1", "kind": "Binding", "metadata": {"name": "upd2"},
            "target": {"name": "node-b"}})
        self.assertEqual(code, 201, body)
        self.assertEqual(self.get("pod", "upd2")["spec"]["nodeName"], "node-b")

    # --- changing objects ---------------------------------------------

    def test_deployment_workflow_and_generation(self):
        self.k("create", "deployment", "web", "--image=nginx:1.25")
        gen = lambda: self.get("deployment", "web")["metadata"]["generation"]
        self.assertEqual(gen(), 1)

        self.assertEqual(self.k("scale", "deployment", "web", "--replicas=3").stdout.strip(),
                         "deployment.apps/web scaled")
        self.assertEqual(self.get("deployment", "web")["spec"]["replicas"], 3)
        self.assertEqual(gen(), 2)
        scale = json.loads(self.k("get", "deployment", "web", "--subresource=scale",
                                  "-o", "json").stdout)
        self.assertEqual(scale["kind"], "Scale")
        self.assertEqual(scale["spec"], {"replicas": 3})
        self.assertEqual(scale["status"], {"replicas": 0, "selector": "app=web"})

        self.k("set", "image", "deployment/web", "nginx=nginx:1.26")
        c = self.get("deployment", "web")["spec"]["template"]["spec"]["containers"][0]
        self.assertEqual(c["image"], "nginx:1.26")
        self.assertEqual(gen(), 3)

        self.k("set", "env", "deployment/web", "FOO=bar")
        c = self.get("deployment", "web")["spec"]["template"]["spec"]["containers"][0]
        self.assertEqual(c["env"], [{"name": "FOO", "value": "bar"}])
        self.assertEqual(gen(), 4)

        # Metadata changes leave the generation alone.
        self.k("label", "deployment", "web", "tier=front")
        self.k("label", "deployment", "web", "tier=back", "--overwrite")
        self.assertKubectlFails("already has a value (back)", "-n", NS, "label", "deployment",
                                "web", "tier=x")
        self.k("annotate", "deployment", "web", "note=hello")
        d = self.get("deployment", "web")
        self.assertEqual(d["metadata"]["labels"], {"app": "web", "tier": "back"})
        self.assertEqual(d["metadata"]["annotations"], {"note": "hello"})
        self.assertEqual(gen(), 4)

        # The three patch types.
        self.k("patch", "deployment", "web", "-p", json.dumps({"spec": {"template": {"spec": {
            "containers": [{"name": "nginx", "ports": [{"containerPort": 80}]}]}}}}))
        c = self.get("deployment", "web")["spec"]["template"]["spec"]["containers"][0]
        self.assertEqual(c["ports"], [{"containerPort": 80, "protocol": "TCP"}])
        self.assertEqual(c["image"], "nginx:1.26")
        self.k("patch", "deployment", "web", "--type=merge", "-p", '{"spec":{"minReadySeconds":5}}')
        self.k("patch", "deployment", "web", "--type=json",
               "-p", '[{"op":"replace","path":"/spec/revisionHistoryLimit","value":3}]')
        d = self.get("deployment", "web")
        self.assertEqual((d["spec"]["minReadySeconds"], d["spec"]["revisionHistoryLimit"]), (5, 3))
        self.assertEqual(d["metadata"]["generation"], 7)
        self.assertIn("patched (no change)",
                      self.k("patch", "deployment", "web", "--type=merge",
                             "-p", '{"spec":{"minReadySeconds":5}}').stdout)

        # kubectl edit with a scripted editor.
        env = dict(self.cluster.env(), EDITOR="sed -i s/nginx:1.26/nginx:1.27/")
        p = subprocess.run([self._kubectl_path(), "-n", NS, "edit", "deployment", "web"],
                           capture_output=True, text=True, env=env, timeout=60)
        self.assertEqual(p.returncode, 0, p.stderr)
        self.assertEqual(p.stdout.strip(), "deployment.apps/web edited")
        d = self.get("deployment", "web")
        self.assertEqual(d["spec"]["template"]["spec"]["containers"][0]["image"], "nginx:1.27")
        self.assertEqual(d["metadata"]["generation"], 8)

        # kubectl replace -f, then replace --force (a new object).
        d["spec"]["replicas"] = 4
        self.assertEqual(self.k("replace", "-f", "-", input=json.dumps(d)).stdout.strip(),
                         "deployment.apps/web replaced")
        d2 = self.get("deployment", "web")
        self.assertEqual((d2["spec"]["replicas"], d2["metadata"]["generation"]), (4, 9))
        out = self.k("replace", "--force", "-f", "-", input=json.dumps(d2)).stdout
        self.assertIn("deployment.apps \"web\" deleted", out)
        self.assertIn("deployment.apps/web replaced", out)
        d3 = self.get("deployment", "web")
        self.assertNotEqual(d3["metadata"]["uid"], d2["metadata"]["uid"])
        self.assertEqual(d3["metadata"]["generation"], 1)
        self.assertEqual(d3["spec"]["replicas"], 4)

    def test_more_workload_commands(self):
        # The dry-run-then-apply habit, and a server-side dry run.
        manifest = self.k("create", "deployment", "more", "--image=nginx:1.25", "--dry-run=client",
                          "-o", "yaml").stdout
        self.assertEqual(self.k("apply", "-f", "-", input=manifest).stdout.strip(),
                         "deployment.apps/more created")
        dry = yaml.safe_load(self.k("create", "deployment", "dry", "--image=nginx",
                                    "--dry-run=server", "-o", "yaml").stdout)
        self.assertEqual(dry["spec"]["revisionHistoryLimit"], 10)
        self.assertNotEqual(self.k("get", "deployment", "dry", check=False).returncode, 0)

        self.k("rollout", "restart", "deployment/more")
        ann = self.get("deployment", "more")["spec"]["template"]["metadata"]["annotations"]
        self.assertIn("kubectl.kubernetes.io/restartedAt", ann)
        self.k("rollout", "pause", "deployment/more")
        self.assertIs(self.get("deployment", "more")["spec"]["paused"], True)
        self.k("rollout", "resume", "deployment/more")
        self.assertNotIn("paused", self.get("deployment", "more")["spec"])

        self.k("set", "resources", "deployment/more", "--limits=cpu=200m,memory=128Mi",
               "--requests=cpu=100m")
        c = self.get("deployment", "more")["spec"]["template"]["spec"]["containers"][0]
        self.assertEqual(c["resources"], {"limits": {"cpu": "200m", "memory": "128Mi"},
                                          "requests": {"cpu": "100m"}})
        self.k("create", "serviceaccount", "more-sa")
        self.k("set", "serviceaccount", "deployment/more", "more-sa")
        pod = self.get("deployment", "more")["spec"]["template"]["spec"]
        self.assertEqual(pod["serviceAccountName"], "more-sa")

        out = self.k("autoscale", "deployment", "more", "--min=2", "--max=5",
                     "--cpu-percent=50").stdout
        self.assertEqual(out.strip(), "horizontalpodautoscaler.autoscaling/more autoscaled")
        self.assertRegex(self.k("get", "hpa", "more").stdout,
                         r"more\s+Deployment/more\s+cpu: <unknown>/50%\s+2\s+5\s+0\s+\d+s")
        hpa_v1 = json.loads(self.k("get", "horizontalpodautoscalers.v1.autoscaling", "more",
                                   "-o", "json").stdout)
        self.assertEqual(hpa_v1["spec"]["targetCPUUtilizationPercentage"], 50)

        self.kubectl("create", "-f", "-", input=json.dumps(
            {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "more-node"}}))
        self.kubectl("taint", "node", "more-node", "dedicated=web:NoSchedule")
        self.kubectl("cordon", "more-node")
        node = json.loads(self.kubectl("get", "node", "more-node", "-o", "json").stdout)
        self.assertEqual(node["spec"]["taints"][0],
                         {"key": "dedicated", "value": "web", "effect": "NoSchedule"})
        self.assertIs(node["spec"]["unschedulable"], True)
        self.assertRegex(self.kubectl("get", "node", "more-node").stdout,
                         r"more-node\s+Unknown,SchedulingDisabled\s+<none>\s+\d+s")

    def _kubectl_path(self):
        import harness
        return harness.KUBECTL

    def test_restating_defaults_is_not_a_spec_change(self):
        manifest = json.dumps({
            "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "same"},
            "spec": {"selector": {"matchLabels": {"app": "same"}},
                     "template": _template({"app": "same"})}})
        self.k("create", "-f", "-", input=manifest)
        self.k("replace", "-f", "-", input=manifest)
        d = self.get("deployment", "same")
        self.assertEqual(d["metadata"]["generation"], 1)
        self.k("apply", "-f", "-", input=manifest)
        self.assertEqual(self.get("deployment", "same")["metadata"]["generation"], 1)

    def test_scale_replicaset_statefulset_and_rc(self):
        sel = {"app": "sc"}
        docs = [
            {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "sc-rs"},
             "spec": {"selector": {"matchLabels": sel}, "template": _template(sel)}},
            {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "sc-sts"},
             "spec": {"selector": {"matchLabels": sel}, "template": _template(sel)}},
            {"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "sc-rc"},
             "spec": {"selector": sel, "template": _template(sel)}},
        ]
        self.k("create", "-f", "-", input=yaml.safe_dump_all(docs))
        for resource, name in [("replicaset", "sc-rs"), ("statefulset", "sc-sts"),
                               ("replicationcontroller", "sc-rc")]:
            obj = self.get(resource, name)
            self.assertEqual(obj["spec"]["replicas"], 1)
            out = self.k("scale", resource, name, "--replicas=2").stdout.strip()
            self.assertTrue(out.endswith("/%s scaled" % name), out)
            obj = self.get(resource, name)
            self.assertEqual(obj["spec"]["replicas"], 2)
            self.assertEqual(obj["metadata"]["generation"], 2)
        sts = self.get("statefulset", "sc-sts")["spec"]
        self.assertEqual(sts["podManagementPolicy"], "OrderedReady")
        self.assertEqual(sts["updateStrategy"], {"type": "RollingUpdate",
                                                 "rollingUpdate": {"partition": 0}})
        self.assertEqual(sts["revisionHistoryLimit"], 10)
        # --current-replicas is a precondition.
        self.assertKubectlFails("Expected replicas to be 5, was 2", "-n", NS, "scale",
                                "replicaset", "sc-rs", "--current-replicas=5", "--replicas=1")

    # --- reading ---------------------------------------------------------

    def test_get_every_resource_type_with_upstream_columns(self):
        listable = set(self.kubectl("api-resources", "--verbs=list", "-o", "name").stdout.split())
        self.assertEqual(sorted(set(COLUMNS) - listable), [])
        # Empty lists work for every type (including any served beyond those
        # checked here).
        out = self.k("get", ",".join(sorted(listable)), "-l", "kw=1")
        self.assertEqual(out.stdout, "")
        self.assertIn("No resources found", out.stderr)

        csr = _openssl("req", "-new", "-newkey", "ec", "-pkeyopt",
                       "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=w-user",
                       "-keyout", os.devnull)
        import base64
        docs = _manifests(base64.b64encode(csr).decode())
        self.k("create", "-f", "-", input=yaml.safe_dump_all(docs))

        # Events print no name column (but with -o wide): read them alone.
        listed = ",".join(r for r in sorted(COLUMNS) if not r.startswith("events"))
        plain = _tables(self.k("get", listed, "-l", "kw=1").stdout)
        wide = _tables(self.k("get", listed, "-l", "kw=1", "-o", "wide").stdout)
        for resource in ("events", "events.events.k8s.io"):
            for table, extra in ((plain, []), (wide, ["-o", "wide"])):
                lines = self.k("get", resource, "-l", "kw=1", *extra).stdout.splitlines()
                table[resource] = (_headers(lines[0]), lines[1:])
        for resource, (cols, wide_cols) in sorted(COLUMNS.items()):
            kind = resource if resource.startswith("events") else self._kind_prefix(resource)
            with self.subTest(resource=resource):
                self.assertIn(kind, plain, "no table for %s" % resource)
                self.assertEqual(plain[kind][0], cols)
                # Events reorder their columns with -o wide; the others append.
                wide_all = wide_cols if resource.startswith("events") else cols + wide_cols
                self.assertEqual(wide[kind][0], wide_all)
                # Each row has as many cells as there are columns (none empty).
                for row in wide[kind][1]:
                    self.assertGreaterEqual(len(_headers(row)), 1)
        self.assertEqual(
            self.kubectl("get", "componentstatuses").stdout.splitlines()[0].split(),
            ["NAME", "STATUS", "MESSAGE", "ERROR"])

        # A few rows, as upstream prints them.
        self.assertRegex(self.k("get", "deploy", "w-deploy", "-o", "wide").stdout,
                         r"w-deploy\s+0/1\s+0\s+0\s+\d+s\s+c\s+registry.local/busybox:1.36\s+app=kw")
        self.assertRegex(self.k("get", "svc", "w-svc").stdout,
                         r"w-svc\s+ClusterIP\s+10\.\S+\s+<none>\s+80/TCP\s+\d+s")
        self.assertRegex(self.k("get", "job", "w-job").stdout,
                         r"w-job\s+Running\s+0/1\s+\d+s")
        self.assertRegex(self.kubectl("get", "pv", "w-pv").stdout,
                         r"w-pv\s+1Gi\s+RWO\s+Retain\s+Pending\s+<unset>\s+\d+s")
        self.assertRegex(self.k("get", "pvc", "w-pvc").stdout,
                         r"w-pvc\s+Pending\s+<unset>\s+\d+s")
        self.assertRegex(self.k("get", "hpa", "w-hpa").stdout,
                         r"w-hpa\s+Deployment/w-deploy\s+cpu: <unknown>/80%\s+1\s+3\s+0\s+\d+s")
        self.assertRegex(self.kubectl("get", "sc", "w-sc").stdout,
                         r"w-sc\s+example.com/p\s+Delete\s+Immediate\s+false\s+\d+s")
        self.assertRegex(self.k("get", "ev").stdout, r"\d+\w+\s+Normal\s+Started\s+pod/w-pod\s+hello")
        # The LimitRange and the quota are enforced at admission: the other
        # tests' pods in this namespace must not get their defaults or limits.
        self.k("delete", "limitrange", "w-lr")
        self.k("delete", "quota", "w-quota")

    def _kind_prefix(self, resource):
        """How kubectl names objects of `resource` in lists: "deployment.apps"."""
        if not getattr(self, "_kinds", None):
            self._kinds = {}
            for line in self.kubectl("api-resources", "--no-headers").stdout.splitlines():
                cols = line.split()
                name, api_version, kind = cols[0], cols[-3], cols[-1]
                group = api_version.split("/")[0] if "/" in api_version else ""
                suffix = "." + group if group else ""
                self._kinds[name + suffix] = kind.lower() + suffix
        return self._kinds[resource]

    def test_get_all_watch_and_describe(self):
        self.k("create", "deployment", "gall", "--image=nginx")
        self.k("create", "service", "clusterip", "gall", "--tcp=80")
        out = self.k("get", "all").stdout
        self.assertIn("service/gall", out)
        self.assertIn("deployment.apps/gall", out)
        self.assertRegex(out, r"NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE")

        watch = self.cluster.popen_kubectl("-n", NS, "get", "deploy", "-w")
        try:
            wait_until(lambda: self.k("get", "deploy", "gall").returncode == 0)
            time.sleep(0.5)
            self.k("scale", "deploy", "gall", "--replicas=2")
            time.sleep(0.5)
        finally:
            watch.terminate()
            out, _ = watch.communicate(timeout=10)
        lines = out.splitlines()
        self.assertRegex(lines[0], r"NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE")
        self.assertTrue(any(re.match(r"gall\s+0/2\s+0\s+0\s+\d+s", l) for l in lines), out)

        for args in (["deployment", "gall"], ["service", "gall"]):
            out = self.k("describe", *args).stdout
            self.assertRegex(out, r"Name:\s+gall")
            self.assertRegex(out, r"Namespace:\s+kw")
        out = self.k("describe", "deployment", "gall").stdout
        self.assertRegex(out, r"Replicas:\s+2 desired \| 0 updated \| 0 total \| 0 available")
        self.assertRegex(out, r"StrategyType:\s+RollingUpdate")
        self.assertRegex(out, r"RollingUpdateStrategy:\s+25% max unavailable, 25% max surge")
        self.assertRegex(self.k("describe", "service", "gall").stdout, r"IP:\s+10\.")
        self.k("run", "dpod", "--image=busybox")
        out = self.k("describe", "pod", "dpod").stdout
        self.assertRegex(out, r"Status:\s+Pending")
        self.assertRegex(out, r"QoS Class:\s+BestEffort")
        # Every other kind describes (those with objects from other tests, and
        # empty ones).
        out = self.k("describe", "configmap,secret,serviceaccount,role,quota,pdb,ingress,"
                     "cronjob,job,hpa,statefulset,daemonset,replicaset,pvc,networkpolicy,lease,"
                     "endpointslice,limitrange,rolebinding,endpoints,podtemplate,rc").stdout
        self.assertIn("Name:", out)
        out = self.kubectl("describe", "pv,storageclass,priorityclass,ingressclass,csidriver,"
                           "runtimeclass,csinode,volumeattachment,clusterrolebinding").stdout
        self.assertIn("Name:", out)
        self.assertRegex(self.kubectl("describe", "namespace", NS).stdout, r"Status:\s+Active")
        self.assertIn("PolicyRule:", self.kubectl("describe", "clusterrole", "admin").stdout)

    def test_explain_prints_descriptions(self):
        out = self.kubectl("explain", "deployment.spec.strategy.rollingUpdate").stdout
        self.assertIn("GROUP:      apps", out)
        self.assertIn("KIND:       Deployment", out)
        self.assertRegex(out, r"FIELD: rollingUpdate <RollingUpdateDeployment>")
        self.assertRegex(out, r"maxSurge\s+<IntOrString>")
        self.assertRegex(out, r"maxUnavailable\s+<IntOrString>")
        for target, field in [("pod.spec.containers", "imagePullPolicy"),
                              ("service.spec", "sessionAffinity"),
                              ("cronjob.spec", "concurrencyPolicy"),
                              ("ingress.spec.rules", "host"),
                              ("pvc.spec", "accessModes")]:
            with self.subTest(explain=target):
                out = self.kubectl("explain", target).stdout
                self.assertIn("DESCRIPTION:", out)
                self.assertRegex(out, r"\n  %s\s+<" % field)
                desc = out.split("DESCRIPTION:")[1].split("FIELDS:")[0].strip()
                self.assertTrue(desc, out)

    # --- errors and normalisation ----------------------------------------

    def test_validation_errors_read_as_upstream(self):
        bad = {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
               "spec": {"selector": {"matchLabels": {"app": "x"}},
                        "template": _template({"app": "y"})}}
        p = self.assertKubectlFails('The Deployment "x" is invalid: ', "-n", NS, "create", "-f",
                                    "-", input=json.dumps(bad))
        self.assertIn('spec.template.metadata.labels: Invalid value: '
                      'map[string]string{"app":"y"}: `selector` does not match template '
                      '`labels`', p.stderr)
        # Typed clients print the server's own message.
        self.assertKubectlFails('error: failed to create deployment: Deployment.apps "Bad" is '
                                'invalid: metadata.name: Invalid value: "Bad": a lowercase RFC '
                                '1123 subdomain', "-n", NS, "create",
                                "deployment", "Bad", "--image=nginx")
        neg = dict(bad, metadata={"name": "neg"})
        neg["spec"] = dict(bad["spec"], replicas=-1, template=_template({"app": "x"}))
        self.assertKubectlFails('The Deployment "neg" is invalid: spec.replicas: Invalid value: '
                                '-1: must be greater than or equal to 0', "-n", NS, "create",
                                "-f", "-", input=json.dumps(neg))
        job = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "badjob"},
               "spec": {"template": {"spec": _pod_spec()}}}
        self.assertKubectlFails('spec.template.spec.restartPolicy: Unsupported value: "Always": '
                                'supported values: "OnFailure", "Never"', "-n", NS, "create",
                                "-f", "-", input=json.dumps(job))
        self.assertKubectlFails('The Service "bad-svc" is invalid: spec.ports: Required value',
                                "-n", NS, "create", "-f", "-", input=json.dumps(
                                    {"apiVersion": "v1", "kind": "Service",
                                     "metadata": {"name": "bad-svc"}, "spec": {}}))

    def test_empty_maps_are_dropped_like_omitempty(self):
        self.k("create", "configmap", "em", "--from-literal=a=b")
        self.k("annotate", "configmap", "em", "note=x")
        self.k("annotate", "configmap", "em", "note-")
        self.k("label", "configmap", "em", "l=1")
        self.k("label", "configmap", "em", "l-")
        cm = self.get("configmap", "em")
        self.assertNotIn("annotations", cm["metadata"])
        self.assertNotIn("labels", cm["metadata"])
        self.k("patch", "configmap", "em", "--type=merge",
               "-p", '{"metadata":{"annotations":{}},"data":{"a":null}}')
        cm = self.get("configmap", "em")
        self.assertNotIn("annotations", cm["metadata"])
        self.assertNotIn("data", cm)
        self.k("patch", "configmap", "em", "--type=json",
               "-p", '[{"op":"add","path":"/metadata/labels","value":{}}]')
        self.assertNotIn("labels", self.get("configmap", "em")["metadata"])
        # Empty structs are not maps: a container's resources stays {}.
        self.k("create", "deployment", "em", "--image=nginx")
        self.k("patch", "deployment", "em", "--type=merge", "-p",
               '{"spec":{"template":{"spec":{"nodeSelector":{}}}}}')
        spec = self.get("deployment", "em")["spec"]["template"]["spec"]
        self.assertNotIn("nodeSelector", spec)
        self.assertEqual(spec["containers"][0]["resources"], {})
        self.assertEqual(spec["securityContext"], {})

    def test_server_side_apply_migration_leaves_no_diff(self):
        manifest = yaml.safe_dump({"apiVersion": "v1", "kind": "ConfigMap",
                                   "metadata": {"name": "ssa", "namespace": NS},
                                   "data": {"a": "b"}})
        path = self.write("ssa.yaml", manifest)
        self.kubectl("apply", "-f", path)
        self.kubectl("apply", "--server-side", "-f", path)
        diff = self.kubectl("diff", "--server-side", "-f", path, check=False)
        self.assertEqual(diff.returncode, 0, diff.stdout + diff.stderr)
        diff = self.kubectl("diff", "-f", path, check=False)
        self.assertEqual(diff.returncode, 0, diff.stdout + diff.stderr)

        # The same with a Deployment, whose defaults neither apply nor diff
        # count as changes (its generation stays 1).
        deploy = {"apiVersion": "apps/v1", "kind": "Deployment",
                  "metadata": {"name": "ssa", "namespace": NS, "annotations": {"team": "a"}},
                  "spec": {"selector": {"matchLabels": {"app": "ssa"}},
                           "template": {"metadata": {"labels": {"app": "ssa"}}, "spec": {
                               "containers": [{"name": "c", "image": "nginx",
                                               "ports": [{"containerPort": 80}]}]}}}}
        path = self.write("ssa-deploy.yaml", yaml.safe_dump(deploy))
        self.kubectl("apply", "-f", path)
        self.kubectl("apply", "--server-side", "-f", path)
        for args in (["diff", "-f", path], ["diff", "--server-side", "-f", path]):
            diff = self.kubectl(*args, check=False)
            self.assertEqual(diff.returncode, 0, diff.stdout + diff.stderr)
        deploy["metadata"]["annotations"]["team"] = "b"
        path = self.write("ssa-deploy.yaml", yaml.safe_dump(deploy))
        self.kubectl("apply", "--server-side", "-f", path)
        self.kubectl("apply", "-f", path)
        d = self.get("deployment", "ssa")
        self.assertEqual(d["metadata"]["annotations"]["team"], "b")
        self.assertEqual(d["metadata"]["generation"], 1)


if __name__ == "__main__":
    unittest.main()
