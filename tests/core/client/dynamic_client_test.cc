#include "core/client/dynamic_client.h"

#include <gtest/gtest.h>

#include <thread>

#include "core/api/object_meta.h"
#include "core/client/cancel_token.h"
#include "core/client/loopback_transport.h"
#include "core/client/subresources.h"
#include "tests/core/client/test_cluster.h"

namespace ekslite::client {
namespace {

using testing::ConfigMapJson;
using testing::PodJson;
using testing::TestCluster;
using testing::TransportKind;

class DynamicClientTest : public ::testing::TestWithParam<TransportKind> {
 protected:
  DynamicClientTest() : cluster_(GetParam()) {}

  ResourceClient ConfigMaps() {
    return cluster_.client().Resource(resources::kConfigMaps, "default");
  }
  ResourceClient Pods(const std::string& ns = "default") {
    return cluster_.client().Resource(resources::kPods, ns);
  }

  TestCluster cluster_;
};

TEST_P(DynamicClientTest, CreateGetUpdateDelete) {
  auto created = ConfigMaps().Create(ConfigMapJson("default", "a"));
  ASSERT_TRUE(created.ok()) << created.status().ToString();
  EXPECT_FALSE(api::GetUid(*created).empty());

  auto got = ConfigMaps().Get("a");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(StringAt(*got, "data.k"), "v");

  SetString((*got)["data"], "k", "w", got->GetAllocator());
  auto updated = ConfigMaps().Update(*got);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(StringAt(*updated, "data.k"), "w");
  EXPECT_NE(api::GetResourceVersion(*updated), api::GetResourceVersion(*got));

  auto deleted = ConfigMaps().Delete("a");
  ASSERT_TRUE(deleted.ok()) << deleted.status().ToString();
  EXPECT_TRUE(ConfigMaps().Get("a").status().IsNotFound());
}

TEST_P(DynamicClientTest, ErrorsCarryTheirReason) {
  Status missing = ConfigMaps().Get("nope").status();
  EXPECT_EQ(missing.code(), Code::kNotFound);
  ASSERT_NE(missing.details(), nullptr);
  EXPECT_EQ(missing.details()->name, "nope");
  EXPECT_EQ(missing.details()->kind, "configmaps");

  ASSERT_TRUE(ConfigMaps().Create(ConfigMapJson("default", "a")).ok());
  EXPECT_EQ(ConfigMaps().Create(ConfigMapJson("default", "a")).status().code(),
            Code::kAlreadyExists);

  Status invalid = ConfigMaps().Create(ConfigMapJson("default", "Not_A_Name")).status();
  EXPECT_EQ(invalid.code(), Code::kInvalid);
  ASSERT_NE(invalid.details(), nullptr);
  ASSERT_FALSE(invalid.details()->causes.empty());
  EXPECT_EQ(invalid.details()->causes[0].field, "metadata.name");

  EXPECT_EQ(ConfigMaps().Get("").status().code(), Code::kBadRequest);
  EXPECT_EQ(
      cluster_.client().Resource({"", "v1", "nosuchthings"}, "default").Get("x").status().code(),
      Code::kNotFound);
}

TEST_P(DynamicClientTest, StaleUpdateConflicts) {
  auto created = ConfigMaps().Create(ConfigMapJson("default", "a"));
  ASSERT_TRUE(created.ok());
  Json first = CopyObject(*created);
  SetString((*created)["data"], "k", "one", created->GetAllocator());
  ASSERT_TRUE(ConfigMaps().Update(*created).ok());
  SetString(first["data"], "k", "two", first.GetAllocator());
  EXPECT_TRUE(ConfigMaps().Update(first).status().IsConflict());
}

TEST_P(DynamicClientTest, ListSelectsAndPages) {
  for (int i = 0; i < 5; ++i) {
    std::string label = i < 3 ? "a" : "b";
    ASSERT_TRUE(
        ConfigMaps().Create(ConfigMapJson("default", "cm-" + std::to_string(i), label)).ok());
  }
  ListOptions selected;
  selected.label_selector = "app=a";
  auto list = ConfigMaps().List(selected);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->items.size(), 3u);
  EXPECT_FALSE(list->resource_version.empty());
  // Items get the kind and apiVersion of the list.
  EXPECT_EQ(StringAt(*list->items[0], "kind"), "ConfigMap");
  EXPECT_EQ(StringAt(*list->items[0], "apiVersion"), "v1");

  ListOptions set_based;
  set_based.label_selector = "app in (a,b),app!=a";
  EXPECT_EQ(ConfigMaps().List(set_based)->items.size(), 2u);

  ListOptions page;
  page.limit = 2;
  auto first = ConfigMaps().List(page);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->items.size(), 2u);
  EXPECT_FALSE(first->continue_token.empty());
  ASSERT_TRUE(first->remaining_item_count.has_value());

  auto all = ConfigMaps().ListAll({}, 2);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->items.size(), 5u);
}

TEST_P(DynamicClientTest, FieldSelectorAndAllNamespaces) {
  ASSERT_TRUE(Pods("default").Create(PodJson("default", "p1", "node-1")).ok());
  ASSERT_TRUE(Pods("default").Create(PodJson("default", "p2", "node-2")).ok());
  ASSERT_TRUE(Pods("kube-system").Create(PodJson("kube-system", "p3", "node-1")).ok());
  ListOptions on_node;
  on_node.field_selector = "spec.nodeName=node-1";
  auto list = Pods("").List(on_node);
  ASSERT_TRUE(list.ok()) << list.status().ToString();
  EXPECT_EQ(list->items.size(), 2u);
  EXPECT_EQ(Pods("").List()->items.size(), 3u);
}

TEST_P(DynamicClientTest, EveryPatchType) {
  ASSERT_TRUE(ConfigMaps().Create(ConfigMapJson("default", "a")).ok());
  auto merged = ConfigMaps().Patch("a", PatchType::kMerge, R"({"data":{"m":"1"}})");
  ASSERT_TRUE(merged.ok()) << merged.status().ToString();
  EXPECT_EQ(StringAt(*merged, "data.m"), "1");

  auto json = ConfigMaps().Patch("a", PatchType::kJson,
                                 R"([{"op":"replace","path":"/data/k","value":"j"}])");
  ASSERT_TRUE(json.ok()) << json.status().ToString();
  EXPECT_EQ(StringAt(*json, "data.k"), "j");

  ASSERT_TRUE(Pods().Create(PodJson("default", "p")).ok());
  auto strategic = Pods().Patch(
      "p", PatchType::kStrategicMerge,
      R"({"spec":{"containers":[{"name":"c","image":"busybox:2"}]},"metadata":{"labels":{"x":"y"}}})");
  ASSERT_TRUE(strategic.ok()) << strategic.status().ToString();
  EXPECT_EQ(StringAt(*strategic, "metadata.labels.x"), "y");
  const JsonValue* containers = Path(*strategic, "spec.containers");
  ASSERT_TRUE(containers != nullptr && containers->IsArray());
  EXPECT_EQ(containers->Size(), 1u);  // merged by name, not appended
  EXPECT_EQ(StringAt((*containers)[0], "image"), "busybox:2");

  EXPECT_EQ(ConfigMaps().Patch("a", PatchType::kJson, "{not json").status().code(),
            Code::kBadRequest);
}

TEST_P(DynamicClientTest, ServerSideApplyOwnsFields) {
  Json desired = ConfigMapJson("default", "applied", "", "mine");
  ApplyOptions alice;
  alice.field_manager = "alice";
  auto applied = ConfigMaps().Apply(desired, alice);
  ASSERT_TRUE(applied.ok()) << applied.status().ToString();
  EXPECT_EQ(StringAt(*applied, "data.k"), "mine");

  Json other = ConfigMapJson("default", "applied", "", "theirs");
  ApplyOptions bob;
  bob.field_manager = "bob";
  EXPECT_TRUE(ConfigMaps().Apply(other, bob).status().IsConflict());
  bob.force = true;
  auto forced = ConfigMaps().Apply(other, bob);
  ASSERT_TRUE(forced.ok()) << forced.status().ToString();
  EXPECT_EQ(StringAt(*forced, "data.k"), "theirs");

  EXPECT_EQ(ConfigMaps().Apply(other, ApplyOptions{}).status().code(), Code::kBadRequest);
}

TEST_P(DynamicClientTest, StatusSubresourceChangesOnlyStatus) {
  auto pod = Pods().Create(PodJson("default", "p"));
  ASSERT_TRUE(pod.ok());
  auto& a = pod->GetAllocator();
  SetString(EnsureObject(*pod, "status", a), "phase", "Running", a);
  SetInt((*pod)["spec"], "activeDeadlineSeconds", 30, a);
  auto updated = Pods().UpdateStatus(*pod);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  EXPECT_EQ(StringAt(*updated, "status.phase"), "Running");
  EXPECT_EQ(Path(*updated, "spec.activeDeadlineSeconds"), nullptr);
  auto status = Pods().GetSubresource("p", "status");
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(StringAt(*status, "status.phase"), "Running");
}

TEST_P(DynamicClientTest, ScaleSubresource) {
  auto deployment = ParseJson(R"({"apiVersion":"apps/v1","kind":"Deployment",
    "metadata":{"name":"web","namespace":"default"},
    "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
      "template":{"metadata":{"labels":{"app":"web"}},
        "spec":{"containers":[{"name":"c","image":"busybox"}]}}}})");
  ASSERT_TRUE(
      cluster_.client().Resource(resources::kDeployments, "default").Create(*deployment).ok());
  auto scale = GetScale(cluster_.client(), resources::kDeployments, "default", "web");
  ASSERT_TRUE(scale.ok()) << scale.status().ToString();
  EXPECT_EQ(scale->spec_replicas, 2);
  EXPECT_EQ(scale->selector, "app=web");

  auto set = SetScale(cluster_.client(), resources::kDeployments, "default", "web", 5,
                      scale->resource_version);
  ASSERT_TRUE(set.ok()) << set.status().ToString();
  EXPECT_EQ(set->spec_replicas, 5);
  auto stored = cluster_.client().Resource(resources::kDeployments, "default").Get("web");
  EXPECT_EQ(IntAt(*stored, "spec.replicas"), 5);
  // The old resourceVersion is stale now.
  EXPECT_TRUE(SetScale(cluster_.client(), resources::kDeployments, "default", "web", 6,
                       scale->resource_version)
                  .status()
                  .IsConflict());
}

TEST_P(DynamicClientTest, BindPodSetsTheNode) {
  auto pod = Pods().Create(PodJson("default", "unbound"));
  ASSERT_TRUE(pod.ok());
  Status bound = BindPod(cluster_.client(), "default", "unbound", "node-3", api::GetUid(*pod));
  ASSERT_TRUE(bound.ok()) << bound.ToString();
  EXPECT_EQ(StringAt(*Pods().Get("unbound"), "spec.nodeName"), "node-3");
  // A pod is bound once.
  EXPECT_TRUE(BindPod(cluster_.client(), "default", "unbound", "node-4").IsConflict());
}

TEST_P(DynamicClientTest, DeletePreconditionsAndCollections) {
  ASSERT_TRUE(ConfigMaps().Create(ConfigMapJson("default", "a", "x")).ok());
  ASSERT_TRUE(ConfigMaps().Create(ConfigMapJson("default", "b", "x")).ok());
  ASSERT_TRUE(ConfigMaps().Create(ConfigMapJson("default", "c", "y")).ok());
  DeleteOptions wrong_uid;
  wrong_uid.precondition_uid = "not-the-uid";
  EXPECT_TRUE(ConfigMaps().Delete("a", wrong_uid).status().IsConflict());
  EXPECT_TRUE(ConfigMaps().Delete("missing").status().IsNotFound());

  ListOptions x;
  x.label_selector = "app=x";
  ASSERT_TRUE(ConfigMaps().DeleteCollection({}, x).ok());
  auto left = ConfigMaps().List();
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->items.size(), 1u);
  EXPECT_EQ(api::GetName(*left->items[0]), "c");
}

TEST_P(DynamicClientTest, WatchStreamsEventsFromAVersion) {
  auto list = ConfigMaps().List();
  ASSERT_TRUE(list.ok());
  std::vector<WatchEvent> events;
  CancelToken cancel;
  Status watch_status;
  std::thread watcher([&] {
    ListOptions o;
    o.resource_version = list->resource_version;
    watch_status = ConfigMaps().Watch(
        o,
        [&](const WatchEvent& e) {
          events.push_back(e);
          return events.size() < 3;
        },
        &cancel);
  });
  ASSERT_TRUE(ConfigMaps().Create(ConfigMapJson("default", "w")).ok());
  ASSERT_TRUE(ConfigMaps().Patch("w", PatchType::kMerge, R"({"data":{"k":"2"}})").ok());
  ASSERT_TRUE(ConfigMaps().Delete("w").ok());
  watcher.join();
  EXPECT_TRUE(watch_status.ok()) << watch_status.ToString();
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].type, WatchEvent::Type::kAdded);
  EXPECT_EQ(events[1].type, WatchEvent::Type::kModified);
  EXPECT_EQ(StringAt(*events[1].object, "data.k"), "2");
  EXPECT_EQ(events[2].type, WatchEvent::Type::kDeleted);
  EXPECT_EQ(api::GetName(*events[2].object), "w");
}

TEST_P(DynamicClientTest, CancelEndsAQuietWatch) {
  CancelToken cancel;
  Status watch_status = Status::Internal("not run");
  std::thread watcher([&] {
    ListOptions o;
    o.resource_version = "0";
    watch_status = ConfigMaps().Watch(
        o, [](const WatchEvent&) { return true; }, &cancel);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto start = std::chrono::steady_clock::now();
  cancel.Cancel();
  watcher.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
}

TEST_P(DynamicClientTest, ServerEndsWatchAfterTimeout) {
  ListOptions o;
  o.timeout_seconds = 1;
  int events = 0;
  Status s = ConfigMaps().Watch(o, [&](const WatchEvent&) {
    ++events;
    return true;
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(events, 0);
}

INSTANTIATE_TEST_SUITE_P(Transports, DynamicClientTest,
                         ::testing::Values(TransportKind::kLoopback, TransportKind::kTls),
                         [](const auto& info) { return testing::TransportName(info.param); });

// A watch from a version the server has forgotten fails with kExpired.
TEST(DynamicClientWatchTest, TooOldVersionIsExpired) {
  apiserver::ApiHandlerOptions options;
  options.watch_history = 2;
  TestCluster cluster(TransportKind::kLoopback, options);
  auto cms = cluster.client().Resource(resources::kConfigMaps, "default");
  auto first = cms.Create(ConfigMapJson("default", "first"));
  ASSERT_TRUE(first.ok());
  for (int i = 0; i < 5; ++i)
    ASSERT_TRUE(cms.Create(ConfigMapJson("default", "cm" + std::to_string(i))).ok());
  ListOptions o;
  o.resource_version = std::string(api::GetResourceVersion(*first));
  Status s = cms.Watch(o, [](const WatchEvent&) { return true; });
  EXPECT_TRUE(s.IsExpired()) << s.ToString();
}

// The binding and eviction helpers send what the API expects; checked with a
// handler that records the request (the seam's other side).
class RecordingHandler : public http::Handler {
 public:
  http::Response Serve(http::Request request, const http::Peer& peer) override {
    requests.push_back(request);
    user = peer.certificate_user ? peer.certificate_user->name : "";
    http::Response r;
    r.head.result(201);
    r.head.set(http::Field::content_type, "application/json");
    r.head.body() = R"({"kind":"Status","apiVersion":"v1","status":"Success","code":201})";
    r.head.prepare_payload();
    return r;
  }
  std::vector<http::Request> requests;
  std::string user;
};

TEST(SubresourceHelpersTest, BindAndEvictPostTheRightObjects) {
  RecordingHandler handler;
  auto transport = NewLoopbackTransport(handler);
  DynamicClient client(*transport);
  ASSERT_TRUE(BindPod(client, "ns", "web-0", "node-7", "uid-1").ok());
  DeleteOptions grace;
  grace.grace_period_seconds = 0;
  ASSERT_TRUE(EvictPod(client, "ns", "web-0", grace).ok());
  ASSERT_EQ(handler.requests.size(), 2u);
  EXPECT_EQ(handler.user, "system:apiserver");

  const http::Request& bind = handler.requests[0];
  EXPECT_EQ(bind.method(), http::Verb::post);
  EXPECT_EQ(bind.target(), "/api/v1/namespaces/ns/pods/web-0/binding");
  auto binding = ParseJson(bind.body());
  EXPECT_EQ(StringAt(*binding, "kind"), "Binding");
  EXPECT_EQ(StringAt(*binding, "metadata.uid"), "uid-1");
  EXPECT_EQ(StringAt(*binding, "target.kind"), "Node");
  EXPECT_EQ(StringAt(*binding, "target.name"), "node-7");

  const http::Request& evict = handler.requests[1];
  EXPECT_EQ(evict.target(), "/api/v1/namespaces/ns/pods/web-0/eviction");
  auto eviction = ParseJson(evict.body());
  EXPECT_EQ(StringAt(*eviction, "apiVersion"), "policy/v1");
  EXPECT_EQ(IntAt(*eviction, "deleteOptions.gracePeriodSeconds"), 0);
}

TEST(SubresourceHelpersTest, QueryValuesAreEscaped) {
  RecordingHandler handler;
  auto transport = NewLoopbackTransport(handler);
  DynamicClient client(*transport);
  ListOptions o;
  o.label_selector = "app in (a,b)";
  o.limit = 10;
  (void)client.Resource(resources::kDeployments).List(o);
  ASSERT_EQ(handler.requests.size(), 1u);
  EXPECT_EQ(handler.requests[0].target(),
            "/apis/apps/v1/deployments?labelSelector=app%20in%20%28a%2Cb%29&limit=10");
}

}  // namespace
}  // namespace ekslite::client
