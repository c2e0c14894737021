#include "core/schema/object_check.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/api/json_tree.h"
#include "core/schema/openapi_import.h"
#include "core/schema/schema.h"
#include "core/yaml.h"

namespace ekslite::schema {
namespace {

// Upstream's own test body for strict field validation of a Deployment:
// repeated and unknown fields at several depths.
constexpr std::string_view kInvalidDeployment = R"({
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {
    "name": "dupename",
    "name": "web",
    "labels": {"app": "nginx"},
    "unknownMeta": "metaVal"
  },
  "spec": {
    "unknown1": "val1",
    "unknownDupe": "valDupe",
    "unknownDupe": "valDupe2",
    "paused": true,
    "paused": false,
    "selector": {"matchLabels": {"app": "nginx"}},
    "template": {
      "metadata": {"labels": {"app": "nginx"}},
      "spec": {
        "containers": [{
          "name": "nginx",
          "image": "nginx:latest",
          "unknownNested": "val1",
          "imagePullPolicy": "Always",
          "imagePullPolicy": "Never"
        }]
      }
    }
  }
})";

const Message& Deployment() {
  const Message* m = BuiltinSchema().FindKind({"apps", "v1", "Deployment"});
  EXPECT_NE(m, nullptr);
  return *m;
}

Json Parse(std::string_view text) {
  auto doc = api::ParseUntrustedJson(text);
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  return doc.ok() ? std::move(*doc) : Json();
}

DecodeProblems Check(Json& doc, std::string_view raw, FieldValidation mode = FieldValidation::kWarn,
                     DecodeStyle style = DecodeStyle::kJson, bool sorted = false) {
  CheckOptions options;
  options.validation = mode;
  options.raw_json = raw;
  options.style = style;
  options.sorted_keys = sorted;
  return CheckObject(Deployment(), doc, doc.GetAllocator(), options);
}

TEST(ObjectCheckTest, ReportsUnknownAndRepeatedFieldsInUpstreamOrder) {
  Json doc = Parse(kInvalidDeployment);
  DecodeProblems p = Check(doc, kInvalidDeployment);
  EXPECT_EQ(p.error, "");
  EXPECT_EQ(p.strict_errors,
            (std::vector<std::string>{
                R"(duplicate field "metadata.name")",
                R"(unknown field "metadata.unknownMeta")",
                R"(unknown field "spec.unknown1")",
                R"(unknown field "spec.unknownDupe")",
                R"(duplicate field "spec.paused")",
                R"(unknown field "spec.template.spec.containers[0].unknownNested")",
                R"(duplicate field "spec.template.spec.containers[0].imagePullPolicy")",
            }));
}

TEST(ObjectCheckTest, PrunesUnknownFieldsUnderEveryDirective) {
  for (FieldValidation mode :
       {FieldValidation::kIgnore, FieldValidation::kWarn, FieldValidation::kStrict}) {
    Json doc = Parse(kInvalidDeployment);
    DecodeProblems p = Check(doc, kInvalidDeployment, mode);
    EXPECT_EQ(p.strict_errors.empty(), mode == FieldValidation::kIgnore);
    EXPECT_EQ(Path(doc, "spec.unknown1"), nullptr);
    EXPECT_EQ(Path(doc, "metadata.unknownMeta"), nullptr);
    EXPECT_EQ(StringAt(doc, "metadata.name"), "web");
    const JsonValue* c = Path(doc, "spec.template.spec.containers");
    ASSERT_NE(c, nullptr);
    EXPECT_EQ(Member((*c)[0], "unknownNested"), nullptr);
    EXPECT_EQ(StringAt((*c)[0], "imagePullPolicy"), "Never");
  }
}

TEST(ObjectCheckTest, SortedKeysReportInSortedDocumentOrder) {
  // A YAML body reaches upstream's decoder as JSON with sorted keys.
  constexpr std::string_view kBody = R"({"spec": {"zz": 1, "unknown1": 1,
    "template": {"spec": {"containers": [{"name": "a", "unknownNested": 1}]}}},
    "metadata": {"name": "x", "unknownMeta": 1}})";
  Json doc = Parse(kBody);
  DecodeProblems p = Check(doc, "", FieldValidation::kWarn, DecodeStyle::kJson, true);
  EXPECT_EQ(p.strict_errors,
            (std::vector<std::string>{
                R"(unknown field "metadata.unknownMeta")",
                R"(unknown field "spec.template.spec.containers[0].unknownNested")",
                R"(unknown field "spec.unknown1")",
                R"(unknown field "spec.zz")",
            }));
}

TEST(ObjectCheckTest, SortedKeysLeaveTheObjectsOrderAlone) {
  constexpr std::string_view kBody = R"({"spec": {"zz": 1, "replicas": 1, "paused": true}})";
  Json doc = Parse(kBody);
  Check(doc, "", FieldValidation::kWarn, DecodeStyle::kJson, true);
  EXPECT_EQ(ToJsonString(doc), R"({"spec":{"replicas":1,"paused":true}})");
}

TEST(ObjectCheckTest, SortedKeysPickTheFirstDecodeErrorInSortedOrder) {
  constexpr std::string_view kBody = R"({"spec": {"replicas": "x", "minReadySeconds": "y"}})";
  Json unsorted = Parse(kBody);
  EXPECT_EQ(Check(unsorted, kBody).error,
            "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of "
            "type int32");
  Json sorted = Parse(kBody);
  EXPECT_EQ(
      Check(sorted, "", FieldValidation::kWarn, DecodeStyle::kJson, true).error,
      "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.minReadySeconds "
      "of type int32");
}

TEST(ObjectCheckTest, UnstructuredStyleSortsMessages) {
  constexpr std::string_view kBody = R"({"spec": {"unknown1": 1, "paused": true,
    "template": {"spec": {"containers": [{"name": "a", "unknownNested": 1}]}}}})";
  Json doc = Parse(kBody);
  DecodeProblems p = Check(doc, "", FieldValidation::kWarn, DecodeStyle::kUnstructured);
  EXPECT_EQ(p.strict_errors,
            (std::vector<std::string>{
                R"(unknown field "spec.template.spec.containers[0].unknownNested")",
                R"(unknown field "spec.unknown1")",
            }));
}

TEST(ObjectCheckTest, WrongTypeIsGoDecodeError) {
  constexpr std::string_view kBody = R"({"spec": {"replicas": "3"}})";
  Json doc = Parse(kBody);
  DecodeProblems p = Check(doc, kBody, FieldValidation::kIgnore);
  EXPECT_EQ(p.error,
            "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of "
            "type int32");
}

TEST(ObjectCheckTest, NestedWrongTypeNamesInnermostStructAndFieldPath) {
  constexpr std::string_view kBody = R"({"spec": {"template": {"spec": {"containers": [
    {"name": "a", "ports": [{"containerPort": "80"}]}]}}}})";
  Json doc = Parse(kBody);
  DecodeProblems p = Check(doc, kBody);
  EXPECT_EQ(p.error,
            "json: cannot unmarshal string into Go struct field "
            "ContainerPort.spec.template.spec.containers.ports.containerPort of type int32");
}

TEST(ObjectCheckTest, BadQuantityIsFatal) {
  constexpr std::string_view kBody = R"({"spec": {"template": {"spec": {"containers": [
    {"name": "a", "resources": {"limits": {"cpu": "lots"}}}]}}}})";
  Json doc = Parse(kBody);
  DecodeProblems p = Check(doc, kBody);
  EXPECT_EQ(p.error,
            "quantities must match the regular expression "
            "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
}

TEST(ObjectCheckTest, NumericQuantityBecomesString) {
  constexpr std::string_view kBody = R"({"spec": {"template": {"spec": {"containers": [
    {"name": "a", "resources": {"limits": {"cpu": 2}}}]}}}})";
  Json doc = Parse(kBody);
  EXPECT_TRUE(Check(doc, kBody).ok());
  const JsonValue* c = Path(doc, "spec.template.spec.containers");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(StringAt((*c)[0], "resources.limits.cpu"), "2");
}

TEST(ObjectCheckTest, CleanObjectHasNoProblems) {
  constexpr std::string_view kBody = R"({"apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "labels": {"app": "web"}},
    "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "web"}},
      "template": {"metadata": {"labels": {"app": "web"}},
        "spec": {"containers": [{"name": "web", "image": "busybox",
          "ports": [{"containerPort": 80}],
          "resources": {"requests": {"cpu": "100m", "memory": "64Mi"}}}]}}}})";
  Json doc = Parse(kBody);
  DecodeProblems p = Check(doc, kBody, FieldValidation::kStrict);
  EXPECT_TRUE(p.ok()) << p.error;
}

TEST(ObjectCheckTest, CheckBodyWrapsStrictErrorsForStrict) {
  Json doc = Parse(R"({"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"replicass": 3}})");
  std::string raw = R"({"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"replicass": 3}})";
  CheckResult r = CheckBody(Deployment(), doc, FieldValidation::kStrict,
                            {"Deployment", "v1", "Deployment", raw});
  EXPECT_EQ(r.error.code(), Code::kBadRequest);
  EXPECT_EQ(r.error.message(),
            "Deployment in version \"v1\" cannot be handled as a Deployment: strict decoding "
            "error: unknown field \"spec.replicass\"");
}

// A custom resource schema in the shape of upstream's field validation test.
std::unique_ptr<Schema> WidgetSchema() {
  constexpr std::string_view kOpenApi = R"({"type": "object", "properties": {
    "spec": {"type": "object", "properties": {
      "knownField1": {"type": "string"},
      "free": {"type": "object", "x-kubernetes-preserve-unknown-fields": true},
      "ports": {"type": "array", "items": {"type": "object", "properties": {
        "containerPort": {"type": "integer", "format": "int32"},
        "hostPort": {"type": "integer", "format": "int32"},
        "name": {"type": "string"}}}}}}}})";
  Json openapi = Parse(kOpenApi);
  OpenApiImportOptions options;
  options.gvk = {"example.com", "v1", "Widget"};
  options.message_prefix = "com.example.v1";
  auto schema = ImportOpenApiSchema(&openapi, options);
  EXPECT_TRUE(schema.ok()) << schema.status().message();
  return schema.ok() ? std::move(*schema) : nullptr;
}

TEST(ObjectCheckTest, CustomResourceReportsRepeatsThenPrunedFields) {
  auto schema = WidgetSchema();
  ASSERT_NE(schema, nullptr);
  const Message* kind = schema->FindKind({"example.com", "v1", "Widget"});
  ASSERT_NE(kind, nullptr);
  constexpr std::string_view kBody = R"({"apiVersion": "example.com/v1", "kind": "Widget",
    "metadata": {"name": "a", "name": "b", "unknownMeta": 1},
    "spec": {"unknown1": 1, "unknownDupe": 1, "unknownDupe": 2, "knownField1": "x",
      "knownField1": "y", "free": {"anything": {"goes": true}},
      "ports": [{"containerPort": 80, "hostPort": 1, "hostPort": 2, "unknownNested": 1}]}})";
  Json doc = Parse(kBody);
  CheckOptions options;
  options.raw_json = kBody;
  DecodeProblems p = CheckCustomResource(*kind, doc, options);
  EXPECT_EQ(p.error, "");
  EXPECT_EQ(p.strict_errors, (std::vector<std::string>{
                                 R"(duplicate field "metadata.name")",
                                 R"(duplicate field "spec.unknownDupe")",
                                 R"(duplicate field "spec.knownField1")",
                                 R"(duplicate field "spec.ports[0].hostPort")",
                                 R"(unknown field "metadata.unknownMeta")",
                                 R"(unknown field "spec.ports[0].unknownNested")",
                                 R"(unknown field "spec.unknown1")",
                                 R"(unknown field "spec.unknownDupe")",
                             }));
  EXPECT_NE(Path(doc, "spec.free.anything.goes"), nullptr);
  EXPECT_EQ(Path(doc, "spec.unknown1"), nullptr);
}

TEST(ObjectCheckTest, CustomResourceUnderIgnoreOnlyPrunes) {
  auto schema = WidgetSchema();
  ASSERT_NE(schema, nullptr);
  const Message* kind = schema->FindKind({"example.com", "v1", "Widget"});
  ASSERT_NE(kind, nullptr);
  constexpr std::string_view kBody = R"({"spec": {"unknown1": 1, "knownField1": "x"}})";
  Json doc = Parse(kBody);
  CheckOptions options;
  options.validation = FieldValidation::kIgnore;
  options.raw_json = kBody;
  EXPECT_TRUE(CheckCustomResource(*kind, doc, options).ok());
  EXPECT_EQ(Path(doc, "spec.unknown1"), nullptr);
  EXPECT_EQ(StringAt(doc, "spec.knownField1"), "x");
}

}  // namespace
}  // namespace ekslite::schema
