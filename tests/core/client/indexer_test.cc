#include "core/client/indexer.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace ekslite::client {
namespace {

ObjectPtr Pod(const std::string& ns, const std::string& name, const std::string& node) {
  std::string spec = node.empty() ? "{}" : R"({"nodeName":")" + node + "\"}";
  return *ParseObject(R"({"metadata":{"namespace":")" + ns + R"(","name":")" + name +
                      R"("},"spec":)" + spec + "}");
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

class IndexerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(indexer_
                    .AddIndexers({{std::string(kNamespaceIndex), NamespaceIndexFunc()},
                                  {"node", FieldIndexFunc("spec.nodeName")}})
                    .ok());
  }
  void Put(const ObjectPtr& o) { indexer_.Upsert(ObjectKey(*o), o); }
  std::vector<std::string> Keys(const std::string& index, const std::string& value) {
    return Sorted(*indexer_.IndexKeys(index, value));
  }
  Indexer indexer_;
};

TEST_F(IndexerTest, StoresByKeyAndReturnsThePreviousObject) {
  ObjectPtr first = Pod("ns", "a", "n1");
  EXPECT_EQ(indexer_.Upsert("ns/a", first), nullptr);
  ObjectPtr second = Pod("ns", "a", "n1");
  EXPECT_EQ(indexer_.Upsert("ns/a", second), first);
  EXPECT_EQ(indexer_.Get("ns/a"), second);  // the same shared object, not a copy
  EXPECT_EQ(indexer_.size(), 1u);
  EXPECT_EQ(indexer_.Remove("ns/a"), second);
  EXPECT_EQ(indexer_.Remove("ns/a"), nullptr);
  EXPECT_EQ(indexer_.Get("ns/a"), nullptr);
}

TEST_F(IndexerTest, IndexesFollowUpdatesAndRemovals) {
  Put(Pod("ns1", "a", "n1"));
  Put(Pod("ns1", "b", "n2"));
  Put(Pod("ns2", "c", "n1"));
  Put(Pod("ns2", "d", ""));  // unscheduled: not in the node index
  EXPECT_EQ(Keys("node", "n1"), (std::vector<std::string>{"ns1/a", "ns2/c"}));
  EXPECT_EQ(Keys(std::string(kNamespaceIndex), "ns2"),
            (std::vector<std::string>{"ns2/c", "ns2/d"}));
  EXPECT_EQ(Sorted(*indexer_.IndexValues("node")), (std::vector<std::string>{"n1", "n2"}));

  Put(Pod("ns2", "d", "n2"));  // scheduled
  Put(Pod("ns1", "a", "n2"));  // moved
  EXPECT_EQ(Keys("node", "n1"), (std::vector<std::string>{"ns2/c"}));
  EXPECT_EQ(Keys("node", "n2"), (std::vector<std::string>{"ns1/a", "ns1/b", "ns2/d"}));

  indexer_.Remove("ns2/c");
  EXPECT_TRUE(Keys("node", "n1").empty());
  EXPECT_EQ(Sorted(*indexer_.IndexValues("node")), (std::vector<std::string>{"n2"}));
  EXPECT_EQ(indexer_.ByIndex("node", "n2")->size(), 3u);
}

TEST_F(IndexerTest, IndexAddedLaterCoversExistingObjects) {
  Put(Pod("ns", "a", "n1"));
  ASSERT_TRUE(indexer_
                  .AddIndexers({{"name",
                                 [](const JsonValue& o) {
                                   return std::vector<std::string>{
                                       std::string(StringAt(o, "metadata.name"))};
                                 }}})
                  .ok());
  EXPECT_EQ(Keys("name", "a"), (std::vector<std::string>{"ns/a"}));
  EXPECT_TRUE(indexer_.AddIndexers({{"name", NamespaceIndexFunc()}}).IsAlreadyExists());
  EXPECT_TRUE(indexer_.ByIndex("missing", "x").status().IsNotFound());
}

TEST_F(IndexerTest, MultiValuedIndex) {
  ASSERT_TRUE(indexer_
                  .AddIndexers({{"containers",
                                 [](const JsonValue& o) {
                                   std::vector<std::string> out;
                                   const JsonValue* cs = Path(o, "spec.containers");
                                   if (cs && cs->IsArray()) {
                                     for (const auto& c : cs->GetArray()) {
                                       out.emplace_back(StringAt(c, "image"));
                                     }
                                   }
                                   return out;
                                 }}})
                  .ok());
  Put(*ParseObject(
      R"({"metadata":{"name":"p","namespace":"ns"},"spec":{"containers":[{"image":"x"},{"image":"y"}]}})"));
  EXPECT_EQ(Keys("containers", "x"), (std::vector<std::string>{"ns/p"}));
  EXPECT_EQ(Keys("containers", "y"), (std::vector<std::string>{"ns/p"}));
}

}  // namespace
}  // namespace ekslite::client
