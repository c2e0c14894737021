#include "apiserver/bootstrap.h"

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
  return CreateIfMissing(registry, services, "default", svc);
}

}  // namespace ekslite::apiserver
