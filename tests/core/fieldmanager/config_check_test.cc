#include <gtest/gtest.h>

#include <string>

#include "core/fieldmanager/typed.h"

namespace ekslite::fieldmanager {
namespace {

TypeRef PodType() {
  return TypeRef::Root(schema::BuiltinSchema().FindKind(schema::GroupVersionKind{"", "v1", "Pod"}));
}

std::string Check(const std::string& config) {
  auto doc = ParseJson(config);
  EXPECT_TRUE(doc.ok());
  Status s = CheckConfig(*doc, PodType());
  return s.ok() ? "ok" : s.message();
}

TEST(ConfigCheckTest, AcceptsWellFormedConfigurations) {
  EXPECT_EQ(
      Check(
          R"({"metadata":{"finalizers":["a"]},"spec":{"containers":[{"name":"a",)"
          R"("ports":[{"containerPort":80},{"containerPort":80,"protocol":"UDP"}]},{"name":"b"}],)"
          R"("tolerations":[{"key":"a"},{"key":"a"}]}})"),
      "ok");
}

TEST(ConfigCheckTest, RefusesItemsWithoutTheirKeys) {
  EXPECT_EQ(
      Check(R"({"spec":{"hostAliases":[{"ip":"10.0.0.1"},{"hostnames":["x"]}]}})"),
      ".spec.hostAliases: element 1: associative list with keys has an element that omits key "
      "field \"ip\" (and doesn't have default value)");
  // A key with a default in the schema takes it (a container's name is "").
  EXPECT_EQ(Check(R"({"spec":{"containers":[{"image":"x"}]}})"), "ok");
  EXPECT_EQ(Check(R"({"spec":{"containers":[null]}})"),
            ".spec.containers: element 0: associative list with keys may not have a null element");
  EXPECT_EQ(
      Check(R"({"spec":{"containers":["a"]}})"),
      ".spec.containers: element 0: associative list with keys may not have non-map elements");
}

TEST(ConfigCheckTest, RefusesDuplicates) {
  EXPECT_EQ(Check(R"({"spec":{"containers":[{"name":"a"},{"name":"a"}]}})"),
            ".spec.containers: duplicate entries for key [name=\"a\"]");
  // The defaulted protocol makes these two the same port.
  EXPECT_EQ(Check(R"({"spec":{"containers":[{"name":"a","ports":[{"containerPort":80},)"
                  R"({"containerPort":80,"protocol":"TCP"}]}]}})"),
            ".spec.containers[name=\"a\"].ports: duplicate entries for key "
            "[containerPort=80,protocol=\"TCP\"]");
  EXPECT_EQ(Check(R"({"metadata":{"finalizers":["a","b","a"]}})"),
            ".metadata.finalizers: duplicate entries for key [=\"a\"]");
  // Several errors are listed together.
  EXPECT_EQ(Check(R"({"metadata":{"finalizers":["a","a"]},"spec":{"hostAliases":[{}]}})"),
            "errors:\n  .metadata.finalizers: duplicate entries for key [=\"a\"]\n"
            "  .spec.hostAliases: element 0: associative list with keys has an element that omits "
            "key field \"ip\" (and doesn't have default value)");
}

}  // namespace
}  // namespace ekslite::fieldmanager
