#include <gtest/gtest.h>

#include <string>

#include "core/schema/builtin_schema_data.h"
#include "core/schema/schema.h"

namespace ekslite::schema {
namespace {

const Field* FieldAt(std::string_view message, std::string_view field) {
  const Message* m = BuiltinSchema().FindMessage(message);
  return m == nullptr ? nullptr : m->FieldByJsonName(field);
}

TEST(BuiltinSchemaTest, KnowsTheKindsClientsSendAsProtobuf) {
  const Schema& s = BuiltinSchema();
  struct Want {
    GroupVersionKind gvk;
    const char* message;
  } wants[] = {
      {{"", "v1", "ConfigMap"}, "io.k8s.api.core.v1.ConfigMap"},
      {{"", "v1", "Secret"}, "io.k8s.api.core.v1.Secret"},
      {{"", "v1", "Pod"}, "io.k8s.api.core.v1.Pod"},
      {{"", "v1", "PodList"}, "io.k8s.api.core.v1.PodList"},
      {{"apps", "v1", "Deployment"}, "io.k8s.api.apps.v1.Deployment"},
      {{"batch", "v1", "CronJob"}, "io.k8s.api.batch.v1.CronJob"},
      {{"rbac.authorization.k8s.io", "v1", "Role"}, "io.k8s.api.rbac.v1.Role"},
      {{"autoscaling", "v1", "HorizontalPodAutoscaler"},
       "io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler"},
      {{"authorization.k8s.io", "v1", "SelfSubjectAccessReview"},
       "io.k8s.api.authorization.v1.SelfSubjectAccessReview"},
      {{"authentication.k8s.io", "v1", "TokenRequest"},
       "io.k8s.api.authentication.v1.TokenRequest"},
      {{"", "v1", "DeleteOptions"}, "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"},
      {{"meta.k8s.io", "v1", "DeleteOptions"},
       "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions"},
  };
  for (const Want& w : wants) {
    const Message* m = s.FindKind(w.gvk);
    ASSERT_NE(m, nullptr) << w.gvk.ApiVersion() << " " << w.gvk.kind;
    EXPECT_EQ(m->name, w.message);
  }
  EXPECT_GE(s.Kinds().size(), 82u);
}

TEST(BuiltinSchemaTest, RecordsPointerScalars) {
  EXPECT_TRUE(FieldAt("io.k8s.api.apps.v1.DeploymentSpec", "replicas")->pointer);
  EXPECT_FALSE(FieldAt("io.k8s.api.apps.v1.DeploymentSpec", "minReadySeconds")->pointer);
  EXPECT_FALSE(FieldAt("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "generation")->pointer);
  EXPECT_TRUE(
      FieldAt("io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions", "gracePeriodSeconds")->pointer);
  EXPECT_TRUE(FieldAt("io.k8s.api.core.v1.PodSpec", "automountServiceAccountToken")->pointer);
  EXPECT_FALSE(FieldAt("io.k8s.api.core.v1.PodSpec", "hostNetwork")->pointer);
  EXPECT_TRUE(FieldAt("io.k8s.api.batch.v1.JobSpec", "suspend")->pointer);
}

TEST(BuiltinSchemaTest, RecordsWireFacts) {
  const Field* containers = FieldAt("io.k8s.api.core.v1.PodSpec", "containers");
  EXPECT_EQ(containers->number, 2);
  EXPECT_EQ(containers->patch_merge_key, "name");
  EXPECT_EQ(FieldAt("io.k8s.api.core.v1.PodSpec", "initContainers")->number, 20);
  EXPECT_EQ(FieldAt("io.k8s.api.core.v1.PodSpec", "hostNetwork")->number, 11);
  EXPECT_EQ(FieldAt("io.k8s.api.core.v1.PodSpec", "automountServiceAccountToken")->number, 21);
  EXPECT_EQ(FieldAt("io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference", "apiVersion")->number,
            5);
  EXPECT_EQ(FieldAt("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta", "creationTimestamp")->type,
            Type::kTime);
  EXPECT_EQ(FieldAt("io.k8s.api.core.v1.Secret", "data")->type, Type::kBytes);
  EXPECT_EQ(FieldAt("io.k8s.api.core.v1.ServicePort", "targetPort")->type, Type::kIntOrString);
  // core/v1 Volume: the VolumeSource fields are inline in JSON, field 2 in protobuf.
  const Field* host_path = FieldAt("io.k8s.api.core.v1.Volume", "hostPath");
  ASSERT_NE(host_path, nullptr);
  EXPECT_TRUE(
      BuiltinSchema().FindMessage("io.k8s.api.core.v1.Volume")->FieldByNumber(2)->inline_json);
  const Message* extra = BuiltinSchema().FindMessage("io.k8s.api.authentication.v1.ExtraValue");
  ASSERT_NE(extra, nullptr);
  EXPECT_EQ(extra->list_wrapper, "items");
}

TEST(BuiltinSchemaTest, DescribesCustomResourceDefinitions) {
  const Message* crd =
      BuiltinSchema().FindKind({"apiextensions.k8s.io", "v1", "CustomResourceDefinition"});
  ASSERT_NE(crd, nullptr);
  const Field* versions = crd->FieldByJsonName("spec")->message_type->FieldByJsonName("versions");
  ASSERT_NE(versions, nullptr);
  const Message* props = versions->message_type->FieldByJsonName("schema")
                             ->message_type->FieldByJsonName("openAPIV3Schema")
                             ->message_type;
  // JSONSchemaProps is recursive.
  EXPECT_EQ(props->FieldByJsonName("properties")->message_type, props);
  EXPECT_EQ(props->FieldByJsonName("x-kubernetes-preserve-unknown-fields")->type, Type::kBool);
}

// Parsing time is part of the server's start, measured by
// `api_bench start` (docs/benchmarks.md), not here.
TEST(BuiltinSchemaTest, ParsesEveryBuiltinFile) {
  std::vector<std::string> texts;
  std::vector<SchemaSource> sources;
  for (const auto& file : internal::BuiltinSchemaFiles()) {
    std::string text;
    for (std::string_view chunk : file.chunks) text.append(chunk);
    texts.push_back(std::move(text));
  }
  size_t bytes = 0, i = 0;
  for (const auto& file : internal::BuiltinSchemaFiles()) {
    sources.push_back({file.name, texts[i]});
    bytes += texts[i++].size();
  }
  auto schema = ParseSchemaSources(sources);
  ASSERT_TRUE(schema.ok()) << schema.status().ToString();
  EXPECT_GT(bytes, 0u);
  EXPECT_GT((*schema)->Messages().size(), 400u);
  EXPECT_GT((*schema)->Kinds().size(), 100u);
}

}  // namespace
}  // namespace ekslite::schema
