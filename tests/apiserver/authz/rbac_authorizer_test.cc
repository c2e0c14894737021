#include "apiserver/authz/rbac_authorizer.h"

#include <gtest/gtest.h>

#include "tests/apiserver/authz/authz_test_util.h"

namespace ekslite::testing {
namespace {

using http::Verb;

constexpr char kRbac[] = "/apis/rbac.authorization.k8s.io/v1";

class RbacAuthorizerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(api_.Post("/api/v1/namespaces", R"({"metadata":{"name":"team"}})").code, 201);
  }
  void Create(const std::string& path, const std::string& body) {
    TestResponse r = api_.Post(std::string(kRbac) + path, body);
    ASSERT_EQ(r.code, 201) << r.body;
  }
  TestResponse AsBob(Verb verb, const std::string& target, const std::string& body = "") {
    return DoAs(api_, User("bob"), verb, target, body);
  }

  TestApi api_;
};

TEST_F(RbacAuthorizerTest, BootstrapPolicyExists) {
  for (const char* role : {"cluster-admin", "admin", "edit", "view", "system:discovery",
                           "system:basic-user", "system:public-info-viewer"}) {
    EXPECT_EQ(api_.Get(std::string(kRbac) + "/clusterroles/" + role).code, 200) << role;
  }
  for (const char* binding :
       {"cluster-admin", "system:discovery", "system:basic-user", "system:public-info-viewer"}) {
    EXPECT_EQ(api_.Get(std::string(kRbac) + "/clusterrolebindings/" + binding).code, 200)
        << binding;
  }
  Json admin = api_.Get(std::string(kRbac) + "/clusterroles/admin").Parsed();
  EXPECT_EQ(View(*Member(*Path(admin, "metadata.labels"), "kubernetes.io/bootstrapping")),
            "rbac-defaults");
  std::string rules = ToJsonString(*Member(admin, "rules"));
  // admin aggregates edit, which aggregates view.
  EXPECT_NE(rules.find("localsubjectaccessreviews"), std::string::npos);
  EXPECT_NE(rules.find("pods/exec"), std::string::npos);
  EXPECT_NE(rules.find("controllerrevisions"), std::string::npos);
}

TEST_F(RbacAuthorizerTest, UserWithoutBindingsGetsUpstreamForbiddenMessages) {
  TestResponse list = AsBob(Verb::get, "/api/v1/namespaces/default/configmaps");
  EXPECT_EQ(list.code, 403);
  EXPECT_EQ(Message(list),
            "configmaps is forbidden: User \"bob\" cannot list resource \"configmaps\" in API "
            "group \"\" in the namespace \"default\"");
  Json body = list.Parsed();
  EXPECT_EQ(StringAt(body, "reason"), "Forbidden");
  EXPECT_EQ(StringAt(body, "details.kind"), "configmaps");

  TestResponse get = AsBob(Verb::get, "/api/v1/namespaces/default/configmaps/x");
  EXPECT_EQ(Message(get),
            "configmaps \"x\" is forbidden: User \"bob\" cannot get resource \"configmaps\" in "
            "API group \"\" in the namespace \"default\"");
  EXPECT_EQ(StringAt(get.Parsed(), "details.name"), "x");

  EXPECT_EQ(Message(AsBob(Verb::get, "/api/v1/nodes")),
            "nodes is forbidden: User \"bob\" cannot list resource \"nodes\" in API group \"\" "
            "at the cluster scope");
  EXPECT_EQ(Message(AsBob(Verb::get, "/apis/apps/v1/namespaces/team/deployments/web/scale")),
            "deployments.apps \"web\" is forbidden: User \"bob\" cannot get resource "
            "\"deployments/scale\" in API group \"apps\" in the namespace \"team\"");
  EXPECT_EQ(Message(AsBob(Verb::get, "/metrics")),
            "forbidden: User \"bob\" cannot get path \"/metrics\"");
  EXPECT_EQ(Message(AsBob(Verb::get, "/api/v1/namespaces/team")),
            "namespaces \"team\" is forbidden: User \"bob\" cannot get resource \"namespaces\" in "
            "API group \"\" in the namespace \"team\"");
  EXPECT_EQ(Message(AsBob(Verb::get, "/api/v1/namespaces/default/pods?watch=true")),
            "pods is forbidden: User \"bob\" cannot watch resource \"pods\" in API group \"\" in "
            "the namespace \"default\"");
}

TEST_F(RbacAuthorizerTest, AuthenticatedUsersMayDiscover) {
  EXPECT_EQ(AsBob(Verb::get, "/version").code, 200);
  EXPECT_EQ(AsBob(Verb::get, "/api").code, 200);
  EXPECT_EQ(AsBob(Verb::get, "/apis").code, 200);
  EXPECT_EQ(AsBob(Verb::get, "/api/v1").code, 200);
  EXPECT_EQ(AsBob(Verb::get, "/healthz").code, 200);
}

TEST_F(RbacAuthorizerTest, RoleBindingGrantsExactlyWhatTheRoleSays) {
  Create("/namespaces/team/roles",
         RoleJson("cm-reader", "team",
                  R"({"verbs":["get","list"],"apiGroups":[""],"resources":["configmaps"]})"));
  Create("/namespaces/team/rolebindings",
         BindingJson("bob-reads", "team", "Role", "cm-reader", UserSubject("bob")));
  EXPECT_EQ(AsBob(Verb::get, "/api/v1/namespaces/team/configmaps").code, 200);
  EXPECT_EQ(AsBob(Verb::get, "/api/v1/namespaces/team/configmaps/missing").code, 404);
  EXPECT_EQ(AsBob(Verb::get, "/api/v1/namespaces/team/secrets").code, 403);
  EXPECT_EQ(AsBob(Verb::get, "/api/v1/namespaces/default/configmaps").code, 403);
  EXPECT_EQ(AsBob(Verb::get, "/api/v1/configmaps").code, 403);
  EXPECT_EQ(AsBob(Verb::get, "/api/v1/namespaces/team/configmaps?watch=true").code, 403);
  EXPECT_EQ(AsBob(Verb::post, "/api/v1/namespaces/team/configmaps",
                  R"({"metadata":{"name":"c"}})")
                .code,
            403);
  // Revoking is immediate.
  ASSERT_EQ(api_.Do(Verb::delete_, std::string(kRbac) + "/namespaces/team/rolebindings/bob-reads")
                .code,
            200);
  EXPECT_EQ(AsBob(Verb::get, "/api/v1/namespaces/team/configmaps").code, 403);
}

TEST_F(RbacAuthorizerTest, ResourceNamesApplyToGetAndNamedLists) {
  Create("/clusterroles", RoleJson("one-cm", "",
                                   R"({"verbs":["get","list"],"apiGroups":[""],)"
                                   R"("resources":["configmaps"],"resourceNames":["a"]})"));
  Create("/namespaces/team/rolebindings",
         BindingJson("b", "team", "ClusterRole", "one-cm", UserSubject("bob")));
  EXPECT_EQ(AsBob(Verb::get, "/api/v1/namespaces/team/configmaps/a").code, 404);
  EXPECT_EQ(AsBob(Verb::get, "/api/v1/namespaces/team/configmaps/b").code, 403);
  EXPECT_EQ(AsBob(Verb::get, "/api/v1/namespaces/team/configmaps").code, 403);
  EXPECT_EQ(
      AsBob(Verb::get, "/api/v1/namespaces/team/configmaps?fieldSelector=metadata.name%3Da").code,
      200);
}

TEST_F(RbacAuthorizerTest, GroupAndServiceAccountSubjects) {
  Create("/clusterrolebindings",
         BindingJson("ops-view", "", "ClusterRole", "view",
                     R"({"kind":"Group","apiGroup":"rbac.authorization.k8s.io","name":"ops"})"));
  EXPECT_EQ(DoAs(api_, User("carol", {"ops"}), Verb::get, "/api/v1/namespaces/team/pods").code,
            200);
  EXPECT_EQ(DoAs(api_, User("carol"), Verb::get, "/api/v1/namespaces/team/pods").code, 403);
  // A RoleBinding's ServiceAccount subject defaults to the binding's namespace.
  Create("/namespaces/team/rolebindings",
         BindingJson("robot-edit", "team", "ClusterRole", "edit",
                     R"({"kind":"ServiceAccount","name":"robot"})"));
  auto robot = User("system:serviceaccount:team:robot", {"system:serviceaccounts"});
  EXPECT_EQ(DoAs(api_, robot, Verb::get, "/api/v1/namespaces/team/secrets").code, 200);
  EXPECT_EQ(DoAs(api_, robot, Verb::get, "/api/v1/namespaces/default/secrets").code, 403);
}

TEST_F(RbacAuthorizerTest, MissingRoleIsTheReason) {
  Create("/namespaces/team/rolebindings",
         BindingJson("dangling", "team", "ClusterRole", "nope", UserSubject("bob")));
  EXPECT_EQ(Message(AsBob(Verb::get, "/api/v1/namespaces/team/pods")),
            "pods is forbidden: User \"bob\" cannot list resource \"pods\" in API group \"\" in "
            "the namespace \"team\": RBAC: clusterrole.rbac.authorization.k8s.io \"nope\" not "
            "found");
}

TEST_F(RbacAuthorizerTest, AggregationFollowsLabels) {
  Create("/clusterroles",
         R"({"metadata":{"name":"monitoring"},"aggregationRule":{"clusterRoleSelectors":[)"
         R"({"matchLabels":{"team":"mon"}}]}})");
  Create("/clusterroles", R"({"metadata":{"name":"mon-pods","labels":{"team":"mon"}},)"
                          R"("rules":[{"verbs":["get"],"apiGroups":[""],"resources":["pods"]}]})");
  Json role = api_.Get(std::string(kRbac) + "/clusterroles/monitoring").Parsed();
  EXPECT_EQ(ToJsonString(*Member(role, "rules")),
            R"([{"verbs":["get"],"apiGroups":[""],"resources":["pods"]}])");
  // Relabelling the source removes its rules from the aggregate.
  TestResponse patch =
      api_.Do(Verb::patch, std::string(kRbac) + "/clusterroles/mon-pods",
              R"({"metadata":{"labels":{"team":null}}})", "application/merge-patch+json");
  ASSERT_EQ(patch.code, 200) << patch.body;
  role = api_.Get(std::string(kRbac) + "/clusterroles/monitoring").Parsed();
  EXPECT_EQ(ToJsonString(*Member(role, "rules")), "[]");
  // A role labelled for view reaches view, edit and admin.
  Create("/clusterroles",
         R"({"metadata":{"name":"widgets-view","labels":{)"
         R"("rbac.authorization.k8s.io/aggregate-to-view":"true"}},)"
         R"("rules":[{"verbs":["get"],"apiGroups":["example.com"],"resources":["widgets"]}]})");
  for (const char* name : {"view", "edit", "admin"}) {
    std::string rules =
        ToJsonString(*Member(api_.Get(std::string(kRbac) + "/clusterroles/" + name).Parsed(),
                             "rules"));
    EXPECT_NE(rules.find("widgets"), std::string::npos) << name;
  }
}

TEST_F(RbacAuthorizerTest, RoleRefIsImmutableAndRulesAreValidated) {
  Create("/namespaces/team/rolebindings",
         BindingJson("b", "team", "ClusterRole", "view", UserSubject("bob")));
  TestResponse r = api_.Do(Verb::put, std::string(kRbac) + "/namespaces/team/rolebindings/b",
                           BindingJson("b", "team", "ClusterRole", "edit", UserSubject("bob")));
  EXPECT_EQ(r.code, 422);
  EXPECT_EQ(Message(r),
            "RoleBinding.rbac.authorization.k8s.io \"b\" is invalid: roleRef: Invalid value: "
            "rbac.RoleRef{APIGroup:\"rbac.authorization.k8s.io\", Kind:\"ClusterRole\", "
            "Name:\"edit\"}: cannot change roleRef");
  r = api_.Post(std::string(kRbac) + "/namespaces/team/roles",
                RoleJson("bad", "team", R"({"apiGroups":[""],"resources":["pods"]})"));
  EXPECT_EQ(r.code, 422);
  EXPECT_EQ(Message(r),
            "Role.rbac.authorization.k8s.io \"bad\" is invalid: rules[0].verbs: Required value: "
            "verbs must contain at least one value");
}

TEST_F(RbacAuthorizerTest, BindingTableListsSubjects) {
  Create("/namespaces/team/rolebindings",
         BindingJson("b", "team", "ClusterRole", "view",
                     UserSubject("bob") + R"(,{"kind":"ServiceAccount","name":"r","namespace":"x"})"));
  TestResponse r = api_.Do(Verb::get, std::string(kRbac) + "/namespaces/team/rolebindings", "",
                           "application/json",
                           {{"Accept", "application/json;as=Table;v=v1;g=meta.k8s.io"}});
  ASSERT_EQ(r.code, 200);
  Json table = r.Parsed();
  const JsonValue& cells = (*Member(table, "rows"))[0]["cells"];
  EXPECT_EQ(View(cells[1]), "ClusterRole/view");
  EXPECT_EQ(View(cells[3]), "bob");
  EXPECT_EQ(View(cells[5]), "x/r");
}

}  // namespace
}  // namespace ekslite::testing
