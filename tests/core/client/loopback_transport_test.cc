#include "core/client/loopback_transport.h"

#include <gtest/gtest.h>

#include <thread>

#include "core/client/cancel_token.h"
#include "core/client/dynamic_client.h"
#include "tests/core/client/test_cluster.h"

namespace ekslite::client {
namespace {

using namespace std::chrono_literals;
using testing::ConfigMapJson;
using testing::TestCluster;

http::Request Get(const std::string& target) { return http::Request(http::Verb::get, target, 11); }

TEST(LoopbackTransportTest, HandsTheRequestToTheHandler) {
  TestCluster cluster;
  auto r = cluster.transport().RoundTrip(Get("/version"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->head.result_int(), 200u);
  EXPECT_NE(r->head.body().find("gitVersion"), std::string::npos);
  EXPECT_EQ(r->stream, nullptr);
}

TEST(LoopbackTransportTest, CallersAreSystemMastersByDefault) {
  TestCluster cluster;
  // Creating a namespace needs cluster-wide rights.
  auto ns = ParseJson(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team"}})");
  EXPECT_TRUE(cluster.client().Resource(resources::kNamespaces).Create(*ns).ok());

  LoopbackOptions nobody;
  nobody.user = {"nobody", "", {"system:authenticated"}, {}};
  auto transport = NewLoopbackTransport(cluster.api().handler(), nobody);
  DynamicClient as_nobody(*transport);
  EXPECT_EQ(as_nobody.Resource(resources::kPods, "default").List().status().code(),
            Code::kForbidden);
}

TEST(LoopbackTransportTest, StreamsWatchEventsAsTheyHappen) {
  TestCluster cluster;
  std::vector<std::string> lines;
  StatusOr<http::HeadResponse> head = Status::Internal("not run");
  std::thread reader([&] {
    head = cluster.transport().Stream(
        Get("/api/v1/namespaces/default/configmaps?watch=true"),
        [&](std::string_view line) {
          lines.emplace_back(line);
          return lines.size() < 2;  // then stop
        },
        nullptr);
  });
  auto cms = cluster.client().Resource(resources::kConfigMaps, "default");
  ASSERT_TRUE(cms.Create(ConfigMapJson("default", "a")).ok());
  ASSERT_TRUE(cms.Create(ConfigMapJson("default", "b")).ok());
  reader.join();
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->result_int(), 200u);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[1].find(R"("name":"b")"), std::string::npos);
}

TEST(LoopbackTransportTest, CancelEndsAQuietStream) {
  TestCluster cluster;
  CancelToken cancel;
  std::thread canceller([&] {
    std::this_thread::sleep_for(50ms);
    cancel.Cancel();
  });
  auto start = std::chrono::steady_clock::now();
  auto head = cluster.transport().Stream(
      Get("/api/v1/configmaps?watch=true&resourceVersion=0"), [](std::string_view) { return true; },
      &cancel);
  canceller.join();
  ASSERT_TRUE(head.ok());
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
}

TEST(LoopbackTransportTest, ErrorsOfAStreamComeBackWhole) {
  TestCluster cluster;
  int lines = 0;
  auto head = cluster.transport().Stream(
      Get("/api/v1/nosuchthings?watch=true"), [&](std::string_view) { return ++lines > 0; },
      nullptr);
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->result_int(), 404u);
  EXPECT_NE(head->body().find("NotFound"), std::string::npos);
  EXPECT_EQ(lines, 0);
}

TEST(LoopbackTransportTest, RoundTripReadsAStreamToItsEnd) {
  TestCluster cluster;
  ASSERT_TRUE(cluster.client()
                  .Resource(resources::kConfigMaps, "default")
                  .Create(ConfigMapJson("default", "a"))
                  .ok());
  auto r = cluster.transport().RoundTrip(
      Get("/api/v1/namespaces/default/configmaps?watch=true&timeoutSeconds=1"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->stream, nullptr);
  EXPECT_NE(r->head.body().find(R"("type":"ADDED")"), std::string::npos);
}

}  // namespace
}  // namespace ekslite::client
