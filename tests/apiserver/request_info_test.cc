#include "apiserver/request_info.h"

#include <gtest/gtest.h>

namespace ekslite::apiserver {
namespace {

RequestInfo Parse(http::Verb verb, const std::string& target) {
  http::Request req(verb, target, 11);
  return ParseRequestInfo(req);
}

TEST(RequestInfoTest, NamespacedResourcePaths) {
  RequestInfo i = Parse(http::Verb::get, "/api/v1/namespaces/ns1/configmaps/c1?limit=5");
  EXPECT_TRUE(i.is_resource_request);
  EXPECT_EQ(i.verb, "get");
  EXPECT_EQ(i.group, "");
  EXPECT_EQ(i.version, "v1");
  EXPECT_EQ(i.namespace_, "ns1");
  EXPECT_EQ(i.resource, "configmaps");
  EXPECT_EQ(i.name, "c1");
  EXPECT_EQ(i.query.GetOr("limit", ""), "5");
}

TEST(RequestInfoTest, VerbsFromMethodAndShape) {
  EXPECT_EQ(Parse(http::Verb::get, "/apis/apps/v1/namespaces/a/deployments").verb, "list");
  EXPECT_EQ(Parse(http::Verb::get, "/apis/apps/v1/deployments?watch=true").verb, "watch");
  EXPECT_EQ(Parse(http::Verb::post, "/api/v1/namespaces/a/pods").verb, "create");
  EXPECT_EQ(Parse(http::Verb::delete_, "/api/v1/namespaces/a/pods").verb, "deletecollection");
  EXPECT_EQ(Parse(http::Verb::delete_, "/api/v1/namespaces/a/pods/p").verb, "delete");
  EXPECT_EQ(Parse(http::Verb::patch, "/api/v1/nodes/n1/status").subresource, "status");
}

TEST(RequestInfoTest, NamespacesThemselves) {
  RequestInfo ns = Parse(http::Verb::get, "/api/v1/namespaces/kube-system");
  EXPECT_EQ(ns.resource, "namespaces");
  EXPECT_EQ(ns.name, "kube-system");
  EXPECT_FALSE(ns.namespaced_path);
  RequestInfo fin = Parse(http::Verb::put, "/api/v1/namespaces/t/finalize");
  EXPECT_EQ(fin.resource, "namespaces");
  EXPECT_EQ(fin.name, "t");
  EXPECT_EQ(fin.subresource, "finalize");
}

TEST(RequestInfoTest, NonResourcePaths) {
  EXPECT_FALSE(Parse(http::Verb::get, "/version").is_resource_request);
  EXPECT_FALSE(Parse(http::Verb::get, "/apis/apps/v1").is_resource_request);
  EXPECT_FALSE(Parse(http::Verb::get, "/api").is_resource_request);
}

TEST(RequestInfoTest, QueryDecoding) {
  RequestInfo i = Parse(http::Verb::get, "/api/v1/pods?labelSelector=a%20in%20(x%2Cy)&x=1&x=2&w");
  EXPECT_EQ(i.query.GetOr("labelSelector", ""), "a in (x,y)");
  EXPECT_EQ(i.query.GetAll("x"), (std::vector<std::string>{"1", "2"}));
  EXPECT_TRUE(i.query.GetBool("w"));
  EXPECT_EQ(UrlDecode("%zz%4", false), "%zz%4");
}

}  // namespace
}  // namespace ekslite::apiserver
