// Small pieces under the transports and the client: line splitting, API
// error translation, frozen objects and keys, URL encoding.
#include <gtest/gtest.h>

#include "core/client/api_error.h"
#include "core/client/line_splitter.h"
#include "core/client/object.h"
#include "core/client/resource.h"
#include "core/client/url.h"

namespace ekslite::client {
namespace {

std::vector<std::string> Split(const std::vector<std::string>& pieces, size_t stop_after = 100) {
  std::vector<std::string> lines;
  LineSplitter s;
  auto on_line = [&](std::string_view l) {
    lines.emplace_back(l);
    return lines.size() < stop_after;
  };
  for (const auto& p : pieces) {
    if (!s.Feed(p, on_line)) return lines;
  }
  s.Finish(on_line);
  return lines;
}

TEST(LineSplitterTest, JoinsPiecesAndSplitsLines) {
  EXPECT_EQ(Split({"{\"a\":", "1}\n{\"b\"", ":2}\r\n\n", "tail"}),
            (std::vector<std::string>{"{\"a\":1}", "{\"b\":2}", "tail"}));
  EXPECT_EQ(Split({"x\ny\nz\n"}, 2), (std::vector<std::string>{"x", "y"}));
  EXPECT_TRUE(Split({"", "\n", "\r\n"}).empty());
}

http::HeadResponse Response(int code, std::string body) {
  http::HeadResponse r;
  r.result(code);
  r.body() = std::move(body);
  return r;
}

TEST(ApiErrorTest, MapsStatusBodies) {
  Status s = StatusFromResponse(Response(
      404,
      R"({"kind":"Status","apiVersion":"v1","status":"Failure","message":"pods \"x\" not found",)"
      R"("reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404})"));
  EXPECT_EQ(s.code(), Code::kNotFound);
  EXPECT_EQ(s.message(), "pods \"x\" not found");
  ASSERT_NE(s.details(), nullptr);
  EXPECT_EQ(s.details()->name, "x");

  EXPECT_EQ(
      StatusFromResponse(Response(409, R"({"kind":"Status","reason":"AlreadyExists","code":409})"))
          .code(),
      Code::kAlreadyExists);
  EXPECT_EQ(StatusFromResponse(Response(409, R"({"kind":"Status","reason":"Conflict","code":409})"))
                .code(),
            Code::kConflict);
  EXPECT_EQ(
      StatusFromResponse(Response(410, R"({"kind":"Status","reason":"Gone","code":410})")).code(),
      Code::kExpired);
  EXPECT_EQ(StatusFromResponse(Response(410, R"({"kind":"Status","reason":"Expired","code":410})"))
                .code(),
            Code::kExpired);
  Status invalid = StatusFromResponse(Response(
      422, R"({"kind":"Status","reason":"Invalid","code":422,"details":{"causes":[)"
           R"({"reason":"FieldValueRequired","message":"Required value","field":"spec.x"}]}})"));
  EXPECT_EQ(invalid.code(), Code::kInvalid);
  ASSERT_EQ(invalid.details()->causes.size(), 1u);
  EXPECT_EQ(invalid.details()->causes[0].field, "spec.x");
  Status busy = StatusFromResponse(Response(
      429,
      R"({"kind":"Status","reason":"TooManyRequests","code":429,"details":{"retryAfterSeconds":3}})"));
  EXPECT_EQ(busy.code(), Code::kTooManyRequests);
  EXPECT_EQ(busy.details()->retry_after_seconds, 3);
  // An unknown reason falls back on the HTTP code.
  EXPECT_EQ(StatusFromResponse(Response(403, R"({"kind":"Status","reason":"Whatever","code":403})"))
                .code(),
            Code::kForbidden);
}

TEST(ApiErrorTest, NonStatusBodiesUseTheHttpCode) {
  Status s = StatusFromResponse(Response(503, "upstream connect error\n"));
  EXPECT_EQ(s.code(), Code::kUnavailable);
  EXPECT_EQ(s.message(), "the server answered 503: upstream connect error");
  EXPECT_EQ(StatusFromResponse(Response(404, "")).code(), Code::kNotFound);
  EXPECT_EQ(StatusFromResponse(Response(418, "")).code(), Code::kBadRequest);
  EXPECT_TRUE(StatusFromResponse(Response(201, "{}")).ok());
}

TEST(ObjectTest, FrozenCopiesAreIndependentAndEqual) {
  auto doc = ParseJson(
      R"({"metadata":{"name":"a-rather-long-name-beyond-inline","namespace":"ns","labels":{"k":"v"}},)"
      R"("spec":{"list":[1,2.5,"three",null,true,{"x":[]}],"empty":{}}})");
  ASSERT_TRUE(doc.ok());
  ObjectPtr frozen = FreezeObject(*doc);
  EXPECT_TRUE(*frozen == *doc);
  SetString((*doc)["metadata"], "name", "changed", doc->GetAllocator());
  EXPECT_EQ(StringAt(*frozen, "metadata.name"), "a-rather-long-name-beyond-inline");
  Json copy = CopyObject(*frozen);
  EXPECT_TRUE(copy == *frozen);

  auto parsed = ParseObject("[1,");
  EXPECT_EQ(parsed.status().code(), Code::kBadRequest);
}

TEST(ObjectTest, Keys) {
  auto pod = *ParseObject(R"({"metadata":{"name":"p","namespace":"ns"}})");
  auto node = *ParseObject(R"({"metadata":{"name":"n"}})");
  EXPECT_EQ(ObjectKey(*pod), "ns/p");
  EXPECT_EQ(ObjectKey(*node), "n");
  EXPECT_EQ(SplitObjectKey("ns/p"), (std::pair<std::string_view, std::string_view>{"ns", "p"}));
  EXPECT_EQ(SplitObjectKey("n"), (std::pair<std::string_view, std::string_view>{"", "n"}));
}

TEST(ObjectTest, DropManagedFieldsTransform) {
  auto doc = ParseJson(R"({"metadata":{"name":"a","managedFields":[{"manager":"x"}]}})");
  DropManagedFields()(*doc, doc->GetAllocator());
  EXPECT_EQ(Path(*doc, "metadata.managedFields"), nullptr);
  EXPECT_EQ(StringAt(*doc, "metadata.name"), "a");
}

TEST(ResourcePathTest, BuildsAndEscapesPaths) {
  EXPECT_EQ(ResourcePath(resources::kPods, ""), "/api/v1/pods");
  EXPECT_EQ(ResourcePath(resources::kPods, "ns", "p", "status"),
            "/api/v1/namespaces/ns/pods/p/status");
  EXPECT_EQ(ResourcePath(resources::kDeployments, "ns", "web", "scale"),
            "/apis/apps/v1/namespaces/ns/deployments/web/scale");
  EXPECT_EQ(ResourcePath(resources::kNodes, "", "a b"), "/api/v1/nodes/a%20b");
  EXPECT_EQ(resources::kLeases.ApiVersion(), "coordination.k8s.io/v1");
  EXPECT_EQ(resources::kPods.ApiVersion(), "v1");
  QueryBuilder q;
  q.Add("labelSelector", "a=b,c!=d").Add("empty", "").Add("limit", "5");
  EXPECT_EQ(q.str(), "?labelSelector=a%3Db%2Cc%21%3Dd&limit=5");
}

}  // namespace
}  // namespace ekslite::client
