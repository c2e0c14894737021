#include "apiserver/crd/json_path.h"

#include <gtest/gtest.h>

namespace ekslite::apiserver {
namespace {

constexpr const char* kObject = R"({
  "metadata": {"name": "w", "labels": {"app.kubernetes.io/name": "shop"}},
  "spec": {"ports": [{"port": 80}, {"port": 443}]},
  "status": {"conditions": [{"type": "Ready", "status": "True"},
                            {"type": "Synced", "status": "False"}]}
})";

std::string Found(std::string_view path) {
  auto doc = ParseJson(kObject);
  auto p = JsonPath::Parse(path);
  if (!p.ok()) return "<invalid>";
  std::string out;
  for (const JsonValue* v : p->Find(*doc)) out += (out.empty() ? "" : " ") + ToJsonString(*v);
  return out;
}

TEST(JsonPathTest, FieldsIndexesAndWildcards) {
  EXPECT_EQ(Found(".metadata.name"), R"("w")");
  EXPECT_EQ(Found("{.metadata.name}"), R"("w")");
  EXPECT_EQ(Found(".spec.ports[1].port"), "443");
  EXPECT_EQ(Found(".spec.ports[-1].port"), "443");
  EXPECT_EQ(Found(".spec.ports[*].port"), "80 443");
  EXPECT_EQ(Found(".metadata.labels.app\\.kubernetes\\.io/name"), R"("shop")");
  EXPECT_EQ(Found(".metadata.labels['app.kubernetes.io/name']"), R"("shop")");
}

TEST(JsonPathTest, FiltersAndMissingKeys) {
  EXPECT_EQ(Found(R"(.status.conditions[?(@.type=="Ready")].status)"), R"("True")");
  EXPECT_EQ(Found(R"(.status.conditions[?(@.status!="True")].type)"), R"("Synced")");
  EXPECT_EQ(Found(".spec.missing.deeper"), "");
  EXPECT_EQ(Found("spec"), "<invalid>");
  EXPECT_EQ(Found(".spec[0"), "<invalid>");
}

}  // namespace
}  // namespace ekslite::apiserver
