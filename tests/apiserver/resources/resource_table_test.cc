#include "apiserver/resources/resource_table.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "apiserver/resources/builtin.h"

namespace ekslite::apiserver {
namespace {

std::shared_ptr<const ResourceInfo> Custom(const std::string& version) {
  ResourceInfo info = NewResource("example.com", version, "widgets", "widget", "Widget", true);
  info.storage_group = "example.com";
  info.storage_resource = "widgets";
  info.storage_version = "v1";
  return std::make_shared<const ResourceInfo>(std::move(info));
}

TEST(ResourceTableTest, AddKeepsFirstVersionPreferred) {
  ResourceTable table;
  table.Add(NewResource("apps", "v1", "deployments", "deployment", "Deployment", true));
  table.Add(NewResource("apps", "v1beta1", "deployments", "deployment", "Deployment", true));
  ASSERT_EQ(table.Groups().size(), 1u);
  EXPECT_EQ(table.Groups()[0].versions, (std::vector<std::string>{"v1", "v1beta1"}));
  EXPECT_EQ(table.FindKind("apps", "v1", "Deployment"), table.Find("apps", "v1", "deployments"));
}

TEST(ResourceTableTest, ReplaceOrdersVersionsByPriorityAndRemoves) {
  ResourceTable table;
  table.Replace("example.com", "widgets", {Custom("v1alpha1"), Custom("v2"), Custom("v1beta1")});
  ASSERT_EQ(table.Groups().size(), 1u);
  EXPECT_EQ(table.Groups()[0].versions, (std::vector<std::string>{"v2", "v1beta1", "v1alpha1"}));
  uint64_t before = table.generation();
  table.Replace("example.com", "widgets", {Custom("v1")});
  EXPECT_GT(table.generation(), before);
  EXPECT_EQ(table.Find("example.com", "v2", "widgets"), nullptr);
  EXPECT_NE(table.Find("example.com", "v1", "widgets"), nullptr);
  table.Remove("example.com", "widgets");
  EXPECT_TRUE(table.Groups().empty());
  EXPECT_TRUE(table.All().empty());
}

TEST(ResourceTableTest, SnapshotsAndPinsOutliveChanges) {
  ResourceTable table;
  table.Replace("example.com", "widgets", {Custom("v1")});
  std::shared_ptr<const ResourceTable::Snapshot> old = table.snapshot();
  std::shared_ptr<const ResourceInfo> pin = table.Pin("example.com", "v1", "widgets");
  table.Remove("example.com", "widgets");
  EXPECT_EQ(table.Find("example.com", "v1", "widgets"), nullptr);
  ASSERT_NE(old->Find("example.com", "v1", "widgets"), nullptr);
  EXPECT_EQ(old->Find("example.com", "v1", "widgets")->kind, "Widget");
  EXPECT_EQ(pin->resource, "widgets");
}

TEST(ResourceTableTest, StorageVersionOfFollowsTheSharedEntry) {
  ResourceTable table;
  auto storage = Custom("v1");
  ResourceInfo beta = *Custom("v1beta1");
  beta.storage_info = storage;
  beta.to_storage = [](const JsonValue& v) {
    Json out;
    out.CopyFrom(v, out.GetAllocator());
    return out;
  };
  table.Replace("example.com", "widgets",
                {storage, std::make_shared<const ResourceInfo>(std::move(beta))});
  const ResourceInfo* served = table.Find("example.com", "v1beta1", "widgets");
  ASSERT_NE(served, nullptr);
  EXPECT_EQ(&table.StorageVersionOf(*served), storage.get());
}

TEST(ResourceTableTest, ReadersNeverSeeAHalfChange) {
  ResourceTable table;
  std::atomic<bool> stop{false};
  std::atomic<int> torn{0};
  std::thread reader([&] {
    while (!stop) {
      auto s = table.snapshot();
      // Both versions come and go together.
      bool a = s->Find("example.com", "v1", "widgets") != nullptr;
      bool b = s->Find("example.com", "v2", "widgets") != nullptr;
      if (a != b) ++torn;
      for (const ApiGroup& g : s->Groups()) {
        if (g.name == "example.com" && g.versions.size() != 2) ++torn;
      }
    }
  });
  for (int i = 0; i < 2000; ++i) {
    table.Replace("example.com", "widgets", {Custom("v1"), Custom("v2")});
    table.Remove("example.com", "widgets");
  }
  stop = true;
  reader.join();
  EXPECT_EQ(torn.load(), 0);
}

}  // namespace
}  // namespace ekslite::apiserver
