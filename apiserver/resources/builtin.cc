#include "apiserver/resources/builtin.h"

namespace ekslite::apiserver {

void RegisterBuiltinResources(ResourceTable& table, const BuiltinOptions& options) {
  RegisterCoreV1(table, options);
  RegisterAppsV1(table);
  RegisterEventsV1(table);
  RegisterAuthenticationV1(table, options);
  RegisterAuthorizationV1(table, options);
  RegisterAutoscaling(table);
  RegisterBatchV1(table);
  RegisterCertificatesV1(table);
  RegisterNetworkingV1(table);
  RegisterPolicyV1(table);
  RegisterRbacV1(table, options);
  RegisterStorageV1(table);
  RegisterAdmissionRegistrationV1(table);
  RegisterApiextensionsV1(table, options);
  RegisterSchedulingV1(table);
  RegisterCoordinationV1(table);
  RegisterNodeV1(table);
  RegisterDiscoveryV1(table);
  RegisterFlowcontrolV1(table);
}

ResourceInfo NewResource(std::string group, std::string version, std::string resource,
                         std::string singular, std::string kind, bool namespaced) {
  ResourceInfo info;
  info.group = std::move(group);
  info.version = std::move(version);
  info.resource = std::move(resource);
  info.singular = std::move(singular);
  info.kind = std::move(kind);
  info.namespaced = namespaced;
  info.verbs = StandardVerbs();
  return info;
}

SubresourceInfo StatusSubresource(const ResourceInfo& info) {
  return {"status", info.group, info.version, info.kind, {"get", "patch", "update"}};
}

FieldSelectorSpec FieldAt(std::string label) {
  std::string path = label;
  return {std::move(label), [path](const JsonValue& object) -> std::optional<std::string> {
            const JsonValue* v = Path(object, path);
            if (v == nullptr) return std::nullopt;
            if (v->IsString()) return std::string(View(*v));
            if (v->IsBool()) return std::string(v->GetBool() ? "true" : "false");
            if (v->IsInt64()) return std::to_string(v->GetInt64());
            return std::nullopt;
          }};
}

}  // namespace ekslite::apiserver
