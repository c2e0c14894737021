#include <gtest/gtest.h>

#include <mutex>

#include "core/api/object_meta.h"
#include "core/client/informer_factory.h"
#include "core/client/shared_informer.h"
#include "tests/core/client/test_cluster.h"
#include "tests/testing/fake_clock.h"

namespace ekslite::client {
namespace {

using namespace std::chrono_literals;
using testing::ConfigMapJson;
using testing::Eventually;
using testing::PodJson;
using testing::TestCluster;
using testing::TransportKind;

InformerOptions Options(const GroupVersionResource& resource) {
  InformerOptions o;
  o.resource = resource;
  return o;
}

DeleteOptions Immediately() {
  DeleteOptions o;
  o.grace_period_seconds = 0;
  return o;
}

InformerSelectors Selectors(const std::string& labels) {
  InformerSelectors s;
  s.label_selector = labels;
  return s;
}

// Records what a handler is told, as "add a", "update a 12->13", "delete a".
class Recorder {
 public:
  EventHandlers Handlers() {
    EventHandlers h;
    h.on_add = [this](const ObjectPtr& o) { Record("add " + Name(o)); };
    h.on_update = [this](const ObjectPtr& old_object, const ObjectPtr& new_object) {
      Record("update " + Name(new_object) + " " +
             std::string(api::GetResourceVersion(*old_object)) + "->" +
             std::string(api::GetResourceVersion(*new_object)));
      if (old_object == new_object) ++same_;
    };
    h.on_delete = [this](const ObjectPtr& o) { Record("delete " + Name(o)); };
    return h;
  }
  std::vector<std::string> events() const {
    std::lock_guard<std::mutex> lock(mu_);
    return events_;
  }
  size_t size() const {
    std::lock_guard<std::mutex> lock(mu_);
    return events_.size();
  }
  int same() const { return same_.load(); }
  bool Saw(const std::string& prefix) const {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& e : events_) {
      if (e.compare(0, prefix.size(), prefix) == 0) return true;
    }
    return false;
  }

 private:
  static std::string Name(const ObjectPtr& o) { return std::string(api::GetName(*o)); }
  void Record(std::string e) {
    std::lock_guard<std::mutex> lock(mu_);
    events_.push_back(std::move(e));
  }
  mutable std::mutex mu_;
  std::vector<std::string> events_;
  std::atomic<int> same_{0};
};

class InformerTest : public ::testing::TestWithParam<TransportKind> {
 protected:
  InformerTest() : cluster_(GetParam()) {}
  ResourceClient ConfigMaps() {
    return cluster_.client().Resource(resources::kConfigMaps, "default");
  }
  TestCluster cluster_;
};

TEST_P(InformerTest, ListsThenWatchesAddsUpdatesAndDeletes) {
  ASSERT_TRUE(ConfigMaps().Create(ConfigMapJson("default", "a")).ok());
  ASSERT_TRUE(ConfigMaps().Create(ConfigMapJson("default", "b")).ok());
  InformerOptions o;
  o.resource = resources::kConfigMaps;
  o.ns = "default";
  auto informer = NewSharedInformer(cluster_.client(), o);
  Recorder recorder;
  informer->AddEventHandler(recorder.Handlers());
  EXPECT_FALSE(informer->HasSynced());
  informer->Start();
  ASSERT_TRUE(WaitForCacheSync({informer.get()}, 5s));
  EXPECT_EQ(informer->indexer().size(), 2u);
  EXPECT_FALSE(informer->LastSyncResourceVersion().empty());
  ASSERT_TRUE(Eventually([&] { return recorder.size() == 2; }));

  auto c = ConfigMaps().Create(ConfigMapJson("default", "c"));
  ASSERT_TRUE(c.ok());
  auto patched = ConfigMaps().Patch("a", PatchType::kMerge, R"({"data":{"k":"new"}})");
  ASSERT_TRUE(patched.ok());
  ASSERT_TRUE(ConfigMaps().Delete("b").ok());
  ASSERT_TRUE(Eventually([&] { return recorder.size() == 5; }));
  auto events = recorder.events();
  EXPECT_EQ(events[2], "add c");
  EXPECT_EQ(events[3].substr(0, 9), "update a ");
  EXPECT_NE(events[3].find("->" + std::string(api::GetResourceVersion(*patched))),
            std::string::npos);
  EXPECT_EQ(events[4], "delete b");

  ObjectPtr cached = informer->indexer().Get("default/a");
  ASSERT_NE(cached, nullptr);
  EXPECT_EQ(StringAt(*cached, "data.k"), "new");
  EXPECT_EQ(informer->indexer().Get("default/b"), nullptr);
  informer->Stop();
}

INSTANTIATE_TEST_SUITE_P(Transports, InformerTest,
                         ::testing::Values(TransportKind::kLoopback, TransportKind::kTls),
                         [](const auto& info) { return testing::TransportName(info.param); });

TEST(SharedInformerTest, LateHandlerGetsTheCachedObjectsFirst) {
  TestCluster cluster;
  auto cms = cluster.client().Resource(resources::kConfigMaps, "default");
  ASSERT_TRUE(cms.Create(ConfigMapJson("default", "a")).ok());
  auto informer = NewSharedInformer(cluster.client(), Options(resources::kConfigMaps));
  informer->Start();
  ASSERT_TRUE(WaitForCacheSync({informer.get()}, 5s));
  Recorder late;
  informer->AddEventHandler(late.Handlers());
  ASSERT_TRUE(cms.Create(ConfigMapJson("default", "b")).ok());
  ASSERT_TRUE(Eventually([&] { return late.size() == 2; }));
  EXPECT_EQ(late.events(), (std::vector<std::string>{"add a", "add b"}));
}

TEST(SharedInformerTest, IndexesByNamespaceAndByCustomFunction) {
  TestCluster cluster;
  auto& client = cluster.client();
  ASSERT_TRUE(
      client.Resource(resources::kPods, "default").Create(PodJson("default", "p1", "n1")).ok());
  ASSERT_TRUE(
      client.Resource(resources::kPods, "default").Create(PodJson("default", "p2", "n2")).ok());
  ASSERT_TRUE(client.Resource(resources::kPods, "kube-system")
                  .Create(PodJson("kube-system", "p3", "n1"))
                  .ok());
  ASSERT_TRUE(client.Resource(resources::kPods, "default").Create(PodJson("default", "p4")).ok());
  auto informer = NewSharedInformer(client, Options(resources::kPods));
  ASSERT_TRUE(informer->AddIndexers({{"node", FieldIndexFunc("spec.nodeName")}}).ok());
  EXPECT_TRUE(informer->AddIndexers({{"node", FieldIndexFunc("x")}}).IsAlreadyExists());
  informer->Start();
  ASSERT_TRUE(WaitForCacheSync({informer.get()}, 5s));
  const Indexer& pods = informer->indexer();
  EXPECT_EQ(pods.ByIndex(kNamespaceIndex, "default")->size(), 3u);
  EXPECT_EQ(pods.ByIndex(kNamespaceIndex, "kube-system")->size(), 1u);
  auto on_n1 = pods.IndexKeys("node", "n1");
  ASSERT_TRUE(on_n1.ok());
  std::sort(on_n1->begin(), on_n1->end());
  EXPECT_EQ(*on_n1, (std::vector<std::string>{"default/p1", "kube-system/p3"}));
  EXPECT_TRUE(pods.ByIndex("node", "n3")->empty());
  EXPECT_TRUE(pods.ByIndex("nosuchindex", "x").status().IsNotFound());

  // The index follows deletions.
  ASSERT_TRUE(client.Resource(resources::kPods, "default").Delete("p1", Immediately()).ok());
  ASSERT_TRUE(Eventually([&] { return pods.ByIndex("node", "n1")->size() == 1; }));
}

// With a tiny watch history, a filtered informer whose last version falls out
// of it gets 410 Expired when its watch restarts, lists again, and stays
// correct.
TEST(SharedInformerTest, RelistsAfterExpiredWatch) {
  apiserver::ApiHandlerOptions options;
  options.watch_history = 4;
  options.bookmark_interval = std::chrono::hours(1);
  TestCluster cluster(TransportKind::kLoopback, options);
  auto cms = cluster.client().Resource(resources::kConfigMaps, "default");
  auto watched = cms.Create(ConfigMapJson("default", "watched", "w"));
  ASSERT_TRUE(watched.ok());
  std::string rv(api::GetResourceVersion(*watched));

  InformerOptions o;
  o.resource = resources::kConfigMaps;
  o.label_selector = "app=w";
  o.min_watch_timeout = std::chrono::seconds(1);
  auto informer = NewSharedInformer(cluster.client(), o);
  Recorder recorder;
  informer->AddEventHandler(recorder.Handlers());
  informer->Start();
  ASSERT_TRUE(WaitForCacheSync({informer.get()}, 5s));
  EXPECT_EQ(informer->ListCount(), 1);

  // Changes the informer does not see push its version out of the history.
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(cms.Create(ConfigMapJson("default", "other-" + std::to_string(i), "o")).ok());
  }
  // The watch ends within 1-2 s; its restart is refused; the informer lists.
  ASSERT_TRUE(Eventually([&] { return informer->ListCount() >= 2; }, 10s));
  // The relist re-delivers what is cached as an update to the same version.
  ASSERT_TRUE(Eventually([&] { return recorder.Saw("update watched " + rv + "->" + rv); }));
  EXPECT_EQ(informer->indexer().size(), 1u);

  // And it watches again afterwards.
  ASSERT_TRUE(cms.Create(ConfigMapJson("default", "watched-2", "w")).ok());
  ASSERT_TRUE(Eventually([&] { return recorder.Saw("add watched-2"); }));
}

// Fails new watches while "partitioned", as a network partition would.
class PartitionableTransport : public Transport {
 public:
  explicit PartitionableTransport(Transport& inner) : inner_(inner) {}
  StatusOr<http::Response> RoundTrip(const http::Request& request) override {
    return inner_.RoundTrip(request);
  }
  StatusOr<http::HeadResponse> Stream(const http::Request& request, const LineHandler& on_line,
                                      CancelToken* cancel) override {
    if (partitioned) {
      ++refused;
      return Status::Unavailable("partitioned");
    }
    return inner_.Stream(request, on_line, cancel);
  }
  std::atomic<bool> partitioned{false};
  std::atomic<int> refused{0};

 private:
  Transport& inner_;
};

TEST(SharedInformerTest, RelistReportsObjectsDeletedWhileDisconnected) {
  apiserver::ApiHandlerOptions options;
  options.watch_history = 4;
  options.bookmark_interval = std::chrono::hours(1);
  TestCluster cluster(TransportKind::kLoopback, options);
  PartitionableTransport network(cluster.transport());
  DynamicClient client(network);
  auto cms = cluster.client().Resource(resources::kConfigMaps, "default");
  ASSERT_TRUE(cms.Create(ConfigMapJson("default", "gone", "w")).ok());
  ASSERT_TRUE(cms.Create(ConfigMapJson("default", "kept", "w")).ok());
  InformerOptions o;
  o.resource = resources::kConfigMaps;
  o.min_watch_timeout = std::chrono::seconds(1);
  auto informer = NewSharedInformer(client, o);
  Recorder recorder;
  informer->AddEventHandler(recorder.Handlers());
  informer->Start();
  ASSERT_TRUE(WaitForCacheSync({informer.get()}, 5s));

  network.partitioned = true;  // the running watch ends within 2 s; no new one starts
  ASSERT_TRUE(Eventually([&] { return network.refused.load() > 0; }, 10s));
  ASSERT_TRUE(cms.Delete("gone").ok());
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(cms.Create(ConfigMapJson("default", "other-" + std::to_string(i))).ok());
  }
  network.partitioned = false;
  // The re-watch from the old version is refused (Expired); the relist finds
  // "gone" missing and reports its last known state as deleted.
  ASSERT_TRUE(Eventually([&] { return recorder.Saw("delete gone"); }, 10s));
  EXPECT_GE(informer->ListCount(), 2);
  EXPECT_EQ(informer->indexer().Get("default/gone"), nullptr);
  EXPECT_NE(informer->indexer().Get("default/kept"), nullptr);
  EXPECT_NE(informer->indexer().Get("default/other-9"), nullptr);
}

// Bookmarks move a quiet, filtered informer's version forward, so a re-watch
// starts from a recent version instead of one the server may have forgotten.
TEST(SharedInformerTest, BookmarksAdvanceTheVersion) {
  apiserver::ApiHandlerOptions options;
  options.bookmark_interval = std::chrono::milliseconds(50);
  TestCluster cluster(TransportKind::kLoopback, options);
  auto cms = cluster.client().Resource(resources::kConfigMaps, "default");
  InformerOptions o;
  o.resource = resources::kConfigMaps;
  o.label_selector = "app=w";
  auto informer = NewSharedInformer(cluster.client(), o);
  informer->Start();
  ASSERT_TRUE(WaitForCacheSync({informer.get()}, 5s));
  StatusOr<Json> last = Status::Internal("none");
  for (int i = 0; i < 3; ++i) {
    last = cms.Create(ConfigMapJson("default", "unseen-" + std::to_string(i), "other"));
    ASSERT_TRUE(last.ok());
  }
  int64_t rv = std::stoll(std::string(api::GetResourceVersion(*last)));
  ASSERT_TRUE(Eventually([&] { return std::stoll(informer->LastSyncResourceVersion()) >= rv; }))
      << informer->LastSyncResourceVersion() << " < " << rv;
  EXPECT_EQ(informer->indexer().size(), 0u);
}

TEST(SharedInformerTest, ResyncRedeliversEveryObject) {
  testing::FakeClock clock;
  TestCluster cluster;
  auto cms = cluster.client().Resource(resources::kConfigMaps, "default");
  ASSERT_TRUE(cms.Create(ConfigMapJson("default", "a")).ok());
  ASSERT_TRUE(cms.Create(ConfigMapJson("default", "b")).ok());
  InformerOptions o;
  o.resource = resources::kConfigMaps;
  o.resync_period = std::chrono::minutes(10);
  o.clock = &clock;
  auto informer = NewSharedInformer(cluster.client(), o);
  Recorder recorder;
  informer->AddEventHandler(recorder.Handlers());
  informer->Start();
  ASSERT_TRUE(WaitForCacheSync({informer.get()}, 5s));
  ASSERT_TRUE(Eventually([&] { return recorder.size() == 2; }));
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(recorder.same(), 0);
  clock.Advance(std::chrono::minutes(10));
  ASSERT_TRUE(Eventually([&] { return recorder.same() == 2; }));
  clock.Advance(std::chrono::minutes(10));
  ASSERT_TRUE(Eventually([&] { return recorder.same() == 4; }));
}

// Wraps a transport and counts the watch requests it sees.
class CountingTransport : public Transport {
 public:
  explicit CountingTransport(Transport& inner) : inner_(inner) {}
  StatusOr<http::Response> RoundTrip(const http::Request& request) override {
    return inner_.RoundTrip(request);
  }
  StatusOr<http::HeadResponse> Stream(const http::Request& request, const LineHandler& on_line,
                                      CancelToken* cancel) override {
    ++watches;
    return inner_.Stream(request, on_line, cancel);
  }
  std::atomic<int> watches{0};

 private:
  Transport& inner_;
};

TEST(InformerFactoryTest, HandlersShareOneInformerAndOneWatch) {
  TestCluster cluster;
  CountingTransport counting(cluster.transport());
  DynamicClient client(counting);
  InformerFactoryOptions factory_options;
  factory_options.transform = DropManagedFields();
  InformerFactory factory(client, factory_options);
  auto first = factory.ForResource(resources::kConfigMaps);
  auto second = factory.ForResource(resources::kConfigMaps);
  EXPECT_EQ(first, second);
  EXPECT_NE(factory.ForResource(resources::kConfigMaps, Selectors("app=x")), first);
  Recorder one, two;
  first->AddEventHandler(one.Handlers());
  second->AddEventHandler(two.Handlers());
  factory.Start();
  ASSERT_TRUE(factory.WaitForCacheSync(5s));
  ASSERT_TRUE(client.Resource(resources::kConfigMaps, "default")
                  .Create(ConfigMapJson("default", "a"))
                  .ok());
  ASSERT_TRUE(Eventually([&] { return one.Saw("add a") && two.Saw("add a"); }));
  EXPECT_EQ(counting.watches.load(), 2);  // the two informers, not one per handler

  ObjectPtr cached = first->indexer().Get("default/a");
  ASSERT_NE(cached, nullptr);
  EXPECT_EQ(Path(*cached, "metadata.managedFields"), nullptr);
  EXPECT_EQ(StringAt(*cached, "kind"), "ConfigMap");
  factory.Shutdown();
}

TEST(SharedInformerTest, RemovedHandlerHearsNoMore) {
  TestCluster cluster;
  auto cms = cluster.client().Resource(resources::kConfigMaps, "default");
  auto informer = NewSharedInformer(cluster.client(), Options(resources::kConfigMaps));
  Recorder kept, removed;
  informer->AddEventHandler(kept.Handlers());
  auto id = informer->AddEventHandler(removed.Handlers());
  informer->Start();
  ASSERT_TRUE(WaitForCacheSync({informer.get()}, 5s));
  informer->RemoveEventHandler(id);
  ASSERT_TRUE(cms.Create(ConfigMapJson("default", "a")).ok());
  ASSERT_TRUE(Eventually([&] { return kept.Saw("add a"); }));
  EXPECT_EQ(removed.size(), 0u);
}

}  // namespace
}  // namespace ekslite::client
