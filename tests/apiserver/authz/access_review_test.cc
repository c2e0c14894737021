// The authorization.k8s.io reviews and SelfSubjectReview, through the handler.
#include <gtest/gtest.h>

#include "tests/apiserver/authz/authz_test_util.h"

namespace ekslite::testing {
namespace {

using http::Verb;

constexpr char kAuthz[] = "/apis/authorization.k8s.io/v1";

class AccessReviewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string rbac = "/apis/rbac.authorization.k8s.io/v1";
    ASSERT_EQ(api_.Post("/api/v1/namespaces", R"({"metadata":{"name":"team"}})").code, 201);
    ASSERT_EQ(api_.Post(rbac + "/namespaces/team/roles",
                        RoleJson("cm", "team",
                                 R"({"verbs":["get","list"],"apiGroups":[""],)"
                                 R"("resources":["configmaps"]})"))
                  .code,
              201);
    ASSERT_EQ(api_.Post(rbac + "/namespaces/team/rolebindings",
                        BindingJson("bob-cm", "team", "Role", "cm", UserSubject("bob")))
                  .code,
              201);
  }

  Json Review(const apiserver::UserInfo& as, const std::string& path, const std::string& body,
              int want = 201) {
    TestResponse r = DoAs(api_, as, Verb::post, std::string(kAuthz) + path, body);
    EXPECT_EQ(r.code, want) << r.body;
    return r.Parsed();
  }

  TestApi api_;
};

TEST_F(AccessReviewTest, SelfSubjectAccessReview) {
  std::string can_list =
      R"({"spec":{"resourceAttributes":{"namespace":"team","verb":"list","resource":"configmaps"}}})";
  Json r = Review(User("bob"), "/selfsubjectaccessreviews", can_list);
  EXPECT_EQ(StringAt(r, "kind"), "SelfSubjectAccessReview");
  EXPECT_TRUE((*Path(r, "status.allowed")).GetBool());
  EXPECT_EQ(StringAt(r, "status.reason"),
            "RBAC: allowed by RoleBinding \"bob-cm/team\" of Role \"cm\" to User \"bob\"");
  std::string can_delete =
      R"({"spec":{"resourceAttributes":{"namespace":"team","verb":"delete","resource":"secrets"}}})";
  r = Review(User("bob"), "/selfsubjectaccessreviews", can_delete);
  EXPECT_FALSE((*Path(r, "status.allowed")).GetBool());
  r = Review(User("bob"), "/selfsubjectaccessreviews",
             R"({"spec":{"nonResourceAttributes":{"path":"/version","verb":"get"}}})");
  EXPECT_TRUE((*Path(r, "status.allowed")).GetBool());
  r = Review(User("bob"), "/selfsubjectaccessreviews", R"({"spec":{}})", 422);
  EXPECT_EQ(StringAt(r, "message"),
            "SelfSubjectAccessReview.authorization.k8s.io \"\" is invalid: "
            "spec.resourceAttributes: Required value: exactly one of nonResourceAttributes or "
            "resourceAttributes must be specified");
}

TEST_F(AccessReviewTest, SubjectAccessReviewsNeedPermissionAndAUser) {
  std::string body =
      R"({"spec":{"user":"bob","resourceAttributes":{"namespace":"team","verb":"get",)"
      R"("resource":"configmaps","name":"x"}}})";
  Review(User("bob"), "/subjectaccessreviews", body, 403);
  Json r = Review(User("admin", {"system:masters"}), "/subjectaccessreviews", body);
  EXPECT_TRUE((*Path(r, "status.allowed")).GetBool());
  r = Review(User("admin", {"system:masters"}), "/subjectaccessreviews",
             R"({"spec":{"resourceAttributes":{"verb":"get","resource":"pods"}}})", 422);
  EXPECT_EQ(StringAt(r, "message"),
            "SubjectAccessReview.authorization.k8s.io \"\" is invalid: spec.user: Invalid value: "
            "\"\": at least one of user or group must be specified");
  r = Review(User("admin", {"system:masters"}), "/namespaces/team/localsubjectaccessreviews",
             R"({"spec":{"user":"bob","resourceAttributes":{"namespace":"team","verb":"list",)"
             R"("resource":"configmaps"}}})");
  EXPECT_TRUE((*Path(r, "status.allowed")).GetBool());
  Review(User("admin", {"system:masters"}), "/namespaces/team/localsubjectaccessreviews",
         R"({"spec":{"user":"bob","resourceAttributes":{"namespace":"x","verb":"list",)"
         R"("resource":"configmaps"}}})",
         400);
}

TEST_F(AccessReviewTest, SelfSubjectRulesReviewListsBoundRules) {
  Json r = Review(User("bob"), "/selfsubjectrulesreviews", R"({"spec":{"namespace":"team"}})");
  std::string rules = ToJsonString(*Path(r, "status.resourceRules"));
  EXPECT_NE(rules.find(R"({"verbs":["get","list"],"apiGroups":[""],"resources":["configmaps"]})"),
            std::string::npos)
      << rules;
  EXPECT_NE(rules.find("selfsubjectaccessreviews"), std::string::npos);
  EXPECT_NE(ToJsonString(*Path(r, "status.nonResourceRules")).find("/version"),
            std::string::npos);
  EXPECT_FALSE((*Path(r, "status.incomplete")).GetBool());
  r = Review(User("bob"), "/selfsubjectrulesreviews", R"({"spec":{"namespace":"default"}})");
  EXPECT_EQ(ToJsonString(*Path(r, "status.resourceRules")).find("configmaps"), std::string::npos);
  Review(User("bob"), "/selfsubjectrulesreviews", R"({"spec":{}})", 400);
}

TEST_F(AccessReviewTest, SelfSubjectReviewReturnsTheCaller) {
  TestResponse r = DoAs(api_, User("bob", {"devs"}), Verb::post,
                        "/apis/authentication.k8s.io/v1/selfsubjectreviews", R"({})");
  ASSERT_EQ(r.code, 201) << r.body;
  Json review = r.Parsed();
  EXPECT_EQ(StringAt(review, "apiVersion"), "authentication.k8s.io/v1");
  EXPECT_EQ(StringAt(review, "status.userInfo.username"), "bob");
  EXPECT_EQ(ToJsonString(*Path(review, "status.userInfo.groups")),
            R"(["devs","system:authenticated"])");
}

}  // namespace
}  // namespace ekslite::testing
