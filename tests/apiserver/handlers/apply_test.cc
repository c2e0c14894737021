// Server-side apply through the real handler over the memory store
// (apiserver/handlers/apply.cc): create and update, conflicts, force, dry
// run, no-op applies, the status subresource and the request checks.
#include <gtest/gtest.h>

#include <string>

#include "tests/testing/test_api.h"

namespace ekslite::testing {
namespace {

constexpr const char* kApplyType = "application/apply-patch+yaml";
constexpr const char* kDeployments = "/apis/apps/v1/namespaces/default/deployments";

std::string Deployment(int replicas, const std::string& image = "nginx:1") {
  return "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: " +
         std::to_string(replicas) +
         "\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n"
         "      labels:\n        app: web\n    spec:\n      containers:\n      - name: web\n"
         "        image: " +
         image + "\n";
}

class ApplyHandlerTest : public ::testing::Test {
 protected:
  TestResponse Apply(const std::string& manager, const std::string& body,
                     const std::string& extra_query = "") {
    return api_.Do(http::Verb::patch,
                   std::string(kDeployments) + "/web?fieldManager=" + manager + extra_query, body,
                   kApplyType);
  }

  Json Live() { return api_.Get(std::string(kDeployments) + "/web").Parsed(); }

  std::string Managers(const Json& object) {
    std::string out;
    const JsonValue* list = ekslite::Path(object, "metadata.managedFields");
    if (list == nullptr) return out;
    for (const JsonValue& e : list->GetArray()) {
      if (!out.empty()) out += ",";
      out += std::string(StringAt(e, "manager")) + "/" + std::string(StringAt(e, "operation"));
    }
    return out;
  }

  TestApi api_;
};

TEST_F(ApplyHandlerTest, CreatesWith201AndUpdatesWith200) {
  TestResponse created = Apply("a", Deployment(2));
  ASSERT_EQ(created.code, 201) << created.body;
  Json obj = created.Parsed();
  EXPECT_EQ(*IntAt(obj, "spec.replicas"), 2);
  EXPECT_EQ(Managers(obj), "a/Apply");
  const JsonValue& entry = (*ekslite::Path(obj, "metadata.managedFields"))[0];
  EXPECT_EQ(StringAt(entry, "apiVersion"), "apps/v1");
  EXPECT_EQ(StringAt(entry, "fieldsType"), "FieldsV1");
  EXPECT_FALSE(StringAt(entry, "time").empty());
  EXPECT_EQ(Member(entry, "subresource"), nullptr);

  TestResponse updated = Apply("a", Deployment(3));
  ASSERT_EQ(updated.code, 200) << updated.body;
  EXPECT_EQ(*IntAt(updated.Parsed(), "spec.replicas"), 3);
}

TEST_F(ApplyHandlerTest, ConflictsAre409WithCauses) {
  ASSERT_EQ(Apply("a", Deployment(2)).code, 201);
  TestResponse conflict = Apply("b", Deployment(5));
  ASSERT_EQ(conflict.code, 409) << conflict.body;
  Json s = conflict.Parsed();
  EXPECT_EQ(StringAt(s, "kind"), "Status");
  EXPECT_EQ(StringAt(s, "reason"), "Conflict");
  EXPECT_EQ(StringAt(s, "message"),
            "Apply failed with 1 conflict: conflict with \"a\": .spec.replicas");
  const JsonValue* causes = ekslite::Path(s, "details.causes");
  ASSERT_NE(causes, nullptr);
  ASSERT_EQ(causes->Size(), 1u);
  EXPECT_EQ(StringAt((*causes)[0], "reason"), "FieldManagerConflict");
  EXPECT_EQ(StringAt((*causes)[0], "message"), "conflict with \"a\"");
  EXPECT_EQ(StringAt((*causes)[0], "field"), ".spec.replicas");

  TestResponse forced = Apply("b", Deployment(5), "&force=true");
  ASSERT_EQ(forced.code, 200) << forced.body;
  EXPECT_EQ(*IntAt(forced.Parsed(), "spec.replicas"), 5);
  EXPECT_EQ(Managers(forced.Parsed()), "a/Apply,b/Apply");
}

TEST_F(ApplyHandlerTest, ConflictsWithClientSideApplyNameTheVersion) {
  std::string json =
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":1,)"
      R"("selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},)"
      R"("spec":{"containers":[{"name":"web","image":"nginx:1"}]}}}})";
  ASSERT_EQ(api_.Do(http::Verb::post,
                    std::string(kDeployments) + "?fieldManager=kubectl-client-side-apply", json)
                .code,
            201);
  TestResponse conflict = Apply("other", Deployment(4));
  ASSERT_EQ(conflict.code, 409);
  EXPECT_EQ(StringAt(conflict.Parsed(), "message"),
            "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using "
            "apps/v1: .spec.replicas");
}

TEST_F(ApplyHandlerTest, NoOpApplyKeepsTheResourceVersion) {
  ASSERT_EQ(Apply("a", Deployment(2)).code, 201);
  std::string rv(StringAt(Live(), "metadata.resourceVersion"));
  TestResponse again = Apply("a", Deployment(2));
  ASSERT_EQ(again.code, 200);
  EXPECT_EQ(StringAt(again.Parsed(), "metadata.resourceVersion"), rv);
  EXPECT_EQ(StringAt(Live(), "metadata.resourceVersion"), rv);
}

TEST_F(ApplyHandlerTest, DryRunStoresNothing) {
  TestResponse dry = Apply("a", Deployment(2), "&dryRun=All");
  ASSERT_EQ(dry.code, 201) << dry.body;
  EXPECT_EQ(api_.Get(std::string(kDeployments) + "/web").code, 404);
  ASSERT_EQ(Apply("a", Deployment(2)).code, 201);
  std::string rv(StringAt(Live(), "metadata.resourceVersion"));
  TestResponse dry_update = Apply("a", Deployment(7), "&dryRun=All");
  ASSERT_EQ(dry_update.code, 200);
  EXPECT_EQ(*IntAt(dry_update.Parsed(), "spec.replicas"), 7);
  EXPECT_EQ(*IntAt(Live(), "spec.replicas"), 2);
  EXPECT_EQ(StringAt(Live(), "metadata.resourceVersion"), rv);
}

TEST_F(ApplyHandlerTest, RemovesFieldsTheApplierDropped) {
  // (Deployment() ends inside spec, so a line indented by two adds to spec.)
  ASSERT_EQ(Apply("a", Deployment(2) + "  paused: true\n").code, 201);
  EXPECT_TRUE(ekslite::Path(Live(), "spec.paused") != nullptr);
  ASSERT_EQ(Apply("b",
                  "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"
                  "  labels:\n    owner: b\n")
                .code,
            200);
  ASSERT_EQ(Apply("a", Deployment(2)).code, 200);
  Json obj = Live();
  EXPECT_EQ(ekslite::Path(obj, "spec.paused"), nullptr);
  EXPECT_EQ(StringAt(obj, "metadata.labels.owner"), "b");
  // Dropping the whole spec removes what only a set (replicas, selector,
  // template), and the object no longer validates.
  TestResponse dropped =
      Apply("a", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n");
  EXPECT_EQ(dropped.code, 422) << dropped.body;
}

TEST_F(ApplyHandlerTest, StatusIsAppliedThroughItsSubresource) {
  ASSERT_EQ(Apply("a", Deployment(2)).code, 201);
  TestResponse status = api_.Do(
      http::Verb::patch, std::string(kDeployments) + "/web/status?fieldManager=ctrl",
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nstatus:\n  replicas: 2\n"
      "spec:\n  replicas: 9\n",
      kApplyType);
  ASSERT_EQ(status.code, 200) << status.body;
  Json obj = status.Parsed();
  EXPECT_EQ(*IntAt(obj, "status.replicas"), 2);
  EXPECT_EQ(*IntAt(obj, "spec.replicas"), 2);  // a status write leaves the spec
  const JsonValue* list = ekslite::Path(obj, "metadata.managedFields");
  ASSERT_NE(list, nullptr);
  bool found = false;
  for (const JsonValue& e : list->GetArray()) {
    if (StringAt(e, "manager") != "ctrl") continue;
    found = true;
    EXPECT_EQ(StringAt(e, "subresource"), "status");
    EXPECT_EQ(StringAt(e, "operation"), "Apply");
    EXPECT_EQ(ToJsonString(*Member(e, "fieldsV1")), R"({"f:status":{"f:replicas":{}}})");
  }
  EXPECT_TRUE(found);
  // A missing object is not created through a subresource.
  TestResponse missing =
      api_.Do(http::Verb::patch, std::string(kDeployments) + "/nope/status?fieldManager=ctrl",
              "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: nope\n", kApplyType);
  EXPECT_EQ(missing.code, 404);
}

TEST_F(ApplyHandlerTest, RequestChecks) {
  TestResponse no_manager =
      api_.Do(http::Verb::patch, std::string(kDeployments) + "/web", Deployment(1), kApplyType);
  EXPECT_EQ(no_manager.code, 422);
  EXPECT_NE(StringAt(no_manager.Parsed(), "message")
                .find("fieldManager: Required value: is required for apply patch"),
            std::string_view::npos)
      << no_manager.body;
  TestResponse wrong_kind = Apply("a", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\n");
  EXPECT_EQ(wrong_kind.code, 400);
  EXPECT_EQ(StringAt(wrong_kind.Parsed(), "message"), "invalid object type: /v1, Kind=ConfigMap");
  TestResponse other_name =
      Apply("a", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n");
  EXPECT_EQ(other_name.code, 400);
  TestResponse bad_force = Apply("a", Deployment(1), "&force=maybe");
  EXPECT_EQ(bad_force.code, 400);
  TestResponse duplicate =
      Apply("a",
            "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n"
            "    spec:\n      containers:\n      - name: a\n      - name: a\n");
  EXPECT_EQ(duplicate.code, 400);
  EXPECT_EQ(StringAt(duplicate.Parsed(), "message"),
            "failed to create typed patch object (/web; apps/v1, Kind=Deployment): "
            ".spec.template.spec.containers: duplicate entries for key [name=\"a\"]");
}

}  // namespace
}  // namespace ekslite::testing
