// core/v1: the resources of the legacy group, with their discovery data,
// field selectors, tables and strategies.
#include "apiserver/handlers/scale.h"
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/builtin_strategies.h"
#include "apiserver/resources/strategies.h"
#include "apiserver/table/apps_v1_printers.h"
#include "apiserver/table/cluster_printers.h"
#include "apiserver/table/core_v1_printers.h"
#include "apiserver/table/storage_v1_printers.h"

namespace ekslite::apiserver {
namespace {

void AddNamespaces(ResourceTable& table) {
  ResourceInfo ns = NewResource("", "v1", "namespaces", "namespace", "Namespace", false);
  ns.short_names = {"ns"};
  ns.verbs = {"create", "delete", "get", "list", "patch", "update", "watch"};
  ns.subresources = {{"finalize", "", "v1", "Namespace", {"update"}}, StatusSubresource(ns)};
  ns.has_status = true;
  ns.field_selectors = {FieldAt("status.phase")};
  ns.strategy = NamespaceStrategy();
  UseNamespaceTable(ns);
  table.Add(std::move(ns));
}

void AddPods(ResourceTable& table) {
  ResourceInfo pods = NewResource("", "v1", "pods", "pod", "Pod", true);
  pods.short_names = {"po"};
  pods.categories = {"all"};
  pods.subresources = {
      {"attach", "", "v1", "PodAttachOptions", {"create", "get"}},
      {"binding", "", "v1", "Binding", {"create"}},
      {"ephemeralcontainers", "", "v1", "Pod", {"get", "patch", "update"}},
      {"eviction", "policy", "v1", "Eviction", {"create"}},
      {"exec", "", "v1", "PodExecOptions", {"create", "get"}},
      {"log", "", "v1", "Pod", {"get"}},
      {"portforward", "", "v1", "PodPortForwardOptions", {"create", "get"}},
      {"proxy", "", "v1", "PodProxyOptions", {"create", "delete", "get", "patch", "update"}},
      {"resize", "", "v1", "Pod", {"get", "patch", "update"}},
      StatusSubresource(pods)};
  pods.has_status = true;
  pods.return_deleted_object = true;
  pods.field_selectors = {FieldAt("spec.nodeName"),      FieldAt("spec.restartPolicy"),
                          FieldAt("spec.schedulerName"), FieldAt("spec.serviceAccountName"),
                          FieldAt("spec.hostNetwork"),   FieldAt("status.phase"),
                          FieldAt("status.podIP"),       FieldAt("status.nominatedNodeName")};
  pods.strategy = PodStrategy();
  pods.subresource_handlers["binding"] = PodBindingHandler();
  pods.subresource_handlers["eviction"] = PodEvictionHandler();
  pods.subresource_handlers["log"] = PodLogHandler();
  UsePodTable(pods);
  table.Add(std::move(pods));
}

void AddServices(ResourceTable& table, const BuiltinOptions& options) {
  ResourceInfo svc = NewResource("", "v1", "services", "service", "Service", true);
  svc.short_names = {"svc"};
  svc.categories = {"all"};
  svc.subresources = {
      {"proxy", "", "v1", "ServiceProxyOptions", {"create", "delete", "get", "patch", "update"}},
      StatusSubresource(svc)};
  svc.has_status = true;
  svc.field_selectors = {FieldAt("spec.clusterIP"), FieldAt("spec.type")};
  svc.strategy = ServiceStrategy(options.service_ips, options.node_ports);
  UseServiceTable(svc);
  table.Add(std::move(svc));
}

void AddEvents(ResourceTable& table) {
  ResourceInfo ev = NewResource("", "v1", "events", "event", "Event", true);
  ev.short_names = {"ev"};
  ev.field_selectors = {FieldAt("involvedObject.kind"),
                        FieldAt("involvedObject.namespace"),
                        FieldAt("involvedObject.name"),
                        FieldAt("involvedObject.uid"),
                        FieldAt("involvedObject.apiVersion"),
                        FieldAt("involvedObject.resourceVersion"),
                        FieldAt("involvedObject.fieldPath"),
                        FieldAt("reason"),
                        FieldAt("reportingComponent"),
                        FieldAt("type"),
                        {"source", [](const JsonValue& o) -> std::optional<std::string> {
                           return std::string(StringAt(o, "source.component"));
                         }}};
  UseEventTable(ev);
  table.Add(std::move(ev));
}

void AddSimple(ResourceTable& table, const BuiltinOptions& options) {
  ResourceInfo cm = NewResource("", "v1", "configmaps", "configmap", "ConfigMap", true);
  cm.short_names = {"cm"};
  cm.strategy = ImmutableDataStrategy();
  UseConfigMapTable(cm);
  table.Add(std::move(cm));

  ResourceInfo ep = NewResource("", "v1", "endpoints", "endpoints", "Endpoints", true);
  ep.short_names = {"ep"};
  UseEndpointsTable(ep);
  table.Add(std::move(ep));

  ResourceInfo lr = NewResource("", "v1", "limitranges", "limitrange", "LimitRange", true);
  lr.short_names = {"limits"};
  table.Add(std::move(lr));

  ResourceInfo rq = NewResource("", "v1", "resourcequotas", "resourcequota", "ResourceQuota", true);
  rq.short_names = {"quota"};
  rq.subresources = {StatusSubresource(rq)};
  rq.has_status = true;
  UseResourceQuotaTable(rq);
  table.Add(std::move(rq));

  ResourceInfo secrets = NewResource("", "v1", "secrets", "secret", "Secret", true);
  secrets.field_selectors = {FieldAt("type")};
  secrets.strategy = SecretStrategy();
  UseSecretTable(secrets);
  table.Add(std::move(secrets));

  ResourceInfo sa =
      NewResource("", "v1", "serviceaccounts", "serviceaccount", "ServiceAccount", true);
  sa.short_names = {"sa"};
  sa.return_deleted_object = true;
  sa.subresources = {{"token", "authentication.k8s.io", "v1", "TokenRequest", {"create"}}};
  if (options.service_account_tokens != nullptr) {
    sa.subresource_handlers["token"] = TokenRequestHandler(options.service_account_tokens);
  }
  UseServiceAccountTable(sa);
  table.Add(std::move(sa));
}

void AddNodes(ResourceTable& table) {
  ResourceInfo nodes = NewResource("", "v1", "nodes", "node", "Node", false);
  nodes.short_names = {"no"};
  nodes.subresources = {
      {"proxy", "", "v1", "NodeProxyOptions", {"create", "delete", "get", "patch", "update"}},
      StatusSubresource(nodes)};
  nodes.has_status = true;
  nodes.field_selectors = {
      {"spec.unschedulable", [](const JsonValue& o) -> std::optional<std::string> {
         const JsonValue* v = Path(o, "spec.unschedulable");
         return std::string(v && v->IsBool() && v->GetBool() ? "true" : "false");
       }}};
  UseNodeTable(nodes);
  table.Add(std::move(nodes));
}

void AddVolumes(ResourceTable& table) {
  ResourceInfo pvc = NewResource("", "v1", "persistentvolumeclaims", "persistentvolumeclaim",
                                 "PersistentVolumeClaim", true);
  pvc.short_names = {"pvc"};
  pvc.subresources = {StatusSubresource(pvc)};
  pvc.has_status = true;
  pvc.strategy = PersistentVolumeClaimStrategy();
  UsePersistentVolumeClaimTable(pvc);
  table.Add(std::move(pvc));

  ResourceInfo pv =
      NewResource("", "v1", "persistentvolumes", "persistentvolume", "PersistentVolume", false);
  pv.short_names = {"pv"};
  pv.subresources = {StatusSubresource(pv)};
  pv.has_status = true;
  pv.strategy = PersistentVolumeStrategy();
  UsePersistentVolumeTable(pv);
  table.Add(std::move(pv));
}

void AddReplicationControllers(ResourceTable& table) {
  ResourceInfo templates =
      NewResource("", "v1", "podtemplates", "podtemplate", "PodTemplate", true);
  // Upstream bumps a PodTemplate's generation when its template changes.
  templates.tracks_generation = true;
  templates.strategy = PodTemplateStrategy();
  UsePodTemplateTable(templates);
  table.Add(std::move(templates));

  ResourceInfo rc = NewResource("", "v1", "replicationcontrollers", "replicationcontroller",
                                "ReplicationController", true);
  rc.short_names = {"rc"};
  rc.categories = {"all"};
  rc.subresources = {ScaleSubresource(), StatusSubresource(rc)};
  rc.subresource_handlers["scale"] =
      ScaleHandler({"spec.replicas", "status.replicas", SelectorFromLabelMap("spec.selector")});
  rc.has_status = true;
  rc.tracks_generation = true;
  rc.field_selectors = {{"status.replicas", [](const JsonValue& o) {
                           return std::optional<std::string>(
                               std::to_string(IntAt(o, "status.replicas").value_or(0)));
                         }}};
  rc.strategy = ReplicationControllerStrategy();
  UseReplicationControllerTable(rc);
  table.Add(std::move(rc));
}

// The control plane's components, always healthy while the apiserver
// answers (they run in its process); the objects are written at bootstrap.
void AddComponentStatuses(ResourceTable& table) {
  ResourceInfo cs = NewResource("", "v1", "componentstatuses", "componentstatus",
                                "ComponentStatus", false);
  cs.short_names = {"cs"};
  cs.verbs = {"get", "list"};
  UseComponentStatusTable(cs);
  table.Add(std::move(cs));
}

}  // namespace

void RegisterCoreV1(ResourceTable& table, const BuiltinOptions& options) {
  ResourceInfo bindings = NewResource("", "v1", "bindings", "binding", "Binding", true);
  bindings.verbs = {"create"};
  bindings.create_handler = PodBindingHandler();
  table.Add(std::move(bindings));
  AddComponentStatuses(table);
  AddSimple(table, options);
  AddEvents(table);
  AddNamespaces(table);
  AddNodes(table);
  AddVolumes(table);
  AddPods(table);
  AddReplicationControllers(table);
  AddServices(table, options);
}

}  // namespace ekslite::apiserver
