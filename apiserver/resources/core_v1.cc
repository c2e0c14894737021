// core/v1: the resources of the legacy group, with their discovery data,
// field selectors, tables and strategies.
#include "apiserver/resources/builtin.h"
#include "apiserver/resources/strategies.h"
#include "apiserver/table/core_v1_printers.h"

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
  svc.strategy = ServiceStrategy(options.service_ips);
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

void AddSimple(ResourceTable& table) {
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

}  // namespace

void RegisterCoreV1(ResourceTable& table, const BuiltinOptions& options) {
  ResourceInfo bindings = NewResource("", "v1", "bindings", "binding", "Binding", true);
  bindings.verbs = {"create"};
  table.Add(std::move(bindings));
  AddSimple(table);
  AddEvents(table);
  AddNamespaces(table);
  AddNodes(table);
  AddPods(table);
  AddServices(table, options);
}

}  // namespace ekslite::apiserver
