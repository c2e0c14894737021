#include "core/schema/descriptions.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "core/schema/schema.h"

namespace ekslite::schema {
namespace {

constexpr std::string_view kSchema = R"(package io.example.v1
kind example.io/v1 Widget Widget
kind example.io/v1 WidgetList WidgetList
message Widget
  metadata 1 Meta
  spec 2 WidgetSpec
  apiVersion 0 string
  kind 0 string
message WidgetSpec
  size 1 int32
  color 2 string
message WidgetList
  items 1 []Widget
  kind 0 string
message Meta
  name 1 string
message GadgetSpec
  size 1 int32
  color 2 string
)";

std::unique_ptr<Schema> Parse() {
  auto schema = ParseSchema(kSchema);
  EXPECT_TRUE(schema.ok()) << schema.status().ToString();
  return std::move(schema).value();
}

Status Apply(Schema& schema, std::string_view docs) {
  SchemaSource source{"example.docs", docs};
  return ApplyDescriptions(std::span<const SchemaSource>(&source, 1), schema);
}

const Field* FieldOf(const Schema& s, std::string_view message, std::string_view field) {
  return s.FindMessage(message)->FieldByJsonName(field);
}

TEST(DescriptionsTest, SetsMessageAndFieldDescriptions) {
  auto s = Parse();
  ASSERT_TRUE(Apply(*s,
                    "# a comment\n"
                    "package io.example.v1\n"
                    "\n"
                    "Widget: A thing.\n"
                    "WidgetSpec.size: How big it is: in cm.\n")
                  .ok());
  EXPECT_EQ(s->FindMessage("io.example.v1.Widget")->description, "A thing.");
  EXPECT_EQ(FieldOf(*s, "io.example.v1.WidgetSpec", "size")->description, "How big it is: in cm.");
  EXPECT_EQ(FieldOf(*s, "io.example.v1.WidgetSpec", "color")->description, "");
}

TEST(DescriptionsTest, WildcardsFillWhatIsLeftLongestSuffixFirst) {
  auto s = Parse();
  ASSERT_TRUE(Apply(*s,
                    "package io.example.v1\n"
                    "Widget.kind: Explicit.\n"
                    "*.kind: Any kind.\n"
                    "*List.kind: A list kind.\n"
                    "*List: A list of {} objects.\n"
                    "*List.items: The {}s.\n")
                  .ok());
  EXPECT_EQ(FieldOf(*s, "io.example.v1.Widget", "kind")->description, "Explicit.");
  EXPECT_EQ(FieldOf(*s, "io.example.v1.WidgetList", "kind")->description, "A list kind.");
  EXPECT_EQ(s->FindMessage("io.example.v1.WidgetList")->description, "A list of Widget objects.");
  EXPECT_EQ(FieldOf(*s, "io.example.v1.WidgetList", "items")->description, "The Widgets.");
}

TEST(DescriptionsTest, CopyTakesSameNamedFieldsUnlessDescribed) {
  auto s = Parse();
  ASSERT_TRUE(Apply(*s,
                    "package io.example.v1\n"
                    "copy GadgetSpec from WidgetSpec\n"
                    "WidgetSpec.size: Size.\n"
                    "WidgetSpec.color: Color.\n"
                    "GadgetSpec.color: Gadget color.\n")
                  .ok());
  EXPECT_EQ(FieldOf(*s, "io.example.v1.GadgetSpec", "size")->description, "Size.");
  EXPECT_EQ(FieldOf(*s, "io.example.v1.GadgetSpec", "color")->description, "Gadget color.");
}

TEST(DescriptionsTest, ErrorsNameTheLine) {
  struct Case {
    const char* docs;
    const char* error;
  } cases[] = {
      {"package io.example.v1\nNope: x\n", "example.docs:2: unknown message io.example.v1.Nope"},
      {"package io.example.v1\n\nWidget.nope: x\n",
       "example.docs:3: unknown field io.example.v1.Widget.nope"},
      {"package io.example.v1\nWidget: a\nWidget: b\n", "example.docs:3:"},
      {"package io.example.v1\nWidget no colon\n", "example.docs:2: want"},
      {"package io.example.v1\ncopy Widget from Missing\n", "example.docs:2: unknown message"},
  };
  for (const Case& c : cases) {
    auto s = Parse();
    Status st = Apply(*s, c.docs);
    EXPECT_EQ(st.code(), Code::kInvalid) << c.docs;
    EXPECT_NE(st.message().find(c.error), std::string::npos) << st.message();
  }
}

// Every message reachable from a kind of the built-in schema, and every field
// of those a client can see (inline fields show their message's fields), has
// a description. Nothing is left undocumented on purpose.
TEST(DescriptionsTest, EveryBuiltinKindIsDescribedThroughout) {
  const Schema& s = BuiltinSchema();
  std::set<const Message*> seen;
  std::vector<const Message*> todo;
  for (const auto& [gvk, message] : s.Kinds()) todo.push_back(message);
  std::vector<std::string> missing;
  while (!todo.empty()) {
    const Message* m = todo.back();
    todo.pop_back();
    if (!seen.insert(m).second) continue;
    if (m->description.empty()) missing.push_back(m->name);
    for (const Field& f : m->fields) {
      if (f.message_type != nullptr) todo.push_back(f.message_type);
      if (!f.inline_json && f.description.empty()) missing.push_back(m->name + "." + f.json_name);
    }
  }
  EXPECT_GT(seen.size(), 400u);
  EXPECT_TRUE(missing.empty()) << missing.size() << " undescribed, e.g. " << missing.front();
}

TEST(DescriptionsTest, BuiltinDescriptionsReadAsWritten) {
  const Message* spec = BuiltinSchema().FindMessage("io.k8s.api.apps.v1.DeploymentSpec");
  ASSERT_NE(spec, nullptr);
  EXPECT_NE(spec->FieldByJsonName("replicas")->description.find("How many pods"),
            std::string::npos);
  const Message* list = BuiltinSchema().FindMessage("io.k8s.api.core.v1.ConfigMapList");
  EXPECT_EQ(list->FieldByJsonName("items")->description, "The ConfigMap objects in the list.");
}

}  // namespace
}  // namespace ekslite::schema
