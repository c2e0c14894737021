// apps/v1: Deployments, ReplicaSets, StatefulSets, DaemonSets and
// ControllerRevisions, with their status and scale subresources.
#include "apiserver/handlers/scale.h"
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/builtin_strategies.h"
#include "apiserver/table/apps_v1_printers.h"

namespace ekslite::apiserver {
namespace {

// A workload in the `all` category with status (and, when `scaled`, scale)
// subresources; its generation tracks its spec.
ResourceInfo Workload(std::string resource, std::string singular, std::string kind,
                      std::string short_name, bool scaled) {
  ResourceInfo info = NewResource("apps", "v1", std::move(resource), std::move(singular),
                                  std::move(kind), true);
  info.short_names = {std::move(short_name)};
  info.categories = {"all"};
  if (scaled) {
    info.subresources = {ScaleSubresource(), StatusSubresource(info)};
    info.subresource_handlers["scale"] =
        ScaleHandler({"spec.replicas", "status.replicas", SelectorFromLabelSelector("spec.selector")});
  } else {
    info.subresources = {StatusSubresource(info)};
  }
  info.has_status = true;
  info.tracks_generation = true;
  return info;
}

}  // namespace

void RegisterAppsV1(ResourceTable& table) {
  ResourceInfo revisions =
      NewResource("apps", "v1", "controllerrevisions", "controllerrevision", "ControllerRevision",
                  true);
  UseControllerRevisionTable(revisions);
  table.Add(std::move(revisions));

  ResourceInfo ds = Workload("daemonsets", "daemonset", "DaemonSet", "ds", false);
  ds.strategy = DaemonSetStrategy();
  UseDaemonSetTable(ds);
  table.Add(std::move(ds));

  ResourceInfo deploy = Workload("deployments", "deployment", "Deployment", "deploy", true);
  deploy.strategy = DeploymentStrategy();
  UseDeploymentTable(deploy);
  table.Add(std::move(deploy));

  ResourceInfo rs = Workload("replicasets", "replicaset", "ReplicaSet", "rs", true);
  rs.strategy = ReplicaSetStrategy();
  UseReplicaSetTable(rs);
  table.Add(std::move(rs));

  ResourceInfo sts = Workload("statefulsets", "statefulset", "StatefulSet", "sts", true);
  sts.strategy = StatefulSetStrategy();
  UseStatefulSetTable(sts);
  table.Add(std::move(sts));
}

}  // namespace ekslite::apiserver
