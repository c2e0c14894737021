#include "core/fieldmanager/managed_fields.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace ekslite::fieldmanager {
namespace {

Json Parse(const std::string& text) {
  auto doc = ParseJson(text);
  EXPECT_TRUE(doc.ok()) << text;
  return std::move(doc).value();
}

ManagedEntry Entry(std::string manager, std::string operation, std::string time, std::string field,
                   std::string api_version = "v1") {
  ManagedEntry e;
  e.manager = std::move(manager);
  e.operation = std::move(operation);
  e.api_version = std::move(api_version);
  e.time = std::move(time);
  e.fields.Insert({"f:data", FieldElement(field)});
  return e;
}

TEST(ManagedFieldsTest, DecodeAndEncodeRoundTrip) {
  std::string list =
      R"([{"manager":"kubectl","operation":"Apply","apiVersion":"v1","time":"2024-01-01T00:00:02Z",)"
      R"("fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:a":{}}}},)"
      R"({"manager":"kubelet","operation":"Update","apiVersion":"v1","time":"2024-01-01T00:00:01Z",)"
      R"("fieldsType":"FieldsV1","fieldsV1":{"f:status":{"f:phase":{}}},"subresource":"status"}])";
  Json doc = Parse(list);
  auto entries = DecodeManagedFields(&doc);
  ASSERT_TRUE(entries.ok()) << entries.status().message();
  ASSERT_EQ(entries->size(), 2u);
  EXPECT_EQ((*entries)[1].subresource, "status");
  EXPECT_TRUE((*entries)[0].applied());
  Json object = Parse(R"({"metadata":{"name":"x"}})");
  EncodeManagedFields(*entries, object);
  EXPECT_EQ(ToJsonString(*ManagedFieldsOf(object)), ToJsonString(doc));
}

TEST(ManagedFieldsTest, EncodesInUpstreamOrder) {
  // Apply entries first, then by time, manager, API version, subresource.
  ManagedEntries entries = {Entry("b", "Update", "2024-01-01T00:00:05Z", "b"),
                            Entry("a", "Update", "2024-01-01T00:00:05Z", "a"),
                            Entry("z", "Apply", "2024-01-01T00:00:09Z", "z"),
                            Entry("c", "Update", "2024-01-01T00:00:01Z", "c"),
                            Entry("n", "Update", "", "n")};
  Json object = Parse("{}");
  EncodeManagedFields(entries, object);
  const JsonValue& list = *ManagedFieldsOf(object);
  std::string order;
  for (const JsonValue& e : list.GetArray()) order += std::string(StringAt(e, "manager"));
  EXPECT_EQ(order, "zncab");
  // An entry without a time has no time field; every entry says FieldsV1.
  EXPECT_EQ(Member(list[1], "time"), nullptr);
  EXPECT_EQ(StringAt(list[0], "fieldsType"), "FieldsV1");
  // No entries: no managedFields at all.
  EncodeManagedFields({}, object);
  EXPECT_EQ(ToJsonString(object), R"({"metadata":{}})");
}

TEST(ManagedFieldsTest, DecodeMergesEntriesOfOneManagerAndRejectsOtherTypes) {
  Json twice = Parse(
      R"([{"manager":"m","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:a":{}}},)"
      R"({"manager":"m","operation":"Update","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":{"f:b":{}}},)"
      R"({"manager":"m","operation":"Update","apiVersion":"v2","fieldsType":"FieldsV1","fieldsV1":{"f:c":{}}}])");
  auto entries = DecodeManagedFields(&twice);
  ASSERT_TRUE(entries.ok());
  ASSERT_EQ(entries->size(), 2u);  // one per API version for updaters
  EXPECT_TRUE((*entries)[0].fields.Has({"f:a"}));
  EXPECT_TRUE((*entries)[0].fields.Has({"f:b"}));

  Json other = Parse(R"([{"manager":"m","operation":"Update","fieldsType":"FieldsV2"}])");
  auto bad = DecodeManagedFields(&other);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "error decoding managed fields: unsupported fieldsType \"FieldsV2\"");
  EXPECT_TRUE(DecodeManagedFields(nullptr)->empty());
}

TEST(ManagedFieldsTest, ManagersAreDescribedAsUpstreamPrintsThem) {
  ManagedEntry apply = Entry("kubectl", "Apply", "", "a", "apps/v1");
  EXPECT_EQ(apply.Describe(), R"("kubectl")");
  ManagedEntry update = Entry("kubectl-client-side-apply", "Update", "", "a", "apps/v1");
  EXPECT_EQ(update.Describe(), R"("kubectl-client-side-apply" using apps/v1)");
  update.subresource = "status";
  EXPECT_EQ(update.Describe(),
            R"("kubectl-client-side-apply" with subresource "status" using apps/v1)");
  // Appliers are one manager whatever version they apply; updaters are not.
  ManagedEntry apply_v2 = Entry("kubectl", "Apply", "", "a", "apps/v2");
  EXPECT_TRUE(apply.SameManager(apply_v2));
  ManagedEntry update_v2 = Entry("kubectl-client-side-apply", "Update", "", "a", "apps/v2");
  update.subresource.clear();
  EXPECT_FALSE(update.SameManager(update_v2));
}

TEST(ManagedFieldsTest, CapMergesTheOldestUpdatersIntoAncientChanges) {
  ManagedEntries entries;
  entries.push_back(Entry("applier", "Apply", "2024-01-01T00:00:00Z", "applied"));
  for (int i = 0; i < 12; ++i) {
    char time[32];
    std::snprintf(time, sizeof time, "2024-01-01T00:00:%02dZ", 10 + i);
    entries.push_back(Entry("m" + std::to_string(10 + i), "Update", time, "f" + std::to_string(i)));
  }
  CapUpdateManagers(&entries);
  ASSERT_EQ(entries.size(), 11u);  // the applier and 10 updaters
  const ManagedEntry* bucket = nullptr;
  for (const ManagedEntry& e : entries) {
    if (e.manager == kAncientChanges) bucket = &e;
  }
  ASSERT_NE(bucket, nullptr);
  // The three oldest updates went into it, with the newest time of them.
  EXPECT_TRUE(bucket->fields.Has({"f:data", "f:f0"}));
  EXPECT_TRUE(bucket->fields.Has({"f:data", "f:f1"}));
  EXPECT_TRUE(bucket->fields.Has({"f:data", "f:f2"}));
  EXPECT_FALSE(bucket->fields.Has({"f:data", "f:f3"}));
  EXPECT_EQ(bucket->time, "2024-01-01T00:00:12Z");

  // Later overflow merges into the existing bucket.
  entries.push_back(Entry("late", "Update", "2024-01-01T00:01:00Z", "late"));
  CapUpdateManagers(&entries);
  EXPECT_EQ(entries.size(), 11u);
  int buckets = 0;
  for (const ManagedEntry& e : entries) {
    if (e.manager == kAncientChanges) {
      ++buckets;
      EXPECT_TRUE(e.fields.Has({"f:data", "f:f3"}));
    }
  }
  EXPECT_EQ(buckets, 1);
}

TEST(ManagedFieldsTest, DropEmptyAndServerOwnedFields) {
  ManagedEntries entries = {Entry("a", "Update", "", "a"), ManagedEntry()};
  DropEmpty(&entries);
  EXPECT_EQ(entries.size(), 1u);
  const FieldSet& owned = ServerOwnedFields();
  EXPECT_TRUE(owned.Has({"f:metadata", "f:resourceVersion"}));
  EXPECT_TRUE(owned.Has({"f:kind"}));
  EXPECT_FALSE(owned.Has({"f:metadata", "f:labels"}));
}

}  // namespace
}  // namespace ekslite::fieldmanager
