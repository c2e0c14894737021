#include "core/api/taints.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace ekslite::api {
namespace {

bool Json(const char* toleration, const char* taint) {
  auto t = ParseJson(toleration);
  auto n = ParseJson(taint);
  return ToleratesTaint(*t, *n);
}

TEST(TaintsTest, UpstreamRule) {
  const char* taint = R"({"key":"k","value":"v","effect":"NoSchedule"})";
  EXPECT_TRUE(Json(R"({"key":"k","operator":"Equal","value":"v"})", taint));
  EXPECT_TRUE(Json(R"({"key":"k","value":"v"})", taint));  // no operator: Equal
  EXPECT_FALSE(Json(R"({"key":"k","value":"w"})", taint));
  EXPECT_TRUE(Json(R"({"key":"k","operator":"Exists"})", taint));
  EXPECT_TRUE(Json(R"({"operator":"Exists"})", taint));  // every key
  EXPECT_FALSE(Json(R"({"key":"other","operator":"Exists"})", taint));
  EXPECT_FALSE(Json(R"({"key":"k","operator":"Exists","effect":"NoExecute"})", taint));
  EXPECT_TRUE(Json(R"({"key":"k","operator":"Exists","effect":"NoSchedule"})", taint));
  // An empty key matches every key; Equal then compares the values.
  EXPECT_TRUE(Json(R"({"value":"v"})", taint));
  EXPECT_FALSE(Json(R"({"value":"x"})", taint));
  EXPECT_FALSE(Json(R"({"key":"k","operator":"Gt","value":"v"})", taint));
}

TEST(TaintsTest, TaintToleratedReportsTheMatch) {
  auto tolerations = ParseJson(R"([{"key":"a","operator":"Exists"},{"key":"k","operator":"Exists"}])");
  auto taint = ParseJson(R"({"key":"k","effect":"NoExecute"})");
  const JsonValue* matched = nullptr;
  EXPECT_TRUE(TaintTolerated(&*tolerations, *taint, &matched));
  ASSERT_NE(matched, nullptr);
  EXPECT_EQ(StringAt(*matched, "key"), "k");
  EXPECT_FALSE(TaintTolerated(nullptr, *taint));
}

}  // namespace
}  // namespace ekslite::api
