#include "apiserver/openapi/document.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <set>
#include <string>
#include <vector>

#include "apiserver/resources/builtin.h"
#include "core/json.h"
#include "tests/testing/test_api.h"

namespace ekslite::apiserver::openapi {
namespace {

const JsonValue* At(const JsonValue& root, std::initializer_list<std::string_view> keys) {
  const JsonValue* v = &root;
  for (std::string_view k : keys) {
    if (v != nullptr && v->IsArray()) {
      size_t i = std::stoul(std::string(k));
      v = i < v->Size() ? &(*v)[static_cast<rapidjson::SizeType>(i)] : nullptr;
    } else {
      v = v == nullptr ? nullptr : Member(*v, k);
    }
  }
  return v;
}

std::string_view StringIn(const JsonValue& root, std::initializer_list<std::string_view> keys) {
  const JsonValue* v = At(root, keys);
  return v == nullptr ? std::string_view() : View(*v);
}

std::vector<std::string> Strings(const JsonValue* array) {
  std::vector<std::string> out;
  if (array == nullptr || !array->IsArray()) return out;
  for (const JsonValue& v : array->GetArray()) out.emplace_back(View(v));
  return out;
}

// Collects every "$ref" of `v`.
void Refs(const JsonValue& v, std::set<std::string>* out) {
  if (v.IsObject()) {
    for (const auto& m : v.GetObject()) {
      // (A property may be named "$ref" too: JSONSchemaProps has one.)
      if (View(m.name) == "$ref" && m.value.IsString()) out->emplace(View(m.value));
      Refs(m.value, out);
    }
  } else if (v.IsArray()) {
    for (const JsonValue& e : v.GetArray()) Refs(e, out);
  }
}

// Checks the rules every document keeps: each $ref resolves, and each PATCH
// operation of an object names its kind and declares fieldValidation
// (kubectl's validation gate). Returns the kinds with a PATCH operation.
std::set<std::string> CheckDocument(const Json& doc, const std::string& where) {
  std::set<std::string> refs;
  Refs(doc, &refs);
  for (const std::string& ref : refs) {
    std::string_view name = std::string_view(ref).substr(std::string_view("#/components/schemas/").size());
    EXPECT_NE(At(doc, {"components", "schemas", name}), nullptr) << where << ": " << ref;
  }
  std::set<std::string> patched;
  const JsonValue* paths = At(doc, {"paths"});
  EXPECT_NE(paths, nullptr) << where;
  if (paths == nullptr) return patched;
  for (const auto& path : paths->GetObject()) {
    const JsonValue* patch = Member(path.value, "patch");
    // Proxy subresources forward PATCH requests; they take no object.
    if (patch == nullptr || StringIn(*patch, {"x-kubernetes-action"}) == "connect") continue;
    std::string kind(StringIn(*patch, {"x-kubernetes-group-version-kind", "kind"}));
    EXPECT_FALSE(kind.empty()) << where << " " << View(path.name);
    bool field_validation = false;
    for (const JsonValue& p : At(*patch, {"parameters"})->GetArray()) {
      field_validation = field_validation || StringIn(p, {"name"}) == "fieldValidation";
    }
    EXPECT_TRUE(field_validation) << where << " " << View(path.name);
    patched.insert(std::string(StringIn(*patch, {"x-kubernetes-group-version-kind", "group"})) +
                   "/" + kind);
  }
  return patched;
}

class DocumentTest : public ::testing::Test {
 protected:
  static Json Build(const std::string& group, const std::vector<ResourceInfo>& resources) {
    std::vector<const ResourceInfo*> pointers;
    for (const ResourceInfo& r : resources) pointers.push_back(&r);
    auto doc = ParseJson(BuildGroupVersionDocument(group, "v1", pointers));
    EXPECT_TRUE(doc.ok());
    return doc.ok() ? std::move(*doc) : Json();
  }
  static std::vector<ResourceInfo> Apps() {
    ResourceInfo d = NewResource("apps", "v1", "deployments", "deployment", "Deployment", true);
    d.subresources = {StatusSubresource(d),
                      {"scale", "autoscaling", "v1", "Scale", {"get", "patch", "update"}}};
    return {d};
  }
  static std::vector<ResourceInfo> Core() {
    ResourceInfo pods = NewResource("", "v1", "pods", "pod", "Pod", true);
    pods.subresources = {StatusSubresource(pods),
                         {"log", "", "v1", "Pod", {"get"}},
                         {"exec", "", "v1", "PodExecOptions", {"create", "get"}},
                         {"eviction", "policy", "v1", "Eviction", {"create"}}};
    ResourceInfo ns = NewResource("", "v1", "namespaces", "namespace", "Namespace", false);
    ns.verbs = {"create", "delete", "get", "list", "patch", "update", "watch"};
    ResourceInfo cm = NewResource("", "v1", "configmaps", "configmap", "ConfigMap", true);
    return {pods, ns, cm};
  }
};

TEST_F(DocumentTest, EveryPatchNamesItsKindAndTakesFieldValidation) {
  Json apps = Build("apps", Apps());
  EXPECT_EQ(CheckDocument(apps, "apps/v1"),
            (std::set<std::string>{"apps/Deployment", "autoscaling/Scale"}));
  Json core = Build("", Core());
  EXPECT_EQ(CheckDocument(core, "v1"),
            (std::set<std::string>{"/Pod", "/Namespace", "/ConfigMap"}));
}

TEST_F(DocumentTest, PathsCoverEveryVerbAndSubresource) {
  Json doc = Build("", Core());
  const std::string ns = "/api/v1/namespaces/{namespace}/pods";
  for (const char* method : {"get", "post", "delete"}) {
    EXPECT_NE(At(doc, {"paths", ns, method}), nullptr) << method;
  }
  for (const char* method : {"get", "put", "patch", "delete"}) {
    EXPECT_NE(At(doc, {"paths", ns + "/{name}", method}), nullptr) << method;
  }
  EXPECT_EQ(StringIn(doc, {"paths", "/api/v1/pods", "get", "operationId"}),
            "listCoreV1PodForAllNamespaces");
  EXPECT_EQ(StringIn(doc, {"paths", ns, "delete", "x-kubernetes-action"}), "deletecollection");
  EXPECT_NE(At(doc, {"paths", "/api/v1/watch/namespaces/{namespace}/pods/{name}", "get"}),
            nullptr);
  EXPECT_EQ(StringIn(doc, {"paths", ns + "/{name}/log", "get", "responses", "200", "content", "*/*",
                           "schema", "type"}),
            "string");
  EXPECT_EQ(StringIn(doc, {"paths", ns + "/{name}/exec", "post", "x-kubernetes-action"}),
            "connect");
  EXPECT_EQ(StringIn(doc, {"paths", ns + "/{name}/eviction", "post", "requestBody", "content",
                           "*/*", "schema", "$ref"}),
            "#/components/schemas/io.k8s.api.policy.v1.Eviction");
  // Cluster-scoped: no namespace in the path, no all-namespaces list.
  EXPECT_NE(At(doc, {"paths", "/api/v1/namespaces/{name}", "patch"}), nullptr);
  EXPECT_EQ(At(doc, {"paths", "/api/v1/namespaces", "delete"}), nullptr);  // no deletecollection
  std::vector<std::string> names;
  for (const JsonValue& p : At(doc, {"paths", ns + "/{name}", "patch", "parameters"})->GetArray()) {
    names.emplace_back(View(*Member(p, "name")));
  }
  EXPECT_EQ(names,
            (std::vector<std::string>{"dryRun", "fieldManager", "fieldValidation", "force"}));
  const JsonValue* content = At(doc, {"paths", ns + "/{name}", "patch", "requestBody", "content"});
  ASSERT_NE(content, nullptr);
  EXPECT_EQ(content->MemberCount(), 4u);
  EXPECT_NE(Member(*content, "application/strategic-merge-patch+json"), nullptr);
}

TEST_F(DocumentTest, SchemasCarryStrategicMergeMetadata) {
  Json doc = Build("apps", Apps());
  auto schema = [&](std::string_view name) {
    const JsonValue* s = At(doc, {"components", "schemas", name});
    EXPECT_NE(s, nullptr) << name;
    return s;
  };
  const JsonValue* pod_spec = schema("io.k8s.api.core.v1.PodSpec");
  ASSERT_NE(pod_spec, nullptr);
  EXPECT_EQ(StringIn(*pod_spec, {"properties", "containers", "x-kubernetes-patch-merge-key"}),
            "name");
  EXPECT_EQ(StringIn(*pod_spec, {"properties", "containers", "x-kubernetes-patch-strategy"}),
            "merge");
  EXPECT_EQ(StringIn(*pod_spec, {"properties", "containers", "items", "$ref"}),
            "#/components/schemas/io.k8s.api.core.v1.Container");
  EXPECT_EQ(StringIn(*pod_spec, {"properties", "volumes", "x-kubernetes-patch-strategy"}),
            "merge,retainKeys");
  EXPECT_EQ(StringIn(*pod_spec, {"properties", "volumes", "x-kubernetes-patch-merge-key"}), "name");
  EXPECT_EQ(StringIn(*pod_spec, {"properties", "nodeSelector", "additionalProperties", "type"}),
            "string");
  const JsonValue* container = schema("io.k8s.api.core.v1.Container");
  ASSERT_NE(container, nullptr);
  const JsonValue* ports = At(*container, {"properties", "ports"});
  EXPECT_EQ(StringIn(*ports, {"x-kubernetes-patch-merge-key"}), "containerPort");
  EXPECT_EQ(StringIn(*ports, {"x-kubernetes-list-type"}), "map");
  EXPECT_EQ(Strings(At(*ports, {"x-kubernetes-list-map-keys"})),
            (std::vector<std::string>{"containerPort", "protocol"}));
  const JsonValue* port = schema("io.k8s.api.core.v1.ContainerPort");
  EXPECT_EQ(StringIn(*port, {"properties", "protocol", "default"}), "TCP");
  EXPECT_EQ(StringIn(*port, {"properties", "containerPort", "format"}), "int32");
  EXPECT_EQ(Strings(At(*port, {"required"})), (std::vector<std::string>{"containerPort"}));
  // Inline messages are flattened: a Volume has its source's fields.
  EXPECT_NE(At(*schema("io.k8s.api.core.v1.Volume"), {"properties", "configMap"}), nullptr);
  EXPECT_EQ(At(doc, {"components", "schemas", "io.k8s.api.core.v1.VolumeSource"}), nullptr);
  const JsonValue* strategy = At(*schema("io.k8s.api.apps.v1.DeploymentSpec"),
                                 {"properties", "strategy"});
  EXPECT_EQ(StringIn(*strategy, {"x-kubernetes-patch-strategy"}), "retainKeys");
  EXPECT_EQ(StringIn(*strategy, {"allOf", "0", "$ref"}),
            "#/components/schemas/io.k8s.api.apps.v1.DeploymentStrategy");
  EXPECT_EQ(StringIn(*schema("io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"),
                     {"x-kubernetes-map-type"}),
            "atomic");
}

TEST_F(DocumentTest, KindsAndFieldsAreDescribed) {
  Json doc = Build("apps", Apps());
  const JsonValue* deployment = At(doc, {"components", "schemas", "io.k8s.api.apps.v1.Deployment"});
  ASSERT_NE(deployment, nullptr);
  EXPECT_FALSE(StringIn(*deployment, {"description"}).empty());
  EXPECT_EQ(StringIn(*deployment, {"x-kubernetes-group-version-kind", "0", "group"}), "apps");
  EXPECT_EQ(StringIn(*deployment, {"x-kubernetes-group-version-kind", "0", "kind"}), "Deployment");
  EXPECT_EQ(StringIn(doc, {"components", "schemas", "io.k8s.api.apps.v1.DeploymentList",
                           "x-kubernetes-group-version-kind", "0", "kind"}),
            "DeploymentList");
  // A described reference goes through allOf, as $ref siblings are ignored.
  const JsonValue* spec = At(*deployment, {"properties", "spec"});
  EXPECT_FALSE(StringIn(*spec, {"description"}).empty());
  EXPECT_EQ(StringIn(*spec, {"allOf", "0", "$ref"}),
            "#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec");
  const JsonValue* rolling =
      At(doc, {"components", "schemas", "io.k8s.api.apps.v1.RollingUpdateDeployment"});
  ASSERT_NE(rolling, nullptr);
  EXPECT_FALSE(StringIn(*rolling, {"properties", "maxSurge", "description"}).empty());
  EXPECT_EQ(StringIn(*rolling, {"properties", "maxSurge", "allOf", "0", "$ref"}),
            "#/components/schemas/io.k8s.apimachinery.pkg.util.intstr.IntOrString");
  EXPECT_EQ(StringIn(doc, {"components", "schemas", "io.k8s.apimachinery.pkg.util.intstr.IntOrString",
                           "format"}),
            "int-or-string");
  EXPECT_EQ(StringIn(doc, {"components", "schemas", "io.k8s.apimachinery.pkg.apis.meta.v1.Time",
                           "format"}),
            "date-time");
  // Meta kinds are listed in every group.
  const JsonValue* gvks = At(doc, {"components", "schemas",
                                   "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions",
                                   "x-kubernetes-group-version-kind"});
  ASSERT_NE(gvks, nullptr);
  bool apps = false;
  for (const JsonValue& g : gvks->GetArray()) apps = apps || StringIn(g, {"group"}) == "apps";
  EXPECT_TRUE(apps);
}

// The real handler: every group-version it serves has a document, every
// served kind that can be patched has a PATCH with fieldValidation, and every
// reference resolves.
TEST(OpenApiHandlerTest, EveryServedKindPassesKubectlsValidationGate) {
  testing::TestApi api;
  auto index = api.Get("/openapi/v3").Parsed();
  const JsonValue* paths = At(index, {"paths"});
  ASSERT_NE(paths, nullptr);
  ASSERT_NE(Member(*paths, "api/v1"), nullptr);
  std::set<std::string> patched;
  for (const auto& gv : paths->GetObject()) {
    std::string url(StringIn(gv.value, {"serverRelativeURL"}));
    testing::TestResponse r = api.Get(url);
    ASSERT_EQ(r.code, 200) << url;
    patched.merge(CheckDocument(r.Parsed(), url));
    std::string etag = "\"" + url.substr(url.find("hash=") + 5) + "\"";
    EXPECT_EQ(api.Do(http::Verb::get, url, "", "", {{"If-None-Match", etag}}).code, 304) << url;
  }
  // Every resource discovery says can be patched has its PATCH.
  auto core = api.Get("/api/v1").Parsed();
  for (const JsonValue& r : At(core, {"resources"})->GetArray()) {
    std::string name(StringIn(r, {"name"}));
    bool patchable = false;
    for (const JsonValue& v : At(r, {"verbs"})->GetArray()) patchable |= View(v) == "patch";
    if (!patchable || name.find('/') != std::string::npos) continue;
    EXPECT_TRUE(patched.count("/" + std::string(StringIn(r, {"kind"})))) << name;
  }
  EXPECT_EQ(api.Get("/openapi/v2").code, 404);
}

}  // namespace
}  // namespace ekslite::apiserver::openapi
