#include "core/fieldmanager/last_applied.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ekslite::fieldmanager {
namespace {

TypeRef DeploymentType() {
  return TypeRef::Root(
      schema::BuiltinSchema().FindKind(schema::GroupVersionKind{"apps", "v1", "Deployment"}));
}

Json Parse(const std::string& text) {
  auto doc = ParseJson(text);
  EXPECT_TRUE(doc.ok()) << text;
  return std::move(doc).value();
}

TEST(ConflictErrorTest, OneConflict) {
  Status s =
      ConflictError({{R"("kubectl-client-side-apply" using apps/v1)", {"f:spec", "f:replicas"}}});
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_EQ(s.message(),
            "Apply failed with 1 conflict: conflict with \"kubectl-client-side-apply\" using "
            "apps/v1: .spec.replicas");
  ASSERT_NE(s.details(), nullptr);
  ASSERT_EQ(s.details()->causes.size(), 1u);
  EXPECT_EQ(s.details()->causes[0].reason, "FieldManagerConflict");
  EXPECT_EQ(s.details()->causes[0].message,
            "conflict with \"kubectl-client-side-apply\" using apps/v1");
  EXPECT_EQ(s.details()->causes[0].field, ".spec.replicas");
}

TEST(ConflictErrorTest, SeveralConflictsAreGroupedByManager) {
  Status s = ConflictError({{R"("b")", {"f:spec", "f:replicas"}},
                            {R"("a" using apps/v1)", {"f:metadata", "f:labels", "f:x"}},
                            {R"("b")", {"f:spec", "f:paused"}}});
  EXPECT_EQ(s.message(),
            "Apply failed with 3 conflicts: conflicts with \"a\" using apps/v1:\n"
            "- .metadata.labels.x\n"
            "conflicts with \"b\":\n"
            "- .spec.replicas\n"
            "- .spec.paused");
  EXPECT_EQ(s.details()->causes.size(), 3u);
}

TEST(LastAppliedTest, AllowedConflictsAreTheFieldsStillAsApplied) {
  // Client-side apply set replicas 2 and image v1; someone scaled to 5 since.
  std::string last =
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},)"
      R"("spec":{"replicas":2,"template":{"spec":{"containers":[{"name":"c","image":"v1"}]}}}})";
  Json live = Parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"}})");
  Json annotated = Parse(
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},)"
      R"("spec":{"replicas":5,"template":{"spec":{"containers":[{"name":"c","image":"v1"}]}}}})");
  JsonValue& annotations =
      EnsureObject(EnsureObject(annotated, "metadata", annotated.GetAllocator()), "annotations",
                   annotated.GetAllocator());
  SetString(annotations, kLastAppliedAnnotation, last, annotated.GetAllocator());
  ASSERT_TRUE(HasLastApplied(annotated));
  FieldSet allowed = AllowedConflicts(annotated, DeploymentType(), "apps/v1");
  const std::string c = R"(k:{"name":"c"})";
  EXPECT_FALSE(allowed.Has({"f:spec", "f:replicas"}));
  EXPECT_TRUE(allowed.Has({"f:spec", "f:template", "f:spec", "f:containers", c, "f:image"}));
  // Written for another version, or absent: nothing is allowed.
  EXPECT_TRUE(AllowedConflicts(annotated, DeploymentType(), "apps/v2").Empty());
  EXPECT_FALSE(HasLastApplied(live));
  EXPECT_TRUE(AllowedConflicts(live, DeploymentType(), "apps/v1").Empty());
}

TEST(LastAppliedTest, SetLastAppliedEncodesAsKubectlDoes) {
  Json object = Parse(R"({"metadata":{"name":"d"}})");
  Json config = Parse(
      R"({"metadata":{"name":"d","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"x",)"
      R"("z":"<&>"}},"apiVersion":"v1","data":{"b":"1","a":2}})");
  SetLastApplied(object, config);
  // Keys sorted, HTML characters escaped, a final newline, its own annotation
  // left out.
  const JsonValue* annotations = ekslite::Path(object, "metadata.annotations");
  ASSERT_NE(annotations, nullptr);
  const JsonValue* text = Member(*annotations, kLastAppliedAnnotation);
  ASSERT_NE(text, nullptr);
  EXPECT_EQ(std::string(View(*text)),
            "{\"apiVersion\":\"v1\",\"data\":{\"a\":2,\"b\":\"1\"},\"metadata\":{\"annotations\":"
            "{\"z\":\"\\u003c\\u0026\\u003e\"},\"name\":\"d\"}}\n");
}

}  // namespace
}  // namespace ekslite::fieldmanager
