// PATCH through the real handler over the memory store
// (apiserver/handlers/patch.cc): strategic merge patch of built-ins, its
// errors, the options checks and the managedFields every patch records.
#include <gtest/gtest.h>

#include <string>

#include "tests/testing/test_api.h"

namespace ekslite::testing {
namespace {

constexpr const char* kSmp = "application/strategic-merge-patch+json";
constexpr const char* kDeployments = "/apis/apps/v1/namespaces/default/deployments";

class PatchHandlerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string json =
        R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","labels":{"app":"web"}},)"
        R"("spec":{"replicas":1,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":)"
        R"({"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"nginx:1",)"
        R"("env":[{"name":"A","value":"1"}]},{"name":"side","image":"busybox"}]}}}})";
    TestResponse r =
        api_.Do(http::Verb::post, std::string(kDeployments) + "?fieldManager=creator", json);
    ASSERT_EQ(r.code, 201) << r.body;
  }

  TestResponse Patch(const std::string& body, const std::string& query = "?fieldManager=patcher",
                     const std::string& type = kSmp) {
    return api_.Do(http::Verb::patch, std::string(kDeployments) + "/web" + query, body, type);
  }

  TestApi api_;
};

TEST_F(PatchHandlerTest, StrategicMergePatchMergesContainersByName) {
  TestResponse r =
      Patch(R"({"spec":{"template":{"spec":{"containers":[{"name":"web","image":"nginx:2",)"
            R"("env":[{"name":"B","value":"2"}]}]}}}})");
  ASSERT_EQ(r.code, 200) << r.body;
  Json obj = r.Parsed();
  const JsonValue* containers = ekslite::Path(obj, "spec.template.spec.containers");
  ASSERT_NE(containers, nullptr);
  ASSERT_EQ(containers->Size(), 2u);
  EXPECT_EQ(StringAt((*containers)[0], "image"), "nginx:2");
  EXPECT_EQ(ToJsonString(*Member((*containers)[0], "env")),
            R"([{"name":"B","value":"2"},{"name":"A","value":"1"}])");
  EXPECT_EQ(StringAt((*containers)[1], "image"), "busybox");
  // The patch is recorded as an Update by its field manager.
  bool found = false;
  for (const JsonValue& e : ekslite::Path(obj, "metadata.managedFields")->GetArray()) {
    if (StringAt(e, "manager") == "patcher") {
      found = true;
      EXPECT_EQ(StringAt(e, "operation"), "Update");
    }
  }
  EXPECT_TRUE(found);
}

TEST_F(PatchHandlerTest, StrategicMergePatchDirectives) {
  TestResponse r =
      Patch(R"({"metadata":{"labels":{"$patch":"replace","x":"y"}},"spec":{"template":{"spec":)"
            R"({"containers":[{"name":"side","$patch":"delete"}]}}}})");
  ASSERT_EQ(r.code, 200) << r.body;
  Json obj = r.Parsed();
  EXPECT_EQ(ToJsonString(*ekslite::Path(obj, "metadata.labels")), R"({"x":"y"})");
  EXPECT_EQ(ekslite::Path(obj, "spec.template.spec.containers")->Size(), 1u);
}

TEST_F(PatchHandlerTest, StrategicMergePatchErrors) {
  TestResponse no_key = Patch(R"({"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}})");
  EXPECT_EQ(no_key.code, 400);
  EXPECT_EQ(StringAt(no_key.Parsed(), "message"),
            "map: map[image:x] does not contain declared merge key: name");
  TestResponse array = Patch("[]");
  EXPECT_EQ(array.code, 400);
  EXPECT_EQ(StringAt(array.Parsed(), "message"),
            "json: cannot unmarshal array into Go value of type map[string]interface {}");
  TestResponse retain =
      Patch(R"({"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":{}}}})");
  EXPECT_EQ(retain.code, 400);
  EXPECT_EQ(StringAt(retain.Parsed(), "message"), "invalid patch format of retainKeys");
}

TEST_F(PatchHandlerTest, OptionsAndMediaTypes) {
  TestResponse force = Patch(R"({"spec":{"replicas":2}})", "?fieldManager=p&force=true");
  EXPECT_EQ(force.code, 422);
  EXPECT_EQ(StringAt(force.Parsed(), "message"),
            "PatchOptions.meta.k8s.io \"\" is invalid: force: Forbidden: may not be specified for "
            "non-apply patch");
  TestResponse unknown = Patch("{}", "", "text/plain");
  EXPECT_EQ(unknown.code, 415);
  EXPECT_EQ(StringAt(unknown.Parsed(), "message"),
            "the body of the request was in an unknown format - accepted media types include: "
            "application/json-patch+json, application/merge-patch+json, "
            "application/strategic-merge-patch+json, application/apply-patch+yaml");
}

TEST_F(PatchHandlerTest, APatchThatChangesNothingKeepsTheResourceVersion) {
  std::string rv(
      StringAt(api_.Get(std::string(kDeployments) + "/web").Parsed(), "metadata.resourceVersion"));
  TestResponse r = Patch(R"({"spec":{"replicas":1}})", "?fieldManager=creator");
  ASSERT_EQ(r.code, 200);
  EXPECT_EQ(StringAt(r.Parsed(), "metadata.resourceVersion"), rv);
}

}  // namespace
}  // namespace ekslite::testing
