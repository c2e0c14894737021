#include "controllers/common/controller_ref.h"

#include <gtest/gtest.h>

namespace ekslite::controllers {
namespace {

Json Parse(const char* text) { return std::move(*ParseJson(text)); }

TEST(ControllerRefTest, ControllerOfFindsTheControllingReference) {
  Json pod = Parse(R"({"metadata":{"ownerReferences":[
      {"apiVersion":"v1","kind":"Node","name":"n","uid":"u1"},
      {"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"u2","controller":true,
       "blockOwnerDeletion":true}]}})");
  std::optional<OwnerRef> ref = ControllerOf(pod);
  ASSERT_TRUE(ref.has_value());
  EXPECT_EQ(ref->name, "rs");
  EXPECT_TRUE(ref->block_owner_deletion);
  EXPECT_TRUE(IsControlledBy(pod, "u2"));
  EXPECT_FALSE(IsControlledBy(pod, "u1"));
  EXPECT_EQ(OwnerRefsOf(pod).size(), 2u);
}

TEST(ControllerRefTest, MakeControllerRefPointsAtTheOwner) {
  Json rs = Parse(R"({"metadata":{"name":"web","uid":"abc"}})");
  Json ref = MakeControllerRef(rs, "apps/v1", "ReplicaSet");
  EXPECT_EQ(ToJsonString(ref),
            R"({"apiVersion":"apps/v1","kind":"ReplicaSet","name":"web","uid":"abc","controller":true,"blockOwnerDeletion":true})");
}

TEST(ControllerRefTest, IndexFuncsIndexByOwnerUid) {
  Json pod = Parse(R"({"metadata":{"ownerReferences":[
      {"kind":"A","name":"a","uid":"u1"},{"kind":"B","name":"b","uid":"u2","controller":true}]}})");
  EXPECT_EQ(ControllerUidIndexFunc()(pod), std::vector<std::string>{"u2"});
  EXPECT_EQ(OwnerUidIndexFunc()(pod), (std::vector<std::string>{"u1", "u2"}));
}

TEST(ControllerRefTest, ReleasePatchDeletesTheEntryByUid) {
  EXPECT_EQ(ReleasePatch("owner", "me"),
            R"({"metadata":{"ownerReferences":[{"$patch":"delete","uid":"owner"}],"uid":"me"}})");
}

}  // namespace
}  // namespace ekslite::controllers
