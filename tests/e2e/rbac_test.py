"""RBAC, service-account tokens and the review APIs with the real kubectl:
a namespace, a ServiceAccount with a Role and RoleBinding, `kubectl create
token`, what that token may and may not do, `kubectl auth can-i` (also
`--list` and `--as`), `kubectl auth whoami`, and the bootstrap roles."""

import unittest

from harness import ClusterTestCase


class RbacTest(ClusterTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        k = cls.cluster.kubectl
        k("create", "namespace", "t")
        k("create", "serviceaccount", "robot", "-n", "t")
        k("create", "role", "cm-reader", "--verb=get", "--verb=list", "--resource=configmaps",
          "-n", "t")
        k("create", "rolebinding", "robot-reads", "--role=cm-reader",
          "--serviceaccount=t:robot", "-n", "t")
        k("create", "configmap", "settings", "--from-literal=a=b", "-n", "t")
        cls.token = k("create", "token", "robot", "-n", "t", "--duration=1h").stdout.strip()

    def as_robot(self, *args, check=True):
        return self.cluster.kubectl(
            "--kubeconfig", "/dev/null", "--server", self.cluster.server,
            "--certificate-authority", self.cluster.ca_file, "--token", self.token,
            *args, check=check)

    def test_token_is_a_jwt(self):
        self.assertEqual(self.token.count("."), 2)

    def test_token_lists_configmaps_and_is_refused_secrets(self):
        out = self.as_robot("get", "configmaps", "-n", "t").stdout
        self.assertIn("settings", out)
        p = self.as_robot("get", "secrets", "-n", "t", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn('Error from server (Forbidden): secrets is forbidden: User '
                      '"system:serviceaccount:t:robot" cannot list resource "secrets" in API '
                      'group "" in the namespace "t"', p.stderr)

    def test_whoami_for_admin_and_token(self):
        out = self.kubectl("auth", "whoami").stdout
        self.assertRegex(out, r"Username\s+admin")
        self.assertIn("system:masters", out)
        out = self.as_robot("auth", "whoami").stdout
        self.assertRegex(out, r"Username\s+system:serviceaccount:t:robot")
        self.assertIn("system:serviceaccounts:t", out)
        self.assertIn("authentication.kubernetes.io/credential-id", out)

    def test_can_i(self):
        self.assertEqual(self.kubectl("auth", "can-i", "delete", "nodes").stdout.strip(), "yes")
        out = self.kubectl("auth", "can-i", "list", "configmaps", "-n", "t",
                           "--as=system:serviceaccount:t:robot").stdout.strip()
        self.assertEqual(out, "yes")
        p = self.kubectl("auth", "can-i", "list", "secrets", "-n", "t",
                         "--as=system:serviceaccount:t:robot", check=False)
        self.assertEqual(p.stdout.strip(), "no")

    def test_can_i_list_matches_the_role(self):
        out = self.kubectl("auth", "can-i", "--list", "-n", "t",
                           "--as=system:serviceaccount:t:robot").stdout
        rows = {line.split()[0]: line for line in out.splitlines()[1:] if line.strip()}
        self.assertIn("configmaps", rows)
        self.assertIn("[get list]", rows["configmaps"])
        self.assertIn("selfsubjectaccessreviews.authorization.k8s.io", rows)
        self.assertNotIn("secrets", rows)
        self.assertIn("[/version]", out)

    def test_impersonation_is_authorized(self):
        p = self.as_robot("get", "configmaps", "-n", "t", "--as=admin", check=False)
        self.assertNotEqual(p.returncode, 0)
        self.assertIn('users "admin" is forbidden: User "system:serviceaccount:t:robot" cannot '
                      'impersonate resource "users" in API group "" at the cluster scope',
                      p.stderr)
        out = self.kubectl("get", "configmaps", "-n", "t", "--as=someone",
                           "--as-group=system:masters").stdout
        self.assertIn("settings", out)

    def test_bootstrap_roles_and_tables(self):
        out = self.kubectl("get", "clusterroles").stdout
        self.assertRegex(out.splitlines()[0], r"NAME\s+CREATED AT")
        for name in ("cluster-admin", "admin", "edit", "view", "system:discovery"):
            self.assertIn(name, out)
        out = self.kubectl("get", "clusterrolebindings", "-o", "wide").stdout
        self.assertRegex(out.splitlines()[0],
                         r"NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS")
        self.assertRegex(out, r"cluster-admin\s+ClusterRole/cluster-admin\s+\S+\s+system:masters")
        out = self.kubectl("get", "rolebinding", "robot-reads", "-n", "t", "-o", "wide").stdout
        self.assertRegex(out, r"robot-reads\s+Role/cm-reader\s+\S+\s+t/robot")

    def test_deleted_service_account_token_stops_working(self):
        self.kubectl("create", "serviceaccount", "temp", "-n", "t")
        token = self.kubectl("create", "token", "temp", "-n", "t").stdout.strip()
        self.kubectl("delete", "serviceaccount", "temp", "-n", "t")
        p = self.cluster.kubectl(
            "--kubeconfig", "/dev/null", "--server", self.cluster.server,
            "--certificate-authority", self.cluster.ca_file, "--token", token,
            "get", "configmaps", "-n", "t", check=False)
        self.assertIn("You must be logged in to the server", p.stderr)


if __name__ == "__main__":
    unittest.main()
