#include "apiserver/crd/crd_validation.h"

#include <gtest/gtest.h>

#include "apiserver/crd/crd_status.h"
#include "apiserver/crd/crd_strategy.h"
#include "tests/apiserver/crd/crd_test_util.h"

namespace ekslite::apiserver {
namespace {

using crd_test::WidgetCrd;

// The CRD as the strategy prepares it for validation on create.
std::string Errors(Json crd, const Json* old = nullptr) {
  DefaultCrd(crd);
  EnsureStoredVersion(crd);
  return ValidateCrd(crd, old).ToAggregateString();
}

JsonValue& Version0(Json& crd) { return crd["spec"]["versions"][0]; }

JsonValue& SpecSchema(Json& crd) {
  return Version0(crd)["schema"]["openAPIV3Schema"]["properties"]["spec"];
}

void Set(Json& doc, JsonValue& at, std::string_view name, std::string_view json) {
  auto v = ParseJson(std::string(json));
  ASSERT_TRUE(v.ok());
  JsonValue copy(*v, doc.GetAllocator());
  SetMember(at, name, std::move(copy), doc.GetAllocator());
}

TEST(CrdValidationTest, WidgetIsValid) { EXPECT_EQ(Errors(WidgetCrd()), ""); }

TEST(CrdValidationTest, NameMustBePluralDotGroup) {
  Json crd = WidgetCrd();
  SetString(crd["metadata"], "name", "gadgets.example.com", crd.GetAllocator());
  EXPECT_EQ(Errors(std::move(crd)),
            "metadata.name: Invalid value: \"gadgets.example.com\": must be "
            "spec.names.plural+\".\"+spec.group");
}

TEST(CrdValidationTest, ExactlyOneStorageVersion) {
  Json crd = WidgetCrd();
  SetMember(Version0(crd), "storage", JsonValue(false), crd.GetAllocator());
  std::string errors = Errors(std::move(crd));
  EXPECT_NE(errors.find("spec.versions: Invalid value: "
                        "[]apiextensions.CustomResourceDefinitionVersion{apiextensions."
                        "CustomResourceDefinitionVersion{Name:\"v1\", Served:true, "
                        "Storage:false}}: must have exactly one version marked as storage "
                        "version"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("status.storedVersions: Invalid value: []string(nil): must have at "
                        "least one stored version"),
            std::string::npos)
      << errors;
}

TEST(CrdValidationTest, SchemasAreRequired) {
  Json crd = WidgetCrd();
  RemoveMember(Version0(crd), "schema");
  EXPECT_EQ(Errors(std::move(crd)),
            "spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required");
}

TEST(CrdValidationTest, ObjectFieldsNeedATypeReportedUnderSharedValidation) {
  Json crd = WidgetCrd();
  RemoveMember(SpecSchema(crd), "type");
  EXPECT_EQ(Errors(std::move(crd)),
            "spec.validation.openAPIV3Schema.properties[spec].type: Required value: must not be "
            "empty for specified object fields");
}

TEST(CrdValidationTest, PerVersionSchemaErrorsNameTheVersion) {
  Json crd = WidgetCrd();
  JsonAllocator& a = crd.GetAllocator();
  JsonValue second(Version0(crd), a);
  SetString(second, "name", "v2", a);
  SetMember(second, "storage", JsonValue(false), a);
  RemoveMember(second["schema"]["openAPIV3Schema"]["properties"]["spec"], "type");
  crd["spec"]["versions"].PushBack(second, a);
  EXPECT_EQ(Errors(std::move(crd)),
            "spec.versions[1].schema.openAPIV3Schema.properties[spec].type: Required value: must "
            "not be empty for specified object fields");
}

TEST(CrdValidationTest, ScopeAndGroup) {
  Json crd = WidgetCrd();
  SetString(crd["spec"], "scope", "Global", crd.GetAllocator());
  EXPECT_EQ(Errors(std::move(crd)),
            "spec.scope: Unsupported value: \"Global\": supported values: \"Cluster\", "
            "\"Namespaced\"");
  crd = WidgetCrd();
  SetString(crd["spec"], "group", "example", crd.GetAllocator());
  SetString(crd["metadata"], "name", "widgets.example", crd.GetAllocator());
  EXPECT_EQ(Errors(std::move(crd)),
            "spec.group: Invalid value: \"example\": should be a domain with at least one dot");
}

TEST(CrdValidationTest, NamesRules) {
  Json crd = WidgetCrd();
  SetString(crd["spec"]["names"], "plural", "Widgets", crd.GetAllocator());
  SetString(crd["metadata"], "name", "Widgets.example.com", crd.GetAllocator());
  std::string errors = Errors(std::move(crd));
  EXPECT_NE(errors.find("spec.names.plural: Invalid value: \"Widgets\": a DNS-1035 label must "
                        "consist of lower case alphanumeric characters or '-'"),
            std::string::npos)
      << errors;
  crd = WidgetCrd();
  RemoveMember(crd["spec"]["names"], "kind");
  errors = Errors(std::move(crd));
  EXPECT_NE(errors.find("spec.names.kind: Required value"), std::string::npos) << errors;
  EXPECT_NE(errors.find("spec.names.listKind: Required value"), std::string::npos) << errors;
}

TEST(CrdValidationTest, PrinterColumnsAndScalePaths) {
  Json crd = WidgetCrd();
  SetString(Version0(crd)["additionalPrinterColumns"][0], "type", "text", crd.GetAllocator());
  SetString(Version0(crd)["subresources"]["scale"], "specReplicasPath", ".status.replicas",
            crd.GetAllocator());
  EXPECT_EQ(Errors(std::move(crd)),
            "[spec.subresources.scale.specReplicasPath: Invalid value: \".status.replicas\": "
            "should be a json path under .spec, spec.additionalPrinterColumns[0].type: Invalid "
            "value: \"text\": must be one of boolean,date,integer,number,string]");
}

TEST(CrdValidationTest, DefaultsMustMatchTheirSchema) {
  Json crd = WidgetCrd();
  Set(crd, SpecSchema(crd)["properties"]["size"], "default", R"("big")");
  std::string errors = Errors(std::move(crd));
  EXPECT_NE(errors.find("spec.validation.openAPIV3Schema.properties[spec].properties[size]."
                        "default: Invalid value: \"string\""),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("must be of type integer"), std::string::npos) << errors;
}

TEST(CrdValidationTest, DefaultsMustBePruned) {
  Json crd = WidgetCrd();
  Set(crd, SpecSchema(crd), "default", R"({"bogus": 1})");
  EXPECT_EQ(Errors(std::move(crd)),
            "spec.validation.openAPIV3Schema.properties[spec].default: Invalid value: "
            "map[string]interface {}{\"bogus\":1}: must not have unknown fields");
}

TEST(CrdValidationTest, OpenApiRules) {
  Json crd = WidgetCrd();
  Set(crd, SpecSchema(crd), "additionalProperties", R"({"type": "string"})");
  Set(crd, SpecSchema(crd)["properties"]["size"], "uniqueItems", "true");
  std::string errors = Errors(std::move(crd));
  EXPECT_NE(errors.find("spec.validation.openAPIV3Schema.properties[spec].additionalProperties: "
                        "Forbidden: additionalProperties and properties are mutual exclusive"),
            std::string::npos)
      << errors;
  EXPECT_NE(errors.find("properties[size].uniqueItems: Forbidden: uniqueItems cannot be set to "
                        "true since the runtime complexity becomes quadratic"),
            std::string::npos)
      << errors;
}

TEST(CrdValidationTest, RootKeywordsWithStatusSubresource) {
  Json crd = WidgetCrd();
  Set(crd, Version0(crd)["schema"]["openAPIV3Schema"], "type", R"("string")");
  std::string errors = Errors(std::move(crd));
  EXPECT_NE(errors.find("spec.validation.openAPIV3Schema.type: Invalid value: \"string\": only "
                        "\"object\" is allowed as the type at the root of the schema if the "
                        "status subresource is enabled"),
            std::string::npos)
      << errors;
}

TEST(CrdValidationTest, MetadataMayOnlyRestrictNames) {
  Json crd = WidgetCrd();
  Set(crd, Version0(crd)["schema"]["openAPIV3Schema"]["properties"], "metadata",
      R"({"type": "object", "properties": {"labels": {"type": "object"}}})");
  EXPECT_EQ(Errors(std::move(crd)),
            "spec.validation.openAPIV3Schema.properties[metadata]: Forbidden: must not specify "
            "anything other than name and generateName, but metadata is implicitly specified");
}

TEST(CrdValidationTest, ProtectedGroupsNeedApproval) {
  Json crd = WidgetCrd();
  SetString(crd["spec"], "group", "widgets.k8s.io", crd.GetAllocator());
  SetString(crd["metadata"], "name", "widgets.widgets.k8s.io", crd.GetAllocator());
  EXPECT_EQ(Errors(std::move(crd)),
            "metadata.annotations[api-approved.kubernetes.io]: Required value: protected groups "
            "must have approval annotation \"api-approved.kubernetes.io\", see "
            "https://github.com/kubernetes/enhancements/pull/1111");
}

TEST(CrdValidationTest, GroupAndPluralAreImmutable) {
  Json old = WidgetCrd();
  DefaultCrd(old);
  EnsureStoredVersion(old);
  Json crd = WidgetCrd();
  SetString(crd["spec"]["names"], "plural", "gadgets", crd.GetAllocator());
  SetString(crd["metadata"], "name", "gadgets.example.com", crd.GetAllocator());
  EXPECT_EQ(Errors(std::move(crd), &old),
            "spec.names.plural: Invalid value: \"gadgets\": field is immutable");
}

TEST(CrdValidationTest, StoredVersionsMustStayInSpec) {
  Json crd = WidgetCrd();
  JsonAllocator& a = crd.GetAllocator();
  JsonValue status(rapidjson::kObjectType);
  JsonValue stored(rapidjson::kArrayType);
  stored.PushBack(MakeString("v1", a), a).PushBack(MakeString("v1alpha1", a), a);
  status.AddMember("storedVersions", stored, a);
  crd.AddMember("status", status, a);
  EXPECT_EQ(Errors(std::move(crd)),
            "status.storedVersions[1]: Invalid value: \"v1alpha1\": missing from spec.versions; "
            "v1alpha1 was previously a storage version, and must remain in spec.versions until a "
            "storage migration ensures no data remains persisted in v1alpha1 and removes v1alpha1 "
            "from status.storedVersions");
}

}  // namespace
}  // namespace ekslite::apiserver
