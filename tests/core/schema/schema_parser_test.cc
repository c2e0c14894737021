#include <gtest/gtest.h>

#include "core/schema/schema.h"

namespace ekslite::schema {
namespace {

constexpr std::string_view kText = R"(# a comment
package io.example.v1

kind example.io/v1 Widget Widget
kind v1 Widget Widget

message Widget
  metadata 1 io.example.meta.Meta
  spec 2 WidgetSpec required
  apiVersion 0 string

message WidgetSpec map=atomic
  replicas 1 int32 ptr default=1
  ports 2 []Port patch=merge mergekey=port list=map listkeys=port,protocol
  labels 3 map[string]string map=atomic
  mode 4 string enum=Fast|Slow default="two\u0020words"
  source 5 Source inline
  created 6 time
  limits 7 map[string]quantity

message Source
  path 1 string

message Port
  port 1 int32 required
  protocol 2 string

message Strings listwrapper=items
  items 1 []string

package io.example.meta
message Meta
  name 1 string
)";

TEST(SchemaParserTest, ParsesMessagesFieldsAndKinds) {
  auto schema = ParseSchema(kText);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  const Message* widget = (*schema)->FindKind({"example.io", "v1", "Widget"});
  ASSERT_NE(widget, nullptr);
  EXPECT_EQ(widget->name, "io.example.v1.Widget");
  EXPECT_EQ((*schema)->FindKind({"", "v1", "Widget"}), widget);
  EXPECT_EQ((*schema)->FindKind({"", "v1", "Gadget"}), nullptr);
  EXPECT_EQ((*schema)->Kinds().size(), 2u);

  const Field* meta = widget->FieldByJsonName("metadata");
  ASSERT_NE(meta, nullptr);
  EXPECT_EQ(meta->type, Type::kMessage);
  EXPECT_EQ(meta->message, "io.example.meta.Meta");
  EXPECT_EQ(meta->message_type, (*schema)->FindMessage("io.example.meta.Meta"));
  EXPECT_TRUE(widget->FieldByJsonName("spec")->required);
  EXPECT_EQ(widget->FieldByJsonName("apiVersion")->number, 0);
}

TEST(SchemaParserTest, ParsesFieldAttributes) {
  auto schema = ParseSchema(kText);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  const Message* spec = (*schema)->FindMessage("io.example.v1.WidgetSpec");
  ASSERT_NE(spec, nullptr);
  EXPECT_EQ(spec->map_type, "atomic");
  const Field* replicas = spec->FieldByNumber(1);
  ASSERT_NE(replicas, nullptr);
  EXPECT_EQ(replicas->json_name, "replicas");
  EXPECT_EQ(replicas->type, Type::kInt32);
  EXPECT_TRUE(replicas->pointer);
  EXPECT_EQ(replicas->default_json, "1");
  const Field* ports = spec->FieldByJsonName("ports");
  EXPECT_EQ(ports->cardinality, Cardinality::kList);
  EXPECT_EQ(ports->patch_strategy, "merge");
  EXPECT_EQ(ports->patch_merge_key, "port");
  EXPECT_EQ(ports->list_type, "map");
  EXPECT_EQ(ports->list_map_keys, (std::vector<std::string>{"port", "protocol"}));
  EXPECT_EQ(spec->FieldByJsonName("labels")->cardinality, Cardinality::kMap);
  EXPECT_EQ(spec->FieldByJsonName("labels")->map_type, "atomic");
  const Field* mode = spec->FieldByJsonName("mode");
  EXPECT_EQ(mode->enum_values, (std::vector<std::string>{"Fast", "Slow"}));
  EXPECT_EQ(mode->default_json, "\"two words\"");
  EXPECT_EQ(spec->FieldByJsonName("created")->type, Type::kTime);
  EXPECT_EQ(spec->FieldByJsonName("limits")->type, Type::kQuantity);
  EXPECT_EQ((*schema)->FindMessage("io.example.v1.Strings")->list_wrapper, "items");
}

TEST(SchemaParserTest, InlineFieldsAreFoundByJsonName) {
  auto schema = ParseSchema(kText);
  ASSERT_TRUE(schema.ok());
  const Message* spec = (*schema)->FindMessage("io.example.v1.WidgetSpec");
  const Field* path = spec->FieldByJsonName("path");
  ASSERT_NE(path, nullptr);
  EXPECT_EQ(path->number, 1);  // the number inside Source
  EXPECT_TRUE(spec->FieldByNumber(5)->inline_json);
  EXPECT_EQ(spec->FieldByJsonName("source"), nullptr);
}

TEST(SchemaParserTest, UnknownMessageNamesItsLine) {
  auto schema = ParseSchema("package p\nmessage A\n  b 1 Missing\n");
  ASSERT_FALSE(schema.ok());
  EXPECT_EQ(schema.status().code(), Code::kInvalid);
  EXPECT_NE(schema.status().message().find("schema:3"), std::string::npos);
  EXPECT_NE(schema.status().message().find("p.Missing"), std::string::npos);
}

TEST(SchemaParserTest, UnknownKindMessageNamesItsLine) {
  auto schema = ParseSchema("package p\nkind v1 A A\n");
  ASSERT_FALSE(schema.ok());
  EXPECT_NE(schema.status().message().find("schema:2"), std::string::npos);
}

TEST(SchemaParserTest, BadLinesAreRejectedWithTheirLine) {
  const char* bad[] = {
      "message A\n  b x string\n",              // bad number
      "message A\n  b 1 string bogus=1\n",      // unknown attribute
      "message A\n  b 1 string\n  c 1 bool\n",  // duplicate number
      "message A\n  b 1 string\n  b 2 bool\n",  // duplicate name
      "  b 1 string\n",                         // field outside a message
      "widget A\n",                             // unknown directive
      "message A\n  b 1 string inline\n",       // inline scalar
      "message A\n  b 1\n",                     // missing type
      "message A\nmessage A\n",                 // duplicate message
  };
  for (const char* text : bad) {
    auto schema = ParseSchema(text);
    EXPECT_FALSE(schema.ok()) << text;
    EXPECT_NE(schema.status().message().find("schema:"), std::string::npos) << text;
  }
}

TEST(SchemaParserTest, SourcesAreNamedInErrors) {
  SchemaSource sources[] = {{"a.schema", "package a\nmessage A\n  x 1 string\n"},
                            {"b.schema", "package b\nmessage B\n  a 1 a.A\n  c 2 C\n"}};
  auto schema = ParseSchemaSources(sources);
  ASSERT_FALSE(schema.ok());
  EXPECT_NE(schema.status().message().find("b.schema:4"), std::string::npos)
      << schema.status().message();
}

}  // namespace
}  // namespace ekslite::schema
