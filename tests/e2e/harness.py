"""End-to-end harness: runs the real `ekslite` binary and the real kubectl.

A Cluster starts `ekslite server` in a fresh data directory on a free port,
waits for the kubeconfig it writes once it is ready, and runs kubectl (and
other clients) against it over TLS with the admin certificate.

Environment: EKSLITE_BIN (the binary), KUBECTL, HELM (set by hack/test.sh).
"""

import base64
import json
import os
import shutil
import signal
import ssl
import subprocess
import tempfile
import time
import unittest
import http.client

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EKSLITE = os.environ.get("EKSLITE_BIN", os.path.join(ROOT, "build", "ekslite"))
KUBECTL = os.environ.get("KUBECTL", os.path.join(ROOT, ".tools", "bin", "kubectl"))
HELM = os.environ.get("HELM", os.path.join(ROOT, ".tools", "bin", "helm"))


class Cluster:
    """One ekslite server and the clients that talk to it."""

    def __init__(self, *extra_args, storage="sqlite", data_dir=None):
        self.extra_args = list(extra_args)
        self.storage = storage
        self.dir = data_dir or tempfile.mkdtemp(prefix="ekslite-e2e-")
        self.kubeconfig = os.path.join(self.dir, "kubeconfig")
        self.proc = None
        self.log_path = os.path.join(self.dir, "server.log")
        self.home = tempfile.mkdtemp(prefix="ekslite-e2e-home-")  # kubectl's cache

    # --- lifecycle -----------------------------------------------------

    def start(self, timeout=20):
        if os.path.exists(self.kubeconfig):
            os.remove(self.kubeconfig)
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                [EKSLITE, "server", "--data-dir", self.dir, "--listen", "127.0.0.1:0",
                 "--storage", self.storage] + self.extra_args,
                stdout=log, stderr=log)
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("ekslite exited with %s:\n%s" % (self.proc.returncode, self.log()))
            if os.path.exists(self.kubeconfig):
                self._load_kubeconfig()
                return self
            time.sleep(0.02)
        raise RuntimeError("ekslite did not become ready:\n" + self.log())

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode if self.proc else None

    def kill9(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
        shutil.rmtree(self.home, ignore_errors=True)

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode(errors="replace")[-6000:]
        except OSError:
            return ""

    def _load_kubeconfig(self):
        with open(self.kubeconfig) as f:
            cfg = yaml.safe_load(f)
        self.server = cfg["clusters"][0]["cluster"]["server"]
        host_port = self.server.split("://", 1)[1]
        self.host, port = host_port.rsplit(":", 1)
        self.port = int(port)
        pki = os.path.join(self.dir, "e2e-client")
        os.makedirs(pki, exist_ok=True)
        user = cfg["users"][0]["user"]
        files = {"ca.crt": cfg["clusters"][0]["cluster"]["certificate-authority-data"],
                 "client.crt": user["client-certificate-data"],
                 "client.key": user["client-key-data"]}
        for name, data in files.items():
            with open(os.path.join(pki, name), "wb") as f:
                f.write(base64.b64decode(data))
        self.ca_file = os.path.join(pki, "ca.crt")
        self.cert_file = os.path.join(pki, "client.crt")
        self.key_file = os.path.join(pki, "client.key")

    # --- clients -------------------------------------------------------

    def env(self):
        env = dict(os.environ)
        env["KUBECONFIG"] = self.kubeconfig
        env["HOME"] = self.home
        return env

    def kubectl(self, *args, input=None, check=True, timeout=60, binary=None):
        """Runs kubectl; returns the CompletedProcess (text)."""
        p = subprocess.run([binary or KUBECTL] + list(args), input=input, capture_output=True,
                           text=True, env=self.env(), timeout=timeout)
        if check and p.returncode != 0:
            raise AssertionError("kubectl %s failed (%d):\n%s%s" % (
                " ".join(args), p.returncode, p.stdout, p.stderr))
        return p

    def kubectl_json(self, *args):
        return json.loads(self.kubectl(*args, "-o", "json").stdout)

    def popen_kubectl(self, *args):
        return subprocess.Popen([KUBECTL] + list(args), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=self.env())

    def ssl_context(self, client_cert=True):
        ctx = ssl.create_default_context(cafile=self.ca_file)
        if client_cert:
            ctx.load_cert_chain(self.cert_file, self.key_file)
        return ctx

    def connection(self, client_cert=True, timeout=30):
        return http.client.HTTPSConnection(self.host, self.port, context=self.ssl_context(client_cert),
                                           timeout=timeout)

    def request(self, method, path, body=None, headers=None, client_cert=True):
        """One HTTPS request; returns (status, parsed JSON or text, headers)."""
        conn = self.connection(client_cert)
        try:
            hdrs = {"Content-Type": "application/json"} if body is not None else {}
            hdrs.update(headers or {})
            if isinstance(body, (dict, list)):
                body = json.dumps(body)
            conn.request(method, path, body=body, headers=hdrs)
            resp = conn.getresponse()
            data = resp.read().decode(errors="replace")
            try:
                parsed = json.loads(data)
            except ValueError:
                parsed = data
            return resp.status, parsed, dict(resp.getheaders())
        finally:
            conn.close()


class ClusterTestCase(unittest.TestCase):
    """A test case sharing one cluster across its tests."""

    cluster_args = ()
    storage = "sqlite"

    @classmethod
    def setUpClass(cls):
        cls.cluster = Cluster(*cls.cluster_args, storage=cls.storage).start()

    @classmethod
    def tearDownClass(cls):
        cls.cluster.cleanup()

    def kubectl(self, *args, **kw):
        return self.cluster.kubectl(*args, **kw)

    def assertKubectlFails(self, expected_stderr, *args, **kw):
        p = self.cluster.kubectl(*args, check=False, **kw)
        self.assertNotEqual(p.returncode, 0, "kubectl %s unexpectedly succeeded:\n%s" % (
            " ".join(args), p.stdout))
        self.assertIn(expected_stderr, p.stderr)
        return p


def wait_until(predicate, timeout=10, interval=0.05, message="condition"):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError("timed out waiting for %s (last: %r)" % (message, last))
