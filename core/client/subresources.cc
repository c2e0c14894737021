#include "core/client/subresources.h"

namespace ekslite::client {
namespace {

Json Object(std::string_view api_version, std::string_view kind, std::string_view ns,
            std::string_view name) {
  Json doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  SetString(doc, "apiVersion", api_version, a);
  SetString(doc, "kind", kind, a);
  JsonValue& meta = EnsureObject(doc, "metadata", a);
  SetString(meta, "name", name, a);
  if (!ns.empty()) SetString(meta, "namespace", ns, a);
  return doc;
}

Scale ScaleFrom(const JsonValue& scale) {
  Scale s;
  s.spec_replicas = IntAt(scale, "spec.replicas").value_or(0);
  s.status_replicas = IntAt(scale, "status.replicas").value_or(0);
  s.selector = std::string(StringAt(scale, "status.selector"));
  s.resource_version = std::string(StringAt(scale, "metadata.resourceVersion"));
  return s;
}

}  // namespace

Status BindPod(const DynamicClient& client, std::string_view ns, std::string_view pod,
               std::string_view node, std::string_view pod_uid) {
  Json binding = Object("v1", "Binding", ns, pod);
  auto& a = binding.GetAllocator();
  if (!pod_uid.empty()) SetString(binding["metadata"], "uid", pod_uid, a);
  JsonValue& target = EnsureObject(binding, "target", a);
  SetString(target, "apiVersion", "v1", a);
  SetString(target, "kind", "Node", a);
  SetString(target, "name", node, a);
  return client.Resource(resources::kPods, std::string(ns))
      .CreateSubresource(pod, "binding", binding)
      .status();
}

Status EvictPod(const DynamicClient& client, std::string_view ns, std::string_view pod,
                const DeleteOptions& options) {
  Json eviction = Object("policy/v1", "Eviction", ns, pod);
  auto& a = eviction.GetAllocator();
  JsonValue& del = EnsureObject(eviction, "deleteOptions", a);
  if (options.grace_period_seconds) {
    SetInt(del, "gracePeriodSeconds", *options.grace_period_seconds, a);
  }
  if (!options.propagation_policy.empty()) {
    SetString(del, "propagationPolicy", options.propagation_policy, a);
  }
  if (!options.precondition_uid.empty()) {
    SetString(EnsureObject(del, "preconditions", a), "uid", options.precondition_uid, a);
  }
  return client.Resource(resources::kPods, std::string(ns))
      .CreateSubresource(pod, "eviction", eviction)
      .status();
}

StatusOr<Scale> GetScale(const DynamicClient& client, const GroupVersionResource& resource,
                         std::string_view ns, std::string_view name) {
  EKS_ASSIGN_OR_RETURN(Json scale,
                       client.Resource(resource, std::string(ns)).GetSubresource(name, "scale"));
  return ScaleFrom(scale);
}

StatusOr<Scale> SetScale(const DynamicClient& client, const GroupVersionResource& resource,
                         std::string_view ns, std::string_view name, int64_t replicas,
                         std::string_view resource_version) {
  Json scale = Object("autoscaling/v1", "Scale", ns, name);
  auto& a = scale.GetAllocator();
  if (!resource_version.empty()) {
    SetString(scale["metadata"], "resourceVersion", resource_version, a);
  }
  SetInt(EnsureObject(scale, "spec", a), "replicas", replicas, a);
  EKS_ASSIGN_OR_RETURN(
      Json stored,
      client.Resource(resource, std::string(ns)).UpdateSubresource(name, "scale", scale));
  return ScaleFrom(stored);
}

}  // namespace ekslite::client
