#include "apiserver/openapi/openapi_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <initializer_list>
#include <string>

#include "apiserver/resources/builtin.h"
#include "core/json.h"
#include "tests/testing/fake_clock.h"

namespace ekslite::apiserver {
namespace {

// Follows member names (which may contain dots) and array indexes ("0").
const JsonValue* At(const JsonValue& root, std::initializer_list<std::string_view> keys) {
  const JsonValue* v = &root;
  for (std::string_view k : keys) {
    if (v != nullptr && v->IsArray()) {
      size_t i = std::stoul(std::string(k));
      v = i < v->Size() ? &(*v)[static_cast<rapidjson::SizeType>(i)] : nullptr;
    } else {
      v = v == nullptr ? nullptr : Member(*v, k);
    }
  }
  return v;
}

std::string_view StringIn(const JsonValue& root, std::initializer_list<std::string_view> keys) {
  const JsonValue* v = At(root, keys);
  return v == nullptr ? std::string_view() : View(*v);
}

class OpenApiServiceTest : public ::testing::Test {
 protected:
  OpenApiServiceTest() : service_(table_, clock_) {
    ResourceInfo cm = NewResource("", "v1", "configmaps", "configmap", "ConfigMap", true);
    table_.Add(std::move(cm));
    ResourceInfo deploy =
        NewResource("apps", "v1", "deployments", "deployment", "Deployment", true);
    deploy.subresources = {StatusSubresource(deploy),
                           {"scale", "autoscaling", "v1", "Scale", {"get", "patch", "update"}}};
    table_.Add(std::move(deploy));
  }

  http::Response Get(const std::string& target,
                     std::vector<std::pair<http::Field, std::string>> headers = {},
                     http::Verb verb = http::Verb::get) {
    http::Request request(verb, target, 11);
    for (const auto& [name, value] : headers) request.set(name, value);
    auto r = service_.Serve(request, ParseRequestInfo(request));
    EXPECT_TRUE(r.has_value()) << target;
    return r ? std::move(*r) : http::Response{};
  }

  // The index's URL for `path`.
  std::string UrlOf(const std::string& path) {
    auto index = ParseJson(Get("/openapi/v3").head.body());
    EXPECT_TRUE(index.ok());
    return std::string(StringIn(*index, {"paths", path, "serverRelativeURL"}));
  }

  static std::string HashIn(const std::string& url) { return url.substr(url.find("hash=") + 5); }

  testing::FakeClock clock_;
  ResourceTable table_;
  OpenApiService service_;
};

TEST_F(OpenApiServiceTest, IndexListsEachGroupVersionWithItsDocumentHash) {
  http::Response index = Get("/openapi/v3");
  EXPECT_EQ(index.head.result_int(), 200u);
  EXPECT_EQ(index.head[http::Field::content_type], "application/json");
  EXPECT_FALSE(index.head[http::Field::etag].empty());
  std::string core = UrlOf("api/v1");
  std::string apps = UrlOf("apis/apps/v1");
  EXPECT_TRUE(core.starts_with("/openapi/v3/api/v1?hash=")) << core;
  EXPECT_TRUE(apps.starts_with("/openapi/v3/apis/apps/v1?hash=")) << apps;
  EXPECT_EQ(HashIn(core).size(), 128u);  // SHA-512, hex

  http::Response doc = Get(apps);
  EXPECT_EQ(doc.head.result_int(), 200u);
  EXPECT_EQ(doc.head[http::Field::etag], "\"" + HashIn(apps) + "\"");
  auto parsed = ParseJson(doc.head.body());
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(StringAt(*parsed, "openapi"), "3.0.0");
  EXPECT_NE(At(*parsed, {"components", "schemas", "io.k8s.api.apps.v1.DeploymentSpec"}), nullptr);
  EXPECT_NE(At(*parsed, {"components", "schemas", "io.k8s.api.autoscaling.v1.Scale"}), nullptr);
  EXPECT_EQ(service_.Find("apis/apps/v1")->hash, HashIn(apps));
}

TEST_F(OpenApiServiceTest, OnlyTheChangedGroupVersionGetsANewHash) {
  std::string core = UrlOf("api/v1");
  std::string apps = UrlOf("apis/apps/v1");
  table_.Add(NewResource("apps", "v1", "replicasets", "replicaset", "ReplicaSet", true));
  EXPECT_EQ(UrlOf("api/v1"), core);
  std::string changed = UrlOf("apis/apps/v1");
  EXPECT_NE(changed, apps);
  EXPECT_NE(Get(changed).head.body().find("io.k8s.api.apps.v1.ReplicaSetSpec"),
            std::string::npos);

  table_.Add(NewResource("batch", "v1", "jobs", "job", "Job", true));
  EXPECT_TRUE(UrlOf("apis/batch/v1").starts_with("/openapi/v3/apis/batch/v1?hash="));
  table_.Remove("batch", "jobs");
  EXPECT_EQ(UrlOf("apis/batch/v1"), "");
  EXPECT_EQ(Get("/openapi/v3/apis/batch/v1").head.result_int(), 404u);
}

TEST_F(OpenApiServiceTest, MatchingIfNoneMatchIsNotModified) {
  std::string url = UrlOf("api/v1");
  std::string etag = "\"" + HashIn(url) + "\"";
  http::Response r = Get(url, {{http::Field::if_none_match, etag}});
  EXPECT_EQ(r.head.result_int(), 304u);
  EXPECT_TRUE(r.head.body().empty());
  EXPECT_EQ(r.head[http::Field::etag], etag);
  EXPECT_EQ(Get(url, {{http::Field::if_none_match, "\"other\""}}).head.result_int(), 200u);

  http::Response index = Get("/openapi/v3");
  std::string index_etag(index.head[http::Field::etag]);
  EXPECT_EQ(Get("/openapi/v3", {{http::Field::if_none_match, index_etag}}).head.result_int(),
            304u);
}

TEST_F(OpenApiServiceTest, GzipIsServedToClientsThatAcceptIt) {
  http::Response plain = Get("/openapi/v3/api/v1");
  http::Response gz = Get("/openapi/v3/api/v1", {{http::Field::accept_encoding, "gzip"}});
  EXPECT_EQ(gz.head.result_int(), 200u);
  EXPECT_EQ(gz.head[http::Field::content_encoding], "gzip");
  EXPECT_EQ(gz.head.body().substr(0, 2), "\x1f\x8b");
  EXPECT_LT(gz.head.body().size() * 4, plain.head.body().size());
  EXPECT_EQ(plain.head[http::Field::content_encoding], "");
  EXPECT_EQ(gz.head[http::Field::etag], plain.head[http::Field::etag]);
  EXPECT_EQ(Get("/openapi/v3/api/v1", {{http::Field::accept_encoding, "gzip;q=0"}}).head.body(),
            plain.head.body());
}

TEST_F(OpenApiServiceTest, HashedUrlsAreImmutableOthersAreNot) {
  http::Response hashed = Get(UrlOf("api/v1"));
  EXPECT_EQ(hashed.head[http::Field::cache_control], "public, immutable");
  EXPECT_TRUE(hashed.head[http::Field::expires].ends_with(" GMT"));
  http::Response plain = Get("/openapi/v3/api/v1");
  EXPECT_EQ(plain.head.result_int(), 200u);
  EXPECT_EQ(plain.head[http::Field::cache_control], "no-cache, private");
  EXPECT_EQ(plain.head.body(), hashed.head.body());
  EXPECT_EQ(Get("/openapi/v3").head[http::Field::cache_control], "no-cache, private");
}

TEST_F(OpenApiServiceTest, StaleHashRedirectsToTheCurrentDocument) {
  http::Response r = Get("/openapi/v3/apis/apps/v1?hash=0123");
  EXPECT_EQ(r.head.result_int(), 301u);
  EXPECT_EQ(r.head[http::Field::location], UrlOf("apis/apps/v1"));
}

TEST_F(OpenApiServiceTest, AnswersOnlyWhatItServes) {
  EXPECT_EQ(Get("/openapi/v2").head.result_int(), 404u);
  EXPECT_EQ(Get("/openapi/v2?timeout=32s").head.result_int(), 404u);
  EXPECT_EQ(Get("/openapi/v3/apis/nope/v1").head.result_int(), 404u);
  EXPECT_EQ(Get("/openapi/v3", {}, http::Verb::post).head.result_int(), 405u);
  EXPECT_EQ(Get("/openapi/v3/api/v1",
                {{http::Field::accept, "application/com.github.proto-openapi.spec.v3@v1.0+protobuf"}})
                .head.result_int(),
            406u);
  EXPECT_EQ(Get("/openapi/v3/api/v1", {{http::Field::accept, "application/json"}})
                .head.result_int(),
            200u);
  http::Request other(http::Verb::get, "/version", 11);
  EXPECT_FALSE(service_.Serve(other, ParseRequestInfo(other)).has_value());
}

// Documents are built once per table change; serving one from memory must
// stay well under a millisecond (the measured figure is printed).
TEST_F(OpenApiServiceTest, CachedDocumentsAreServedFromMemory) {
  std::string url = UrlOf("api/v1");
  constexpr int kRounds = 200;
  auto start = std::chrono::steady_clock::now();
  size_t bytes = 0;
  for (int i = 0; i < kRounds; ++i) bytes += Get(url).head.body().size();
  std::chrono::duration<double, std::micro> took = std::chrono::steady_clock::now() - start;
  double per_request = took.count() / kRounds;
  std::printf("served %zu-byte document in %.1f us on average\n", bytes / kRounds, per_request);
  EXPECT_LT(per_request, 20000.0);  // generous: sanitizer builds on a loaded machine
}

TEST_F(OpenApiServiceTest, CustomResourceDocumentComesFromItsSchema) {
  ResourceInfo widgets = NewResource("example.com", "v1", "widgets", "widget", "Widget", true);
  widgets.subresources = {StatusSubresource(widgets)};
  auto schema = ParseJson(R"({"type":"object","description":"A widget.","properties":{
      "spec":{"type":"object","properties":{"size":{"type":"integer"}}},
      "status":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}})");
  ASSERT_TRUE(schema.ok());
  widgets.openapi_v3_schema = std::make_shared<const Json>(std::move(*schema));
  table_.Add(std::move(widgets));

  auto doc = ParseJson(Get(UrlOf("apis/example.com/v1")).head.body());
  ASSERT_TRUE(doc.ok());
  const JsonValue* widget = At(*doc, {"components", "schemas", "com.example.v1.Widget"});
  ASSERT_NE(widget, nullptr);
  EXPECT_EQ(StringIn(*widget, {"description"}), "A widget.");
  EXPECT_EQ(StringIn(*widget, {"properties", "spec", "properties", "size", "type"}), "integer");
  EXPECT_EQ(StringIn(*widget, {"properties", "metadata", "allOf", "0", "$ref"}),
            "#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
  EXPECT_EQ(StringIn(*widget, {"x-kubernetes-group-version-kind", "0", "kind"}), "Widget");
  EXPECT_EQ(StringIn(*widget, {"x-kubernetes-group-version-kind", "0", "group"}), "example.com");
  EXPECT_NE(At(*doc, {"components", "schemas", "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"}),
            nullptr);
  EXPECT_EQ(StringIn(*doc, {"components", "schemas", "com.example.v1.WidgetList", "properties",
                            "items", "items", "$ref"}),
            "#/components/schemas/com.example.v1.Widget");

  const JsonValue* patch =
      At(*doc, {"paths", "/apis/example.com/v1/namespaces/{namespace}/widgets/{name}", "patch"});
  ASSERT_NE(patch, nullptr);
  EXPECT_EQ(StringIn(*patch, {"x-kubernetes-group-version-kind", "kind"}), "Widget");
  EXPECT_NE(At(*patch, {"requestBody", "content", "application/merge-patch+json"}), nullptr);
  EXPECT_EQ(At(*patch, {"requestBody", "content", "application/strategic-merge-patch+json"}),
            nullptr);
  EXPECT_EQ(StringIn(*doc, {"paths", "/apis/example.com/v1/namespaces/{namespace}/widgets", "get",
                            "responses", "200", "content", "application/json", "schema", "$ref"}),
            "#/components/schemas/com.example.v1.WidgetList");
  EXPECT_EQ(StringIn(*doc, {"paths",
                            "/apis/example.com/v1/namespaces/{namespace}/widgets/{name}/status",
                            "put", "requestBody", "content", "*/*", "schema", "$ref"}),
            "#/components/schemas/com.example.v1.Widget");
}

}  // namespace
}  // namespace ekslite::apiserver
