#include "core/fieldmanager/field_manager.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "core/fieldmanager/managed_fields.h"

namespace ekslite::fieldmanager {
namespace {

constexpr const char* kT1 = "2024-01-01T00:00:01Z";
constexpr const char* kT2 = "2024-01-01T00:00:02Z";
constexpr const char* kT3 = "2024-01-01T00:00:03Z";

Json Parse(const std::string& text) {
  auto doc = ParseJson(text);
  EXPECT_TRUE(doc.ok()) << text;
  return std::move(doc).value();
}

// A Deployment named d with the given spec (and metadata members).
std::string Deploy(const std::string& spec, const std::string& metadata = "") {
  return R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"default")" +
         (metadata.empty() ? "" : "," + metadata) + R"(},"spec":)" + spec + "}";
}

std::string Quoted(const std::string& text) {
  std::string out;
  AppendJsonString(text, &out);
  return out;
}

// A field manager over one Deployment, the way the registry drives it.
class FieldManagerTest : public ::testing::Test {
 protected:
  Operation Op(const std::string& manager, const std::string& now = kT1,
               const std::string& subresource = "") {
    Operation op;
    op.manager = manager;
    op.api_version = "apps/v1";
    op.subresource = subresource;
    op.now = now;
    op.message =
        schema::BuiltinSchema().FindKind(schema::GroupVersionKind{"apps", "v1", "Deployment"});
    op.ignored = ResetFields(true, subresource);
    return op;
  }

  // Server-side applies `config` by `manager`; the live object changes on
  // success.
  Status Apply(const std::string& manager, const std::string& config, bool force = false,
               const std::string& now = kT1) {
    Json c = Parse(config);
    auto out = fieldmanager::Apply(exists_ ? &live_ : nullptr, c, Op(manager, now), force);
    if (!out.ok()) return out.status();
    live_ = std::move(*out);
    exists_ = true;
    return Status::Ok();
  }

  // Writes `object` (a create when nothing exists yet) by `manager`.
  void Update(const std::string& manager, const std::string& object, const std::string& now = kT1,
              const std::string& subresource = "") {
    Json next = Parse(object);
    RecordUpdate(exists_ ? &live_ : nullptr, next, Op(manager, now, subresource));
    live_ = std::move(next);
    exists_ = true;
  }

  // The entry of `manager` with `operation`, or null.
  const JsonValue* Entry(const std::string& manager, const std::string& operation = "Apply") const {
    const JsonValue* list = ManagedFieldsOf(live_);
    if (list == nullptr) return nullptr;
    for (const JsonValue& e : list->GetArray()) {
      if (StringAt(e, "manager") == manager && StringAt(e, "operation") == operation) return &e;
    }
    return nullptr;
  }

  std::string Fields(const std::string& manager, const std::string& operation = "Apply") const {
    const JsonValue* e = Entry(manager, operation);
    return e == nullptr ? "<none>" : ToJsonString(*Member(*e, "fieldsV1"));
  }

  std::string Managers() const {
    std::string out;
    const JsonValue* list = ManagedFieldsOf(live_);
    if (list == nullptr) return out;
    for (const JsonValue& e : list->GetArray()) {
      if (!out.empty()) out += ",";
      out += std::string(StringAt(e, "manager")) + "/" + std::string(StringAt(e, "operation"));
    }
    return out;
  }

  Json live_;
  bool exists_ = false;
};

TEST_F(FieldManagerTest, ApplyCreatesTheObjectAndOwnsItsConfiguration) {
  ASSERT_TRUE(Apply("a", Deploy(R"({"replicas":2})", R"("labels":{"x":"1"})")).ok());
  EXPECT_EQ(StringAt(live_, "spec.replicas", ""), "");
  EXPECT_EQ(*IntAt(live_, "spec.replicas"), 2);
  const JsonValue* e = Entry("a");
  ASSERT_NE(e, nullptr);
  // The server-owned fields (apiVersion, kind, name, namespace) are nobody's.
  EXPECT_EQ(
      ToJsonString(*e),
      R"({"manager":"a","operation":"Apply","apiVersion":"apps/v1","time":"2024-01-01T00:00:01Z",)"
      R"("fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:labels":{"f:x":{}}},"f:spec":{"f:replicas":{}}}})");
}

TEST_F(FieldManagerTest, ConflictWithAnotherApplierNamesTheFieldAndManager) {
  ASSERT_TRUE(Apply("a", Deploy(R"({"replicas":2})")).ok());
  Status s = Apply("b", Deploy(R"({"replicas":3})"));
  EXPECT_EQ(s.code(), Code::kConflict);
  EXPECT_EQ(s.message(), "Apply failed with 1 conflict: conflict with \"a\": .spec.replicas");
  ASSERT_NE(s.details(), nullptr);
  ASSERT_EQ(s.details()->causes.size(), 1u);
  EXPECT_EQ(s.details()->causes[0].reason, "FieldManagerConflict");
  EXPECT_EQ(s.details()->causes[0].message, "conflict with \"a\"");
  EXPECT_EQ(s.details()->causes[0].field, ".spec.replicas");
  EXPECT_EQ(*IntAt(live_, "spec.replicas"), 2);  // nothing changed
}

TEST_F(FieldManagerTest, ConflictWithAnUpdaterNamesItsVersion) {
  Update("kubectl-client-side-apply", Deploy(R"({"replicas":2,"paused":false})"));
  Status s = Apply("b", Deploy(R"({"replicas":3,"paused":true})"));
  EXPECT_EQ(s.message(),
            "Apply failed with 2 conflicts: conflicts with \"kubectl-client-side-apply\" using "
            "apps/v1:\n- .spec.paused\n- .spec.replicas");
  EXPECT_EQ(s.details()->causes.size(), 2u);
}

TEST_F(FieldManagerTest, ForceTakesTheFieldOver) {
  ASSERT_TRUE(Apply("a", Deploy(R"({"replicas":2,"paused":true})")).ok());
  ASSERT_TRUE(Apply("b", Deploy(R"({"replicas":3})"), /*force=*/true, kT2).ok());
  EXPECT_EQ(*IntAt(live_, "spec.replicas"), 3);
  EXPECT_EQ(Fields("a"), R"({"f:spec":{"f:paused":{}}})");
  EXPECT_EQ(Fields("b"), R"({"f:spec":{"f:replicas":{}}})");
}

TEST_F(FieldManagerTest, EqualValuesAreOwnedTogether) {
  ASSERT_TRUE(Apply("a", Deploy(R"({"replicas":2})")).ok());
  ASSERT_TRUE(Apply("b", Deploy(R"({"replicas":2})"), false, kT2).ok());
  EXPECT_EQ(Fields("a"), R"({"f:spec":{"f:replicas":{}}})");
  EXPECT_EQ(Fields("b"), R"({"f:spec":{"f:replicas":{}}})");
  // b changed nothing, so its entry has no time.
  EXPECT_EQ(Member(*Entry("b"), "time"), nullptr);
  // Either one changing it now conflicts with the other.
  EXPECT_EQ(Apply("a", Deploy(R"({"replicas":4})")).code(), Code::kConflict);
}

TEST_F(FieldManagerTest, DroppedFieldsGoUnlessSomeoneElseOwnsThem) {
  ASSERT_TRUE(Apply("a", Deploy(R"({"replicas":1})", R"("labels":{"x":"1","y":"2"})")).ok());
  ASSERT_TRUE(Apply("b", Deploy(R"({})", R"("labels":{"y":"2"})")).ok());
  ASSERT_TRUE(Apply("a", Deploy(R"({"replicas":1})")).ok());
  EXPECT_EQ(ToJsonString(*ekslite::Path(live_, "metadata.labels")), R"({"y":"2"})");
  EXPECT_EQ(Fields("a"), R"({"f:spec":{"f:replicas":{}}})");
  // Once b drops y too, the labels go.
  ASSERT_TRUE(Apply("b", Deploy(R"({})")).ok());
  EXPECT_EQ(ekslite::Path(live_, "metadata.labels"), nullptr);
  EXPECT_EQ(Entry("b"), nullptr);  // owns nothing any more
}

TEST_F(FieldManagerTest, ListMapsMergeItemByItem) {
  auto containers = [](const std::string& items) {
    return Deploy(R"({"template":{"spec":{"containers":)" + items + "}}}");
  };
  ASSERT_TRUE(
      Apply("a", containers(R"([{"name":"web","image":"nginx","ports":[{"containerPort":80}]}])"))
          .ok());
  ASSERT_TRUE(Apply("b", containers(R"([{"name":"side","image":"busybox"}])")).ok());
  // b may add a port to a's container: ports are keyed by port and protocol.
  ASSERT_TRUE(
      Apply("b", containers(R"([{"name":"side","image":"busybox"},)"
                            R"({"name":"web","ports":[{"containerPort":81,"protocol":"UDP"}]}])"))
          .ok());
  // Shared items follow b's order.
  EXPECT_EQ(ToJsonString(*ekslite::Path(live_, "spec.template.spec.containers")),
            R"([{"name":"side","image":"busybox"},{"name":"web","image":"nginx","ports":[)"
            R"({"containerPort":80},{"containerPort":81,"protocol":"UDP"}]}])");
  EXPECT_EQ(Apply("b", containers(R"([{"name":"web","image":"httpd"}])")).code(), Code::kConflict);
  // a drops its container: what only a owned goes, b's port keeps the item.
  ASSERT_TRUE(Apply("a", containers("[]")).ok());
  EXPECT_EQ(ToJsonString(*ekslite::Path(live_, "spec.template.spec.containers")),
            R"([{"name":"side","image":"busybox"},)"
            R"({"name":"web","ports":[{"containerPort":81,"protocol":"UDP"}]}])");
}

TEST_F(FieldManagerTest, AtomicListsAreOwnedWhole) {
  auto tolerations = [](const std::string& items) {
    return Deploy(R"({"template":{"spec":{"tolerations":)" + items + "}}}");
  };
  ASSERT_TRUE(Apply("a", tolerations(R"([{"key":"x"}])")).ok());
  Status s = Apply("b", tolerations(R"([{"key":"x"},{"key":"y"}])"));
  EXPECT_EQ(s.message(),
            "Apply failed with 1 conflict: conflict with \"a\": .spec.template.spec.tolerations");
  ASSERT_TRUE(Apply("b", tolerations(R"([{"key":"y"}])"), true).ok());
  EXPECT_EQ(ToJsonString(*ekslite::Path(live_, "spec.template.spec.tolerations")),
            R"([{"key":"y"}])");
  EXPECT_EQ(Entry("a"), nullptr);
}

TEST_F(FieldManagerTest, UpdatesTakeFieldsWithoutConflicts) {
  ASSERT_TRUE(Apply("a", Deploy(R"({"replicas":2,"paused":true})")).ok());
  Json next = Parse(ToJsonString(live_));
  SetInt(next["spec"], "replicas", 5, next.GetAllocator());
  Update("scaler", ToJsonString(next), kT2);
  EXPECT_EQ(Fields("a"), R"({"f:spec":{"f:paused":{}}})");
  EXPECT_EQ(Fields("scaler", "Update"), R"({"f:spec":{"f:replicas":{}}})");
  EXPECT_EQ(StringAt(*Entry("scaler", "Update"), "time"), kT2);
  // a applying its old value again now conflicts with the scaler.
  EXPECT_EQ(Apply("a", Deploy(R"({"replicas":2,"paused":true})")).message(),
            "Apply failed with 1 conflict: conflict with \"scaler\" using apps/v1: .spec.replicas");
}

TEST_F(FieldManagerTest, CreateStartsTrackingAndUntrackedObjectsStayUntracked) {
  Update("kubectl-create", Deploy(R"({"replicas":1})"));
  EXPECT_EQ(Managers(), "kubectl-create/Update");
  EXPECT_EQ(Fields("kubectl-create", "Update"), R"({"f:spec":{"f:replicas":{}}})");

  // An object stored without managedFields stays without them on update.
  live_ = Parse(Deploy(R"({"replicas":1})"));
  Update("editor", Deploy(R"({"replicas":2})"));
  EXPECT_EQ(ManagedFieldsOf(live_), nullptr);
}

TEST_F(FieldManagerTest, SendingEmptyManagedFieldsResetsThem) {
  Update("kubectl-create", Deploy(R"({"replicas":1})"));
  Update("editor", Deploy(R"({"replicas":1})", R"("managedFields":[])"));
  EXPECT_EQ(ManagedFieldsOf(live_), nullptr);
  // Sent managedFields otherwise replace the live ones (and start tracking).
  Update(
      "editor",
      Deploy(R"({"replicas":3})",
             R"("managedFields":[{"manager":"someone","operation":"Update","apiVersion":"apps/v1",)"
             R"("fieldsType":"FieldsV1","fieldsV1":{"f:spec":{"f:paused":{}}}}])"));
  EXPECT_EQ(Managers(), "someone/Update,editor/Update");
}

TEST_F(FieldManagerTest, StatusWritesAreOwnedThroughTheSubresource) {
  // (Stored with `status: {}`, as Go writes the struct.)
  Update("kubectl-create", Deploy(R"({"replicas":1})").insert(1, R"("status":{},)"));
  Json next = Parse(ToJsonString(live_));
  SetInt(next["status"], "replicas", 1, next.GetAllocator());
  // The spec change a status write carries is not the writer's.
  SetInt(next["spec"], "replicas", 9, next.GetAllocator());
  Update("controller", ToJsonString(next), kT2, "status");
  const JsonValue* e = Entry("controller", "Update");
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(StringAt(*e, "subresource"), "status");
  EXPECT_EQ(Fields("controller", "Update"), R"({"f:status":{"f:replicas":{}}})");
  // And a main-resource write never owns status.
  Json again = Parse(ToJsonString(live_));
  SetInt(again["status"], "replicas", 2, again.GetAllocator());
  Update("editor", ToJsonString(again), kT3);
  EXPECT_EQ(Entry("editor", "Update"), nullptr);
}

TEST_F(FieldManagerTest, ApplyNeverOwnsStatusOfTheMainResource) {
  ASSERT_TRUE(
      Apply("a", Deploy(R"({"replicas":1})").insert(1, R"("status":{"replicas":7},)")).ok());
  EXPECT_EQ(Fields("a"), R"({"f:spec":{"f:replicas":{}}})");
}

TEST_F(FieldManagerTest, FirstApplyToAnUntrackedObjectRecordsBeforeFirstApply) {
  live_ = Parse(Deploy(R"({"replicas":1,"paused":true})"));
  exists_ = true;
  Status s = Apply("a", Deploy(R"({"replicas":2})"));
  EXPECT_EQ(s.message(),
            "Apply failed with 1 conflict: conflict with \"before-first-apply\" using apps/v1: "
            ".spec.replicas");
  ASSERT_TRUE(Apply("a", Deploy(R"({"replicas":1})"), false, kT2).ok());
  EXPECT_EQ(Managers(), "a/Apply,before-first-apply/Update");
  EXPECT_EQ(Fields("before-first-apply", "Update"),
            R"({"f:spec":{"f:paused":{},"f:replicas":{}}})");
}

TEST_F(FieldManagerTest, KubectlTakesOverClientSideApplyFields) {
  std::string applied = Deploy(R"({"replicas":2,"paused":false})");
  std::string annotated =
      Deploy(R"({"replicas":2,"paused":false})",
             R"("annotations":{"kubectl.kubernetes.io/last-applied-configuration":)" +
                 Quoted(applied + "\n") + "}");
  Update("kubectl-client-side-apply", annotated);
  // Another manager cannot take client-side apply's fields...
  EXPECT_EQ(Apply("other", Deploy(R"({"replicas":3})")).code(), Code::kConflict);
  // ...but kubectl's server-side apply may, while they hold the applied values.
  ASSERT_TRUE(Apply("kubectl", Deploy(R"({"replicas":3,"paused":false})"), false, kT2).ok());
  EXPECT_EQ(*IntAt(live_, "spec.replicas"), 3);
  EXPECT_EQ(Fields("kubectl"), R"({"f:spec":{"f:paused":{},"f:replicas":{}}})");
  // The annotation follows what kubectl applied.
  const JsonValue* annotation =
      Member(*ekslite::Path(live_, "metadata.annotations"), kLastAppliedAnnotation);
  ASSERT_NE(annotation, nullptr);
  EXPECT_EQ(
      std::string(View(*annotation)),
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"default"},)"
      R"("spec":{"paused":false,"replicas":3}})"
      "\n");
}

TEST_F(FieldManagerTest, KubectlCannotTakeFieldsChangedSinceClientSideApply) {
  Update("kubectl-client-side-apply",
         Deploy(R"({"replicas":2})",
                R"("annotations":{"kubectl.kubernetes.io/last-applied-configuration":)" +
                    Quoted(Deploy(R"({"replicas":2})")) + "}"));
  Json scaled = Parse(ToJsonString(live_));
  SetInt(scaled["spec"], "replicas", 5, scaled.GetAllocator());
  Update("kubectl-client-side-apply", ToJsonString(scaled), kT2);  // e.g. kubectl scale
  EXPECT_EQ(Apply("kubectl", Deploy(R"({"replicas":3})"), false, kT3).code(), Code::kConflict);
}

TEST_F(FieldManagerTest, ANoOpApplyChangesNothing) {
  ASSERT_TRUE(
      Apply(
          "a",
          Deploy(R"({"replicas":2,"template":{"spec":{"containers":[{"name":"c","image":"i"}]}}})",
                 R"("labels":{"x":"1"})"))
          .ok());
  std::string before = ToJsonString(live_);
  ASSERT_TRUE(
      Apply(
          "a",
          Deploy(R"({"replicas":2,"template":{"spec":{"containers":[{"name":"c","image":"i"}]}}})",
                 R"("labels":{"x":"1"})"),
          false, kT3)
          .ok());
  EXPECT_EQ(ToJsonString(live_), before);
}

TEST_F(FieldManagerTest, ApplyRefusesBadConfigurations) {
  Status s = Apply("a", Deploy(R"({"replicas":1})", R"("managedFields":[])"));
  EXPECT_EQ(s.code(), Code::kBadRequest);
  EXPECT_EQ(s.message(), "metadata.managedFields must be nil");
  s = Apply("a", Deploy(R"({"template":{"spec":{"containers":[{"name":"c"},{"name":"c"}]}}})"));
  EXPECT_EQ(s.code(), Code::kBadRequest);
  EXPECT_EQ(s.message(),
            "failed to create typed patch object (default/d; apps/v1, Kind=Deployment): "
            ".spec.template.spec.containers: duplicate entries for key [name=\"c\"]");
}

TEST_F(FieldManagerTest, UpdateEntriesAreCapped) {
  Update("creator", Deploy(R"({"replicas":0})"));
  std::string labels;
  for (int i = 1; i <= 12; ++i) {
    char now[32];
    std::snprintf(now, sizeof now, "2024-01-01T00:01:%02dZ", i);
    labels += std::string(labels.empty() ? "" : ",") + "\"l" + std::to_string(i) + "\":\"v\"";
    Update("m" + std::to_string(i), Deploy(R"({"replicas":0})", R"("labels":{)" + labels + "}"),
           now);
  }
  int updaters = 0, buckets = 0;
  for (const JsonValue& e : ManagedFieldsOf(live_)->GetArray()) {
    if (StringAt(e, "operation") == "Update") ++updaters;
    if (StringAt(e, "manager") == "ancient-changes") ++buckets;
  }
  EXPECT_EQ(updaters, 10) << Managers();
  EXPECT_EQ(buckets, 1);
}

}  // namespace
}  // namespace ekslite::fieldmanager
