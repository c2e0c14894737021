// The built-in resources, registered group by group.
#ifndef EKSLITE_APISERVER_RESOURCES_BUILTIN_H_
#define EKSLITE_APISERVER_RESOURCES_BUILTIN_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "apiserver/resources/resource_table.h"

namespace ekslite::apiserver {

class Authenticator;
class Authorizer;
class ClusterIpAllocator;
class NodePortAllocator;
class RuleResolver;
class ServiceAccountTokens;

struct BuiltinOptions {
  // Allocates Service cluster IPs; must outlive the table.
  ClusterIpAllocator* service_ips = nullptr;
  // Allocates Service node ports (null: random ones); must outlive the table.
  NodePortAllocator* node_ports = nullptr;
  // Authorization for the access and rules reviews (authorization.k8s.io);
  // null: those are not served. Must outlive the table.
  const Authorizer* authorizer = nullptr;
  const RuleResolver* rule_resolver = nullptr;
  // Service-account tokens for serviceaccounts/token and TokenReview; null:
  // not served. Must outlive the table.
  const ServiceAccountTokens* service_account_tokens = nullptr;
  // The other token authenticators TokenReview consults (static tokens).
  std::vector<std::shared_ptr<Authenticator>> token_authenticators;
  // Called after each ClusterRole write served (keeps aggregated roles current).
  std::function<void()> after_cluster_role_write;
  // Called after each CustomResourceDefinition write served, before its
  // response (brings the served custom resources in line at once).
  std::function<void()> after_crd_write;
};

// Adds every built-in resource, in upstream's discovery order.
void RegisterBuiltinResources(ResourceTable& table, const BuiltinOptions& options);

// One per API group (one file each).
void RegisterCoreV1(ResourceTable& table, const BuiltinOptions& options);
void RegisterEventsV1(ResourceTable& table);
void RegisterCoordinationV1(ResourceTable& table);
void RegisterAuthenticationV1(ResourceTable& table, const BuiltinOptions& options);
void RegisterAuthorizationV1(ResourceTable& table, const BuiltinOptions& options);
void RegisterRbacV1(ResourceTable& table, const BuiltinOptions& options);
void RegisterAppsV1(ResourceTable& table);
void RegisterAutoscaling(ResourceTable& table);  // autoscaling/v2 and v1
void RegisterBatchV1(ResourceTable& table);
void RegisterCertificatesV1(ResourceTable& table);
void RegisterNetworkingV1(ResourceTable& table);
void RegisterPolicyV1(ResourceTable& table);
void RegisterStorageV1(ResourceTable& table);
void RegisterAdmissionRegistrationV1(ResourceTable& table);
void RegisterApiextensionsV1(ResourceTable& table, const BuiltinOptions& options);
void RegisterSchedulingV1(ResourceTable& table);
void RegisterNodeV1(ResourceTable& table);
void RegisterDiscoveryV1(ResourceTable& table);
void RegisterFlowcontrolV1(ResourceTable& table);

// serviceaccounts/token (TokenRequest); `tokens` must outlive the handler.
RequestHandler TokenRequestHandler(const ServiceAccountTokens* tokens);
// pods/binding and the bindings collection (core/v1 Binding): assigns a pod
// to a node.
RequestHandler PodBindingHandler();
// pods/eviction (policy/v1 Eviction): deletes a pod when its
// PodDisruptionBudget allows (429 TooManyRequests otherwise).
RequestHandler PodEvictionHandler();
// pods/log: container logs (empty on simulated nodes; see pod_log.cc).
RequestHandler PodLogHandler();

// Helpers for registration files.
ResourceInfo NewResource(std::string group, std::string version, std::string resource,
                         std::string singular, std::string kind, bool namespaced);
SubresourceInfo StatusSubresource(const ResourceInfo& info);
FieldSelectorSpec FieldAt(std::string label);  // the string (or bool/number) at a JSON path

}  // namespace ekslite::apiserver

#endif  // EKSLITE_APISERVER_RESOURCES_BUILTIN_H_
