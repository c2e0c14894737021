#include "apiserver/authz/impersonation.h"

#include <gtest/gtest.h>

#include "tests/apiserver/authz/authz_test_util.h"

namespace ekslite::testing {
namespace {

using http::Verb;

constexpr char kWhoami[] = "/apis/authentication.k8s.io/v1/selfsubjectreviews";
constexpr char kReview[] = R"({"apiVersion":"authentication.k8s.io/v1","kind":"SelfSubjectReview"})";

class ImpersonationTest : public ::testing::Test {
 protected:
  // Who the server says the caller is, acting with `headers`.
  Json WhoAmI(const apiserver::UserInfo& as, const Headers& headers, int* code = nullptr) {
    TestResponse r = DoAs(api_, as, Verb::post, kWhoami, kReview, headers);
    if (code != nullptr) *code = r.code;
    return r.Parsed();
  }

  TestApi api_;
  apiserver::UserInfo admin_ = User("admin", {"system:masters"});
};

TEST_F(ImpersonationTest, AdminActsAsUserWithGroupsUidAndExtra) {
  Json review = WhoAmI(admin_, {{"Impersonate-User", "jane"},
                                {"Impersonate-Group", "devs"},
                                {"Impersonate-Group", "qa"},
                                {"Impersonate-Uid", "u-1"},
                                {"Impersonate-Extra-Scopes%2Fx", "read"}});
  EXPECT_EQ(StringAt(review, "status.userInfo.username"), "jane");
  EXPECT_EQ(StringAt(review, "status.userInfo.uid"), "u-1");
  EXPECT_EQ(ToJsonString(*Path(review, "status.userInfo.groups")),
            R"(["devs","qa","system:authenticated"])");
  EXPECT_EQ(ToJsonString(*Path(review, "status.userInfo.extra")), R"({"scopes/x":["read"]})");
}

TEST_F(ImpersonationTest, ServiceAccountGetsItsGroups) {
  Json review = WhoAmI(admin_, {{"Impersonate-User", "system:serviceaccount:ns1:robot"}});
  EXPECT_EQ(StringAt(review, "status.userInfo.username"), "system:serviceaccount:ns1:robot");
  EXPECT_EQ(ToJsonString(*Path(review, "status.userInfo.groups")),
            R"(["system:serviceaccounts","system:serviceaccounts:ns1","system:authenticated"])");
}

TEST_F(ImpersonationTest, ImpersonatedUserIsAuthorizedAsItself) {
  TestResponse r = DoAs(api_, admin_, Verb::get, "/api/v1/namespaces/default/secrets", "",
                        {{"Impersonate-User", "jane"}});
  EXPECT_EQ(r.code, 403);
  EXPECT_EQ(Message(r),
            "secrets is forbidden: User \"jane\" cannot list resource \"secrets\" in API group "
            "\"\" in the namespace \"default\"");
}

TEST_F(ImpersonationTest, RefusedWithoutThePermission) {
  int code = 0;
  Json r = WhoAmI(User("bob"), {{"Impersonate-User", "alice"}}, &code);
  EXPECT_EQ(code, 403);
  EXPECT_EQ(StringAt(r, "message"),
            "users \"alice\" is forbidden: User \"bob\" cannot impersonate resource \"users\" in "
            "API group \"\" at the cluster scope");
  r = WhoAmI(User("bob"), {{"Impersonate-User", "system:serviceaccount:ns1:robot"}}, &code);
  EXPECT_EQ(StringAt(r, "message"),
            "serviceaccounts \"robot\" is forbidden: User \"bob\" cannot impersonate resource "
            "\"serviceaccounts\" in API group \"\" in the namespace \"ns1\"");
}

TEST_F(ImpersonationTest, AllowedByRbacForNamedUsersOnly) {
  std::string rbac = "/apis/rbac.authorization.k8s.io/v1";
  ASSERT_EQ(api_.Post(rbac + "/clusterroles",
                      RoleJson("impersonate-alice", "",
                               R"({"verbs":["impersonate"],"apiGroups":[""],)"
                               R"("resources":["users"],"resourceNames":["alice"]})"))
                .code,
            201);
  ASSERT_EQ(api_.Post(rbac + "/clusterrolebindings",
                      BindingJson("bob-as-alice", "", "ClusterRole", "impersonate-alice",
                                  UserSubject("bob")))
                .code,
            201);
  int code = 0;
  Json r = WhoAmI(User("bob"), {{"Impersonate-User", "alice"}}, &code);
  EXPECT_EQ(code, 201);
  EXPECT_EQ(StringAt(r, "status.userInfo.username"), "alice");
  WhoAmI(User("bob"), {{"Impersonate-User", "carol"}}, &code);
  EXPECT_EQ(code, 403);
  // Groups need their own permission.
  r = WhoAmI(User("bob"), {{"Impersonate-User", "alice"}, {"Impersonate-Group", "admins"}}, &code);
  EXPECT_EQ(code, 403);
  EXPECT_EQ(StringAt(r, "message"),
            "groups \"admins\" is forbidden: User \"bob\" cannot impersonate resource \"groups\" "
            "in API group \"\" at the cluster scope");
}

TEST_F(ImpersonationTest, GroupsWithoutUserAreAnError) {
  int code = 0;
  WhoAmI(admin_, {{"Impersonate-Group", "devs"}}, &code);
  EXPECT_EQ(code, 500);
}

}  // namespace
}  // namespace ekslite::testing
