#include "apiserver/bootstrap.h"

#include "apiserver/authz/bootstrap_policy.h"
#include "core/log.h"

namespace ekslite::apiserver {
namespace {

Status CreateIfMissing(Registry& registry, const ResourceInfo* info, const std::string& ns,
                       const std::string& json) {
  auto doc = ParseJson(json);
  if (!doc.ok()) return doc.status();
  std::string name(StringAt(*doc, "metadata.name"));
  if (registry.Get(*info, ns, name).ok()) return Status::Ok();
  WriteOptions options;
  options.user = "system:apiserver";
  auto created = registry.Create(*info, ns, std::move(*doc), options);
  if (!created.ok() && !created.status().IsAlreadyExists()) return created.status();
  Logger("apiserver")
      ->info("created bootstrap {} {}{}", info->kind, ns.empty() ? "" : ns + "/", name);
  return Status::Ok();
}

// The priority classes every cluster has (their names and values are fixed
// by upstream; pods of the control plane use them).
Status CreateSystemPriorityClasses(const ResourceTable& table, Registry& registry) {
  const ResourceInfo* classes = table.Find("scheduling.k8s.io", "v1", "priorityclasses");
  if (classes == nullptr) return Status::Ok();
  struct SystemClass {
    const char* name;
    int64_t value;
    const char* description;
  };
  for (const SystemClass& c :
       {SystemClass{"system-node-critical", 2000001000,
                    "For pods a node cannot work without; they stay on their node."},
        SystemClass{"system-cluster-critical", 2000000000,
                    "For pods the cluster cannot work without; they may move to another node."}}) {
    std::string json = std::string(R"({"apiVersion":"scheduling.k8s.io/v1","kind":"PriorityClass",)") +
                       R"("metadata":{"name":")" + c.name + R"("},"value":)" +
                       std::to_string(c.value) + R"(,"description":")" + c.description + "\"}";
    EKS_RETURN_IF_ERROR(CreateIfMissing(registry, classes, "", json));
  }
  return Status::Ok();
}

// The components `kubectl get componentstatuses` lists. They run in this
// process, so they are healthy whenever the apiserver answers.
Status CreateComponentStatuses(const ResourceTable& table, Registry& registry) {
  const ResourceInfo* statuses = table.Find("", "v1", "componentstatuses");
  if (statuses == nullptr) return Status::Ok();
  for (const char* name : {"controller-manager", "etcd-0", "scheduler"}) {
    EKS_RETURN_IF_ERROR(CreateIfMissing(
        registry, statuses, "",
        std::string(R"({"apiVersion":"v1","kind":"ComponentStatus","metadata":{"name":")") +
            name + R"("},"conditions":[{"type":"Healthy","status":"True","message":"ok"}]})"));
  }
  return Status::Ok();
}

}  // namespace

Status Bootstrap(const ResourceTable& table, Registry& registry, ClusterIpAllocator& ips) {
  const ResourceInfo* namespaces = table.Find("", "v1", "namespaces");
  for (const char* ns : {"default", "kube-system", "kube-public", "kube-node-lease"}) {
    EKS_RETURN_IF_ERROR(CreateIfMissing(
        registry, namespaces, "",
        std::string(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":")") + ns +
            "\"}}"));
  }
  const ResourceInfo* services = table.Find("", "v1", "services");
  std::string svc =
      R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"kubernetes",)"
      R"("labels":{"component":"apiserver","provider":"kubernetes"}},)"
      R"("spec":{"clusterIP":")" +
      ips.FirstIp() +
      R"(","ports":[{"name":"https","port":443,"protocol":"TCP","targetPort":6443}]}})";
  EKS_RETURN_IF_ERROR(CreateIfMissing(registry, services, "default", svc));
  EKS_RETURN_IF_ERROR(CreateSystemPriorityClasses(table, registry));
  EKS_RETURN_IF_ERROR(CreateComponentStatuses(table, registry));
  return ReconcileBootstrapPolicy(table, registry);
}

}  // namespace ekslite::apiserver
